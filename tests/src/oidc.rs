//! Signing in through the real OpenID provider `make test` starts (`tests/oidc`, the npm
//! package `oidc-provider` on loopback): the browser's walk from `/api/sso/start` through the
//! provider's login form to `/api/sso/callback`, done with a plain HTTP client and a cookie
//! jar as a browser would, redirect by redirect.
//!
//! The provider's login name may carry a misbehaviour mode (`aud:eva@…`, see
//! tests/oidc/README.md): the provider then hands out an ID token that a relying party must
//! refuse (tampered signature, another audience, a wrong nonce, …).

use axum::body::Body;
use http::{Request, StatusCode};
use serde_json::{Value, json};

use crate::TestApp;

/// The password of every account at the test provider.
pub const PROVIDER_PASSWORD: &str = "correct horse";
/// Our client at the test provider.
pub const CLIENT_ID: &str = "poortwachter";
/// Its secret.
pub const CLIENT_SECRET: &str = "poortwachter-test-secret";

/// The test provider's issuer, or `None` when the services are skipped on purpose.
pub fn issuer() -> Option<String> {
    if crate::skip_services() {
        return None;
    }
    Some(
        std::env::var("POORTWACHTER_TEST_OIDC").expect(
            "POORTWACHTER_TEST_OIDC is not set: run `make test`, or set E2E_SKIP_SERVICES=1",
        ),
    )
}

/// Sets the organisation of `admin` to sign in through the test provider for `domains`.
pub async fn configure(
    app: &TestApp,
    admin: &str,
    issuer: &str,
    domains: &[&str],
    sso_only: bool,
) -> Value {
    app.gql(
        Some(admin),
        "mutation($i: SingleSignOnInput!) { configureSingleSignOn(input: $i) { issuer clientId hasClientSecret domains ssoOnly enabled redirectUri } }",
        json!({ "i": { "issuer": issuer, "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "domains": domains, "ssoOnly": sso_only } }),
    )
    .await
}

/// Where a sign-in ended: the `Location` our callback sent the browser to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Landing {
    /// `/login/sso#ticket=…`.
    Ticket(String),
    /// `/login?sso=<reason>`.
    Refused(String),
}

impl Landing {
    /// The ticket, or a panic naming where it landed.
    pub fn ticket(&self) -> String {
        match self {
            Landing::Ticket(t) => t.clone(),
            other => panic!("no ticket: {other:?}"),
        }
    }
}

/// A browser: a cookie jar for the provider, and our `pw_sso` cookie.
#[derive(Default)]
pub struct Browser {
    jar: Vec<(String, String, String)>,
    ours: Option<String>,
}

impl Browser {
    /// A new browser.
    pub fn new() -> Self {
        Self::default()
    }

    /// `GET /api/sso/start?email=…`: the provider's authorization URL (our cookie is kept),
    /// or where we sent the browser instead (`/login?sso=…`).
    pub async fn start(&mut self, app: &TestApp, email: &str) -> String {
        let (status, headers, _) = app
            .http(
                Request::get(format!(
                    "/api/sso/start?email={}",
                    email.replace('+', "%2B")
                ))
                .header("x-forwarded-for", "192.0.2.1")
                .body(Body::empty())
                .unwrap(),
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        for c in headers.get_all("set-cookie") {
            let c = c.to_str().unwrap();
            if let Some(v) = c.strip_prefix("pw_sso=") {
                self.ours = Some(v.split(';').next().unwrap().to_string());
            }
        }
        headers["location"].to_str().unwrap().to_string()
    }

    /// Walks the provider from `authorize` as `login` with `password` until it sends the
    /// browser back to our callback; that URL (path and query).
    pub async fn at_provider(&mut self, authorize: &str, login: &str, password: &str) -> String {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut url = authorize.to_string();
        let mut posted = false;
        for _ in 0..20 {
            if let Some(i) = url.find("/api/sso/callback") {
                return url[i..].to_string();
            }
            let res = client
                .get(&url)
                .header("cookie", self.cookies_for(&url))
                .send()
                .await
                .unwrap();
            self.keep(&res);
            let status = res.status();
            if status.is_redirection() {
                url = join(&url, res.headers()["location"].to_str().unwrap());
                continue;
            }
            let page = res.text().await.unwrap();
            assert_eq!(status.as_u16(), 200, "{url}: {page}");
            assert!(!posted, "the provider showed its form again: {page}");
            let action = page
                .split("action=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("no form at {url}: {page}"));
            let target = join(&url, action);
            let res = client
                .post(&target)
                .header("cookie", self.cookies_for(&target))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!(
                    "login={}&password={}",
                    form_encode(login),
                    form_encode(password)
                ))
                .send()
                .await
                .unwrap();
            self.keep(&res);
            posted = true;
            assert!(
                res.status().is_redirection(),
                "login at the provider failed: {}",
                res.text().await.unwrap()
            );
            url = join(&target, res.headers()["location"].to_str().unwrap());
        }
        panic!("the provider did not send the browser back");
    }

    /// `GET` our callback (with our cookie, if this browser has it): where it lands.
    pub async fn callback(&self, app: &TestApp, path_and_query: &str) -> Landing {
        let mut req = Request::get(path_and_query).header("x-forwarded-for", "192.0.2.1");
        if let Some(c) = &self.ours {
            req = req.header("cookie", format!("pw_sso={c}"));
        }
        let (status, headers, _) = app.http(req.body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let location = headers["location"].to_str().unwrap().to_string();
        if let Some(t) = location.strip_prefix("/login/sso#ticket=") {
            Landing::Ticket(t.to_string())
        } else if let Some(r) = location.strip_prefix("/login?sso=") {
            Landing::Refused(r.to_string())
        } else {
            panic!("unexpected landing {location}")
        }
    }

    /// The whole walk for `email`, signing in at the provider as `login`.
    pub async fn sign_in(&mut self, app: &TestApp, email: &str, login: &str) -> Landing {
        let authorize = self.start(app, email).await;
        if let Some(r) = authorize.strip_prefix("/login?sso=") {
            return Landing::Refused(r.to_string());
        }
        let back = self.at_provider(&authorize, login, PROVIDER_PASSWORD).await;
        self.callback(app, &back).await
    }

    fn keep(&mut self, res: &reqwest::Response) {
        for c in res.headers().get_all("set-cookie") {
            let c = c.to_str().unwrap();
            let mut parts = c.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.trim().split_once('=')) else {
                continue;
            };
            let path = parts
                .filter_map(|p| p.trim().split_once('='))
                .find(|(k, _)| k.eq_ignore_ascii_case("path"))
                .map_or("/".to_string(), |(_, v)| v.to_string());
            self.jar.retain(|(n, _, p)| !(n == name && *p == path));
            if !value.is_empty() {
                self.jar.push((name.to_string(), value.to_string(), path));
            }
        }
    }

    fn cookies_for(&self, url: &str) -> String {
        let path = path_of(url);
        self.jar
            .iter()
            .filter(|(_, _, p)| path.starts_with(p.as_str()))
            .map(|(n, v, _)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// `completeSsoLogin(ticket, totp)`.
pub async fn complete(app: &TestApp, ticket: &str, totp: Option<&str>) -> Value {
    app.gql(
        None,
        "mutation($t: String!, $c: String) { completeSsoLogin(ticket: $t, totp: $c) { accessToken mfaRequired passkeyChallenge { id } } }",
        json!({ "t": ticket, "c": totp }),
    )
    .await
}

fn origin(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    url[after..].find('/').map_or(url, |i| &url[..after + i])
}

fn path_of(url: &str) -> String {
    let rest = &url[origin(url).len()..];
    rest.split(['?', '#']).next().unwrap_or("/").to_string()
}

fn join(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        location.to_string()
    } else {
        format!("{}{location}", origin(base))
    }
}

fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
