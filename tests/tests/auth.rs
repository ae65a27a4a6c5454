//! The auth abuse suite: what an attacker tries against login, tokens and sessions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use e2e::{Backend, ClockExt, PASSWORD, TestApp, error_code, error_reason, on_both_databases};
use serde_json::{Value, json};

const LOGIN: &str = "mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, totp: $t) { accessToken refreshToken mfaRequired mfaEnrollmentRequired } }";
const ME: &str = "{ me { email roles organisation { name } mfaVerified } }";
const REFRESH: &str =
    "mutation($r: String!) { refresh(refreshToken: $r) { accessToken refreshToken } }";

async fn login(app: &TestApp, email: &str, password: &str) -> Value {
    app.gql(None, LOGIN, json!({ "e": email, "p": password }))
        .await
}

on_both_databases! {
    async fn demo_accounts_log_in_and_see_themselves(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        for (email, role, _) in demo::ACCOUNTS {
            let token = app.login(email).await;
            let me = app.gql(Some(&token), ME, json!({})).await;
            assert_eq!(me["data"]["me"]["email"], *email);
            assert_eq!(me["data"]["me"]["roles"], json!([role.as_str()]));
        }
    }
}

on_both_databases! {
    async fn wrong_passwords_and_unknown_accounts_get_the_same_answer(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let wrong = login(&app, "hr@korenschoof.example", "not-the-password").await;
        let unknown = login(&app, "nobody@korenschoof.example", "not-the-password").await;
        assert_eq!(error_code(&wrong).as_deref(), Some("UNAUTHENTICATED"));
        assert_eq!(error_reason(&wrong).as_deref(), Some("INVALID_CREDENTIALS"));
        assert_eq!(wrong["errors"][0]["message"], unknown["errors"][0]["message"]);
        assert_eq!(error_reason(&unknown).as_deref(), Some("INVALID_CREDENTIALS"));
        assert!(wrong["data"].is_null() || wrong["data"]["login"].is_null());
    }
}

on_both_databases! {
    async fn wrong_passwords_slow_the_guesser_without_locking_out_the_owner(backend) {
        let app = TestApp::start(backend, |c| {
            c.login_max_failures = 3;
            c.login_lockout_secs = 600;
        })
        .await;
        const GUESSER: &str = "198.51.100.7";
        let attempt = |email: &'static str, password: &'static str, ip: &'static str| {
            let app = &app;
            async move { app.gql_from(ip, None, LOGIN, json!({ "e": email, "p": password })).await }
        };
        let email = "casemanager@korenschoof.example";
        for _ in 0..3 {
            let res = attempt(email, "wrong-password-1", GUESSER).await;
            assert_eq!(error_reason(&res).as_deref(), Some("INVALID_CREDENTIALS"));
        }
        // The guesser now waits: even the right password from his address is refused, with the
        // very answer a wrong password gets (no lock to notice, no hint that the account exists).
        let right = attempt(email, PASSWORD, GUESSER).await;
        assert_eq!(error_code(&right).as_deref(), Some("UNAUTHENTICATED"), "{right}");
        assert_eq!(error_reason(&right).as_deref(), Some("INVALID_CREDENTIALS"));
        // An unknown address is throttled exactly alike.
        for _ in 0..4 {
            let res = attempt("niemand@korenschoof.example", "wrong-password-1", GUESSER).await;
            assert_eq!(error_reason(&res).as_deref(), Some("INVALID_CREDENTIALS"), "{res}");
            assert_eq!(res["errors"][0]["message"], right["errors"][0]["message"]);
        }
        // The owner, from his own device, is not locked out by someone else's guesses.
        let owner = attempt(email, PASSWORD, "192.0.2.1").await;
        assert!(owner.get("errors").is_none(), "{owner}");
        // The delay grows with every further failure and ends by itself.
        app.clock.advance(chrono::Duration::seconds(2));
        let later = attempt(email, PASSWORD, GUESSER).await;
        assert!(later.get("errors").is_none(), "{later}");
        // A success forgets the failures.
        let res = attempt(email, "wrong-password-1", GUESSER).await;
        assert_eq!(error_reason(&res).as_deref(), Some("INVALID_CREDENTIALS"));
        let res = attempt(email, PASSWORD, GUESSER).await;
        assert!(res.get("errors").is_none(), "{res}");
        // The refusals are in the account's log as throttled.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let throttled = platform::entities::access_log::Entity::find()
            .filter(platform::entities::access_log::Column::Detail.eq("login refused: throttled after repeated failures"))
            .all(&app.state.db)
            .await
            .unwrap();
        assert_eq!(throttled.len(), 2, "the right password and the fourth unknown one: {throttled:?}");
    }
}

on_both_databases! {
    async fn authenticator_codes_pause_after_repeated_wrong_guesses(backend) {
        let app = TestApp::start(backend, |c| {
            c.login_max_failures = 3;
            c.login_lockout_secs = 600;
        })
        .await;
        let email = "bedrijfsarts@arbo-oost.example";
        for _ in 0..3 {
            let res = app.gql(None, LOGIN, json!({ "e": email, "p": PASSWORD, "t": "000000" })).await;
            assert!(matches!(error_reason(&res).as_deref(), Some("MFA_INVALID") | Some("MFA_THROTTLED")), "{res}");
        }
        // Six digits cannot be guessed: the codes pause, even the right one (only someone who
        // knows the password learns that).
        let res = app.gql(None, LOGIN, json!({ "e": email, "p": PASSWORD, "t": app.doctor_code() })).await;
        assert_eq!(error_reason(&res).as_deref(), Some("MFA_THROTTLED"), "{res}");
        app.clock.advance(chrono::Duration::seconds(601));
        let res = app.gql(None, LOGIN, json!({ "e": email, "p": PASSWORD, "t": app.doctor_code() })).await;
        assert!(res["data"]["login"]["accessToken"].is_string(), "{res}");
    }
}

on_both_databases! {
    async fn one_ip_is_throttled_without_locking_out_others(backend) {
        let app = TestApp::start(backend, |c| c.login_attempts_per_minute = 5).await;
        for _ in 0..5 {
            let res = app.gql_from("198.51.100.7", None, LOGIN, json!({ "e": "x@y.example", "p": "whatever-pass" })).await;
            assert_eq!(error_reason(&res).as_deref(), Some("INVALID_CREDENTIALS"));
        }
        let res = app.gql_from("198.51.100.7", None, LOGIN, json!({ "e": "hr@korenschoof.example", "p": PASSWORD })).await;
        assert_eq!(error_code(&res).as_deref(), Some("RATE_LIMITED"));
        let other = app.gql_from("198.51.100.8", None, LOGIN, json!({ "e": "hr@korenschoof.example", "p": PASSWORD })).await;
        assert!(other.get("errors").is_none(), "{other}");
    }
}

fn split(token: &str) -> (String, Value, String) {
    let parts: Vec<&str> = token.split('.').collect();
    let payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    (parts[0].to_string(), payload, parts[2].to_string())
}

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

async fn assert_refused(app: &TestApp, token: &str, what: &str) {
    let res = app.gql(Some(token), ME, json!({})).await;
    assert_eq!(
        error_code(&res).as_deref(),
        Some("UNAUTHENTICATED"),
        "{what} accepted: {res}"
    );
}

on_both_databases! {
    async fn forged_tampered_and_expired_tokens_are_refused(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let token = app.login("werknemer@korenschoof.example").await;
        let (header, mut payload, sig) = split(&token);

        // Raise the role in the payload, keep the signature.
        payload["roles"] = json!(["HR_ADMIN"]);
        assert_refused(&app, &format!("{header}.{}.{sig}", b64(&payload)), "tampered payload").await;

        // alg: none, no signature.
        let none = b64(&json!({ "alg": "none", "typ": "JWT" }));
        assert_refused(&app, &format!("{none}.{}.", b64(&payload)), "alg none").await;

        // HS256 "signed" with the server's public key as HMAC secret (key-type confusion).
        let (_, original, _) = split(&token);
        let public = jsonwebtoken::EncodingKey::from_secret(b"public key bytes are not a secret");
        let hs = jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256), &original, &public).unwrap();
        assert_refused(&app, &hs, "HS256 token").await;

        // Signed by another Ed25519 key.
        let other = identity::TokenKeys::from_pem(&identity::TokenKeys::generate_pem().unwrap(), "poortwachter", 900).unwrap();
        let claims: identity::Claims = serde_json::from_value(original.clone()).unwrap();
        let foreign = other
            .issue(claims.sub, claims.org, claims.kind, claims.roles.clone(), claims.sid, false, chrono::Utc::now())
            .unwrap();
        assert_refused(&app, &foreign, "token of another key").await;

        // Our key, but expired.
        let keys = app.state.identity.tokens();
        let expired = keys
            .issue(claims.sub, claims.org, claims.kind, claims.roles.clone(), claims.sid, false, chrono::Utc::now() - chrono::Duration::hours(2))
            .unwrap();
        assert_refused(&app, &expired, "expired token").await;

        // Garbage.
        assert_refused(&app, "not.a.token", "garbage").await;
        // The genuine token still works.
        let ok = app.gql(Some(&token), ME, json!({})).await;
        assert_eq!(ok["data"]["me"]["email"], "werknemer@korenschoof.example");
    }
}

on_both_databases! {
    async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_session(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let first = app.login_payload("hr@korenschoof.example").await;
        let r1 = first["refreshToken"].as_str().unwrap().to_string();
        let second = app.gql(None, REFRESH, json!({ "r": r1 })).await;
        let r2 = second["data"]["refresh"]["refreshToken"].as_str().unwrap().to_string();
        let access2 = second["data"]["refresh"]["accessToken"].as_str().unwrap().to_string();
        assert_ne!(r1, r2, "refresh token did not rotate");
        assert_eq!(app.gql(Some(&access2), ME, json!({})).await["data"]["me"]["email"], "hr@korenschoof.example");

        // The old token is presented again: someone copied it. The whole family dies.
        let reuse = app.gql(None, REFRESH, json!({ "r": r1 })).await;
        assert_eq!(error_code(&reuse).as_deref(), Some("UNAUTHENTICATED"));
        assert_eq!(error_reason(&reuse).as_deref(), Some("TOKEN_INVALID"));
        let newest = app.gql(None, REFRESH, json!({ "r": r2 })).await;
        assert_eq!(error_code(&newest).as_deref(), Some("UNAUTHENTICATED"), "family not revoked");
        assert_refused(&app, &access2, "access token of a revoked session").await;
        assert_refused(&app, first["accessToken"].as_str().unwrap(), "first access token of a revoked session").await;

        // Unknown refresh tokens are refused.
        let unknown = app.gql(None, REFRESH, json!({ "r": "made-up" })).await;
        assert_eq!(error_code(&unknown).as_deref(), Some("UNAUTHENTICATED"));
    }
}

on_both_databases! {
    async fn logout_ends_access_and_refresh_at_once(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let p = app.login_payload("casemanager@korenschoof.example").await;
        let access = p["accessToken"].as_str().unwrap();
        let out = app.gql(Some(access), "mutation { logout }", json!({})).await;
        assert_eq!(out["data"]["logout"], true);
        assert_refused(&app, access, "access token after logout").await;
        let r = app.gql(None, REFRESH, json!({ "r": p["refreshToken"] })).await;
        assert_eq!(error_code(&r).as_deref(), Some("UNAUTHENTICATED"));
    }
}

on_both_databases! {
    async fn company_doctors_need_their_authenticator_code(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let email = "bedrijfsarts@arbo-oost.example";
        let first = login(&app, email, PASSWORD).await;
        assert_eq!(first["data"]["login"]["mfaRequired"], true);
        assert!(first["data"]["login"]["accessToken"].is_null(), "token without second factor");

        let wrong = app.gql(None, LOGIN, json!({ "e": email, "p": PASSWORD, "t": "000000" })).await;
        assert_eq!(error_reason(&wrong).as_deref(), Some("MFA_INVALID"));

        let code = app.doctor_code();
        let ok = app.gql(None, LOGIN, json!({ "e": email, "p": PASSWORD, "t": code })).await;
        let token = ok["data"]["login"]["accessToken"].as_str().expect("doctor token").to_string();
        let me = app.gql(Some(&token), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["mfaVerified"], true);

        // The same code a second time (a shoulder-surfer replaying it) is refused.
        let replay = app.gql(None, LOGIN, json!({ "e": email, "p": PASSWORD, "t": code })).await;
        assert_eq!(error_reason(&replay).as_deref(), Some("MFA_INVALID"));
        // A code of the next time step works.
        app.clock.advance(chrono::Duration::seconds(30));
        let next = app.gql(None, LOGIN, json!({ "e": email, "p": PASSWORD, "t": app.doctor_code() })).await;
        assert!(next.get("errors").is_none(), "{next}");
        let _ = app.clock.now_ts();
    }
}

on_both_databases! {
    async fn totp_enrolment_makes_login_require_the_code(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let token = app.login("hr@korenschoof.example").await;
        let enrol = app.gql(Some(&token), "mutation { enrollTotp { secret otpauthUrl } }", json!({})).await;
        let secret = enrol["data"]["enrollTotp"]["secret"].as_str().unwrap().to_string();
        assert!(enrol["data"]["enrollTotp"]["otpauthUrl"].as_str().unwrap().starts_with("otpauth://totp/"));
        let bad = app.gql(Some(&token), "mutation($c: String!) { confirmTotp(code: $c) }", json!({ "c": "123456" })).await;
        assert_eq!(error_reason(&bad).as_deref(), Some("MFA_INVALID"));
        let raw = identity::totp::from_base32(&secret).unwrap();
        let code = identity::totp::code_at(&raw, u64::try_from(app.clock.now_ts()).unwrap());
        let ok = app.gql(Some(&token), "mutation($c: String!) { confirmTotp(code: $c) }", json!({ "c": code })).await;
        assert_eq!(ok["data"]["confirmTotp"], true, "{ok}");
        let me = app.gql(Some(&token), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["mfaVerified"], true, "this session passed the second factor");
        let again = login(&app, "hr@korenschoof.example", PASSWORD).await;
        assert_eq!(again["data"]["login"]["mfaRequired"], true);
        // Enrolling again while enabled would let a stolen session replace the factor.
        let twice = app.gql(Some(&token), "mutation { enrollTotp { secret } }", json!({})).await;
        assert_eq!(error_code(&twice).as_deref(), Some("CONFLICT"));
    }
}

on_both_databases! {
    async fn logins_and_refusals_are_in_the_access_log(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        app.login("hr@korenschoof.example").await;
        login(&app, "hr@korenschoof.example", "wrong-password-9").await;
        use sea_orm::{EntityTrait, QueryOrder};
        let rows = platform::entities::access_log::Entity::find()
            .order_by_asc(platform::entities::access_log::Column::OccurredAt)
            .all(&app.state.db)
            .await
            .unwrap();
        let allowed = rows.iter().find(|r| r.outcome == "ALLOWED" && r.resource_type == "session").expect("login logged");
        assert_eq!(allowed.action, "C");
        assert_eq!(allowed.ip.as_deref(), Some("192.0.2.1"));
        assert_eq!(allowed.user_agent.as_deref(), Some("e2e-tests"));
        assert!(allowed.actor_user_id.is_some());
        assert_eq!(allowed.actor_role.as_deref(), Some("HR_ADMIN"));
        let denied = rows.iter().find(|r| r.outcome == "DENIED").expect("failed login logged");
        assert_eq!(denied.detail.as_deref(), Some("login refused: wrong password"));
        assert!(app.state.log.verify().await.unwrap().first_break.is_none());
    }
}

#[test]
fn backends_are_named() {
    assert_ne!(Backend::Sqlite, Backend::Postgres);
}

on_both_databases! {
    async fn an_admin_resets_a_lost_authenticator_and_the_user_enrols_again(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        const RESET: &str = "mutation($u: ID!) { resetTotp(userId: $u) { email totpEnabled } }";
        let admin = app.login("beheer@poortwachter.example").await;
        let users = app.gql(Some(&admin), "{ organisations(kind: OCCUPATIONAL_HEALTH_SERVICE) { id name } }", json!({})).await;
        let arbo = users["data"]["organisations"].as_array().unwrap().iter().find(|o| o["name"] == "Arbo Oost").unwrap()["id"].clone();
        let doctors = app.gql(Some(&admin), "query($o: ID) { users(organisationId: $o) { id email totpEnabled } }", json!({ "o": arbo })).await;
        let doctor = doctors["data"]["users"].as_array().unwrap().iter().find(|u| u["email"] == "bedrijfsarts@arbo-oost.example").unwrap().clone();
        assert_eq!(doctor["totpEnabled"], true);
        let doctor_token = app.login("bedrijfsarts@arbo-oost.example").await;

        // Another employer's HR cannot touch the doctor; nor can the doctor reset himself.
        let vandijk = app.login("hr@vandijk.example").await;
        let res = app.gql(Some(&vandijk), RESET, json!({ "u": doctor["id"] })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
        let res = app.gql(Some(&doctor_token), RESET, json!({ "u": doctor["id"] })).await;
        assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{res}");

        // The platform operator changes nothing inside an organisation (decision 76); the
        // health service's administrators hear that he tried.
        let res = app.gql(Some(&admin), RESET, json!({ "u": doctor["id"] })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let mail = app.outbox().last().cloned().unwrap_or_default();
        assert!(mail.contains("beheer@arbo-oost.example") && mail.contains("geweigerd"), "{mail}");
        // The health service's own administrator may.
        let arbo_admin = app.login("beheer@arbo-oost.example").await;
        let res = app.gql(Some(&arbo_admin), RESET, json!({ "u": doctor["id"] })).await;
        assert_eq!(res["data"]["resetTotp"]["totpEnabled"], false, "{res}");
        assert_refused(&app, &doctor_token, "session of a user whose second factor was reset").await;
        let again = login(&app, "bedrijfsarts@arbo-oost.example", PASSWORD).await;
        assert_eq!(again["data"]["login"]["mfaRequired"], false);
        assert_eq!(again["data"]["login"]["mfaEnrollmentRequired"], true, "the doctor must enrol again");
        let me = app.gql(again["data"]["login"]["accessToken"].as_str(), ME, json!({})).await;
        assert_eq!(me["data"]["me"]["mfaVerified"], false);

        // An administrator may not drop his own second factor.
        let admin_me = app.gql(Some(&admin), "{ me { id } }", json!({})).await;
        let res = app.gql(Some(&admin), RESET, json!({ "u": admin_me["data"]["me"]["id"] })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
    }
}
