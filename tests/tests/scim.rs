//! Provisioning over SCIM 2.0 (`/scim/v2`, issue 22) on both databases: joiners with and
//! without single sign-on, movers following their department's line manager, leavers losing
//! their login at once while their case stays, filters, pages and entity tags, Entra ID's
//! PATCH dialect, departments as Groups, one employer's token against another employer's
//! records, who may make tokens, what a token can never reach (an administrator), and the
//! medical binding a new login address suspends. Last, the compliance suite `scim2-tester`
//! against a server on a loopback socket.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use e2e::{Backend, TestApp, error_code, error_reason, on_both_databases};
use http::{HeaderMap, Request, StatusCode};
use identity::entities::{employee, sso_provider};
use platform::clock::Clock;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

const CREATE_TOKEN: &str =
    "mutation($n: String!) { createScimToken(name: $n) { id token name createdBy { name } } }";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const TRAIL: &str = "{ adminTrail(first: 200) { resourceType action outcome detail } }";

/// A provisioning token of `hr`'s employer.
async fn token(app: &TestApp, hr: &str, name: &str) -> String {
    let res = app.gql(Some(hr), CREATE_TOKEN, json!({ "n": name })).await;
    let token = res["data"]["createScimToken"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token: {res}"))
        .to_string();
    assert!(token.starts_with("pwscim_"), "{token}");
    token
}

/// Percent-encodes a query value.
fn q(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One SCIM request as `token`: status, headers and the JSON answer (`Null` when empty).
async fn scim(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("/scim/v2{path}"))
        .header("authorization", format!("Bearer {token}"))
        .header("x-forwarded-for", "192.0.2.7")
        .header("user-agent", "scim-e2e");
    if body.is_some() {
        req = req.header("content-type", "application/scim+json");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let (status, headers, bytes) = app.http(req.body(body).unwrap()).await;
    if !bytes.is_empty() {
        assert_eq!(
            headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("application/scim+json"),
            "{method} {path}"
        );
    }
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, headers, value)
}

/// The SCIM id of the User with `user_name` (through the filter identity providers use).
async fn user_id(app: &TestApp, token: &str, user_name: &str) -> String {
    let (status, _, list) = scim(
        app,
        token,
        "GET",
        &format!(
            "/Users?filter={}",
            q(&format!("userName eq \"{user_name}\""))
        ),
        None,
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["totalResults"], 1, "{user_name}: {list}");
    list["Resources"][0]["id"].as_str().unwrap().to_string()
}

fn patch(ops: Value) -> Value {
    json!({ "schemas": [PATCH], "Operations": ops })
}

/// Switches single sign-on on for the employer of `hr` (as its administrator would).
async fn enable_sso(app: &TestApp, hr: &str) {
    let tenant = e2e::bulk::demo_employer(app).await;
    let hr_id: uuid::Uuid = app.user_id(hr).await.parse().unwrap();
    let now = app.clock.now();
    sso_provider::ActiveModel {
        id: Set(platform::ids::new_id()),
        tenant_id: Set(tenant),
        issuer: Set("https://login.example/tenant/v2.0".into()),
        client_id: Set("poortwachter".into()),
        client_secret: Set(vec![0u8; 16]),
        sso_only: Set(false),
        enabled: Set(true),
        updated_by: Set(hr_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
}

async fn login_error(app: &TestApp, email: &str, password: &str, totp: Option<String>) -> Value {
    app.gql(
        None,
        "mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, totp: $t) { accessToken } }",
        json!({ "e": email, "p": password, "t": totp }),
    )
    .await
}

/// The employee called `name` as HR sees him.
async fn employee_named(app: &TestApp, hr: &str, name: &str) -> Value {
    let res = app.gql(Some(hr), "{ employees(first: 100) { nodes { id name departmentId managerUserId managerFollowsDepartment phone } } }", json!({})).await;
    res["data"]["employees"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap()
        .clone()
}

fn trail_has(trail: &Value, needle: &str) -> bool {
    trail["data"]["adminTrail"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["detail"].as_str().is_some_and(|d| d.contains(needle)))
}

on_both_databases! {
    async fn a_joiner_without_single_sign_on_is_invited_as_an_employee(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let token = token(&app, &hr, "Entra ID").await;
        let joiner = json!({
            "schemas": [USER, ENTERPRISE],
            "userName": "Nieuwe.Collega@Korenschoof.example",
            "name": { "givenName": "Nina", "familyName": "de Nieuwe" },
            "displayName": "Nina de Nieuwe",
            "externalId": "entra-0001",
            "active": true,
            // A leaked token asking for an administrator gets an employee all the same.
            "roles": [{ "value": "HR_ADMIN" }],
            "userType": "Admin",
            ENTERPRISE: { "employeeNumber": "K-100", "department": "Winkel" },
        });
        let (status, headers, user) = scim(&app, &token, "POST", "/Users", Some(joiner.clone()), &[]).await;
        assert_eq!(status, StatusCode::CREATED, "{user}");
        assert_eq!(user["userName"], "nieuwe.collega@korenschoof.example");
        assert_eq!(user["name"]["formatted"], "Nina de Nieuwe");
        assert_eq!(user["active"], true, "invited: active");
        assert_eq!(user[ENTERPRISE]["department"], "Winkel");
        assert_eq!(user["groups"][0]["display"], "Winkel");
        assert!(user.get("roles").is_none());
        let id = user["id"].as_str().unwrap();
        assert!(headers["location"].to_str().unwrap().ends_with(&format!("/scim/v2/Users/{id}")));
        assert_eq!(headers["etag"].to_str().unwrap(), user["meta"]["version"]);

        // The invitation went out, for the role of employee; no account exists yet.
        let mail = app.outbox().into_iter().find(|m| m.contains("nieuwe.collega@korenschoof.example")).expect("an invitation e-mail");
        assert!(mail.contains("/uitnodiging/"), "{mail}");
        let res = app.gql(Some(&hr), "{ invitations { email role } employees(first: 100) { nodes { id name hasLogin employeeNumber departmentId } } departments { id name } }", json!({})).await;
        let invitation = res["data"]["invitations"].as_array().unwrap().iter().find(|i| i["email"] == "nieuwe.collega@korenschoof.example").unwrap().clone();
        assert_eq!(invitation["role"], "EMPLOYEE");
        let employee = res["data"]["employees"]["nodes"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap().clone();
        assert_eq!((employee["name"].as_str(), employee["hasLogin"].as_bool(), employee["employeeNumber"].as_str()), (Some("Nina de Nieuwe"), Some(false), Some("K-100")));
        let winkel = res["data"]["departments"].as_array().unwrap().iter().find(|d| d["name"] == "Winkel").unwrap()["id"].clone();
        assert_eq!(employee["departmentId"], winkel);

        // The same address again: a User exists; no second record.
        let (status, _, err) = scim(&app, &token, "POST", "/Users", Some(joiner), &[]).await;
        assert_eq!(status, StatusCode::CREATED, "a record without an account is taken over: {err}");
        assert_eq!(err["id"], id);
        // An address of an account in another organisation, or of HR here: 409, naming nobody.
        for taken in ["hr@vandijk.example", "hr@korenschoof.example", "bedrijfsarts@arbo-oost.example"] {
            let (status, _, err) = scim(&app, &token, "POST", "/Users", Some(json!({ "schemas": [USER], "userName": taken, "displayName": "X" })), &[]).await;
            assert_eq!(status, StatusCode::CONFLICT, "{taken}: {err}");
            assert_eq!(err["scimType"], "uniqueness");
            assert_eq!(err["status"], "409");
            let detail = err["detail"].as_str().unwrap();
            assert!(!detail.contains("Dijk") && !detail.contains("Arbo") && !detail.contains("Korenschoof"), "{detail}");
        }
        // Not an e-mail address, no name, an unknown schema, bad JSON, a wrong type.
        for (body, kind) in [
            (json!({ "schemas": [USER], "userName": "jdoe", "displayName": "J" }), "invalidValue"),
            (json!({ "schemas": [USER], "userName": "j@korenschoof.example" }), "invalidValue"),
            (json!({ "schemas": [USER, "urn:example:custom"], "userName": "j@korenschoof.example", "displayName": "J" }), "invalidValue"),
            (json!({ "schemas": [USER], "userName": "j@korenschoof.example", "displayName": "J", "active": "perhaps" }), "invalidValue"),
        ] {
            let (status, _, err) = scim(&app, &token, "POST", "/Users", Some(body), &[]).await;
            assert_eq!((status, err["scimType"].as_str()), (StatusCode::BAD_REQUEST, Some(kind)), "{err}");
        }
        let req = Request::post("/scim/v2/Users").header("authorization", format!("Bearer {token}")).header("content-type", "application/scim+json").body(Body::from("{not json")).unwrap();
        let (status, _, bytes) = app.http(req).await;
        let err: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!((status, err["scimType"].as_str()), (StatusCode::BAD_REQUEST, Some("invalidSyntax")));
        let req = Request::post("/scim/v2/Users").header("authorization", format!("Bearer {token}")).header("content-type", "application/scim+json").body(Body::from(vec![b' '; 1024 * 1024 + 10])).unwrap();
        let (status, _, _) = app.http(req).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        assert!(trail_has(&trail, "SCIM-token 'Entra ID': joiner Nina de Nieuwe"), "{trail}");
        assert!(trail_has(&trail, "SCIM-token 'Entra ID': invitation sent to nieuwe.collega@korenschoof.example as EMPLOYEE"), "{trail}");
        assert!(trail_has(&trail, "SCIM provisioning token 'Entra ID' created"), "{trail}");
    }
}

on_both_databases! {
    async fn a_joiner_with_single_sign_on_gets_an_employee_account_without_a_password(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        enable_sso(&app, &hr).await;
        let token = token(&app, &hr, "Okta").await;
        let mails = app.outbox().len();
        let (status, _, user) = scim(&app, &token, "POST", "/Users", Some(json!({
            "schemas": [USER], "userName": "sso.collega@korenschoof.example",
            "name": { "formatted": "Sem Oosting" }, "emails": [{ "value": "sso.collega@korenschoof.example", "type": "work", "primary": true }],
        })), &[]).await;
        assert_eq!(status, StatusCode::CREATED, "{user}");
        assert_eq!(user["active"], true);
        assert_eq!(app.outbox().len(), mails, "no invitation: he signs in through the provider");
        let account = identity::repo::user_by_email(&app.state.db, "sso.collega@korenschoof.example").await.unwrap().expect("an account");
        let roles = identity::repo::roles(&app.state.db, account.tenant_id, account.id).await.unwrap();
        assert_eq!(roles, [platform::Role::Employee]);
        assert!(account.password_hash.starts_with("$argon2id$"), "a hash like any other");
        for guess in ["poortwachter-demo", "sso.collega@korenschoof.example"] {
            let res = login_error(&app, "sso.collega@korenschoof.example", guess, None).await;
            assert_eq!(error_code(&res).as_deref(), Some("UNAUTHENTICATED"), "{res}");
        }
        let res = app.gql(Some(&hr), "{ employees(first: 100) { nodes { name hasLogin } } }", json!({})).await;
        let sem = res["data"]["employees"]["nodes"].as_array().unwrap().iter().find(|e| e["name"] == "Sem Oosting").unwrap().clone();
        assert_eq!(sem["hasLogin"], true);
        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        assert!(trail_has(&trail, "SCIM-token 'Okta': account sso.collega@korenschoof.example created as EMPLOYEE for single sign-on"), "{trail}");
    }
}

on_both_databases! {
    async fn a_mover_gets_his_new_department_and_its_line_manager(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let lotte = app.login("leidinggevende@korenschoof.example").await;
        let lotte = app.user_id(&lotte).await;
        let res = app.gql(Some(&hr), "mutation($m: ID) { createDepartment(input: { name: \"Bakkerij\", managerUserId: $m }) { id } }", json!({ "m": lotte })).await;
        let bakkerij = res["data"]["createDepartment"]["id"].as_str().unwrap_or_else(|| panic!("{res}")).to_string();
        let token = token(&app, &hr, "Entra ID").await;
        let carla = user_id(&app, &token, "carla.bakker@korenschoof.example").await;

        // Entra ID's dialect: capitalised operation, the extension's attribute as the path.
        let (status, _, user) = scim(&app, &token, "PATCH", &format!("/Users/{carla}"), Some(patch(json!([
            { "op": "Replace", "path": format!("{ENTERPRISE}:department"), "value": "bakkerij" },
            { "op": "Add", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "06 1234 5678" },
        ]))), &[]).await;
        assert_eq!(status, StatusCode::OK, "{user}");
        assert_eq!(user[ENTERPRISE]["department"], "Bakkerij", "the existing department, matched without case");
        assert_eq!(user["phoneNumbers"][0]["value"], "06 1234 5678");
        let carla_now = employee_named(&app, &hr, "Carla Bakker").await;
        assert_eq!(carla_now["departmentId"], bakkerij);
        assert_eq!(carla_now["managerUserId"], lotte, "the line manager follows the department");
        assert_eq!(carla_now["managerFollowsDepartment"], true);

        // Departments as Groups: a new one with her as member, then out, then in again.
        let (status, _, group) = scim(&app, &token, "POST", "/Groups", Some(json!({
            "schemas": [GROUP], "displayName": "Winkels", "externalId": "grp-1", "members": [{ "value": carla }] })), &[]).await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        let winkels = group["id"].as_str().unwrap().to_string();
        assert_eq!(group["members"][0]["value"], carla.as_str());
        assert!(group["members"][0].get("display").is_none(), "display is returned on request");
        assert_eq!(employee_named(&app, &hr, "Carla Bakker").await["departmentId"], winkels.as_str());
        assert_eq!(employee_named(&app, &hr, "Carla Bakker").await["managerUserId"], Value::Null, "Winkels has no line manager");
        let (_, _, g) = scim(&app, &token, "GET", &format!("/Groups/{winkels}?attributes=members.display"), None, &[]).await;
        assert_eq!(g["members"][0]["display"], "Carla Bakker", "{g}");
        let (status, _, group) = scim(&app, &token, "PATCH", &format!("/Groups/{winkels}"), Some(patch(json!([
            { "op": "Remove", "path": format!("members[value eq \"{carla}\"]") } ]))), &[]).await;
        assert_eq!(status, StatusCode::OK, "{group}");
        assert!(group.get("members").is_none(), "{group}");
        assert_eq!(employee_named(&app, &hr, "Carla Bakker").await["departmentId"], Value::Null);
        let (status, _, group) = scim(&app, &token, "PATCH", &format!("/Groups/{winkels}"), Some(patch(json!([
            { "op": "Add", "path": "members", "value": [{ "value": carla }] } ]))), &[]).await;
        assert_eq!(status, StatusCode::OK, "{group}");
        assert_eq!(employee_named(&app, &hr, "Carla Bakker").await["departmentId"], winkels.as_str());
        let (_, _, user) = scim(&app, &token, "GET", &format!("/Users/{carla}"), None, &[]).await;
        assert_eq!(user["groups"][0]["value"], winkels.as_str());
        // A department with people is not deleted; an empty one is.
        let (status, _, err) = scim(&app, &token, "DELETE", &format!("/Groups/{winkels}"), None, &[]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{err}");
        assert!(err["detail"].as_str().unwrap().contains("1 employee(s)"), "{err}");
        let (status, _, _) = scim(&app, &token, "PATCH", &format!("/Groups/{winkels}"), Some(patch(json!([{ "op": "remove", "path": "members" }]))), &[]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = scim(&app, &token, "DELETE", &format!("/Groups/{winkels}"), None, &[]).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _, _) = scim(&app, &token, "GET", &format!("/Groups/{winkels}"), None, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Filtering Groups by name, as identity providers match them.
        let (_, _, list) = scim(&app, &token, "GET", &format!("/Groups?filter={}", q("displayName eq \"BAKKERIJ\"")), None, &[]).await;
        assert_eq!((list["totalResults"].as_u64(), list["Resources"][0]["id"].as_str()), (Some(1), Some(bakkerij.as_str())));

        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        assert!(trail_has(&trail, "SCIM-token 'Entra ID': Carla Bakker changed (phone number; department none → Bakkerij)"), "{trail}");
        assert!(trail_has(&trail, "SCIM-token 'Entra ID': department Winkels changed (members removed: Carla Bakker)"), "{trail}");
        assert!(trail_has(&trail, "SCIM-token 'Entra ID': department Winkels deleted"), "{trail}");
    }
}

on_both_databases! {
    async fn a_leaver_loses_his_login_at_once_and_his_case_file_stays(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let case = app.report_sick(&hr, "Willem Nijhuis", app.clock.today() - chrono::Duration::days(10)).await;
        let token = token(&app, &hr, "Entra ID").await;
        let willem_session = app.login("werknemer@korenschoof.example").await;
        let willem = user_id(&app, &token, "werknemer@korenschoof.example").await;

        // Entra ID switches him off with a string for a boolean.
        let (status, _, user) = scim(&app, &token, "PATCH", &format!("/Users/{willem}"), Some(patch(json!([
            { "op": "Replace", "path": "active", "value": "False" } ]))), &[]).await;
        assert_eq!(status, StatusCode::OK, "{user}");
        assert_eq!(user["active"], false);
        // The session he had stops working now, not at its expiry; he cannot sign in again.
        let me = app.gql(Some(&willem_session), "{ me { id } }", json!({})).await;
        assert_eq!(error_code(&me).as_deref(), Some("UNAUTHENTICATED"), "{me}");
        let code = app.fresh_code("werknemer@korenschoof.example", demo::EMPLOYEE_TOTP).await;
        let res = login_error(&app, "werknemer@korenschoof.example", e2e::PASSWORD, Some(code)).await;
        assert_eq!(error_reason(&res).as_deref(), Some("ACCOUNT_DEACTIVATED"), "{res}");

        // Back on: he signs in, but his medical access waits for the doctor.
        let (status, _, user) = scim(&app, &token, "PATCH", &format!("/Users/{willem}"), Some(patch(json!([
            { "op": "replace", "value": { "active": "True" } } ]))), &[]).await;
        assert_eq!((status, user["active"].as_bool()), (StatusCode::OK, Some(true)), "{user}");
        let again = app.login("werknemer@korenschoof.example").await;
        let me = app.gql(Some(&again), "{ me { medicalAccess { status suspendedReason } } }", json!({})).await;
        assert_eq!(me["data"]["me"]["medicalAccess"]["status"], "SUSPENDED", "{me}");
        assert_eq!(me["data"]["me"]["medicalAccess"]["suspendedReason"], "account deactivated by the employer's provisioning");

        // DELETE: gone from the provisioning, not from the employer.
        let (status, _, body) = scim(&app, &token, "DELETE", &format!("/Users/{willem}"), None, &[]).await;
        assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
        let (status, _, err) = scim(&app, &token, "GET", &format!("/Users/{willem}"), None, &[]).await;
        assert_eq!((status, err["status"].as_str()), (StatusCode::NOT_FOUND, Some("404")));
        let (_, _, list) = scim(&app, &token, "GET", "/Users?count=1000", None, &[]).await;
        assert!(!list["Resources"].as_array().unwrap().iter().any(|u| u["id"] == willem.as_str()));
        let (_, _, list) = scim(&app, &token, "GET", &format!("/Users?filter={}", q("userName eq \"werknemer@korenschoof.example\"")), None, &[]).await;
        assert_eq!(list["totalResults"], 0);
        let me = app.gql(Some(&again), "{ me { id } }", json!({})).await;
        assert_eq!(error_code(&me).as_deref(), Some("UNAUTHENTICATED"), "{me}");
        let res = app.gql(Some(&hr), "query($c: ID!) { case(id: $c) { id } employees(first: 100) { nodes { name } } }", json!({ "c": case })).await;
        assert_eq!(res["data"]["case"]["id"], case.as_str(), "{res}");
        assert!(res["data"]["employees"]["nodes"].as_array().unwrap().iter().any(|e| e["name"] == "Willem Nijhuis"));

        // Rehired: the same address provisions him again, his account with it (still off
        // until active).
        let (status, _, user) = scim(&app, &token, "POST", "/Users", Some(json!({
            "schemas": [USER], "userName": "werknemer@korenschoof.example", "displayName": "Willem Nijhuis", "active": true })), &[]).await;
        assert_eq!(status, StatusCode::CREATED, "{user}");
        assert_eq!((user["id"].as_str(), user["active"].as_bool()), (Some(willem.as_str()), Some(true)));
        app.login("werknemer@korenschoof.example").await;

        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        assert!(trail_has(&trail, "SCIM-token 'Entra ID': account switched off, sessions ended, medical access suspended"), "{trail}");
        assert!(trail_has(&trail, "SCIM-token 'Entra ID': leaver Willem Nijhuis removed from provisioning"), "{trail}");
    }
}

on_both_databases! {
    async fn filters_pages_and_entity_tags(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let token = token(&app, &hr, "Entra ID").await;
        let (status, _, all) = scim(&app, &token, "GET", "/Users", None, &[]).await;
        assert_eq!(status, StatusCode::OK, "{all}");
        let total = all["totalResults"].as_u64().unwrap();
        assert!(total >= 10, "{all}");
        assert_eq!(all["startIndex"], 1);
        assert_eq!(all["schemas"], json!(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]));
        // No staff and no other employer among them.
        let names: Vec<&str> = all["Resources"].as_array().unwrap().iter().map(|u| u["userName"].as_str().unwrap()).collect();
        assert!(names.iter().all(|n| n.ends_with("@korenschoof.example")), "{names:?}");
        assert!(!names.contains(&"hr@korenschoof.example") && !names.contains(&"leidinggevende@korenschoof.example"));

        // The fast path, any case; and the same answer from the evaluator.
        for filter in ["userName eq \"ANOUK.DE.VRIES@korenschoof.example\"", "emails[type eq \"work\" and value eq \"anouk.de.vries@korenschoof.example\"]", "userName sw \"anouk.\" and active eq false"] {
            let (status, _, list) = scim(&app, &token, "GET", &format!("/Users?filter={}", q(filter)), None, &[]).await;
            assert_eq!(status, StatusCode::OK, "{list}");
            assert_eq!(list["totalResults"], 1, "{filter}: {list}");
            assert_eq!(list["Resources"][0]["displayName"], "Anouk de Vries");
        }
        // Pages.
        let (_, _, page) = scim(&app, &token, "GET", "/Users?startIndex=3&count=2", None, &[]).await;
        assert_eq!((page["itemsPerPage"].as_u64(), page["startIndex"].as_u64(), page["totalResults"].as_u64()), (Some(2), Some(3), Some(total)));
        assert_eq!(page["Resources"][0]["id"], all["Resources"][2]["id"]);
        let (_, _, page) = scim(&app, &token, "GET", "/Users?count=0", None, &[]).await;
        assert_eq!((page["itemsPerPage"].as_u64(), page["totalResults"].as_u64()), (Some(0), Some(total)));
        let (_, _, page) = scim(&app, &token, "GET", &format!("/Users?startIndex={}", total + 5), None, &[]).await;
        assert_eq!(page["Resources"], json!([]));
        let (_, _, page) = scim(&app, &token, "GET", "/Users?attributes=userName&count=1", None, &[]).await;
        let keys: Vec<&String> = page["Resources"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 3, "id, schemas, userName: {keys:?}");
        let (_, _, page) = scim(&app, &token, "POST", "/Users/.search", Some(json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "displayName co \"de vries\"", "count": 5, "excludedAttributes": ["emails"] })), &[]).await;
        assert_eq!(page["totalResults"], 1, "{page}");
        assert!(page["Resources"][0].get("emails").is_none());
        for bad in ["userName eq", "userName zz \"x\"", &format!("userName eq \"{}\"", "x".repeat(1000))] {
            let (status, _, err) = scim(&app, &token, "GET", &format!("/Users?filter={}", q(bad)), None, &[]).await;
            assert_eq!((status, err["scimType"].as_str()), (StatusCode::BAD_REQUEST, Some("invalidFilter")), "{bad}: {err}");
        }

        // Entity tags.
        let anouk = user_id(&app, &token, "anouk.de.vries@korenschoof.example").await;
        let (status, headers, user) = scim(&app, &token, "GET", &format!("/Users/{anouk}"), None, &[]).await;
        assert_eq!(status, StatusCode::OK);
        let etag = headers["etag"].to_str().unwrap().to_string();
        assert!(etag.starts_with("W/\""), "{etag}");
        assert_eq!(user["meta"]["version"], etag.as_str());
        let (status, _, body) = scim(&app, &token, "GET", &format!("/Users/{anouk}"), None, &[("if-none-match", &etag)]).await;
        assert_eq!((status, body), (StatusCode::NOT_MODIFIED, Value::Null));
        app.clock.advance(chrono::Duration::seconds(2));
        let mut changed = user.clone();
        changed["displayName"] = json!("Anouk de Vries-Smit");
        changed["name"] = json!({ "formatted": "Anouk de Vries-Smit" });
        let (status, headers, updated) = scim(&app, &token, "PUT", &format!("/Users/{anouk}"), Some(changed.clone()), &[("if-match", &etag)]).await;
        assert_eq!(status, StatusCode::OK, "{updated}");
        assert_eq!(updated["displayName"], "Anouk de Vries-Smit");
        let newer = headers["etag"].to_str().unwrap().to_string();
        assert_ne!(newer, etag);
        let (status, _, err) = scim(&app, &token, "PUT", &format!("/Users/{anouk}"), Some(changed), &[("if-match", &etag)]).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{err}");
        let (status, _, _) = scim(&app, &token, "PATCH", &format!("/Users/{anouk}"), Some(patch(json!([{ "op": "replace", "path": "displayName", "value": "X" }]))), &[("if-match", &etag)]).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        let (status, _, _) = scim(&app, &token, "DELETE", &format!("/Users/{anouk}"), None, &[("if-match", &etag)]).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        let (status, _, body) = scim(&app, &token, "GET", &format!("/Users/{anouk}"), None, &[("if-none-match", &etag)]).await;
        assert_eq!(status, StatusCode::OK, "an old tag does not match: {body}");
        let (status, _, _) = scim(&app, &token, "PATCH", &format!("/Users/{anouk}"), Some(patch(json!([{ "op": "replace", "path": "name.formatted", "value": "Anouk Smit" }]))), &[("if-match", &newer)]).await;
        assert_eq!(status, StatusCode::OK);

        // Discovery.
        let (status, _, spc) = scim(&app, &token, "GET", "/ServiceProviderConfig", None, &[]).await;
        assert_eq!((status, spc["patch"]["supported"].as_bool(), spc["bulk"]["supported"].as_bool(), spc["etag"]["supported"].as_bool()), (StatusCode::OK, Some(true), Some(false), Some(true)));
        let (status, _, _) = scim(&app, &token, "POST", "/ServiceProviderConfig", Some(json!({})), &[]).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        let (_, _, types) = scim(&app, &token, "GET", "/ResourceTypes", None, &[]).await;
        assert_eq!(types["totalResults"], 2);
        let (status, _, schema) = scim(&app, &token, "GET", &format!("/Schemas/{ENTERPRISE}"), None, &[]).await;
        assert_eq!((status, schema["name"].as_str()), (StatusCode::OK, Some("EnterpriseUser")));
        let (status, _, err) = scim(&app, &token, "GET", "/Nonsense", None, &[]).await;
        assert_eq!((status, err["status"].as_str()), (StatusCode::NOT_FOUND, Some("404")));
        let (status, _, _) = scim(&app, &token, "POST", "/Bulk", Some(json!({})), &[]).await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
    }
}

on_both_databases! {
    async fn one_employers_token_never_reaches_another_employer(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let vandijk_hr = app.login("hr@vandijk.example").await;
        let token = token(&app, &hr, "Entra ID").await;
        let vandijk = self::token(&app, &vandijk_hr, "Van Dijk IdP").await;
        let arjen = user_id(&app, &vandijk, "arjen.kramer@vandijk.example").await;
        let (status, _, group) = scim(&app, &vandijk, "POST", "/Groups", Some(json!({ "schemas": [GROUP], "displayName": "Chauffeurs", "members": [{ "value": arjen }] })), &[]).await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        let chauffeurs = group["id"].as_str().unwrap().to_string();
        let carla = user_id(&app, &token, "carla.bakker@korenschoof.example").await;

        let before = app.gql(Some(&vandijk_hr), "{ employees(first: 100) { nodes { id name email departmentId } } departments { id name } }", json!({})).await;
        for (method, path, body) in [
            ("GET", format!("/Users/{arjen}"), None),
            ("PUT", format!("/Users/{arjen}"), Some(json!({ "schemas": [USER], "userName": "gekaapt@korenschoof.example", "displayName": "Gekaapt" }))),
            ("PATCH", format!("/Users/{arjen}"), Some(patch(json!([{ "op": "replace", "path": "active", "value": false }])))),
            ("DELETE", format!("/Users/{arjen}"), None),
            ("GET", format!("/Groups/{chauffeurs}"), None),
            ("PUT", format!("/Groups/{chauffeurs}"), Some(json!({ "schemas": [GROUP], "displayName": "Gekaapt", "members": [] }))),
            ("PATCH", format!("/Groups/{chauffeurs}"), Some(patch(json!([{ "op": "remove", "path": "members" }])))),
            ("DELETE", format!("/Groups/{chauffeurs}"), None),
        ] {
            let (status, _, err) = scim(&app, &token, method, &path, body, &[]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {err}");
        }
        // Filters do not reveal the other employer's addresses.
        for filter in ["userName eq \"arjen.kramer@vandijk.example\"", "userName ew \"vandijk.example\"", "externalId pr or userName co \"@\""] {
            let (_, _, list) = scim(&app, &token, "GET", &format!("/Users?filter={}", q(filter)), None, &[]).await;
            assert!(!list.to_string().contains("vandijk"), "{filter}: {list}");
        }
        // Members of another employer are refused, in a new Group and in an existing one.
        let (status, _, err) = scim(&app, &token, "POST", "/Groups", Some(json!({ "schemas": [GROUP], "displayName": "Overname", "members": [{ "value": arjen }] })), &[]).await;
        assert_eq!((status, err["scimType"].as_str()), (StatusCode::BAD_REQUEST, Some("invalidValue")), "{err}");
        let (status, _, group) = scim(&app, &token, "POST", "/Groups", Some(json!({ "schemas": [GROUP], "displayName": "Eigen", "members": [{ "value": carla }] })), &[]).await;
        assert_eq!(status, StatusCode::CREATED);
        let eigen = group["id"].as_str().unwrap();
        let (status, _, err) = scim(&app, &token, "PATCH", &format!("/Groups/{eigen}"), Some(patch(json!([{ "op": "add", "path": "members", "value": [{ "value": arjen }] }]))), &[]).await;
        assert_eq!((status, err["scimType"].as_str()), (StatusCode::BAD_REQUEST, Some("invalidValue")), "{err}");
        // A user of Korenschoof cannot be moved into Van Dijk's department either.
        let (status, _, _) = scim(&app, &token, "PATCH", &format!("/Users/{carla}"), Some(patch(json!([{ "op": "replace", "path": format!("{ENTERPRISE}:department"), "value": "Chauffeurs" }]))), &[]).await;
        assert_eq!(status, StatusCode::OK);
        let after = app.gql(Some(&vandijk_hr), "{ employees(first: 100) { nodes { id name email departmentId } } departments { id name } }", json!({})).await;
        assert_eq!(before, after, "nothing of Van Dijk changed");
        let res = app.gql(Some(&hr), "{ departments { name } }", json!({})).await;
        assert!(res["data"]["departments"].as_array().unwrap().iter().any(|d| d["name"] == "Chauffeurs"), "Korenschoof got its own Chauffeurs: {res}");

        // Revoked, unknown and missing tokens: 401 with the challenge.
        let id = app.gql(Some(&hr), "{ scimTokens { id name token revokedAt createdBy { name } } }", json!({})).await;
        let listed = &id["data"]["scimTokens"][0];
        assert_eq!((listed["name"].as_str(), listed["token"].clone(), listed["createdBy"]["name"].as_str()), (Some("Entra ID"), Value::Null, Some("Hilde Roelofs")), "{id}");
        let res = app.gql(Some(&hr), "mutation($i: ID!) { revokeScimToken(id: $i) { id revokedAt } }", json!({ "i": listed["id"] })).await;
        assert!(res["data"]["revokeScimToken"]["revokedAt"].is_string(), "{res}");
        for bad in [token.as_str(), "pwscim_unknown", "not-even-a-token"] {
            let (status, headers, err) = scim(&app, bad, "GET", "/Users", None, &[]).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{err}");
            assert_eq!(headers["www-authenticate"], "Bearer realm=\"scim\"");
            assert_eq!(err["status"], "401");
        }
        let req = Request::get("/scim/v2/Users").body(Body::empty()).unwrap();
        let (status, headers, _) = app.http(req).await;
        assert_eq!((status, headers["www-authenticate"].to_str().unwrap()), (StatusCode::UNAUTHORIZED, "Bearer realm=\"scim\""));
        // Van Dijk's HR cannot revoke Korenschoof's tokens.
        let other = app.gql(Some(&hr), CREATE_TOKEN, json!({ "n": "Tweede" })).await;
        let res = app.gql(Some(&vandijk_hr), "mutation($i: ID!) { revokeScimToken(id: $i) { id } }", json!({ "i": other["data"]["createScimToken"]["id"] })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
    }
}

on_both_databases! {
    async fn only_an_employers_hr_administrator_makes_tokens(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        for email in ["casemanager@korenschoof.example", "leidinggevende@korenschoof.example", "werknemer@korenschoof.example", "bedrijfsarts@arbo-oost.example", "beheer@arbo-oost.example", "beheer@poortwachter.example", "adviseur@werkpad.example"] {
            let who = app.login(email).await;
            let res = app.gql(Some(&who), CREATE_TOKEN, json!({ "n": "mine" })).await;
            let code = error_code(&res);
            assert!(matches!(code.as_deref(), Some("FORBIDDEN" | "NOT_FOUND")), "{email}: {res}");
            let res = app.gql(Some(&who), "{ scimTokens { id } }", json!({})).await;
            assert!(error_code(&res).is_some(), "{email} lists no tokens: {res}");
        }
        assert_eq!(app.count_rows("scim_tokens").await, 0);
        let res = app.gql(None, CREATE_TOKEN, json!({ "n": "anon" })).await;
        assert_eq!(error_code(&res).as_deref(), Some("UNAUTHENTICATED"));
        let hr = app.login("hr@korenschoof.example").await;
        let res = app.gql(Some(&hr), CREATE_TOKEN, json!({ "n": "Entra ID" })).await;
        assert_eq!(res["data"]["createScimToken"]["createdBy"]["name"], "Hilde Roelofs", "{res}");
        let secret = res["data"]["createScimToken"]["token"].as_str().unwrap();
        // Only the hash is stored.
        let dump = app.dump().await;
        assert!(!dump.contains(secret));
        assert!(dump.contains(&platform::crypto::sha256_hex(secret.as_bytes())));
        let res = app.gql(Some(&hr), CREATE_TOKEN, json!({ "n": " " })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
    }
}

on_both_databases! {
    async fn a_token_never_reaches_an_administrators_account(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let token = token(&app, &hr, "Entra ID").await;
        // Hilde (HR) and Lotte (line manager) also have employee records, linked to their
        // accounts: they can fall sick too.
        let tenant = e2e::bulk::demo_employer(&app).await;
        for (name, email) in [("Hilde Roelofs", "hr@korenschoof.example"), ("Lotte Geerts", "leidinggevende@korenschoof.example")] {
            let account = identity::repo::user_by_email(&app.state.db, email).await.unwrap().unwrap();
            employee::ActiveModel {
                id: Set(platform::ids::new_id()),
                tenant_id: Set(tenant),
                name: Set(name.into()),
                email: Set(Some(email.into())),
                user_id: Set(Some(account.id)),
                manager_follows_department: Set(false),
                created_at: Set(app.clock.now()),
                updated_at: Set(app.clock.now()),
                ..Default::default()
            }
            .insert(&app.state.db)
            .await
            .unwrap();
        }
        let res = app.gql(Some(&hr), "{ employees(first: 100) { nodes { id name } } }", json!({})).await;
        let hilde = res["data"]["employees"]["nodes"].as_array().unwrap().iter().find(|e| e["name"] == "Hilde Roelofs").unwrap()["id"].as_str().unwrap().to_string();
        let (_, _, list) = scim(&app, &token, "GET", &format!("/Users?filter={}", q("userName eq \"hr@korenschoof.example\" or userName eq \"leidinggevende@korenschoof.example\"")), None, &[]).await;
        assert_eq!(list["totalResults"], 0, "{list}");
        for (method, body) in [
            ("GET", None),
            ("PATCH", Some(patch(json!([{ "op": "replace", "path": "active", "value": false }])))),
            ("PATCH", Some(patch(json!([{ "op": "replace", "path": "userName", "value": "aanvaller@evil.example" }])))),
            ("PUT", Some(json!({ "schemas": [USER], "userName": "aanvaller@evil.example", "displayName": "X" }))),
            ("DELETE", None),
        ] {
            let (status, _, err) = scim(&app, &token, method, &format!("/Users/{hilde}"), body, &[]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method}: {err}");
        }
        let (status, _, err) = scim(&app, &token, "POST", "/Users", Some(json!({ "schemas": [USER], "userName": "hr@korenschoof.example", "displayName": "Hilde Roelofs" })), &[]).await;
        assert_eq!((status, err["scimType"].as_str()), (StatusCode::CONFLICT, Some("uniqueness")), "{err}");
        // She is untouched: she signs in, with her role.
        let again = app.login("hr@korenschoof.example").await;
        let me = app.gql(Some(&again), "{ me { email roles } }", json!({})).await;
        assert_eq!(me["data"]["me"]["roles"], json!(["HR_ADMIN"]));
        // A group cannot take her in either.
        let (status, _, err) = scim(&app, &token, "POST", "/Groups", Some(json!({ "schemas": [GROUP], "displayName": "Directie", "members": [{ "value": hilde }] })), &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        assert!(trail_has(&trail, "hr@korenschoof.example refused, the address belongs to an account outside provisioning"), "{trail}");
    }
}

on_both_databases! {
    async fn a_new_login_address_suspends_medical_access(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let token = token(&app, &hr, "Entra ID").await;
        let willem = user_id(&app, &token, "werknemer@korenschoof.example").await;
        let before = app.login("werknemer@korenschoof.example").await;
        let me = app.gql(Some(&before), "{ me { medicalAccess { status } } }", json!({})).await;
        assert_eq!(me["data"]["me"]["medicalAccess"]["status"], "ACTIVE", "{me}");
        let (status, _, user) = scim(&app, &token, "PATCH", &format!("/Users/{willem}"), Some(patch(json!([
            { "op": "replace", "path": "userName", "value": "Willem.Nijhuis@Korenschoof.example" } ]))), &[]).await;
        assert_eq!(status, StatusCode::OK, "{user}");
        assert_eq!(user["userName"], "willem.nijhuis@korenschoof.example");
        assert_eq!(user["emails"][0]["value"], "willem.nijhuis@korenschoof.example");
        // He signs in with the new address only; his medical file waits for his doctor.
        let old = login_error(&app, "werknemer@korenschoof.example", e2e::PASSWORD, None).await;
        assert_eq!(error_code(&old).as_deref(), Some("UNAUTHENTICATED"));
        let code = app.fresh_code("willem.nijhuis@korenschoof.example", demo::EMPLOYEE_TOTP).await;
        let res = login_error(&app, "willem.nijhuis@korenschoof.example", e2e::PASSWORD, Some(code)).await;
        let session = res["data"]["login"]["accessToken"].as_str().unwrap_or_else(|| panic!("{res}"));
        let me = app.gql(Some(session), "{ me { email medicalAccess { status suspendedReason } } }", json!({})).await;
        assert_eq!(me["data"]["me"]["email"], "willem.nijhuis@korenschoof.example");
        assert_eq!(me["data"]["me"]["medicalAccess"]["status"], "SUSPENDED", "{me}");
        assert_eq!(me["data"]["me"]["medicalAccess"]["suspendedReason"], "login address changed by the employer's provisioning");
        let res = app.gql(Some(&hr), "{ employees(first: 100) { nodes { name email } } }", json!({})).await;
        assert!(res["data"]["employees"]["nodes"].as_array().unwrap().iter().any(|e| e["email"] == "willem.nijhuis@korenschoof.example"));
        // Changing it through the e-mail alone is the same change.
        let (status, _, user) = scim(&app, &token, "PATCH", &format!("/Users/{willem}"), Some(patch(json!([
            { "op": "replace", "path": "emails[type eq \"work\"].value", "value": "w.nijhuis@korenschoof.example" } ]))), &[]).await;
        assert_eq!((status, user["userName"].as_str()), (StatusCode::OK, Some("w.nijhuis@korenschoof.example")), "{user}");
        let trail = app.gql(Some(&hr), TRAIL, json!({})).await;
        assert!(trail_has(&trail, "login address changed to willem.nijhuis@korenschoof.example; medical access suspended"), "{trail}");
    }
}

/// The compliance suite: `scim2-tester` (PyPI) against `/scim/v2` on a loopback socket, with
/// a token made through GraphQL, run by `tests/scim/compliance.py` with the test venv's
/// python (`POORTWACHTER_TEST_PYTHON`, set by `make test`).
async fn compliance(backend: Backend) {
    let Ok(python) = std::env::var("POORTWACHTER_TEST_PYTHON") else {
        assert!(
            e2e::skip_services(),
            "POORTWACHTER_TEST_PYTHON is not set: run `make test` (it installs scim2-tester in its venv), \
             or set E2E_SKIP_SERVICES=1 to skip the compliance suite"
        );
        eprintln!("compliance suite skipped: POORTWACHTER_TEST_PYTHON is not set");
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = TestApp::start(backend, |c| c.public_url = format!("http://{addr}")).await;
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let hr = app.login("hr@korenschoof.example").await;
    // Accounts at once (single sign-on), so switching them off and on is exercised too.
    enable_sso(&app, &hr).await;
    let token = token(&app, &hr, "scim2-tester").await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scim/compliance.py");
    let out = tokio::time::timeout(
        std::time::Duration::from_secs(600),
        tokio::process::Command::new(&python)
            .arg(&script)
            .arg(format!("http://{addr}/scim/v2"))
            .arg(&token)
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("the compliance suite finishes within 10 minutes")
    .expect("run the compliance script");
    server.abort();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "scim2-tester found failures:\n{stdout}"
    );
    assert!(stdout.contains("0 failed"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compliance_sqlite() {
    compliance(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compliance_postgres() {
    if e2e::skip_services() {
        return;
    }
    compliance(Backend::Postgres).await;
}
