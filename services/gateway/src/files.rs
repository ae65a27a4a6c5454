//! The REST side of documents and exports: streamed upload and download, the RIV PDF, the
//! employee's medical export and the calendar feed. GraphQL carries everything else; files do
//! not fit in it.

use axum::body::Body;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use documents::Upload;
use documents::sniff::percent_decode;
use futures::StreamExt;
use platform::document::{Classification, DocumentType};
use platform::{AppError, Ctx, ErrorReason};
use uuid::Uuid;

use crate::http::request_ctx;
use crate::state::AppState;

/// The routes (mounted outside the 30-second API timeout: a 50 MB upload from a phone on a
/// train takes longer).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/cases/{case_id}/documents", post(upload))
        .route("/api/documents/{document_id}", get(download))
        .route("/api/cases/{case_id}/riv.pdf", get(riv))
        .route("/api/cases/{case_id}/medical.pdf", get(medical_export))
        .route("/api/calendar/{feed}", get(calendar))
}

/// `GET /api/calendar/{token}.ics`: the user's deadlines, for his calendar app. The token in
/// the path is the credential; an unknown or revoked one is a 404 like any missing file.
async fn calendar(State(state): State<AppState>, Path(feed): Path<String>) -> Response {
    let Some(token) = feed.strip_suffix(".ics") else {
        return error(AppError::NotFound);
    };
    match scheduling::service::calendar_feed(
        &state.db,
        token,
        state.clock.today(),
        state.clock.now(),
        &state.config.public_url,
    )
    .await
    {
        Ok(Some(ics)) => private_file("text/calendar; charset=utf-8", None, ics),
        Ok(None) => error(AppError::NotFound),
        Err(e) => error(e),
    }
}

/// An error as JSON with the status a REST client expects: 413 and 415 for refused files.
pub(crate) fn error(e: AppError) -> Response {
    let status = match &e {
        AppError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
        AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Validation { reason, .. } => match reason {
            ErrorReason::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorReason::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorReason::Infected => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        },
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(cause) if storage_full(cause.as_ref()) => {
            tracing::error!(error = %cause, "document store full");
            StatusCode::INSUFFICIENT_STORAGE
        }
        AppError::Internal(cause) => {
            tracing::error!(error = %cause, "internal error");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let message = match &e {
        AppError::Internal(_) if status == StatusCode::INSUFFICIENT_STORAGE => {
            "the document store is full: nothing was stored; try again later".to_string()
        }
        AppError::Internal(_) => "internal error; the details are in the server log".to_string(),
        other => other.to_string(),
    };
    let mut body = serde_json::json!({
        "code": e.code().as_str(),
        "reason": e.reason().as_str(),
        "message": message,
    });
    if let AppError::Validation {
        field: Some(field), ..
    } = &e
    {
        body["field"] = serde_json::Value::from(*field);
    }
    (status, Json(serde_json::json!({ "error": body }))).into_response()
}

fn parse_uuid(raw: &str) -> Result<Uuid, AppError> {
    // A malformed id cannot name anything: the same answer as an id out of reach.
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
}

/// The signed-in caller of a REST route, as an extractor: a route without a valid session
/// answers with the same error body as GraphQL before its handler runs.
pub(crate) struct Authenticated(pub(crate) Ctx);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ctx = request_ctx(state, parts).await.map_err(error)?;
        ctx.user().map_err(error)?;
        Ok(Authenticated(ctx))
    }
}

async fn upload(
    State(state): State<AppState>,
    Authenticated(ctx): Authenticated,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let up = match upload_request(&case_id, &headers) {
        Ok(up) => up,
        Err(e) => return error(e),
    };
    // The upload runs in its own task: if the client goes away, hyper drops this handler, but
    // the task still sees the body end in an error and removes what it started.
    let documents = state.documents.clone();
    let idle = std::time::Duration::from_secs(state.config.upload_idle_timeout_secs);
    let task = tokio::spawn(async move {
        documents
            .upload(&ctx, up, Box::pin(idle_limited(body, idle)))
            .await
    });
    match task.await {
        Ok(Ok(document)) => (
            StatusCode::CREATED,
            Json(serde_json::json!({
                "id": document.id.to_string(),
                "title": document.title,
                "filename": document.filename,
                "classification": document.classification.as_str(),
                "documentType": document.document_type.as_str(),
                "contentType": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
            })),
        )
            .into_response(),
        Ok(Err(e)) => error(e),
        Err(e) => error(AppError::internal(e)),
    }
}

/// The client sent nothing for the idle limit.
#[derive(Debug, thiserror::Error)]
#[error("nothing was received for {0} s")]
struct Idle(u64);

/// The body, ended with an error when the client sends nothing for `idle`: a client holding an
/// upload open without sending would otherwise hold its task, its pending row and the parts
/// already in the store for ever. The upload then fails and removes what it started.
fn idle_limited(
    body: Body,
    idle: std::time::Duration,
) -> impl futures::Stream<Item = Result<bytes::Bytes, axum::Error>> + Send {
    futures::stream::unfold(Some(body.into_data_stream()), move |state| async move {
        let mut stream = state?;
        match tokio::time::timeout(idle, stream.next()).await {
            Ok(Some(item)) => Some((item, Some(stream))),
            Ok(None) => None,
            Err(_) => Some((Err(axum::Error::new(Idle(idle.as_secs()))), None)),
        }
    })
}

/// Whether an internal error is the disk (or the store's volume) being full.
fn storage_full(cause: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(cause);
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::StorageFull
        {
            return true;
        }
        if e.to_string().contains("No space left on device") {
            return true;
        }
        next = e.source();
    }
    false
}

fn upload_request(case_id: &str, headers: &HeaderMap) -> Result<Upload, AppError> {
    let case_id = parse_uuid(case_id)?;
    let classification = match header_text(headers, "x-classification").as_deref() {
        Some(raw) => Classification::parse(raw.trim()).ok_or_else(|| {
            AppError::validation(
                ErrorReason::InvalidInput,
                "classification",
                "X-Classification must be MEDICAL or CASE",
            )
        })?,
        None => {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "classification",
                "say whether the document is MEDICAL or CASE (header X-Classification)",
            ));
        }
    };
    let document_type = match header_text(headers, "x-document-type").as_deref() {
        Some(raw) => DocumentType::parse(raw.trim()).ok_or_else(|| {
            AppError::validation(
                ErrorReason::InvalidInput,
                "documentType",
                "unknown X-Document-Type",
            )
        })?,
        None => DocumentType::Other,
    };
    let filename = header_text(headers, "x-filename").ok_or_else(|| {
        AppError::validation(
            ErrorReason::InvalidInput,
            "filename",
            "name the file (header X-Filename, percent-encoded UTF-8)",
        )
    })?;
    Ok(Upload {
        case_id,
        classification,
        document_type,
        filename,
        title: header_text(headers, "x-title"),
        declared_len: headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok()),
    })
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266), so every
/// browser saves under the original name and none renders the file inline.
fn disposition(filename: &str) -> HeaderValue {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in filename.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

async fn download(
    State(state): State<AppState>,
    Authenticated(ctx): Authenticated,
    Path(document_id): Path<String>,
) -> Response {
    let opened = async {
        let id = parse_uuid(&document_id)?;
        state.documents.download(&ctx, id).await
    }
    .await;
    let download = match opened {
        Ok(d) => d,
        Err(e) => return error(e),
    };
    let content_type = HeaderValue::from_str(&download.document.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let body = Body::from_stream(download.body.map(|chunk| {
        chunk.map_err(|e| {
            tracing::error!(error = %e, "document stream failed");
            std::io::Error::other("document stream failed")
        })
    }));
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(download.document.size.max(0)),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        disposition(&download.document.filename),
    );
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{}\"", download.document.sha256)) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

fn pdf(bytes: Vec<u8>, filename: &str) -> Response {
    private_file("application/pdf", Some(filename), bytes)
}

/// A generated file for the caller alone: its type, an attachment name when it is to be
/// saved, and no caching anywhere on the way.
pub(crate) fn private_file(
    content_type: &'static str,
    filename: Option<&str>,
    body: impl Into<Body>,
) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(name) = filename {
        headers.insert(header::CONTENT_DISPOSITION, disposition(name));
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

async fn riv(
    State(state): State<AppState>,
    Authenticated(ctx): Authenticated,
    Path(case_id): Path<String>,
) -> Response {
    let made = async {
        let id = parse_uuid(&case_id)?;
        cases::riv::export(&ctx, &state.documents, &state.medical, id).await
    }
    .await;
    match made {
        Ok(bytes) => pdf(bytes, "re-integratieverslag.pdf"),
        Err(e) => error(e),
    }
}

async fn medical_export(
    State(state): State<AppState>,
    Authenticated(ctx): Authenticated,
    Path(case_id): Path<String>,
) -> Response {
    let made = async {
        let id = parse_uuid(&case_id)?;
        let access = cases::gate::access(&ctx, id).await?;
        cases::medical_export::medical_export(&state.documents, &state.medical, &ctx, &access).await
    }
    .await;
    match made {
        Ok(bytes) => pdf(bytes, "medisch-dossier.pdf"),
        Err(e) => error(e),
    }
}
