//! Abusive and malformed requests are refused with clear errors while the server stays up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use e2e::{Backend, TestApp, error_code};
use http::{Request, StatusCode};
use serde_json::{Value, json};

/// The introspection query graphql-codegen and GraphiQL send.
const INTROSPECTION: &str = r#"query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
 types { ...FullType } directives { name description locations args { ...InputValue } } } }
fragment FullType on __Type { kind name description
 fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
 inputFields { ...InputValue } interfaces { ...TypeRef }
 enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }"#;

async fn raw(app: &TestApp, body: impl Into<Body>) -> (StatusCode, Value) {
    let req = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap();
    let (status, _, bytes) = app.http(req).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn introspection_is_for_users_only_and_fits_the_limits() {
    let app = TestApp::start(Backend::Sqlite, |_| {}).await;
    let anon = app.gql(None, INTROSPECTION, json!({})).await;
    assert!(
        anon["data"]["__schema"].is_null(),
        "anonymous introspection allowed: {anon}"
    );
    let token = app.login("hr@korenschoof.example").await;
    let res = app.gql(Some(&token), INTROSPECTION, json!({})).await;
    assert!(res.get("errors").is_none(), "{res}");
    assert_eq!(res["data"]["__schema"]["queryType"]["name"], "Query");
}

#[tokio::test]
async fn deep_wide_and_aliased_queries_are_refused() {
    let app = TestApp::start(Backend::Sqlite, |c| c.graphql_max_aliases = 20).await;
    let token = app.login("hr@korenschoof.example").await;
    // Depth: nest __type/ofType beyond the limit.
    let mut deep = String::from("name");
    for _ in 0..20 {
        deep = format!("ofType {{ {deep} }}");
    }
    let res = app
        .gql(
            Some(&token),
            &format!("{{ __type(name: \"Me\") {{ {deep} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
    // Aliases: the same field 50 times.
    let many: String = (0..50).map(|i| format!("a{i}: me {{ id }} ")).collect();
    let res = app
        .gql(Some(&token), &format!("{{ {many} }}"), json!({}))
        .await;
    assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
    assert!(
        res["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("aliases")
    );
    // Page size is capped rather than obeyed.
    let res = app
        .gql(
            Some(&token),
            "{ employees(first: 100000) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert!(res["data"]["employees"]["nodes"].as_array().unwrap().len() <= 100);
    let res = app
        .gql(
            Some(&token),
            "{ employees(first: -1) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"));
    // Syntax errors and unknown fields carry a code too.
    let res = app.gql(Some(&token), "{ me { id ", json!({})).await;
    assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"));
    let res = app
        .gql(Some(&token), "{ me { diagnosis } }", json!({}))
        .await;
    assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"));
    // Still healthy.
    let ok = app.gql(Some(&token), "{ me { id } }", json!({})).await;
    assert!(ok.get("errors").is_none());
}

#[tokio::test]
async fn malformed_oversized_and_batched_bodies_get_json_errors() {
    let app = TestApp::start(Backend::Sqlite, |c| c.max_body_bytes = 4096).await;
    let (status, body) = raw(&app, "{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
    let (status, body) = raw(
        &app,
        r#"[{"query":"{ me { id } }"},{"query":"{ me { id } }"}]"#,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("batched")
    );
    let (status, body) = raw(&app, r#"{"querx": 1}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
    let big = json!({ "query": format!("{{ me {{ id }} }} #{}", "x".repeat(10_000)) }).to_string();
    let (status, body) = raw(&app, big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
    let (status, _, _) = app
        .http(Request::get("/healthz").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn health_readiness_metrics_and_web_app_are_served() {
    let app = TestApp::start(Backend::Sqlite, |_| {}).await;
    let (status, headers, body) = app
        .http(Request::get("/readyz").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"ready");
    assert!(headers.get("x-request-id").is_some(), "no request id");
    let (status, headers, body) = app
        .http(Request::get("/metrics").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("poortwachter_http_requests_total")
    );
    // Deep links of the single-page app get index.html with a strict CSP.
    let (status, headers, body) = app
        .http(
            Request::get("/werkgever/medewerkers")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("<title>Poortwachter</title>")
    );
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    // Unknown API paths are API 404s, not the web app.
    let (status, _, _) = app
        .http(Request::get("/api/nothing").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // GraphQL answers are never cached.
    let req = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"query":"{ me { id } }"}"#))
        .unwrap();
    let (_, headers, _) = app.http(req).await;
    assert_eq!(headers["cache-control"], "no-store");
}
