//! The browser's side of single sign-on: `GET /api/sso/start?email=…` sends it to the
//! organisation's identity provider, `GET /api/sso/callback` takes the provider's answer.
//! Both answer with redirects only: on success to `/login/sso#ticket=…` (in the fragment, so
//! the ticket is in no server log and no `Referer`), where the web app exchanges it with
//! `completeSsoLogin`; on failure to `/login?sso=<reason>`, where the login page explains it
//! in Dutch and offers the password form where the organisation allows one.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use identity::service::{SsoCallback, SsoRefusal};
use platform::{AppError, ErrorReason};
use serde::Deserialize;

use crate::http::request_ctx;
use crate::state::AppState;

/// The cookie that ties a sign-in to the browser that started it (login CSRF: without it, an
/// attacker could finish his own sign-in in someone else's browser).
const COOKIE: &str = "pw_sso";

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/sso/start", get(start))
        .route("/api/sso/callback", get(callback))
}

#[derive(Deserialize)]
struct StartParams {
    email: String,
}

async fn start(
    State(state): State<AppState>,
    Query(params): Query<StartParams>,
    req: axum::extract::Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = match request_ctx(&state, &parts).await {
        Ok(ctx) => ctx,
        Err(_) => return to_login(&state, "unavailable"),
    };
    match state.identity.start_sso(&ctx, &params.email).await {
        Ok(started) => {
            let cookie = format!(
                "{COOKIE}={}; Path=/api/sso; Max-Age=600; HttpOnly; SameSite=Lax{}",
                started.browser_secret,
                secure(&state)
            );
            redirect(&started.url, Some(&cookie))
        }
        Err(AppError::RateLimited { .. }) => to_login(&state, "busy"),
        Err(AppError::Validation { .. }) => to_login(&state, "refused"),
        Err(AppError::Unauthenticated {
            reason: ErrorReason::SsoFailed,
            ..
        }) => to_login(&state, "unavailable"),
        Err(e) => {
            tracing::error!(error = %e, "single sign-on start failed");
            to_login(&state, "unavailable")
        }
    }
}

#[derive(Deserialize)]
struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    Query(params): Query<CallbackParams>,
    req: axum::extract::Request,
) -> Response {
    let (parts, _) = req.into_parts();
    // The provider said no (the person cancelled, or is not assigned to the application).
    if let Some(error) = params.error.as_deref() {
        tracing::info!(error, "identity provider answered with an error");
        return to_login(
            &state,
            if error == "access_denied" {
                "cancelled"
            } else {
                "refused"
            },
        );
    }
    let (Some(code), Some(oidc_state)) = (params.code.as_deref(), params.state.as_deref()) else {
        return to_login(&state, "refused");
    };
    let ctx = match request_ctx(&state, &parts).await {
        Ok(ctx) => ctx,
        Err(_) => return to_login(&state, "unavailable"),
    };
    let browser = cookie(&parts.headers, COOKIE);
    let clear = format!(
        "{COOKIE}=; Path=/api/sso; Max-Age=0; HttpOnly; SameSite=Lax{}",
        secure(&state)
    );
    match state
        .identity
        .finish_sso(&ctx, oidc_state, code, browser.as_deref())
        .await
    {
        Ok(SsoCallback::Ticket(ticket)) => {
            redirect(&format!("/login/sso#ticket={ticket}"), Some(&clear))
        }
        Ok(SsoCallback::Refused(refusal)) => {
            let mut response = to_login(&state, refusal.code());
            if refusal != SsoRefusal::Unavailable
                && let Ok(v) = HeaderValue::from_str(&clear)
            {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Err(AppError::RateLimited { .. }) => to_login(&state, "busy"),
        Err(e) => {
            tracing::error!(error = %e, "single sign-on callback failed");
            to_login(&state, "unavailable")
        }
    }
}

fn secure(state: &AppState) -> &'static str {
    if state.config.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    }
}

fn to_login(_state: &AppState, reason: &str) -> Response {
    redirect(&format!("/login?sso={reason}"), None)
}

fn redirect(location: &str, cookie: Option<&str>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    match HeaderValue::from_str(location) {
        Ok(v) => {
            headers.insert(header::LOCATION, v);
        }
        Err(_) => {
            headers.insert(
                header::LOCATION,
                HeaderValue::from_static("/login?sso=refused"),
            );
        }
    }
    if let Some(c) = cookie.and_then(|c| HeaderValue::from_str(c).ok()) {
        headers.append(header::SET_COOKIE, c);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The value of cookie `name`, if the request carries it.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}
