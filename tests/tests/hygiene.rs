//! Small doors an attacker tries first: field hints for strangers, direction overrides in names
//! and titles, HSTS, a missing build file answered with the app page (and cached for a year),
//! and the development GraphiQL page without a CSP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use e2e::{TestApp, error_code, on_both_databases};
use http::{Request, StatusCode, header};
use platform::clock::Clock;
use serde_json::json;

on_both_databases! {
    async fn strangers_get_no_field_suggestions_and_overrides_are_refused(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        // Anonymous: the unknown field is named, nothing is suggested.
        let res = app.gql(None, "{ casess { __typename } }", json!({})).await;
        let message = res["errors"][0]["message"].as_str().unwrap().to_string();
        assert!(message.contains("casess"), "{res}");
        assert!(!message.contains("Did you mean"), "{res}");
        // A user of the app may get the hint.
        let hr = app.login("hr@korenschoof.example").await;
        let res = app.gql(Some(&hr), "{ casess { __typename } }", json!({})).await;
        assert!(res["errors"][0]["message"].as_str().unwrap().contains("Did you mean"), "{res}");

        // A name that displays as something else than it is.
        let res = app
            .gql(Some(&hr), "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }",
                json!({ "i": { "name": "Jan \u{202e}nitraM" } }))
            .await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        // A document title with an override (X-Title is percent-encoded UTF-8).
        let case = app.report_sick(&hr, "Eva Smit", app.clock.today()).await;
        let (status, res) = app
            .upload(&hr, &case, "CASE", "brief.pdf", Body::from("%PDF-1.4\nx\n"), &[("x-title", "Brief%E2%80%AEfdp.exe")])
            .await;
        assert!(status.is_client_error(), "{status} {res}");
        assert_eq!(res["error"]["code"], "VALIDATION", "{res}");
        let (status, res) = app
            .upload(&hr, &case, "CASE", "brief%E2%80%AEfdp.pdf", Body::from("%PDF-1.4\nx\n"), &[])
            .await;
        assert_eq!(status, StatusCode::CREATED, "the filename is cleaned, not refused: {res}");
        let docs = app.gql(Some(&hr), "query($c: ID!) { case(id: $c) { documents { filename } } }", json!({ "c": case })).await;
        assert_eq!(docs["data"]["case"]["documents"][0]["filename"], "brieffdp.pdf", "{docs}");
    }
}

on_both_databases! {
    async fn headers_of_the_web_app_and_the_development_pages(backend) {
        let app = TestApp::start(backend, |c| c.public_url = "https://verzuim.example".into()).await;
        let get = |path: &'static str| {
            let app = &app;
            async move { app.http(Request::get(path).body(Body::empty()).unwrap()).await }
        };
        // A missing build file is a 404, not the app page cached as immutable.
        let (status, headers, body) = get("/assets/index-missing.js").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_ne!(headers.get(header::CACHE_CONTROL).unwrap(), "public, max-age=31536000, immutable");
        assert!(!String::from_utf8_lossy(&body).contains("<title>"), "not index.html");
        // A real one is cached for good.
        std::fs::create_dir_all(app.dir.join("web/assets")).unwrap();
        std::fs::write(app.dir.join("web/assets/app-123.js"), "console.log(1)").unwrap();
        let (status, headers, _) = get("/assets/app-123.js").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "public, max-age=31536000, immutable");
        // The client routes still get the app.
        let (status, headers, body) = get("/werkgever/medewerkers").await;
        assert_eq!(status, StatusCode::OK);
        assert!(String::from_utf8_lossy(&body).contains("<title>"));
        // HTTPS public URL: HSTS everywhere.
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).unwrap().to_str().unwrap().starts_with("max-age="));
        let (_, headers, _) = get("/healthz").await;
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_some());
        // The development GraphiQL page carries a CSP of its own.
        let (status, headers, _) = get("/graphql").await;
        assert_eq!(status, StatusCode::OK);
        let csp = headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");

        // Plain http (the development server): no HSTS, or browsers refuse it for a year.
        let plain = TestApp::start(backend, |_| {}).await;
        let (_, headers, _) = plain.http(Request::get("/healthz").body(Body::empty()).unwrap()).await;
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
    }
}
