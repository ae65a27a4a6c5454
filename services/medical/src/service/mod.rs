//! Use cases of the medical service: authorize (the policy's MEDICAL and WORKABILITY rows, with
//! the second factor) → seal or open → write or read → log every medical access.
//!
//! This module owns the [`Medical`] handle, the inputs and views of the medical file and the
//! helpers every use case shares (sealing and opening text, checking it, the writing doctor);
//! the use cases live in one submodule per concern, each adding its own `impl Medical` block:
//! `consultations`, `assessments` (problem analyses and current assessments), `advice`
//! (workability advice), `file` (reading the medical file), `consents` (the employee's consents
//! to share parts of it) and `access` (the access log, activation codes, medical access).

use chrono::{DateTime, NaiveDate, Utc};
use platform::access::{Action, DataClass};
use platform::context::Target;
use platform::crypto::SealingKey;
use platform::keyring::Keyring;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use uuid::Uuid;

use crate::model::{AssessmentKind, LimitationCategory};
use platform::case_port::CaseAccess;

mod access;
mod advice;
pub use advice::capacity_statements;
mod assessments;
mod consents;
mod consultations;
mod file;

/// The medical service: the keyring that seals and opens medical text.
#[derive(Clone, Debug)]
pub struct Medical {
    keys: Keyring,
}

/// A consultation as the doctor records it. Every text is sealed.
#[derive(Clone, Debug, Default)]
pub struct ConsultationInput {
    /// When it took place.
    pub held_on: NaiveDate,
    /// Complaints as the employee tells them.
    pub complaints: Option<String>,
    /// Diagnosis.
    pub diagnosis: Option<String>,
    /// Notes for the medical file.
    pub notes: Option<String>,
    /// Treatment, medication.
    pub treatment: Option<String>,
    /// The doctor's personal working notes (not part of the file the employee reads).
    pub personal_notes: Option<String>,
}

/// Workability advice: what the employee can and cannot do, for the employer.
#[derive(Clone, Debug, Default)]
pub struct AdviceInput {
    /// When it was given.
    pub given_on: NaiveDate,
    /// Functional limitations, a plain line each.
    pub limitations: Vec<String>,
    /// Where the limitations lie (FML headings).
    pub limitation_categories: Vec<LimitationCategory>,
    /// What he can do, a plain line each.
    pub capabilities: Vec<String>,
    /// Hours per day possible.
    pub hours_per_day: Option<f64>,
    /// Hours per week possible.
    pub hours_per_week: Option<f64>,
    /// Expected recovery (or the start of a range).
    pub expected_recovery_on: Option<NaiveDate>,
    /// The end of the expected range.
    pub expected_recovery_until: Option<NaiveDate>,
    /// Advice on adjustments of work, hours, workplace.
    pub advice: Option<String>,
    /// "Geen duurzaam benutbare mogelijkheden".
    pub no_sustainable_capacity: bool,
}

/// A consultation, opened for a reader allowed to see it.
#[derive(Clone, Debug)]
pub struct ConsultationView {
    /// Id.
    pub id: Uuid,
    /// Date.
    pub held_on: NaiveDate,
    /// Complaints.
    pub complaints: Option<String>,
    /// Diagnosis.
    pub diagnosis: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Treatment.
    pub treatment: Option<String>,
    /// The author's personal working notes, for the author only.
    pub personal_notes: Option<String>,
    /// The doctor.
    pub doctor_user_id: Uuid,
    /// Recorded at.
    pub created_at: DateTime<Utc>,
}

/// A problem analysis or current assessment, opened.
#[derive(Clone, Debug)]
pub struct AssessmentView {
    /// Id.
    pub id: Uuid,
    /// Which.
    pub kind: AssessmentKind,
    /// Date.
    pub made_on: NaiveDate,
    /// The medical part.
    pub medical: String,
    /// The workability part (advice row).
    pub advice_id: Option<Uuid>,
    /// The doctor.
    pub doctor_user_id: Uuid,
}

/// What of the medical file a reader sees.
#[derive(Clone, Debug, Default)]
pub struct MedicalFileView {
    /// Consultations, newest first.
    pub consultations: Vec<ConsultationView>,
    /// Problem analyses and current assessments, newest first.
    pub assessments: Vec<AssessmentView>,
}

fn context(column: &str, row: Uuid) -> Vec<u8> {
    format!("{column}:{row}").into_bytes()
}

fn seal(
    key: &SealingKey,
    row: Uuid,
    column: &str,
    text: Option<&str>,
) -> AppResult<Option<Vec<u8>>> {
    text.map(|t| {
        key.seal(t.as_bytes(), &context(column, row))
            .map_err(|e| AppError::invariant(e.to_string()))
    })
    .transpose()
}

fn open(
    key: &SealingKey,
    row: Uuid,
    column: &str,
    sealed: Option<&[u8]>,
) -> AppResult<Option<String>> {
    sealed
        .map(|s| {
            let plain = key
                .open(s, &context(column, row))
                .map_err(|_| AppError::invariant(format!("{column} of {row} does not open")))?;
            String::from_utf8(plain).map_err(|_| AppError::invariant("sealed text is not UTF-8"))
        })
        .transpose()
}

/// A medical free text: trimmed, bounded; empty means absent.
fn medical_text(field: &'static str, value: Option<&str>, max: usize) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.chars().count() > max => Err(AppError::validation(
            ErrorReason::TooLong,
            field,
            format!("at most {max} characters"),
        )),
        Some(v) => Ok(Some(v.to_string())),
    }
}

fn lines(field: &'static str, values: &[String]) -> AppResult<Vec<String>> {
    if values.len() > 30 {
        return Err(AppError::validation(
            ErrorReason::TooLong,
            field,
            "at most 30 lines",
        ));
    }
    values
        .iter()
        .filter_map(|v| medical_text(field, Some(v), 500).transpose())
        .collect()
}

use platform::text::not_in_future as check_date;

/// The writing doctor and his organisation. The policy lets the employee add to his own file
/// (documents, later); consultations, assessments and advice are the assigned doctor's alone,
/// and a refusal is logged like every denial.
async fn doctor_of(ctx: &Ctx, access: &CaseAccess, target: &Target) -> AppResult<(Uuid, Uuid)> {
    let actor = ctx.user()?;
    if !access.is_doctor() {
        ctx.deny(
            target,
            DataClass::Medical,
            Action::Create,
            "only the assigned company doctor",
        )
        .await?;
        return Err(AppError::forbidden());
    }
    Ok((actor.user_id, actor.organisation_id))
}

impl Medical {
    /// The service over `keys`.
    pub fn new(keys: Keyring) -> Self {
        Medical { keys }
    }
}
