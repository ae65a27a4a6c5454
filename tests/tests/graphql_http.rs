//! GraphQL over HTTP (the specification's media types and status codes): a client that asks
//! for `application/graphql-response+json` gets 400 without `data` for a request that never
//! ran, one that asks for `application/json` (or nothing) gets 200 as before; GET runs
//! queries and refuses mutations; an answer nobody accepts is 406. The full audit of
//! `graphql-http` runs in the browser suite (web/e2e/graphql-http.test.mjs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use e2e::{TestApp, on_both_databases};
use http::{Request, StatusCode};
use serde_json::Value;

async fn post(app: &TestApp, accept: Option<&str>, body: &str) -> (StatusCode, String, Value) {
    let mut req = Request::post("/graphql").header("content-type", "application/json");
    if let Some(a) = accept {
        req = req.header("accept", a);
    }
    let (status, headers, bytes) = app
        .http(req.body(Body::from(body.to_string())).unwrap())
        .await;
    let kind = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (
        status,
        kind,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

on_both_databases! {
    async fn media_types_and_status_codes_follow_the_specification(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let gr = Some("application/graphql-response+json, application/json;q=0.9");
        // A field error ran: 200 with data in both media types.
        let (status, kind, body) = post(&app, gr, r#"{"query":"{ __typename }"}"#).await;
        assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/graphql-response+json; charset=utf-8"));
        assert_eq!(body["data"]["__typename"], "Query");
        // Parse, validation and variable errors never ran: 400 and no data entry.
        for query in [r#"{"query":"{"}"#, r#"{"query":"{ nichtDa }"}"#, r#"{"query":"query($e: String!) { signInOptions(email: $e) { sso } }","variables":{"e":3}}"#] {
            let (status, _, body) = post(&app, gr, query).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
            assert!(body.get("data").is_none() && body["errors"].is_array(), "{body}");
            // The same with application/json, or without Accept: 200, as before the spec.
            for accept in [Some("application/json"), None, Some("*/*")] {
                let (status, kind, body) = post(&app, accept, query).await;
                assert_eq!(status, StatusCode::OK, "{accept:?} {query}: {body}");
                assert_eq!(kind, "application/json; charset=utf-8");
                assert!(body["errors"].is_array());
            }
        }
        // Nobody accepts HTML answers here.
        let (status, _, _) = post(&app, Some("text/html"), r#"{"query":"{ __typename }"}"#).await;
        assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
        // GET runs queries, never mutations.
        let get = |uri: &str| Request::get(uri).header("accept", "application/graphql-response+json").body(Body::empty()).unwrap();
        let (status, _, bytes) = app.http(get("/graphql?query=%7B__typename%7D")).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
        let (status, headers, _) = app.http(get("/graphql?query=mutation%20%7B%20logout%20%7D")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(headers["allow"], "POST");
    }
}
