//! The HTTP surface: `/graphql`, health, readiness, metrics and the web app, behind request
//! ids, tracing, metrics and security headers.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use platform::{Actor, AppError, Ctx, RequestMeta};
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Content-Security-Policy of the web app: everything from our own origin; inline styles are
/// needed by the component library's runtime styles.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
                   font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The whole router.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/graphql", post(graphql).get(graphql_get))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/api/{*rest}", any(api_not_found))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    // Files stream for as long as the client needs; they have no 30-second limit.
    let api = api.merge(crate::files::routes());
    let api = api.merge(crate::bulk::routes());
    let api = api.merge(crate::sso::routes());
    let api = api.merge(crate::scim::routes());
    let web_dir = state.config.web_dir.clone();
    let web = ServiceBuilder::new()
        .layer(middleware::from_fn(web_cache_headers))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .service(ServeDir::new(&web_dir).fallback(ServeFile::new(web_dir.join("index.html"))));
    // A missing build file is a 404: answering index.html there would be cached as immutable.
    let assets = ServiceBuilder::new()
        .layer(middleware::from_fn(asset_cache_headers))
        .service(ServeDir::new(web_dir.join("assets")).not_found_service(any(assets_not_found)));
    let api = api.nest_service("/assets", assets);
    let hsts = state.config.public_url.starts_with("https://");
    api.fallback_service(web)
        .layer(middleware::from_fn_with_state(hsts, strict_transport_security))
        .layer(middleware::from_fn_with_state(state.clone(), track_metrics))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("no-referrer"),
                )),
        )
        .with_state(state)
}

async fn track_metrics(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    state.metrics.start();
    let response = next.run(req).await;
    state
        .metrics
        .finish(response.status().as_u16(), started.elapsed());
    response
}

/// `Strict-Transport-Security` when the public URL is https (never on plain http: a browser
/// would refuse the development server for a year).
async fn strict_transport_security(State(on): State<bool>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    if on {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

async fn assets_not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

/// Build files carry their content hash in the name: cache them for good, but never a miss.
async fn asset_cache_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let value = if response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-store"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// The app's pages (index.html for every client route) are checked again on every visit.
async fn web_cache_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A GraphQL-shaped error for failures before the schema runs (body too large, not JSON).
fn request_error(media: Media, status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": "VALIDATION" } }]
    });
    media.respond(status, &body)
}

/// The media type of a GraphQL answer (GraphQL over HTTP): `application/graphql-response+json`
/// when the client asks for it — then a request that never executed (unparsable, invalid,
/// wrong variables) is a 400 without a `data` entry — else `application/json`, where every
/// well-formed request answers 200, as clients written before the spec expect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Media {
    /// `application/graphql-response+json`.
    GraphqlResponse,
    /// `application/json` (also for `*/*` and a missing `Accept`).
    Json,
}

impl Media {
    /// The client's `Accept`, or `None` when it accepts neither JSON type (406).
    fn negotiate(headers: &HeaderMap) -> Option<Media> {
        let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
            return Some(Media::Json);
        };
        let (mut graphql, mut json) = (false, false);
        for range in accept.split(',') {
            let mut params = range.split(';');
            let kind = params
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let refused = params
                .filter_map(|p| p.trim().strip_prefix("q="))
                .any(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0));
            if refused {
                continue;
            }
            match kind.as_str() {
                "application/graphql-response+json" => graphql = true,
                "application/json" | "application/*" | "*/*" => json = true,
                _ => {}
            }
        }
        if graphql {
            Some(Media::GraphqlResponse)
        } else if json {
            Some(Media::Json)
        } else {
            None
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Media::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Media::Json => "application/json; charset=utf-8",
        }
    }

    fn respond(self, status: StatusCode, body: &impl serde::Serialize) -> Response {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                (status, [(header::CONTENT_TYPE, self.content_type())], bytes).into_response()
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot serialise a GraphQL answer");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

/// 406: the client accepts no JSON answer.
fn not_acceptable() -> Response {
    Media::Json.respond(
        StatusCode::NOT_ACCEPTABLE,
        &serde_json::json!({ "errors": [{ "message": "accept application/graphql-response+json or application/json", "extensions": { "code": "VALIDATION" } }] }),
    )
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Where the request came from: the socket peer, or the first `X-Forwarded-For` hop when the
/// operator said a trusted proxy sits in front.
pub(crate) fn request_meta(state: &AppState, req: &axum::http::request::Parts) -> RequestMeta {
    let headers = &req.headers;
    let peer = req
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = state
        .config
        .trust_forwarded_for
        .then(|| headers.get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.trim().parse::<IpAddr>().ok());
    RequestMeta {
        ip: forwarded.or(peer),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
        // Clients may send their own id (to correlate); it ends up in the access log, so only
        // a short token of safe characters is kept.
        request_id: headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .take(64)
                    .collect()
            }),
    }
}

/// The request context for `req`: the bearer token verified into an actor (or anonymous).
pub async fn request_ctx(
    state: &AppState,
    req: &axum::http::request::Parts,
) -> Result<Ctx, AppError> {
    let mut ctx = Ctx {
        db: state.db.clone(),
        actor: Actor::Anonymous,
        meta: request_meta(state, req),
        clock: state.clock.clone(),
        log: state.log.clone(),
        case_gate: Some(state.gate.clone()),
    };
    if let Some(token) = bearer(&req.headers) {
        match state.identity.authenticate(&ctx, token).await {
            Ok(user) => ctx.actor = Actor::User(user),
            // The token could not be checked (the database is away): that is our failure, not
            // the user's — answering UNAUTHENTICATED would log him out of the web app.
            Err(e @ AppError::Internal(_)) => return Err(e),
            // An invalid token is treated as no token: operations that need a user answer
            // UNAUTHENTICATED, and `login`/`refresh` still work with a stale header.
            Err(e) => tracing::debug!(error = %e, "bearer token not accepted"),
        }
    }
    Ok(ctx)
}

async fn graphql(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Some(media) = Media::negotiate(&parts.headers) else {
        return not_acceptable();
    };
    let ctx = match graphql_ctx(&state, &parts, media).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let body = match axum::body::to_bytes(body, state.config.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return request_error(
                media,
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "the request is larger than {} bytes",
                    state.config.max_body_bytes
                ),
            );
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => {
            return request_error(
                media,
                StatusCode::BAD_REQUEST,
                "the request body is not valid JSON",
            );
        }
    };
    if value.is_array() {
        return request_error(
            media,
            StatusCode::BAD_REQUEST,
            "batched requests are not supported; send one operation per request",
        );
    }
    if !value.get("query").is_some_and(serde_json::Value::is_string) {
        return request_error(
            media,
            StatusCode::BAD_REQUEST,
            "the request is not a GraphQL request ({\"query\": ..., \"variables\": {...}})",
        );
    }
    let request: async_graphql::Request = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(_) => {
            return request_error(
                media,
                StatusCode::BAD_REQUEST,
                "the request is not a GraphQL request ({\"query\": ..., \"variables\": {...}})",
            );
        }
    };
    execute(&state, ctx, request, media).await
}

/// The request's context, or the answer when the token cannot be checked.
async fn graphql_ctx(
    state: &AppState,
    parts: &axum::http::request::Parts,
    media: Media,
) -> Result<Ctx, Response> {
    request_ctx(state, parts).await.map_err(|e| {
        tracing::error!(error = %e, "authentication failed");
        media.respond(
            StatusCode::SERVICE_UNAVAILABLE,
            &serde_json::json!({
                "errors": [{
                    "message": "the service is unavailable for a moment; try again",
                    "extensions": { "code": "INTERNAL" }
                }]
            }),
        )
    })
}

/// `GET /graphql?query=…`: queries only (a mutation on GET is 405, so a link or an image tag
/// cannot change anything); without `query`, the development GraphiQL page where enabled.
async fn graphql_get(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let raw = parts.uri.query().unwrap_or_default();
    let asks = raw
        .split('&')
        .any(|p| p == "query" || p.starts_with("query="));
    if !asks {
        return graphiql(&state);
    }
    let Some(media) = Media::negotiate(&parts.headers) else {
        return not_acceptable();
    };
    let request = match async_graphql::http::parse_query_string(raw) {
        Ok(r) => r,
        Err(_) => {
            return request_error(
                media,
                StatusCode::BAD_REQUEST,
                "the query string is not a GraphQL request (?query=…&variables=…)",
            );
        }
    };
    if is_mutation(&request) {
        let mut response = request_error(
            media,
            StatusCode::METHOD_NOT_ALLOWED,
            "mutations are sent with POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let ctx = match graphql_ctx(&state, &parts, media).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    execute(&state, ctx, request, media).await
}

/// Whether the operation a request selects is a mutation (an unparsable one is not: the
/// executor answers that).
fn is_mutation(request: &async_graphql::Request) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return false;
    };
    let mutation = |ty: OperationType| ty == OperationType::Mutation;
    match &document.operations {
        DocumentOperations::Single(op) => mutation(op.node.ty),
        DocumentOperations::Multiple(ops) => match &request.operation_name {
            Some(name) => ops
                .get(name.as_str())
                .is_some_and(|op| mutation(op.node.ty)),
            None => ops.values().any(|op| mutation(op.node.ty)),
        },
    }
}

/// Runs a request and answers it in the negotiated media type.
async fn execute(
    state: &AppState,
    ctx: Ctx,
    request: async_graphql::Request,
    media: Media,
) -> Response {
    let anonymous = matches!(ctx.actor, Actor::Anonymous);
    let mut request = request.data(ctx);
    if anonymous {
        // The schema is public in the repository, but a live server tells only its users.
        request = request.disable_introspection();
    }
    let mut response = state.schema.execute(request).await;
    if anonymous {
        // Nor does it spell out its field names to a stranger through validation hints.
        for error in &mut response.errors {
            error.message = without_suggestions(&error.message);
        }
    }
    // A request that never ran (parse, validation or variable errors) has no data and errors
    // without a path; a field error always has one.
    let never_ran = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    if media == Media::GraphqlResponse && never_ran {
        return media.respond(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({ "errors": response.errors }),
        );
    }
    media.respond(StatusCode::OK, &response)
}

/// A validation message without its "Did you mean …?" hint.
fn without_suggestions(message: &str) -> String {
    match message.find(" Did you mean") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// The development GraphiQL page loads its scripts and styles from unpkg (async-graphql's
/// page); nothing else may load, frame it or be sent anywhere but this server.
const GRAPHIQL_CSP: &str = "default-src 'none'; script-src 'unsafe-inline' https://unpkg.com; \
                            style-src 'unsafe-inline' https://unpkg.com; img-src 'self' data: https://graphql.org; \
                            font-src data: https://unpkg.com; connect-src 'self'; frame-ancestors 'none'; \
                            base-uri 'none'; form-action 'none'";

fn graphiql(state: &AppState) -> Response {
    if !state.config.graphiql() {
        return (StatusCode::METHOD_NOT_ALLOWED, "use POST").into_response();
    }
    (
        [(header::CONTENT_SECURITY_POLICY, GRAPHIQL_CSP)],
        Html(
            async_graphql::http::GraphiQLSource::build()
                .endpoint("/graphql")
                .finish(),
        ),
    )
        .into_response()
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    let pool = match state.db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => Some(state.db.get_postgres_connection_pool().size()),
        sea_orm::DatabaseBackend::Sqlite => Some(state.db.get_sqlite_connection_pool().size()),
        _ => None,
    };
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(pool),
    )
        .into_response()
}

async fn api_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(serde_json::json!({ "error": "not found", "code": "NOT_FOUND" })),
    )
        .into_response()
}
