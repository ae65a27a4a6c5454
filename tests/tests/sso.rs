//! Single sign-on through the organisation's own OpenID provider (decision 86), against the
//! real provider `make test` starts (tests/oidc): the walk a browser makes, what a relying
//! party must refuse (a tampered ID token, another audience, a wrong nonce, a replayed code,
//! the answer in another browser), a provider that is down, "SSO only", and who may configure
//! it. What SSO does to medical access is in identity_control.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::oidc::{self, Browser, Landing, PROVIDER_PASSWORD};
use e2e::{PASSWORD, TestApp, error_code, error_reason, on_both_databases};
use serde_json::json;

const OPTIONS: &str = "query($e: String!) { signInOptions(email: $e) { sso ssoOnly startUrl } }";
const LOGIN: &str =
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }";
const ME: &str = "{ me { name email } }";
const SANNE: &str = "gezond@korenschoof.example";

/// The `state` parameter of an authorization URL.
fn state_of(url: &str) -> String {
    url.split(['?', '&'])
        .find_map(|p| p.strip_prefix("state="))
        .unwrap()
        .to_string()
}

on_both_databases! {
    async fn an_employee_signs_in_through_his_organisations_provider(backend) {
        let Some(issuer) = oidc::issuer() else { return };
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let res = oidc::configure(&app, &hr, &issuer, &["@Korenschoof.example"], false).await;
        let set = &res["data"]["configureSingleSignOn"];
        assert_eq!(set["domains"], json!(["korenschoof.example"]), "{res}");
        assert_eq!(set["hasClientSecret"], true);
        assert_eq!(set["redirectUri"], "http://127.0.0.1:8080/api/sso/callback");

        // The login page asks by domain: the answer is the same with or without an account.
        let res = app.gql(None, OPTIONS, json!({ "e": SANNE })).await;
        assert_eq!(res["data"]["signInOptions"], json!({ "sso": true, "ssoOnly": false, "startUrl": "/api/sso/start?email=gezond%40korenschoof.example" }));
        let res = app.gql(None, OPTIONS, json!({ "e": "niemand@korenschoof.example" })).await;
        assert_eq!(res["data"]["signInOptions"]["sso"], true);
        let res = app.gql(None, OPTIONS, json!({ "e": "hr@vandijk.example" })).await;
        assert_eq!(res["data"]["signInOptions"], json!({ "sso": false, "ssoOnly": false, "startUrl": null }));

        // Sanne signs in at the provider: code flow with PKCE, state and nonce.
        let mut browser = Browser::new();
        let authorize = browser.start(&app, SANNE).await;
        assert!(authorize.starts_with(&format!("{issuer}/auth?")), "{authorize}");
        for part in ["response_type=code", "client_id=poortwachter", "code_challenge_method=S256", "nonce=", "state=", "login_hint=gezond%40korenschoof.example", "scope=openid"] {
            assert!(authorize.contains(part), "{part} missing in {authorize}");
        }
        let back = browser.at_provider(&authorize, SANNE, PROVIDER_PASSWORD).await;
        let ticket = browser.callback(&app, &back).await.ticket();
        let res = oidc::complete(&app, &ticket, None).await;
        let token = res["data"]["completeSsoLogin"]["accessToken"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let me = app.gql(Some(&token), ME, json!({})).await;
        assert_eq!(me["data"]["me"], json!({ "name": "Sanne Verbeek", "email": SANNE }));

        // The provider's answer a second time, and the ticket a second time, are refused.
        assert_eq!(browser.callback(&app, &back).await, Landing::Refused("expired".into()));
        let res = oidc::complete(&app, &ticket, None).await;
        assert_eq!(error_reason(&res).as_deref(), Some("TOKEN_INVALID"), "{res}");

        // The trail says the account was linked to the provider; the log says how she came in.
        let trail = app.gql(Some(&hr), "{ adminTrail(first: 50) { detail } }", json!({})).await;
        assert!(trail.to_string().contains("account linked to the organisation's identity provider"), "{trail}");
        let log = app.dump().await;
        assert!(log.contains("login through single sign-on"));
        assert!(!log.contains(oidc::CLIENT_SECRET), "the client secret is stored sealed");

        // An address of the domain without an account, and a person at the provider with an
        // address outside the organisation's domains, get no session.
        let landing = Browser::new().sign_in(&app, "niemand@korenschoof.example", "niemand@korenschoof.example").await;
        assert_eq!(landing, Landing::Refused("no_account".into()));
        let landing = Browser::new().sign_in(&app, SANNE, "hr@vandijk.example").await;
        assert_eq!(landing, Landing::Refused("no_account".into()));

        // Not "SSO only": the password still works.
        let res = app.gql(None, LOGIN, json!({ "e": SANNE, "p": PASSWORD })).await;
        assert!(res["data"]["login"]["accessToken"].is_string(), "{res}");
    }
}

on_both_databases! {
    async fn tokens_a_relying_party_must_refuse_are_refused(backend) {
        let Some(issuer) = oidc::issuer() else { return };
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        oidc::configure(&app, &hr, &issuer, &["korenschoof.example"], false).await;
        let sessions = app.count_rows("sessions").await;

        // The provider misbehaves on purpose: a tampered signature, a validly signed token for
        // another client, another nonce, another issuer, an expired token, `alg: none`, an
        // HMAC keyed with the client secret, and an address it did not verify.
        for mode in ["sig", "aud", "nonce", "iss", "expired", "alg-none", "hs256", "unverified"] {
            let landing = Browser::new().sign_in(&app, SANNE, &format!("{mode}:{SANNE}")).await;
            assert_eq!(landing, Landing::Refused("refused".into()), "mode {mode}");
        }
        assert_eq!(app.count_rows("sessions").await, sessions, "no session from a refused token");
        // Each for the check that failed, not by accident.
        let log = app.dump().await;
        for why in ["signature: Crypto error: bad signature", "Invalid audiences: must contain `poortwachter`", "Invalid nonce", "Invalid issuer", "Expired: ID token expired", "signature: No signature found", "algorithm `HS256` is not one of: RS256", "the provider did not verify the address"] {
            assert!(log.contains(why), "no refusal because of {why}");
        }

        // A code from another sign-in (its own PKCE challenge) under this sign-in's state.
        let mut a = Browser::new();
        let authorize_a = a.start(&app, SANNE).await;
        let back_a = a.at_provider(&authorize_a, SANNE, PROVIDER_PASSWORD).await;
        let mut b = Browser::new();
        let authorize_b = b.start(&app, SANNE).await;
        let swapped = back_a.replace(&state_of(&authorize_a), &state_of(&authorize_b));
        assert_eq!(b.callback(&app, &swapped).await, Landing::Refused("refused".into()));
        // The provider's answer delivered to another browser than the one that started: refused,
        // and the sign-in is spent, so the right browser cannot use it afterwards either.
        assert_eq!(Browser::new().callback(&app, &back_a).await, Landing::Refused("refused".into()));
        assert_eq!(a.callback(&app, &back_a).await, Landing::Refused("expired".into()));
        // An unknown state.
        let forged = back_a.replace(&state_of(&authorize_a), "vervalst");
        assert_eq!(a.callback(&app, &forged).await, Landing::Refused("refused".into()));
        assert_eq!(app.count_rows("sessions").await, sessions);

        // Every refusal is in the access log, with the check that failed.
        let log = app.dump().await;
        assert!(log.contains("single sign-on: the ID token failed a check"), "token refusals logged");
        assert!(log.contains("single sign-on: the provider refused the code"), "code refusal logged");
        assert!(log.contains("the answer came to another browser"), "browser mismatch logged");
    }
}

on_both_databases! {
    async fn a_provider_that_is_down_is_said_and_passwords_still_work(backend) {
        if oidc::issuer().is_none() { return; }
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        // Nothing listens on the discard port of loopback.
        let down = "http://127.0.0.1:9";
        let res = oidc::configure(&app, &hr, down, &["korenschoof.example"], false).await;
        assert!(res.get("errors").is_none(), "{res}");
        let res = app.gql(Some(&hr), "mutation { testSingleSignOn { ok message } }", json!({})).await;
        assert_eq!(res["data"]["testSingleSignOn"]["ok"], false, "{res}");
        let landing = Browser::new().sign_in(&app, SANNE, SANNE).await;
        assert_eq!(landing, Landing::Refused("unavailable".into()));
        let res = app.gql(None, LOGIN, json!({ "e": SANNE, "p": PASSWORD })).await;
        assert!(res["data"]["login"]["accessToken"].is_string(), "not SSO only: {res}");

        // SSO only: the password is refused for the employee, with the reason, but not for the
        // organisation's administrator, so a provider that is down does not lock it out.
        let res = oidc::configure(&app, &hr, down, &["korenschoof.example"], true).await;
        assert_eq!(res["data"]["configureSingleSignOn"]["ssoOnly"], true, "{res}");
        let res = app.gql(None, OPTIONS, json!({ "e": SANNE })).await;
        assert_eq!(res["data"]["signInOptions"]["ssoOnly"], true);
        let res = app.gql(None, LOGIN, json!({ "e": SANNE, "p": PASSWORD })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("SSO_REQUIRED"), "{res}");
        let res = app.gql(None, LOGIN, json!({ "e": SANNE, "p": "fout-wachtwoord" })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("INVALID_CREDENTIALS"), "a wrong password learns nothing: {res}");
        let res = app.gql(None, LOGIN, json!({ "e": "hr@korenschoof.example", "p": PASSWORD })).await;
        assert!(res["data"]["login"]["accessToken"].is_string(), "{res}");
        // Another organisation is not touched.
        let res = app.gql(None, LOGIN, json!({ "e": "hr@vandijk.example", "p": PASSWORD })).await;
        assert!(res["data"]["login"]["accessToken"].is_string(), "{res}");
        // Switched off, everyone uses the password again.
        let res = app.gql(Some(&hr), "mutation { removeSingleSignOn }", json!({})).await;
        assert_eq!(res["data"]["removeSingleSignOn"], true, "{res}");
        let res = app.gql(None, LOGIN, json!({ "e": SANNE, "p": PASSWORD })).await;
        assert!(res["data"]["login"]["accessToken"].is_string(), "{res}");
    }
}

on_both_databases! {
    async fn only_the_organisations_administrator_configures_its_sign_in(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let issuer = "https://login.example.com/korenschoof";
        let configure = |domains: serde_json::Value, issuer: &'static str, secret: Option<&'static str>| json!({ "i": { "issuer": issuer, "clientId": "poortwachter", "clientSecret": secret, "domains": domains } });
        const SET: &str = "mutation($i: SingleSignOnInput!) { configureSingleSignOn(input: $i) { domains } }";
        // Staff who are not the administrator, the operator, and another employer's HR cannot
        // point Korenschoof's people at a provider (there is no organisation argument: each
        // administrator sets his own organisation's only).
        for who in ["casemanager@korenschoof.example", "werknemer@korenschoof.example", "leidinggevende@korenschoof.example", "bedrijfsarts@arbo-oost.example"] {
            let token = app.login(who).await;
            let res = app.gql(Some(&token), SET, configure(json!(["korenschoof.example"]), issuer, Some("s"))).await;
            assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{who}: {res}");
        }
        // The operator administers the platform's own organisation, and may give it a provider,
        // but not with an employer's domain.
        let operator = app.login("beheer@poortwachter.example").await;
        let res = app.gql(Some(&operator), SET, configure(json!(["korenschoof.example"]), issuer, Some("s"))).await;
        assert_eq!(error_code(&res).as_deref(), Some("CONFLICT"), "{res}");
        let res = app.gql(None, OPTIONS, json!({ "e": SANNE })).await;
        assert_eq!(res["data"]["signInOptions"]["sso"], false, "Korenschoof's people still sign in with their password: {res}");
        let vandijk = app.login("hr@vandijk.example").await;
        let res = app.gql(Some(&vandijk), SET, configure(json!(["korenschoof.example"]), issuer, Some("s"))).await;
        assert_eq!(error_code(&res).as_deref(), Some("CONFLICT"), "another organisation's people have addresses there: {res}");
        let res = app.gql(Some(&vandijk), SET, configure(json!(["gmail.com"]), issuer, Some("s"))).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let res = app.gql(Some(&vandijk), SET, configure(json!(["vandijk.example"]), "http://idp.vandijk.example", Some("s"))).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "https only: {res}");
        let res = app.gql(Some(&vandijk), SET, configure(json!(["vandijk.example"]), issuer, None)).await;
        assert_eq!(error_reason(&res).as_deref(), Some("REQUIRED"), "a first configuration needs the secret: {res}");
        let res = app.gql(Some(&vandijk), SET, configure(json!(["vandijk.example"]), issuer, Some("geheim-van-vandijk"))).await;
        assert_eq!(res["data"]["configureSingleSignOn"]["domains"], json!(["vandijk.example"]), "{res}");
        // A domain is one organisation's.
        let hr = app.login("hr@korenschoof.example").await;
        let res = app.gql(Some(&hr), SET, configure(json!(["vandijk.example"]), issuer, Some("s"))).await;
        assert_eq!(error_code(&res).as_deref(), Some("CONFLICT"), "{res}");
        // Its staff read the settings (never the secret); Korenschoof sees none.
        let cm = app.login("casemanager@korenschoof.example").await;
        let res = app.gql(Some(&cm), "{ singleSignOn { issuer } }", json!({})).await;
        assert!(res["data"]["singleSignOn"].is_null(), "{res}");
        let res = app.gql(Some(&vandijk), "{ singleSignOn { issuer clientId hasClientSecret } }", json!({})).await;
        assert_eq!(res["data"]["singleSignOn"], json!({ "issuer": issuer, "clientId": "poortwachter", "hasClientSecret": true }));
        let trail = app.gql(Some(&vandijk), "{ adminTrail(first: 20) { resourceType detail } }", json!({})).await;
        assert!(trail.to_string().contains("single sign-on set: issuer https://login.example.com/korenschoof"), "{trail}");
        assert!(!app.dump().await.contains("geheim-van-vandijk"), "sealed, in the trail nowhere");
        // A change without a secret keeps the stored one, and the trail does not claim a new one.
        let res = app.gql(Some(&vandijk), SET, configure(json!(["vandijk.example"]), issuer, Some(""))).await;
        assert!(res.get("errors").is_none(), "{res}");
        let res = app.gql(Some(&vandijk), "{ singleSignOn { hasClientSecret } adminTrail(first: 1) { detail } }", json!({})).await;
        assert_eq!(res["data"]["singleSignOn"]["hasClientSecret"], true, "{res}");
        let last = res["data"]["adminTrail"][0]["detail"].as_str().unwrap();
        assert!(last.starts_with("single sign-on set") && !last.contains("new client secret"), "{last}");
    }
}

on_both_databases! {
    async fn a_deactivated_or_relinked_account_cannot_sign_in(backend) {
        let Some(issuer) = oidc::issuer() else { return };
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        oidc::configure(&app, &hr, &issuer, &["korenschoof.example"], false).await;
        let ticket = Browser::new().sign_in(&app, SANNE, SANNE).await.ticket();
        assert!(oidc::complete(&app, &ticket, None).await["data"]["completeSsoLogin"]["accessToken"].is_string());
        // The address now belongs to another person at the provider (a reassigned address):
        // the account stays with the subject it was first linked to.
        use sea_orm::ConnectionTrait;
        let db = &app.state.db;
        db.execute_unprepared("UPDATE sso_links SET subject = 'sub-iemand-anders'").await.unwrap();
        let landing = Browser::new().sign_in(&app, SANNE, SANNE).await;
        assert_eq!(landing, Landing::Refused("refused".into()));
        // Switched off by the employer's provisioning: no sign-in, by provider or password.
        use identity::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        user::Entity::update_many()
            .col_expr(user::Column::DeactivatedAt, Expr::value(chrono::Utc::now()))
            .filter(user::Column::Email.eq(SANNE))
            .exec(db)
            .await
            .unwrap();
        db.execute_unprepared("DELETE FROM sso_links").await.unwrap();
        let landing = Browser::new().sign_in(&app, SANNE, SANNE).await;
        assert_eq!(landing, Landing::Refused("deactivated".into()));
        let res = app.gql(None, LOGIN, json!({ "e": SANNE, "p": PASSWORD })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("ACCOUNT_DEACTIVATED"), "{res}");
    }
}

on_both_databases! {
    async fn a_health_service_signs_its_doctors_in_and_the_doctor_still_needs_his_code(backend) {
        let Some(issuer) = oidc::issuer() else { return };
        let app = TestApp::start(backend, |_| {}).await;
        // The health service's administrator configures its own provider, for its own domain.
        let admin = app.login("beheer@arbo-oost.example").await;
        let res = oidc::configure(&app, &admin, &issuer, &["arbo-oost.example"], true).await;
        assert_eq!(res["data"]["configureSingleSignOn"]["domains"], json!(["arbo-oost.example"]), "{res}");
        // The doctor comes through the provider, and is asked for his authenticator code.
        let doctor = "bedrijfsarts@arbo-oost.example";
        let ticket = Browser::new().sign_in(&app, doctor, doctor).await.ticket();
        let res = oidc::complete(&app, &ticket, None).await;
        assert_eq!(res["data"]["completeSsoLogin"]["mfaRequired"], true, "{res}");
        assert!(res["data"]["completeSsoLogin"]["accessToken"].is_null(), "{res}");
        let code = app.fresh_code(doctor, demo::DOCTOR_TOTP).await;
        let res = oidc::complete(&app, &ticket, Some(&code)).await;
        assert!(res["data"]["completeSsoLogin"]["accessToken"].is_string(), "{res}");
        // SSO only: his password alone is refused; the administrator keeps hers.
        let res = app.gql(None, "mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, totp: $t) { accessToken } }", json!({ "e": doctor, "p": PASSWORD, "t": null })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("SSO_REQUIRED"), "{res}");
        let res = app.gql(None, LOGIN, json!({ "e": "beheer@arbo-oost.example", "p": PASSWORD })).await;
        assert!(res["data"]["login"]["accessToken"].is_string(), "{res}");
        // The employer's HR cannot touch the health service's sign-in.
        let hr = app.login("hr@korenschoof.example").await;
        let res = oidc::configure(&app, &hr, &issuer, &["arbo-oost.example"], false).await;
        assert_eq!(error_code(&res).as_deref(), Some("CONFLICT"), "{res}");
    }
}
