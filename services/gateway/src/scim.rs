//! SCIM 2.0 at `/scim/v2` (RFC 7644): an employer's identity provider provisions its employees
//! (`/Users`) and departments (`/Groups`) with a bearer token its HR administrator created
//! (`createScimToken`). Thin: each route reads the request, calls `identity`'s provisioning
//! use case, and writes `application/scim+json` — errors in the SCIM error schema, 401 with
//! `WWW-Authenticate: Bearer realm="scim"`. The protocol itself (filters, PATCH, the JSON of
//! resources, discovery documents) is `identity::scim`.

use std::collections::HashMap;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, post};
use axum::{Extension, Router};
use identity::Identity;
use identity::scim::filter::{self, AttrPath};
use identity::scim::patch;
use identity::scim::resources::{
    self, GroupInput, UserInput, attribute_list, group_json, project, user_json,
};
use identity::scim::schemas::{self, GROUP, ResourceDef, USER};
use identity::scim::{
    CONTENT_TYPE, DEFAULT_COUNT, GROUP_SCHEMA, LIST_RESPONSE, MAX_BODY_BYTES, MAX_COUNT, ScimError,
    USER_SCHEMA, check_schemas, etag_matches, get_ci,
};
use identity::service::provisioning::ScimClient;
use platform::{Actor, AppError, Ctx};
use serde_json::{Value, json};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use uuid::Uuid;

use crate::state::AppState;

/// The routes under `/scim/v2`.
pub fn routes() -> Router<AppState> {
    let scim = Router::new()
        .merge(resource_routes(Kind::Users))
        .merge(resource_routes(Kind::Groups))
        .route(
            "/scim/v2/ServiceProviderConfig",
            only(get(service_provider_config)),
        )
        .route("/scim/v2/Schemas", only(get(list_schemas)))
        .route("/scim/v2/Schemas/{id}", only(get(get_schema)))
        .route("/scim/v2/ResourceTypes", only(get(list_resource_types)))
        .route("/scim/v2/ResourceTypes/{id}", only(get(get_resource_type)))
        .route("/scim/v2/.search", only(post(search_all)))
        // What RFC 7644 names and Poortwachter does not offer (ServiceProviderConfig says so).
        .route("/scim/v2/Bulk", any(not_implemented))
        .route("/scim/v2/Me", any(not_implemented))
        .route("/scim/v2", any(not_found))
        .route("/scim/v2/", any(not_found))
        .route("/scim/v2/{*rest}", any(not_found));
    scim.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        Duration::from_secs(30),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ))
}

/// A method router whose other methods answer 405 in the SCIM error schema.
fn only(router: MethodRouter<AppState>) -> MethodRouter<AppState> {
    router.fallback(method_not_allowed)
}

/// An answer in `application/scim+json`.
fn scim_json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    response
}

/// A SCIM error; 401 says how to authenticate.
fn error(e: ScimError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = scim_json(status, &e.to_json());
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"scim\""),
        );
    }
    response
}

async fn method_not_allowed() -> Response {
    error(ScimError::new(
        405,
        None,
        "this method is not supported on this endpoint",
    ))
}

async fn not_implemented(_scim: Scim) -> Response {
    error(ScimError::new(
        501,
        None,
        "not supported by this service provider (see /ServiceProviderConfig)",
    ))
}

async fn not_found(_scim: Scim) -> Response {
    error(ScimError::new(404, None, "no such endpoint"))
}

/// An authenticated provisioning request: the context (its actor is the token's employer's
/// provisioning), the client, the base URL resources are located under, and the identity
/// service that answers it.
struct Scim {
    ctx: Ctx,
    client: ScimClient,
    base: String,
    identity: Identity,
}

impl FromRequestParts<AppState> for Scim {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut ctx = Ctx {
            db: state.db.clone(),
            actor: Actor::Anonymous,
            meta: crate::http::request_meta(state, parts),
            clock: state.clock.clone(),
            log: state.log.clone(),
            case_gate: Some(state.gate.clone()),
        };
        let unauthorized = || {
            error(ScimError::new(
                401,
                None,
                "a valid provisioning token is required (Authorization: Bearer <token>)",
            ))
        };
        let Some(token) = crate::http::bearer(&parts.headers) else {
            return Err(unauthorized());
        };
        match state.identity.authenticate_scim(&ctx, token).await {
            Ok(client) => {
                ctx.actor = client.actor();
                Ok(Scim {
                    ctx,
                    client,
                    base: format!("{}/scim/v2", state.config.public_url.trim_end_matches('/')),
                    identity: state.identity.clone(),
                })
            }
            Err(e @ AppError::Internal(_)) => Err(error(e.into())),
            Err(e) => {
                tracing::info!(error = %e, "provisioning token refused");
                Err(unauthorized())
            }
        }
    }
}

/// The request body as JSON: at most [`MAX_BODY_BYTES`], a JSON content type (or none).
async fn json_body(headers: &HeaderMap, body: Body) -> Result<Value, ScimError> {
    if let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        let essence = kind
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if essence != CONTENT_TYPE && essence != "application/json" {
            return Err(ScimError::new(
                415,
                None,
                format!("send {CONTENT_TYPE} (or application/json), not {essence}"),
            ));
        }
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            ScimError::new(
                413,
                None,
                format!("the request is larger than {MAX_BODY_BYTES} bytes"),
            )
        })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ScimError::bad("invalidSyntax", format!("the body is not valid JSON: {e}")))
}

/// A resource id from the path: anything that is not one of ours names nothing.
fn resource_id(raw: &str) -> Result<Uuid, ScimError> {
    platform::ids::parse_id(raw).ok_or_else(ScimError::not_found)
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// `attributes` and `excludedAttributes`.
struct Projection {
    attributes: Vec<AttrPath>,
    excluded: Vec<AttrPath>,
}

impl Projection {
    fn from_query(q: &HashMap<String, String>) -> Result<Projection, ScimError> {
        Ok(Projection {
            attributes: attribute_list(q.get("attributes").map(String::as_str))?,
            excluded: attribute_list(q.get("excludedAttributes").map(String::as_str))?,
        })
    }

    fn apply(&self, resource: &Value, def: &ResourceDef) -> Value {
        project(resource, def, &self.attributes, &self.excluded)
    }
}

/// One resource with its version as `ETag` (and `Location` when created).
fn resource_response(
    status: StatusCode,
    resource: &Value,
    def: &ResourceDef,
    projection: &Projection,
) -> Response {
    let mut response = scim_json(status, &projection.apply(resource, def));
    if let Some(v) = resource["meta"]["version"]
        .as_str()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        response.headers_mut().insert(header::ETAG, v);
    }
    if status == StatusCode::CREATED
        && let Some(l) = resource["meta"]["location"]
            .as_str()
            .and_then(|l| HeaderValue::from_str(l).ok())
    {
        response.headers_mut().insert(header::LOCATION, l);
    }
    response
}

/// A GET of one resource, or 304 when `If-None-Match` names its version.
fn get_response(
    headers: &HeaderMap,
    resource: &Value,
    def: &ResourceDef,
    projection: &Projection,
) -> Response {
    let version = resource["meta"]["version"].as_str().unwrap_or_default();
    if let Some(h) = header(headers, header::IF_NONE_MATCH)
        && etag_matches(h, version)
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = HeaderValue::from_str(version) {
            response.headers_mut().insert(header::ETAG, v);
        }
        return response;
    }
    resource_response(StatusCode::OK, resource, def, projection)
}

/// What a list asks for: filter, page and projection.
struct ListRequest {
    filter: Option<filter::Filter>,
    start_index: usize,
    count: usize,
    projection: Projection,
}

fn positive(raw: Option<&Value>, name: &str, default: usize) -> Result<usize, ScimError> {
    match raw {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(n)) => Ok(n
            .as_i64()
            .map(|n| usize::try_from(n.max(0)).unwrap_or(0))
            .unwrap_or(default)),
        Some(Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map(|n| usize::try_from(n.max(0)).unwrap_or(0))
            .map_err(|_| ScimError::invalid_value(format!("{name} must be a number"))),
        Some(_) => Err(ScimError::invalid_value(format!("{name} must be a number"))),
    }
}

impl ListRequest {
    fn from_query(q: &HashMap<String, String>) -> Result<ListRequest, ScimError> {
        let filter = match q.get("filter").map(|f| f.trim()) {
            None | Some("") => None,
            Some(f) => Some(filter::parse(f)?),
        };
        Ok(ListRequest {
            filter,
            start_index: positive(
                q.get("startIndex")
                    .map(|s| Value::from(s.as_str()))
                    .as_ref(),
                "startIndex",
                1,
            )?
            .max(1),
            count: positive(
                q.get("count").map(|s| Value::from(s.as_str())).as_ref(),
                "count",
                DEFAULT_COUNT,
            )?
            .min(MAX_COUNT),
            projection: Projection::from_query(q)?,
        })
    }

    /// From a `POST …/.search` body.
    fn from_body(body: &Value) -> Result<ListRequest, ScimError> {
        if !identity::scim::names_schema(body, identity::scim::SEARCH_REQUEST) {
            return Err(ScimError::invalid_value(format!(
                "a search names the schema {}",
                identity::scim::SEARCH_REQUEST
            )));
        }
        let filter = match get_ci(body, "filter") {
            None | Some(Value::Null) => None,
            Some(Value::String(f)) if f.trim().is_empty() => None,
            Some(Value::String(f)) => Some(filter::parse(f)?),
            Some(_) => return Err(ScimError::invalid_value("filter must be a string")),
        };
        let list = |key: &str| -> Result<Vec<AttrPath>, ScimError> {
            match get_ci(body, key) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(items)) => {
                    let joined: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                    attribute_list(Some(&joined.join(",")))
                }
                Some(Value::String(s)) => attribute_list(Some(s)),
                Some(_) => Err(ScimError::invalid_value(format!("{key} must be an array"))),
            }
        };
        Ok(ListRequest {
            filter,
            start_index: positive(get_ci(body, "startIndex"), "startIndex", 1)?.max(1),
            count: positive(get_ci(body, "count"), "count", DEFAULT_COUNT)?.min(MAX_COUNT),
            projection: Projection {
                attributes: list("attributes")?,
                excluded: list("excludedAttributes")?,
            },
        })
    }

    /// A page of `all` as a ListResponse.
    fn page(&self, all: Vec<Value>, def: &'static ResourceDef) -> Response {
        self.page_of(all, |_| def)
    }

    /// A page of resources of several types (`def_of` tells each one's type).
    fn page_of(
        &self,
        all: Vec<Value>,
        def_of: impl Fn(&Value) -> &'static ResourceDef,
    ) -> Response {
        let total = all.len();
        let items: Vec<Value> = all
            .iter()
            .skip(self.start_index - 1)
            .take(self.count)
            .map(|r| self.projection.apply(r, def_of(r)))
            .collect();
        scim_json(
            StatusCode::OK,
            &json!({
                "schemas": [LIST_RESPONSE],
                "totalResults": total,
                "itemsPerPage": items.len(),
                "startIndex": self.start_index,
                "Resources": items,
            }),
        )
    }
}

// ----- Users and Groups ----------------------------------------------------------------------

/// What a POST or PUT body says a resource is to be.
enum Input {
    User(UserInput),
    Group(GroupInput),
}

/// Which resource a route serves: the two are read, written and answered alike, and differ
/// only in their schema, their JSON and the use cases of `identity` behind them.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Users,
    Groups,
}

impl Kind {
    /// The endpoint under `/scim/v2`.
    fn endpoint(self) -> &'static str {
        match self {
            Kind::Users => "Users",
            Kind::Groups => "Groups",
        }
    }

    /// The resource's schema (what projections and PATCH paths name).
    fn def(self) -> &'static ResourceDef {
        match self {
            Kind::Users => &USER,
            Kind::Groups => &GROUP,
        }
    }

    /// The resources matching `filter`, as served.
    async fn list(
        self,
        s: &Scim,
        filter: Option<&filter::Filter>,
    ) -> Result<Vec<Value>, ScimError> {
        let (identity, ctx, client, base) = (&s.identity, &s.ctx, &s.client, &s.base);
        match self {
            Kind::Users => identity.scim_users(ctx, client, filter, base).await,
            Kind::Groups => identity.scim_groups(ctx, client, filter, base).await,
        }
    }

    async fn get(self, s: &Scim, id: Uuid) -> Result<Value, ScimError> {
        let (identity, ctx, client, base) = (&s.identity, &s.ctx, &s.client, &s.base);
        Ok(match self {
            Kind::Users => user_json(&identity.scim_user(ctx, client, id).await?, base),
            Kind::Groups => group_json(&identity.scim_group(ctx, client, id).await?, base),
        })
    }

    /// A POST or PUT body read as the resource it is to be, once its schemas are checked.
    fn input(self, body: &Value) -> Result<Input, ScimError> {
        Ok(match self {
            Kind::Users => {
                check_schemas(body, USER_SCHEMA, &[identity::scim::ENTERPRISE_SCHEMA])?;
                Input::User(resources::parse_user(body, None)?)
            }
            Kind::Groups => {
                check_schemas(body, GROUP_SCHEMA, &[])?;
                Input::Group(resources::parse_group(body, false)?)
            }
        })
    }

    async fn create(self, s: &Scim, body: &Value) -> Result<Value, ScimError> {
        let (identity, ctx, client, base) = (&s.identity, &s.ctx, &s.client, &s.base);
        Ok(match self.input(body)? {
            Input::User(input) => {
                user_json(&identity.scim_create_user(ctx, client, input).await?, base)
            }
            Input::Group(input) => {
                group_json(&identity.scim_create_group(ctx, client, input).await?, base)
            }
        })
    }

    async fn replace(
        self,
        s: &Scim,
        id: Uuid,
        body: &Value,
        if_match: Option<&str>,
    ) -> Result<Value, ScimError> {
        let (identity, ctx, client, base) = (&s.identity, &s.ctx, &s.client, &s.base);
        Ok(match self.input(body)? {
            Input::User(input) => {
                let record = identity
                    .scim_replace_user(ctx, client, id, input, if_match)
                    .await?;
                user_json(&record, base)
            }
            Input::Group(input) => {
                let record = identity
                    .scim_replace_group(ctx, client, id, input, if_match)
                    .await?;
                group_json(&record, base)
            }
        })
    }

    async fn patch(
        self,
        s: &Scim,
        id: Uuid,
        ops: &[patch::Operation],
        if_match: Option<&str>,
    ) -> Result<Value, ScimError> {
        let (identity, ctx, client, base) = (&s.identity, &s.ctx, &s.client, &s.base);
        Ok(match self {
            Kind::Users => {
                let record = identity
                    .scim_patch_user(ctx, client, id, ops, if_match, base)
                    .await?;
                user_json(&record, base)
            }
            Kind::Groups => {
                let record = identity
                    .scim_patch_group(ctx, client, id, ops, if_match, base)
                    .await?;
                group_json(&record, base)
            }
        })
    }

    async fn delete(self, s: &Scim, id: Uuid, if_match: Option<&str>) -> Result<(), ScimError> {
        let (identity, ctx, client) = (&s.identity, &s.ctx, &s.client);
        match self {
            Kind::Users => identity.scim_delete_user(ctx, client, id, if_match).await,
            Kind::Groups => identity.scim_delete_group(ctx, client, id, if_match).await,
        }
    }
}

/// The routes of one resource — `/scim/v2/Users` (GET, POST), `/scim/v2/Users/.search` (POST)
/// and `/scim/v2/Users/{id}` (GET, PUT, PATCH, DELETE), and the same for `Groups` — whose
/// handlers learn which resource they serve from the `Extension`.
fn resource_routes(kind: Kind) -> Router<AppState> {
    let path = format!("/scim/v2/{}", kind.endpoint());
    Router::new()
        .route(&path, only(get(list_resources).post(create_resource)))
        .route(&format!("{path}/.search"), only(post(search_resources)))
        .route(
            &format!("{path}/{{id}}"),
            only(
                get(get_resource)
                    .put(update_resource)
                    .patch(update_resource)
                    .delete(delete_resource),
            ),
        )
        .layer(Extension(kind))
}

async fn page(kind: Kind, s: &Scim, list: ListRequest) -> Response {
    match kind.list(s, list.filter.as_ref()).await {
        Ok(all) => list.page(all, kind.def()),
        Err(e) => error(e),
    }
}

async fn list_resources(
    Extension(kind): Extension<Kind>,
    s: Scim,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match ListRequest::from_query(&q) {
        Ok(list) => page(kind, &s, list).await,
        Err(e) => error(e),
    }
}

async fn search_resources(
    Extension(kind): Extension<Kind>,
    s: Scim,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let list = match json_body(&headers, body)
        .await
        .and_then(|b| ListRequest::from_body(&b))
    {
        Ok(list) => list,
        Err(e) => return error(e),
    };
    page(kind, &s, list).await
}

async fn get_resource(
    Extension(kind): Extension<Kind>,
    s: Scim,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let projection = Projection::from_query(&q)?;
        let resource = kind.get(&s, resource_id(&id)?).await?;
        Ok::<_, ScimError>(get_response(&headers, &resource, kind.def(), &projection))
    }
    .await;
    result.unwrap_or_else(error)
}

/// A write answered with the resource as it now is: projected as the query asks (which is
/// read before anything is written), with its `ETag`, and its `Location` when created.
async fn written(
    kind: Kind,
    q: &HashMap<String, String>,
    status: StatusCode,
    write: impl Future<Output = Result<Value, ScimError>>,
) -> Response {
    let result = async {
        let projection = Projection::from_query(q)?;
        let resource = write.await?;
        Ok::<_, ScimError>(resource_response(
            status,
            &resource,
            kind.def(),
            &projection,
        ))
    }
    .await;
    result.unwrap_or_else(error)
}

async fn create_resource(
    Extension(kind): Extension<Kind>,
    s: Scim,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let write = async {
        let body = json_body(&headers, body).await?;
        kind.create(&s, &body).await
    };
    written(kind, &q, StatusCode::CREATED, write).await
}

/// `PUT` (the resource as it is to be) or `PATCH` (operations on the resource as served).
async fn update_resource(
    Extension(kind): Extension<Kind>,
    method: Method,
    s: Scim,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let write = async {
        let id = resource_id(&id)?;
        let body = json_body(&headers, body).await?;
        let if_match = header(&headers, header::IF_MATCH);
        if method == Method::PATCH {
            let ops = patch::parse_request(&body, kind.def())?;
            kind.patch(&s, id, &ops, if_match).await
        } else {
            kind.replace(&s, id, &body, if_match).await
        }
    };
    written(kind, &q, StatusCode::OK, write).await
}

async fn delete_resource(
    Extension(kind): Extension<Kind>,
    s: Scim,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let if_match = header(&headers, header::IF_MATCH);
        kind.delete(&s, resource_id(&id)?, if_match).await?;
        Ok::<_, ScimError>(StatusCode::NO_CONTENT.into_response())
    }
    .await;
    result.unwrap_or_else(error)
}

/// `POST /.search`: Users and Groups together (RFC 7644 §3.4.3), Users first.
async fn search_all(s: Scim, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        let body = json_body(&headers, body).await?;
        let list = ListRequest::from_body(&body)?;
        let filter = list.filter.as_ref();
        let mut all = Kind::Users.list(&s, filter).await?;
        all.extend(Kind::Groups.list(&s, filter).await?);
        Ok::<_, ScimError>(list.page_of(all, |r| {
            if r["meta"]["resourceType"] == "Group" {
                &GROUP
            } else {
                &USER
            }
        }))
    }
    .await;
    result.unwrap_or_else(error)
}

// ----- discovery -----------------------------------------------------------------------------

async fn service_provider_config(s: Scim) -> Response {
    scim_json(StatusCode::OK, &schemas::service_provider_config(&s.base))
}

/// A discovery list (every item: no filter or paging applies).
fn discovery_list(items: Vec<Value>) -> Response {
    scim_json(
        StatusCode::OK,
        &json!({
            "schemas": [LIST_RESPONSE],
            "totalResults": items.len(),
            "itemsPerPage": items.len(),
            "startIndex": 1,
            "Resources": items,
        }),
    )
}

fn discovery_item(items: Vec<Value>, id: &str) -> Response {
    match items
        .into_iter()
        .find(|i| i["id"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(id)))
    {
        Some(item) => scim_json(StatusCode::OK, &item),
        None => error(ScimError::not_found()),
    }
}

async fn list_schemas(s: Scim) -> Response {
    discovery_list(schemas::schemas(&s.base))
}

async fn get_schema(s: Scim, Path(id): Path<String>) -> Response {
    discovery_item(schemas::schemas(&s.base), &id)
}

async fn list_resource_types(s: Scim) -> Response {
    discovery_list(schemas::resource_types(&s.base))
}

async fn get_resource_type(s: Scim, Path(id): Path<String>) -> Response {
    discovery_item(schemas::resource_types(&s.base), &id)
}
