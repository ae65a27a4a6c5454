//! The REST side of bulk data: the employee import (`POST /api/employees/import`) and the case
//! export (`GET /api/cases.csv`). A CSV file does not fit GraphQL.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use identity::import::MAX_BYTES;
use platform::{AppError, ErrorReason};
use serde::Deserialize;

use crate::files::{Authenticated, error, private_file};
use crate::state::AppState;

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/employees/import", post(import_employees))
        .route("/api/cases.csv", get(cases_csv))
}

#[derive(Deserialize)]
struct ExportParams {
    #[serde(default)]
    lang: Option<String>,
}

/// `GET /api/cases.csv[?lang=en]`: the actor's cases as CSV (Dutch headers and semicolons by
/// default, for Excel-NL).
async fn cases_csv(
    Authenticated(ctx): Authenticated,
    Query(params): Query<ExportParams>,
) -> Response {
    let lang = match params.lang.as_deref() {
        Some("en") => cases::export::CsvLanguage::English,
        _ => cases::export::CsvLanguage::Dutch,
    };
    match cases::export::cases_csv(&ctx, lang).await {
        Ok(csv) => private_file("text/csv; charset=utf-8", Some("verzuimdossiers.csv"), csv),
        Err(e) => error(e),
    }
}

#[derive(Deserialize)]
struct ImportParams {
    #[serde(rename = "dryRun", default)]
    dry_run: bool,
}

/// `POST /api/employees/import[?dryRun=true]`: the CSV as the raw body. 200 with the report
/// when the file has no problem, 422 with the report (nothing written) when it has.
async fn import_employees(
    State(state): State<AppState>,
    Authenticated(ctx): Authenticated,
    Query(params): Query<ImportParams>,
    body: Body,
) -> Response {
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BYTES).await else {
        return error(AppError::validation(
            ErrorReason::TooLarge,
            "file",
            format!("at most {} MiB", MAX_BYTES / (1024 * 1024)),
        ));
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return error(AppError::validation(
            ErrorReason::UnsupportedType,
            "file",
            "the file is not UTF-8 text; save it from Excel as \"CSV UTF-8\"",
        ));
    };
    match state
        .identity
        .import_employees(&ctx, text, params.dry_run)
        .await
    {
        Ok(report) if report.errors.is_empty() => (StatusCode::OK, Json(report)).into_response(),
        Ok(report) => (StatusCode::UNPROCESSABLE_ENTITY, Json(report)).into_response(),
        Err(e) => error(e),
    }
}
