//! Who controls an identity (decision 76): the attacks of the identity issue, replayed as the
//! attacker would, and shown to fail. The employer runs the mail domain its invitations go to
//! and resets its employees' second factors; the operator creates organisations. Neither may
//! gain what the accounts they touch may see. In each attack no medical byte reaches the
//! attacker and the attempt is in the administrative trail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use e2e::{ClockExt, PASSWORD, TestApp, error_code, error_reason, on_both_databases};
use platform::clock::Clock;
use serde_json::{Value, json};

const DIAGNOSIS: &str = "ZEBRADIAGNOSE-3141";
const DOC_TITLE: &str = "Brief-van-de-specialist-2718";
const MEDICAL: &str = "query($id: ID!) { case(id: $id) { medicalFile { diagnosis consultations { diagnosis } } documents { title filename classification } } }";
const INVITE: &str = "mutation($e: String!, $n: String!, $r: Role!, $o: ID) { inviteUser(email: $e, name: $n, role: $r, organisationId: $o) { id } }";
const ACCEPT: &str = "mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { accessToken } }";
const ACTIVATE: &str =
    "mutation($c: String!) { activateMedicalAccess(code: $c) { status verifiedBy } }";
const ISSUE: &str =
    "mutation($c: ID!) { issueMedicalActivationCode(caseId: $c) { code expiresAt } }";
const TRAIL: &str = "{ adminTrail(first: 100) { resourceType action outcome detail actorEmail } }";
const ME: &str = "{ me { medicalAccess { status verifiedBy suspendedReason } } }";

/// The token from the link in an invitation e-mail (quoted-printable may wrap lines).
fn token_from_mail(mail: &str) -> String {
    let unfolded = mail.replace("=\r\n", "").replace("=\n", "");
    let start = unfolded.find("/uitnodiging/").unwrap() + "/uitnodiging/".len();
    unfolded[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Enrols an authenticator in `token`'s session and returns a token of a fresh login with it
/// (a session that passed the second factor), as whoever holds the account would.
async fn enrol_and_login(app: &TestApp, token: &str, email: &str, password: &str) -> String {
    let res = app
        .gql(Some(token), "mutation { enrollTotp { secret } }", json!({}))
        .await;
    let secret =
        identity::totp::from_base32(res["data"]["enrollTotp"]["secret"].as_str().unwrap()).unwrap();
    let now = || u64::try_from(app.clock.now_ts()).unwrap();
    let res = app
        .gql(
            Some(token),
            "mutation($c: String!) { confirmTotp(code: $c) }",
            json!({ "c": identity::totp::code_at(&secret, now()) }),
        )
        .await;
    assert_eq!(res["data"]["confirmTotp"], true, "{res}");
    app.clock.advance(Duration::seconds(31));
    let res = app
        .gql(None, "mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, totp: $t) { accessToken } }",
            json!({ "e": email, "p": password, "t": identity::totp::code_at(&secret, now()) }))
        .await;
    res["data"]["login"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{res}"))
        .to_string()
}

/// A case of `name` with the demo doctor assigned (by the health service) and a consultation
/// and a medical document in its file; (case id, doctor token).
async fn case_with_medical_file(app: &TestApp, hr: &str, name: &str) -> (String, String) {
    let case = app
        .report_sick(hr, name, app.clock.today() - Duration::days(20))
        .await;
    app.assign(hr, &case, &["COMPANY_DOCTOR"]).await;
    let doctor = app.login("bedrijfsarts@arbo-oost.example").await;
    let res = app
        .gql(Some(&doctor), "mutation($c: ID!, $i: ConsultationRecordInput!) { recordConsultation(caseId: $c, input: $i) { id } }",
            json!({ "c": case, "i": { "date": app.clock.today().format("%Y-%m-%d").to_string(), "diagnosis": DIAGNOSIS, "notes": "n" } }))
        .await;
    assert!(res.get("errors").is_none(), "{res}");
    let (status, res) = app
        .upload(
            &doctor,
            &case,
            "MEDICAL",
            "specialist.pdf",
            axum::body::Body::from("%PDF-1.4\nbrief\n"),
            &[("x-title", DOC_TITLE)],
        )
        .await;
    assert_eq!(status, http::StatusCode::CREATED, "{res}");
    (case, doctor)
}

/// Nothing of the medical file in `answer`.
fn assert_no_medical(answer: &Value) {
    let text = answer.to_string();
    assert!(!text.contains(DIAGNOSIS), "diagnosis leaked: {text}");
    assert!(
        !text.contains(DOC_TITLE) && !text.contains("specialist.pdf"),
        "medical document leaked: {text}"
    );
}

on_both_databases! {
    async fn hr_claiming_an_employee_without_a_login_reaches_nothing_medical(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let (case, doctor) = case_with_medical_file(&app, &hr, "Anouk de Vries").await;

        // HR invites the employee's address on record (HR runs the mail domain), reads the
        // invitation, accepts it and enrols an authenticator of its own.
        let res = app.gql(Some(&hr), INVITE, json!({ "e": "anouk.de.vries@korenschoof.example", "n": "Anouk de Vries", "r": "EMPLOYEE" })).await;
        assert!(res.get("errors").is_none(), "{res}");
        let token = token_from_mail(app.outbox().last().unwrap());
        let res = app.gql(None, ACCEPT, json!({ "t": token, "p": "overgenomen-door-hr" })).await;
        let claimed = res["data"]["acceptInvitation"]["accessToken"].as_str().unwrap().to_string();
        let claimed = enrol_and_login(&app, &claimed, "anouk.de.vries@korenschoof.example", "overgenomen-door-hr").await;

        // The case is visible (it is his), the medical file and documents are not.
        let res = app.gql(Some(&claimed), MEDICAL, json!({ "id": case })).await;
        assert!(res["data"]["case"].is_object(), "{res}");
        assert!(res["data"]["case"]["medicalFile"].is_null(), "{res}");
        assert_no_medical(&res);
        let me = app.gql(Some(&claimed), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["medicalAccess"]["status"], "NOT_VERIFIED", "{me}");
        let (status, _, body) = app.get(&claimed, &format!("/api/cases/{case}/medical.pdf")).await;
        assert_ne!(status, http::StatusCode::OK, "no medical export for an unverified account");
        assert!(!String::from_utf8_lossy(&body).contains(DIAGNOSIS));
        let (_, _, body) = app.get(&claimed, &format!("/api/cases/{case}/riv.pdf")).await;
        assert!(!String::from_utf8_lossy(&body).contains(DIAGNOSIS));

        // The doctor issues a code for the real employee; HR never sees it, and guessing ends
        // after five tries with every open code void.
        let issued = app.gql(Some(&doctor), ISSUE, json!({ "c": case })).await;
        let code = issued["data"]["issueMedicalActivationCode"]["code"].as_str().unwrap().to_string();
        for guess in ["AAAAA-AAAAA", "BBBBB-BBBBB", "CCCCC-CCCCC", "DDDDD-DDDDD", "EEEEE-EEEEE"] {
            let res = app.gql(Some(&claimed), ACTIVATE, json!({ "c": guess })).await;
            assert_eq!(error_reason(&res).as_deref(), Some("CODE_INVALID"), "{res}");
        }
        let res = app.gql(Some(&claimed), ACTIVATE, json!({ "c": code })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("CODE_INVALID"), "the code is void after five wrong guesses: {res}");
        let res = app.gql(Some(&claimed), MEDICAL, json!({ "id": case })).await;
        assert!(res["data"]["case"]["medicalFile"].is_null());
        assert_no_medical(&res);

        // No e-mail HR could read carries the code or anything medical.
        for mail in app.outbox() {
            assert!(!mail.contains(&code) && !mail.contains(DIAGNOSIS), "{mail}");
        }
        // The claim is in the trail: the invitation, the account, the refused activations.
        let trail = app.gql(Some(&hr), TRAIL, json!({})).await.to_string();
        assert!(trail.contains("invitation sent to anouk.de.vries@korenschoof.example as EMPLOYEE"), "{trail}");
        assert!(trail.contains("account anouk.de.vries@korenschoof.example created as EMPLOYEE"), "{trail}");
        assert!(trail.contains("medical access activation refused"), "{trail}");
        assert_no_medical(&serde_json::from_str(&trail).unwrap());
        // The doctor sees that the account was never verified.
        let status = app.gql(Some(&doctor), "query($c: ID!) { employeeMedicalAccess(caseId: $c) { status } }", json!({ "c": case })).await;
        assert_eq!(status["data"]["employeeMedicalAccess"]["status"], "NOT_VERIFIED", "{status}");
    }
}

on_both_databases! {
    async fn the_employee_activates_with_his_doctors_code_and_hr_resetting_his_factor_suspends_it(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let (case, doctor) = case_with_medical_file(&app, &hr, "Carolien Lammers").await;
        let email = "collega@korenschoof.example";
        let plain = app.login(email).await;

        // A code from the doctor does nothing without the employee's own second factor.
        let code = app.gql(Some(&doctor), ISSUE, json!({ "c": case })).await["data"]["issueMedicalActivationCode"]["code"].as_str().unwrap().to_string();
        let res = app.gql(Some(&plain), ACTIVATE, json!({ "c": code })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("MFA_REQUIRED"), "{res}");
        // HR and the other employee cannot use it.
        let res = app.gql(Some(&hr), ACTIVATE, json!({ "c": code })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let employee = enrol_and_login(&app, &plain, email, PASSWORD).await;
        let res = app.gql(Some(&employee), MEDICAL, json!({ "id": case })).await;
        assert!(res["data"]["case"]["medicalFile"].is_null(), "not before the code: {res}");
        // Typed as read out: lower case, a space instead of the dash.
        let res = app.gql(Some(&employee), ACTIVATE, json!({ "c": code.to_lowercase().replace('-', " ") })).await;
        assert_eq!(res["data"]["activateMedicalAccess"]["status"], "ACTIVE", "{res}");
        assert_eq!(res["data"]["activateMedicalAccess"]["verifiedBy"], "Dr. Bart Arends");
        let res = app.gql(Some(&employee), MEDICAL, json!({ "id": case })).await;
        assert_eq!(res["data"]["case"]["medicalFile"]["diagnosis"], DIAGNOSIS, "{res}");
        assert!(res.to_string().contains(DOC_TITLE), "his medical documents: {res}");
        // A code works once.
        let res = app.gql(Some(&employee), ACTIVATE, json!({ "c": code })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("CODE_INVALID"));

        // The doctor records which safety net applies; the verified employee reads it.
        let doctor_token = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app.gql(Some(&doctor_token), "mutation($c: ID!) { setSafetyNet(caseId: $c, kind: NO_RISK_POLICY) { safetyNetKind } }", json!({ "c": case })).await;
        assert_eq!(res["data"]["setSafetyNet"]["safetyNetKind"], "NO_RISK_POLICY", "{res}");
        let kind = "query($id: ID!) { case(id: $id) { safetyNetKind } }";
        let res = app.gql(Some(&employee), kind, json!({ "id": case })).await;
        assert_eq!(res["data"]["case"]["safetyNetKind"], "NO_RISK_POLICY", "{res}");

        // HR resets his second factor (a lost phone, or an attempt to take over the account):
        // the medical access is suspended, and whoever enrols the next factor sees nothing.
        let users = app.gql(Some(&hr), "{ users { id email } }", json!({})).await;
        let user = users["data"]["users"].as_array().unwrap().iter().find(|u| u["email"] == email).unwrap()["id"].clone();
        let res = app.gql(Some(&hr), "mutation($u: ID!) { resetTotp(userId: $u) { totpEnabled } }", json!({ "u": user })).await;
        assert_eq!(res["data"]["resetTotp"]["totpEnabled"], false, "{res}");
        let again = app.login(email).await;
        let taken = enrol_and_login(&app, &again, email, PASSWORD).await;
        let res = app.gql(Some(&taken), MEDICAL, json!({ "id": case })).await;
        assert!(res["data"]["case"]["medicalFile"].is_null(), "{res}");
        assert_no_medical(&res);
        // Nor the safety net's kind, which names a cause: not read, not rewritten.
        let res = app.gql(Some(&taken), kind, json!({ "id": case })).await;
        assert!(res["data"]["case"]["safetyNetKind"].is_null(), "{res}");
        let res = app.gql(Some(&taken), "mutation($c: ID!) { setSafetyNet(caseId: $c, kind: UNDISCLOSED) { id } }", json!({ "c": case })).await;
        assert!(res.get("errors").is_some(), "{res}");
        // His portal says why; his account's events show who did it.
        let me = app.gql(Some(&taken), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["medicalAccess"]["status"], "SUSPENDED", "{me}");
        assert_eq!(me["data"]["me"]["medicalAccess"]["suspendedReason"], "second factor reset by an administrator");
        let events = app.gql(Some(&taken), "{ myAccountEvents { resourceType detail actorEmail } }", json!({})).await;
        let reset = events["data"]["myAccountEvents"].as_array().unwrap().iter().find(|e| e["resourceType"] == "second_factor").cloned();
        assert_eq!(reset.as_ref().map(|e| e["actorEmail"].clone()), Some(json!("hr@korenschoof.example")), "{events}");
        assert!(events.to_string().contains("medical access verified"), "{events}");
        assert_no_medical(&events);
        // The doctor sees the suspension and verifies again; then the file opens.
        let status = app.gql(Some(&doctor), "query($c: ID!) { employeeMedicalAccess(caseId: $c) { status } }", json!({ "c": case })).await;
        assert_eq!(status["data"]["employeeMedicalAccess"]["status"], "SUSPENDED", "{status}");
        let code = app.gql(Some(&doctor), ISSUE, json!({ "c": case })).await["data"]["issueMedicalActivationCode"]["code"].as_str().unwrap().to_string();
        let res = app.gql(Some(&taken), ACTIVATE, json!({ "c": code })).await;
        assert_eq!(res["data"]["activateMedicalAccess"]["status"], "ACTIVE", "{res}");
        let res = app.gql(Some(&taken), MEDICAL, json!({ "id": case })).await;
        assert_eq!(res["data"]["case"]["medicalFile"]["diagnosis"], DIAGNOSIS);

        // All of it is in the employer's trail, none of it medical.
        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        let text = trail.to_string();
        assert!(text.contains("medical activation code issued"), "{text}");
        assert!(text.contains("medical access suspended until the health service verifies again"), "{text}");
        assert!(text.contains("medical access verified"), "{text}");
        assert!(!text.contains(&code));
        assert_no_medical(&trail);
        // A case manager is no administrator: no trail.
        let cm = app.login("casemanager@korenschoof.example").await;
        let res = app.gql(Some(&cm), TRAIL, json!({})).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        assert!(app.state.log.verify().await.unwrap().first_break.is_none());
    }
}

on_both_databases! {
    async fn the_operator_creates_no_doctor_or_hr_account_and_hr_assigns_no_doctor(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let (case, _) = case_with_medical_file(&app, &hr, "Bram Jansen").await;
        let operator = app.login("beheer@poortwachter.example").await;
        let orgs = app.gql(Some(&operator), "{ organisations { id name } }", json!({})).await;
        let org = |name: &str| orgs["data"]["organisations"].as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"].clone();
        let (arbo, korenschoof) = (org("Arbo Oost"), org("Bakkerij De Korenschoof B.V."));
        let before = app.outbox().len();

        // The operator invites a doctor into the health service and an HR administrator into
        // the employer: both organisations administer their own people.
        let res = app.gql(Some(&operator), INVITE, json!({ "e": "nep-arts@arbo-oost.example", "n": "Nep Arts", "r": "COMPANY_DOCTOR", "o": arbo })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("ORGANISATION_ADMINISTERS_ITSELF"), "{res}");
        let res = app.gql(Some(&operator), INVITE, json!({ "e": "nep-hr@korenschoof.example", "n": "Nep HR", "r": "HR_ADMIN", "o": korenschoof })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("ORGANISATION_ADMINISTERS_ITSELF"), "{res}");
        let mails = app.outbox();
        assert_eq!(mails.len(), before + 2, "one notice to each organisation's administrator, no invitation");
        assert!(mails.iter().any(|m| m.contains("beheer@arbo-oost.example") && m.contains("nep-arts@arbo-oost.example")));
        assert!(mails.iter().any(|m| m.contains("hr@korenschoof.example") && m.contains("nep-hr@korenschoof.example")));
        // The attempts are in the organisations' trails.
        let arbo_admin = app.login("beheer@arbo-oost.example").await;
        let trail = app.gql(Some(&arbo_admin), TRAIL, json!({})).await;
        let refused = trail["data"]["adminTrail"].as_array().unwrap().iter()
            .find(|e| e["resourceType"] == "invitation" && e["outcome"] == "DENIED").cloned();
        assert_eq!(refused.map(|e| e["actorEmail"].clone()), Some(json!("beheer@poortwachter.example")), "{trail}");
        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        assert!(trail.to_string().contains("the organisation administers its own people"), "{trail}");

        // Neither can the employer put a doctor of its choosing on the case: it asks, and the
        // doctor reads nothing until the health service assigns him.
        let res = app.gql(Some(&hr), "query($c: ID!) { assignableUsers(caseId: $c) { id role } }", json!({ "c": case })).await;
        let doctor = res["data"]["assignableUsers"].as_array().unwrap().iter().find(|u| u["role"] == "COMPANY_DOCTOR").unwrap()["id"].clone();
        let other = app.report_sick(&hr, "Carla Bakker", app.clock.today()).await;
        let res = app.gql(Some(&hr), "mutation($c: ID!, $u: ID!) { assignToCase(caseId: $c, userId: $u) { status } }", json!({ "c": other, "u": doctor })).await;
        assert_eq!(res["data"]["assignToCase"]["status"], "REQUESTED", "{res}");
        let doc = app.login("bedrijfsarts@arbo-oost.example").await;
        let res = app.gql(Some(&doc), "query($id: ID!) { case(id: $id) { id } }", json!({ "id": other })).await;
        assert!(res["data"]["case"].is_null(), "{res}");
        // The health service's administrator reads no medical data, and no case content.
        let res = app.gql(Some(&arbo_admin), MEDICAL, json!({ "id": case })).await;
        assert!(res["data"]["case"].is_null(), "{res}");
        assert_no_medical(&res);
    }
}

on_both_databases! {
    async fn invitations_reveal_nothing_about_other_organisations(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@vandijk.example").await;
        // An address with an account at another employer answers like any new address.
        let taken = app.gql(Some(&hr), INVITE, json!({ "e": "hr@korenschoof.example", "n": "X", "r": "CASE_MANAGER" })).await;
        let fresh = app.gql(Some(&hr), INVITE, json!({ "e": "nieuw@vandijk.example", "n": "Y", "r": "CASE_MANAGER" })).await;
        assert!(taken.get("errors").is_none(), "{taken}");
        assert!(fresh.get("errors").is_none(), "{fresh}");
        // Its owner cannot be made a second account with it.
        let mail = app.outbox().into_iter().find(|m| m.contains("hr@korenschoof.example")).unwrap();
        let res = app.gql(None, ACCEPT, json!({ "t": token_from_mail(&mail), "p": "een lang wachtwoord" })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("EMAIL_TAKEN"), "{res}");
        // Inside one's own organisation the answer may say so.
        let own = app.gql(Some(&hr), INVITE, json!({ "e": "hr@vandijk.example", "n": "Z", "r": "CASE_MANAGER" })).await;
        assert_eq!(error_reason(&own).as_deref(), Some("EMAIL_TAKEN"), "{own}");
    }
}

on_both_databases! {
    async fn passkey_ceremonies_need_the_second_factor_and_are_used_once(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        const START: &str = "mutation { startPasskeyRegistration { id options } }";
        const FINISH: &str = "mutation($i: String!, $c: String!) { finishPasskeyRegistration(challengeId: $i, credential: $c, name: \"Telefoon\") { id } }";
        const LOGIN_PASSKEY: &str = "mutation($i: String!, $c: String!) { loginWithPasskey(challengeId: $i, credential: $c) { accessToken } }";
        // The password alone does not add a factor beside the doctor's authenticator app.
        let res = app
            .gql(None, "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken mfaRequired passkeyChallenge { id } } }",
                json!({ "e": "bedrijfsarts@arbo-oost.example", "p": PASSWORD }))
            .await;
        assert_eq!(res["data"]["login"]["mfaRequired"], true, "{res}");
        assert!(res["data"]["login"]["passkeyChallenge"].is_null(), "no passkeys yet: {res}");
        let hr = app.login("hr@korenschoof.example").await;
        // Someone without a second factor may add a passkey as his first.
        let res = app.gql(Some(&hr), START, json!({})).await;
        let challenge = res["data"]["startPasskeyRegistration"].clone();
        let options: Value = serde_json::from_str(challenge["options"].as_str().unwrap()).unwrap();
        assert_eq!(options["publicKey"]["rp"]["id"], "localhost", "{options}");
        assert_eq!(options["publicKey"]["user"]["name"], "hr@korenschoof.example");
        assert_eq!(options["publicKey"]["authenticatorSelection"]["userVerification"], "required", "{options}");
        // A forged answer is refused, and the ceremony cannot be tried again.
        let forged = json!({ "id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" } }).to_string();
        let res = app.gql(Some(&hr), FINISH, json!({ "i": challenge["id"], "c": forged })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("PASSKEY_INVALID"), "{res}");
        let res = app.gql(Some(&hr), FINISH, json!({ "i": challenge["id"], "c": "{}" })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("PASSKEY_INVALID"), "{res}");
        // Another user cannot finish someone else's ceremony.
        let res = app.gql(Some(&hr), START, json!({})).await;
        let id = res["data"]["startPasskeyRegistration"]["id"].clone();
        let cm = app.login("casemanager@korenschoof.example").await;
        let res = app.gql(Some(&cm), FINISH, json!({ "i": id, "c": forged })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("PASSKEY_INVALID"), "{res}");
        // A made-up login challenge is refused like a wrong code, and logged.
        let res = app.gql(None, LOGIN_PASSKEY, json!({ "i": "verzonnen", "c": forged })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("MFA_INVALID"), "{res}");
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let refused = platform::entities::access_log::Entity::find()
            .filter(platform::entities::access_log::Column::Detail.eq("login refused: passkey refused"))
            .all(&app.state.db)
            .await
            .unwrap();
        assert_eq!(refused.len(), 1);
        // A user with an authenticator app must use it before adding a passkey.
        let res = app
            .gql(None, "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
                json!({ "e": "werknemer@korenschoof.example", "p": PASSWORD }))
            .await;
        assert!(res["data"]["login"]["accessToken"].is_null(), "{res}");
        let willem = app.login("werknemer@korenschoof.example").await;
        let res = app.gql(Some(&willem), START, json!({})).await;
        assert!(res["data"]["startPasskeyRegistration"]["id"].is_string(), "with his code he may: {res}");
        let res = app.gql(Some(&willem), "{ passkeys { id name } }", json!({})).await;
        assert_eq!(res["data"]["passkeys"], json!([]), "{res}");
    }
}

on_both_databases! {
    async fn hr_signing_in_as_employees_through_its_own_provider_reaches_nothing_medical(backend) {
        // The employer runs the identity provider: whatever it asserts, it asserts for HR. With
        // single sign-on it can sign in as any of its people. It gains their login, never their
        // medical file: that needs the person's own second factor and the health service's
        // verification, which the provider does not touch (decision 86).
        let Some(issuer) = e2e::oidc::issuer() else { return };
        use e2e::oidc::{self, Browser};
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let (carolien_case, _) = case_with_medical_file(&app, &hr, "Carolien Lammers").await;
        let (willem_case, _) = case_with_medical_file(&app, &hr, "Willem Nijhuis").await;
        let res = oidc::configure(&app, &hr, &issuer, &["korenschoof.example"], true).await;
        assert!(res.get("errors").is_none(), "{res}");

        // Carolien has no second factor and no verification: HR's provider signs in as her.
        let carolien = "collega@korenschoof.example";
        let ticket = Browser::new().sign_in(&app, carolien, carolien).await.ticket();
        let res = oidc::complete(&app, &ticket, None).await;
        let claimed = res["data"]["completeSsoLogin"]["accessToken"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let res = app.gql(Some(&claimed), MEDICAL, json!({ "id": carolien_case })).await;
        assert!(res["data"]["case"].is_object(), "her case, without its medical file: {res}");
        assert!(res["data"]["case"]["medicalFile"].is_null(), "{res}");
        assert_no_medical(&res);
        let me = app.gql(Some(&claimed), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["medicalAccess"]["status"], "NOT_VERIFIED", "{me}");
        let (status, _, body) = app.get(&claimed, &format!("/api/cases/{carolien_case}/medical.pdf")).await;
        assert_ne!(status, http::StatusCode::OK);
        assert!(!String::from_utf8_lossy(&body).contains(DIAGNOSIS));
        // HR enrols an authenticator of its own in her account and signs in through its
        // provider with it: a second-factor session, still no verification, still nothing.
        let enrolled = app.gql(Some(&claimed), "mutation { enrollTotp { secret } }", json!({})).await;
        let secret = identity::totp::from_base32(enrolled["data"]["enrollTotp"]["secret"].as_str().unwrap()).unwrap();
        let now = || u64::try_from(app.clock.now_ts()).unwrap();
        let res = app.gql(Some(&claimed), "mutation($c: String!) { confirmTotp(code: $c) }", json!({ "c": identity::totp::code_at(&secret, now()) })).await;
        assert_eq!(res["data"]["confirmTotp"], true, "{res}");
        app.clock.advance(Duration::seconds(31));
        let ticket = Browser::new().sign_in(&app, carolien, carolien).await.ticket();
        let res = oidc::complete(&app, &ticket, None).await;
        assert_eq!(res["data"]["completeSsoLogin"]["mfaRequired"], true, "the provider stands in for the password only: {res}");
        assert!(res["data"]["completeSsoLogin"]["accessToken"].is_null());
        let res = oidc::complete(&app, &ticket, Some(&identity::totp::code_at(&secret, now()))).await;
        let with_factor = res["data"]["completeSsoLogin"]["accessToken"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let res = app.gql(Some(&with_factor), MEDICAL, json!({ "id": carolien_case })).await;
        assert!(res["data"]["case"]["medicalFile"].is_null(), "{res}");
        assert_no_medical(&res);

        // Willem's account is verified and has his own authenticator. HR's provider gets as far
        // as the second factor, which HR does not have.
        let willem = "werknemer@korenschoof.example";
        let ticket = Browser::new().sign_in(&app, willem, willem).await.ticket();
        let res = oidc::complete(&app, &ticket, None).await;
        assert_eq!(res["data"]["completeSsoLogin"]["mfaRequired"], true, "{res}");
        assert!(res["data"]["completeSsoLogin"]["accessToken"].is_null(), "{res}");
        let res = oidc::complete(&app, &ticket, Some("000000")).await;
        assert_eq!(error_reason(&res).as_deref(), Some("MFA_INVALID"), "{res}");
        // Willem himself, with his own code, reads his file after signing in through it.
        let code = app.fresh_code(willem, demo::EMPLOYEE_TOTP).await;
        let ticket = Browser::new().sign_in(&app, willem, willem).await.ticket();
        let res = oidc::complete(&app, &ticket, Some(&code)).await;
        let his = res["data"]["completeSsoLogin"]["accessToken"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let res = app.gql(Some(&his), MEDICAL, json!({ "id": willem_case })).await;
        assert_eq!(res["data"]["case"]["medicalFile"]["diagnosis"], DIAGNOSIS, "{res}");
        // HR resets his second factor and signs in through its provider: the verification is
        // suspended by the reset, and the file stays closed.
        let users = app.gql(Some(&hr), "{ users { id email } }", json!({})).await;
        let user = users["data"]["users"].as_array().unwrap().iter().find(|u| u["email"] == willem).unwrap()["id"].clone();
        let res = app.gql(Some(&hr), "mutation($u: ID!) { resetTotp(userId: $u) { totpEnabled } }", json!({ "u": user })).await;
        assert_eq!(res["data"]["resetTotp"]["totpEnabled"], false, "{res}");
        let ticket = Browser::new().sign_in(&app, willem, willem).await.ticket();
        let res = oidc::complete(&app, &ticket, None).await;
        let taken = res["data"]["completeSsoLogin"]["accessToken"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let res = app.gql(Some(&taken), MEDICAL, json!({ "id": willem_case })).await;
        assert!(res["data"]["case"]["medicalFile"].is_null(), "{res}");
        assert_no_medical(&res);
        let me = app.gql(Some(&taken), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["medicalAccess"]["status"], "SUSPENDED", "{me}");

        // Every sign-in through the provider is in the log, and the account links in the trail.
        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        assert!(trail.to_string().contains("account linked to the organisation's identity provider"), "{trail}");
        assert_no_medical(&trail);
    }
}
