//! Invitations: an e-mail with a single-use, expiring link; accepting it creates the account.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{TestApp, error_code, error_reason, on_both_databases};
use serde_json::{Value, json};

const INVITE: &str = "mutation($e: String!, $n: String!, $r: Role!, $o: ID) { inviteUser(email: $e, name: $n, role: $r, organisationId: $o) { id email role organisation { name } expiresAt } }";
const ACCEPT: &str = "mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { accessToken mfaEnrollmentRequired } }";

/// The token from the link in an invitation e-mail (quoted-printable may wrap lines).
pub fn token_from_mail(mail: &str) -> String {
    let unfolded = mail
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = unfolded.find("/uitnodiging/").expect("link in mail") + "/uitnodiging/".len();
    unfolded[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn invite(app: &TestApp, token: &str, email: &str, role: &str, org: Option<&str>) -> Value {
    app.gql(
        Some(token),
        INVITE,
        json!({ "e": email, "n": "Nieuwe Collega", "r": role, "o": org }),
    )
    .await
}

on_both_databases! {
    async fn an_invited_case_manager_sets_a_password_and_logs_in(backend) {
        let app = TestApp::start(backend, |c| c.public_url = "https://app.example.nl".into()).await;
        let hr = app.login("hr@korenschoof.example").await;
        let res = invite(&app, &hr, "Nieuw@Korenschoof.example", "CASE_MANAGER", None).await;
        assert_eq!(res["data"]["inviteUser"]["email"], "nieuw@korenschoof.example", "{res}");
        let mails = app.outbox();
        let mail = mails.last().expect("an e-mail in the outbox");
        assert!(mail.contains("To: \"Nieuwe Collega\" <nieuw@korenschoof.example>") || mail.contains("nieuw@korenschoof.example"));
        assert!(mail.contains("Subject: Uitnodiging voor Poortwachter"), "{mail}");
        assert!(mail.contains("https://app.example.nl/uitnodiging/"));
        let token = token_from_mail(mail);

        let weak = app.gql(None, ACCEPT, json!({ "t": token, "p": "kort" })).await;
        assert_eq!(error_reason(&weak).as_deref(), Some("WEAK_PASSWORD"));
        let ok = app.gql(None, ACCEPT, json!({ "t": token, "p": "een lang wachtwoord" })).await;
        let access = ok["data"]["acceptInvitation"]["accessToken"].as_str().expect("logged in").to_string();
        let me = app.gql(Some(&access), "{ me { email roles organisation { name } } }", json!({})).await;
        assert_eq!(me["data"]["me"]["roles"], json!(["CASE_MANAGER"]));
        assert_eq!(me["data"]["me"]["organisation"]["name"], "Bakkerij De Korenschoof B.V.");

        // Single use.
        let again = app.gql(None, ACCEPT, json!({ "t": token, "p": "nog een lang wachtwoord" })).await;
        assert_eq!(error_reason(&again).as_deref(), Some("TOKEN_INVALID"));
        // The address is now taken.
        let dup = invite(&app, &hr, "nieuw@korenschoof.example", "MANAGER", None).await;
        assert_eq!(error_reason(&dup).as_deref(), Some("EMAIL_TAKEN"));
    }
}

on_both_databases! {
    async fn invitations_expire_and_a_new_one_replaces_the_old(backend) {
        let app = TestApp::start(backend, |c| c.invitation_ttl_hours = 24).await;
        let hr = app.login("hr@korenschoof.example").await;
        invite(&app, &hr, "laat@korenschoof.example", "MANAGER", None).await;
        let first = token_from_mail(app.outbox().last().unwrap());
        app.clock.advance(chrono::Duration::hours(25));
        let expired = app.gql(None, ACCEPT, json!({ "t": first, "p": "een lang wachtwoord" })).await;
        assert_eq!(error_reason(&expired).as_deref(), Some("TOKEN_INVALID"));
        let hr = app.login("hr@korenschoof.example").await;
        invite(&app, &hr, "laat@korenschoof.example", "MANAGER", None).await;
        invite(&app, &hr, "laat@korenschoof.example", "MANAGER", None).await;
        let mails = app.outbox();
        let second = token_from_mail(&mails[mails.len() - 2]);
        let third = token_from_mail(&mails[mails.len() - 1]);
        let replaced = app.gql(None, ACCEPT, json!({ "t": second, "p": "een lang wachtwoord" })).await;
        assert_eq!(error_reason(&replaced).as_deref(), Some("TOKEN_INVALID"), "a replaced invitation still works");
        let ok = app.gql(None, ACCEPT, json!({ "t": third, "p": "een lang wachtwoord" })).await;
        assert!(ok.get("errors").is_none(), "{ok}");
        let open = app.gql(Some(&hr), "{ invitations { email } }", json!({})).await;
        assert!(!open.to_string().contains("laat@"), "accepted invitation still listed: {open}");
    }
}

on_both_databases! {
    async fn roles_must_fit_the_organisation_and_the_operator_invites_providers(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let res = invite(&app, &hr, "arts@korenschoof.example", "COMPANY_DOCTOR", None).await;
        assert_eq!(error_reason(&res).as_deref(), Some("ROLE_NOT_ALLOWED"), "an employer cannot employ the company doctor");
        let res = invite(&app, &hr, "baas@korenschoof.example", "PLATFORM_ADMIN", None).await;
        assert_eq!(error_reason(&res).as_deref(), Some("ROLE_NOT_ALLOWED"));

        let admin = app.login("beheer@poortwachter.example").await;
        let created = app
            .gql(Some(&admin), "mutation { createOrganisation(name: \"Arbo West\", kind: OCCUPATIONAL_HEALTH_SERVICE) { id name kind } }", json!({}))
            .await;
        let org = created["data"]["createOrganisation"]["id"].as_str().unwrap().to_string();
        // The operator creates the organisation's first administrator, nothing more.
        let res = invite(&app, &admin, "arts@arbo-west.example", "COMPANY_DOCTOR", Some(&org)).await;
        assert_eq!(error_reason(&res).as_deref(), Some("ORGANISATION_ADMINISTERS_ITSELF"), "{res}");
        let res = invite(&app, &admin, "beheer@arbo-west.example", "HEALTH_SERVICE_ADMIN", Some(&org)).await;
        assert_eq!(res["data"]["inviteUser"]["organisation"]["name"], "Arbo West", "{res}");
        let token = token_from_mail(app.outbox().last().unwrap());
        let ok = app.gql(None, ACCEPT, json!({ "t": token, "p": "een lang wachtwoord" })).await;
        let arbo_admin = ok["data"]["acceptInvitation"]["accessToken"].as_str().unwrap().to_string();
        // Now that it has one, the operator cannot add a second administrator either.
        let res = invite(&app, &admin, "tweede@arbo-west.example", "HEALTH_SERVICE_ADMIN", Some(&org)).await;
        assert_eq!(error_reason(&res).as_deref(), Some("ORGANISATION_ADMINISTERS_ITSELF"), "{res}");
        // The health service's administrator invites its doctor.
        let res = invite(&app, &arbo_admin, "arts@arbo-west.example", "COMPANY_DOCTOR", None).await;
        assert_eq!(res["data"]["inviteUser"]["organisation"]["name"], "Arbo West", "{res}");
        let token = token_from_mail(app.outbox().last().unwrap());
        let ok = app.gql(None, ACCEPT, json!({ "t": token, "p": "een lang wachtwoord" })).await;
        assert_eq!(ok["data"]["acceptInvitation"]["mfaEnrollmentRequired"], true, "a new doctor must set up TOTP");
        // HR of an employer may not create organisations.
        let res = app.gql(Some(&hr), "mutation { createOrganisation(name: \"X\", kind: EMPLOYER) { id } }", json!({})).await;
        assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{res}");
    }
}

on_both_databases! {
    async fn an_employee_invited_with_his_record_is_linked_to_it(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let created = app
            .gql(
                Some(&hr),
                "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id hasLogin } }",
                json!({ "i": { "name": "Sanne Vermeulen", "email": "sanne@korenschoof.example", "invite": true } }),
            )
            .await;
        assert_eq!(created["data"]["createEmployee"]["hasLogin"], false);
        let token = token_from_mail(app.outbox().last().unwrap());
        let ok = app.gql(None, ACCEPT, json!({ "t": token, "p": "een lang wachtwoord" })).await;
        let access = ok["data"]["acceptInvitation"]["accessToken"].as_str().unwrap().to_string();
        let mine = app.gql(Some(&access), "{ employees { nodes { name hasLogin } } }", json!({})).await;
        assert_eq!(mine["data"]["employees"]["nodes"], json!([{ "name": "Sanne Vermeulen", "hasLogin": true }]));
        let no_mail = app
            .gql(Some(&hr), "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }", json!({ "i": { "name": "Zonder Mail", "invite": true } }))
            .await;
        assert_eq!(error_code(&no_mail).as_deref(), Some("VALIDATION"));
    }
}
