//! GraphQL of the medical service. The medical fields of a case (`Case.medicalFile`,
//! `Case.workability`) are resolved by the cases service through [`medical_file`] and
//! [`workability`]; the mutations reach the case through the case port on the context.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use platform::context::request_ctx;
use platform::graphql::parse_id;
use platform::scalars::Date;
use platform::{AppResult, Ctx, GqlResultExt};
use uuid::Uuid;

use crate::entities::{medical_consent, workability_advice};
use crate::model::{AssessmentKind, ConsentPart, LimitationCategory};
use crate::service::{AdviceInput, AssessmentView, ConsultationInput, ConsultationView, Medical};
use platform::case_port::CaseAccess;

/// A user named in the medical file.
#[derive(SimpleObject, Clone)]
#[graphql(name = "MedicalPerson")]
pub struct Person {
    /// User id.
    pub id: ID,
    /// Name.
    pub name: String,
}

/// A consultation of the company doctor.
#[derive(SimpleObject, Clone)]
pub struct Consultation {
    /// Id.
    pub id: ID,
    /// When.
    pub date: Date,
    /// Complaints.
    pub complaints: Option<String>,
    /// Diagnosis.
    pub diagnosis: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Treatment.
    pub treatment: Option<String>,
    /// The doctor's personal working notes (only for the doctor who wrote them).
    pub personal_notes: Option<String>,
    /// The doctor.
    pub doctor: Option<Person>,
    /// Recorded at.
    pub created_at: DateTime<Utc>,
}

/// Workability advice: what the employee can and cannot do. No medical content.
#[derive(SimpleObject, Clone)]
pub struct WorkabilityAdvice {
    /// Id.
    pub id: ID,
    /// When it was given.
    pub given_on: Date,
    /// Functional limitations, a plain line each.
    pub limitations: Vec<String>,
    /// Where the limitations lie (headings of the functional capacity list).
    pub limitation_categories: Vec<LimitationCategory>,
    /// What he can do.
    pub capabilities: Vec<String>,
    /// Hours per day possible.
    pub hours_per_day: Option<f64>,
    /// Hours per week possible.
    pub hours_per_week: Option<f64>,
    /// Expected recovery (or the start of a range).
    pub expected_recovery_on: Option<Date>,
    /// End of the expected range.
    pub expected_recovery_until: Option<Date>,
    /// Advice on adjustments.
    pub advice: Option<String>,
    /// No sustainable usable capacity (geen duurzaam benutbare mogelijkheden).
    pub no_sustainable_capacity: bool,
    /// The doctor who gave it.
    pub doctor: Option<Person>,
}

/// A problem analysis or current assessment: the medical part (file only) and its advice.
#[derive(SimpleObject, Clone)]
pub struct MedicalAssessment {
    /// Id.
    pub id: ID,
    /// Problem analysis or current assessment.
    pub kind: AssessmentKind,
    /// When.
    pub made_on: Date,
    /// The medical part.
    pub medical: String,
    /// The workability part, as the employer reads it.
    pub advice: Option<WorkabilityAdvice>,
    /// The doctor.
    pub doctor: Option<Person>,
}

/// The medical file of a case, as the reader may see it.
#[derive(SimpleObject, Clone)]
pub struct MedicalFile {
    /// The latest diagnosis recorded.
    pub diagnosis: Option<String>,
    /// Consultations, newest first.
    pub consultations: Vec<Consultation>,
    /// Problem analyses and current assessments, newest first.
    pub assessments: Vec<MedicalAssessment>,
    /// Medical documents (uploaded by the doctor or the employee), newest first; filled in by
    /// the documents service.
    pub documents: Vec<platform::document::Document>,
}

/// A consent of the employee.
#[derive(SimpleObject, Clone)]
pub struct Consent {
    /// Id.
    pub id: ID,
    /// Which part of the medical file.
    pub part: ConsentPart,
    /// With whom (an organisation).
    pub party: Person,
    /// Granted at.
    pub granted_at: DateTime<Utc>,
    /// Revoked at.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One access to the employee's data (NEN 7513).
#[derive(SimpleObject, Clone)]
pub struct AccessLogEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (name), if a user.
    pub who: Option<String>,
    /// In which role.
    pub role: Option<String>,
    /// Of which organisation.
    pub organisation: Option<String>,
    /// Which record.
    pub resource: String,
    /// Create, read, update, delete or export.
    pub action: String,
    /// Allowed or denied.
    pub outcome: String,
    /// A short, non-medical description.
    pub detail: Option<String>,
}

async fn person(ctx: &Ctx, user: Uuid) -> AppResult<Option<Person>> {
    Ok(identity::repo::user(&ctx.db, user).await?.map(|u| Person {
        id: ID(u.id.to_string()),
        name: u.name,
    }))
}

async fn advice_out(ctx: &Ctx, a: workability_advice::Model) -> AppResult<WorkabilityAdvice> {
    let doctor = person(ctx, a.doctor_user_id).await?;
    Ok(advice_with(a, doctor))
}

/// The advice as GraphQL shows it, with its doctor already looked up (a list page looks the
/// doctors of all its cases up at once).
pub fn advice_with(a: workability_advice::Model, doctor: Option<Person>) -> WorkabilityAdvice {
    WorkabilityAdvice {
        id: ID(a.id.to_string()),
        given_on: Date(a.given_on),
        limitations: a.limitations.0,
        limitation_categories: a.limitation_categories.0,
        capabilities: a.capabilities.0,
        hours_per_day: a.hours_per_day,
        hours_per_week: a.hours_per_week,
        expected_recovery_on: a.expected_recovery_on.map(Date),
        expected_recovery_until: a.expected_recovery_until.map(Date),
        advice: a.advice,
        no_sustainable_capacity: a.no_sustainable_capacity,
        doctor,
    }
}

async fn consultation_out(ctx: &Ctx, c: ConsultationView) -> AppResult<Consultation> {
    Ok(Consultation {
        id: ID(c.id.to_string()),
        date: Date(c.held_on),
        complaints: c.complaints,
        diagnosis: c.diagnosis,
        notes: c.notes,
        treatment: c.treatment,
        personal_notes: c.personal_notes,
        doctor: person(ctx, c.doctor_user_id).await?,
        created_at: c.created_at,
    })
}

async fn assessment_out(
    ctx: &Ctx,
    a: AssessmentView,
    advice: &[workability_advice::Model],
) -> AppResult<MedicalAssessment> {
    let own_advice = match a.advice_id {
        Some(id) => match advice.iter().find(|x| x.id == id).cloned() {
            Some(found) => Some(advice_out(ctx, found).await?),
            None => None,
        },
        None => None,
    };
    Ok(MedicalAssessment {
        id: ID(a.id.to_string()),
        kind: a.kind,
        made_on: Date(a.made_on),
        medical: a.medical,
        advice: own_advice,
        doctor: person(ctx, a.doctor_user_id).await?,
    })
}

fn medical<'a>(gql: &'a Context<'_>) -> async_graphql::Result<&'a Medical> {
    gql.data::<Medical>()
}

/// `Case.medicalFile` for the cases service: `null` for anyone who may not see it.
pub async fn medical_file(
    gql: &Context<'_>,
    access: &CaseAccess,
) -> async_graphql::Result<Option<MedicalFile>> {
    let ctx = request_ctx(gql)?;
    let Some(file) = medical(gql)?.medical_file(ctx, access).await.gql()? else {
        return Ok(None);
    };
    let advice = medical(gql)?.advice(ctx, access).await.gql()?;
    let mut consultations = Vec::with_capacity(file.consultations.len());
    for c in file.consultations {
        consultations.push(consultation_out(ctx, c).await.gql()?);
    }
    let mut assessments = Vec::with_capacity(file.assessments.len());
    for a in file.assessments {
        assessments.push(assessment_out(ctx, a, &advice).await.gql()?);
    }
    Ok(Some(MedicalFile {
        diagnosis: consultations.iter().find_map(|c| c.diagnosis.clone()),
        consultations,
        assessments,
        documents: Vec::new(),
    }))
}

/// `Case.workability` for the cases service: the latest advice, for whoever may read it.
pub async fn workability(
    gql: &Context<'_>,
    access: &CaseAccess,
) -> async_graphql::Result<Option<WorkabilityAdvice>> {
    let ctx = request_ctx(gql)?;
    match medical(gql)?
        .advice(ctx, access)
        .await
        .gql()?
        .into_iter()
        .next()
    {
        Some(a) => Ok(Some(advice_out(ctx, a).await.gql()?)),
        None => Ok(None),
    }
}

/// `Case.workabilityHistory`: every advice, newest first.
pub async fn workability_history(
    gql: &Context<'_>,
    access: &CaseAccess,
) -> async_graphql::Result<Vec<WorkabilityAdvice>> {
    let ctx = request_ctx(gql)?;
    let mut out = Vec::new();
    for a in medical(gql)?.advice(ctx, access).await.gql()? {
        out.push(advice_out(ctx, a).await.gql()?);
    }
    Ok(out)
}

async fn consent_out(ctx: &Ctx, c: medical_consent::Model) -> AppResult<Consent> {
    let org = identity::repo::organisation(&ctx.db, c.party_organisation_id).await?;
    Ok(Consent {
        id: ID(c.id.to_string()),
        part: c.part,
        party: Person {
            id: ID(c.party_organisation_id.to_string()),
            name: org.map(|o| o.name).unwrap_or_default(),
        },
        granted_at: c.granted_at,
        revoked_at: c.revoked_at,
    })
}

/// `Case.consents`: for the employee and the doctor.
pub async fn consents(
    gql: &Context<'_>,
    access: &CaseAccess,
) -> async_graphql::Result<Vec<Consent>> {
    let ctx = request_ctx(gql)?;
    let mut out = Vec::new();
    for c in medical(gql)?.consents(ctx, access).await.gql()? {
        out.push(consent_out(ctx, c).await.gql()?);
    }
    Ok(out)
}

/// A consultation as the doctor records it.
#[derive(InputObject)]
pub struct ConsultationRecordInput {
    /// When it took place.
    pub date: Date,
    /// Complaints.
    pub complaints: Option<String>,
    /// Diagnosis.
    pub diagnosis: Option<String>,
    /// Notes for the medical file.
    pub notes: Option<String>,
    /// Treatment, medication.
    pub treatment: Option<String>,
    /// Your personal working notes (not part of the file the employee reads).
    pub personal_notes: Option<String>,
}

/// Workability advice as the doctor gives it. Only what the employer may know: no diagnosis,
/// no complaints, no cause.
#[derive(InputObject)]
pub struct WorkabilityAdviceInput {
    /// When it is given; default today.
    pub given_on: Option<Date>,
    /// Functional limitations, a plain line each (one line is accepted as a list of one).
    pub limitations: Option<Vec<String>>,
    /// Where the limitations lie.
    pub limitation_categories: Option<Vec<LimitationCategory>>,
    /// What he can do, a plain line each.
    pub capabilities: Option<Vec<String>>,
    /// Hours per day possible.
    pub hours_per_day: Option<f64>,
    /// Hours per week possible.
    pub hours_per_week: Option<f64>,
    /// Expected recovery (or the start of a range).
    pub expected_recovery_on: Option<Date>,
    /// End of the expected range.
    pub expected_recovery_until: Option<Date>,
    /// Advice on adjustments of work, hours, workplace.
    pub advice: Option<String>,
    /// No sustainable usable capacity.
    pub no_sustainable_capacity: Option<bool>,
}

impl WorkabilityAdviceInput {
    fn into_service(self, today: chrono::NaiveDate) -> AdviceInput {
        AdviceInput {
            given_on: self.given_on.map_or(today, |d| d.0),
            limitations: self.limitations.unwrap_or_default(),
            limitation_categories: self.limitation_categories.unwrap_or_default(),
            capabilities: self.capabilities.unwrap_or_default(),
            hours_per_day: self.hours_per_day,
            hours_per_week: self.hours_per_week,
            expected_recovery_on: self.expected_recovery_on.map(|d| d.0),
            expected_recovery_until: self.expected_recovery_until.map(|d| d.0),
            advice: self.advice,
            no_sustainable_capacity: self.no_sustainable_capacity.unwrap_or(false),
        }
    }
}

/// Queries of the medical service.
#[derive(Default)]
pub struct MedicalQuery;

/// A one-time activation code for the employee's medical access, shown once.
#[derive(SimpleObject)]
pub struct MedicalActivationCode {
    /// The code, to hand over in person or read out to the employee.
    pub code: String,
    /// Until when it works.
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[Object]
impl MedicalQuery {
    /// For the assigned doctor: whether the case's employee opened his medical file to his
    /// account with an activation code (and whether an administrator suspended that since).
    /// `null` for anyone else.
    async fn employee_medical_access(
        &self,
        gql: &Context<'_>,
        case_id: ID,
    ) -> async_graphql::Result<Option<identity::graphql::MedicalAccessView>> {
        let ctx = request_ctx(gql)?;
        let access = ctx.case_access(parse_id(&case_id)?).await.gql()?;
        Ok(medical(gql)?
            .employee_medical_access(ctx, &access)
            .await
            .gql()?
            .map(Into::into))
    }

    /// Who accessed the employee's data, newest first: for the employee himself and his
    /// doctor (second factor required).
    async fn access_log(
        &self,
        gql: &Context<'_>,
        case_id: ID,
    ) -> async_graphql::Result<Vec<AccessLogEntry>> {
        let ctx = request_ctx(gql)?;
        let access = ctx.case_access(parse_id(&case_id)?).await.gql()?;
        let entries = medical(gql)?.access_log(ctx, &access).await.gql()?;
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            let who = match e.actor_user_id {
                Some(u) => person(ctx, u).await.gql()?.map(|p| p.name),
                None => None,
            };
            let organisation = match e.actor_organisation_id {
                Some(o) => identity::repo::organisation(&ctx.db, o)
                    .await
                    .gql()?
                    .map(|o| o.name),
                None => None,
            };
            out.push(AccessLogEntry {
                at: e.occurred_at,
                who,
                role: e.actor_role,
                organisation,
                resource: e.resource_type,
                action: e.action,
                outcome: e.outcome,
                detail: e.detail,
            });
        }
        Ok(out)
    }
}

/// Mutations of the medical service.
#[derive(Default)]
pub struct MedicalMutation;

#[Object]
impl MedicalMutation {
    /// The assigned doctor issues a one-time activation code for the employee's medical
    /// access (valid 14 days; earlier codes are void). Shown once: hand it over at the
    /// consultation or read it out to the employee, never through the employer.
    async fn issue_medical_activation_code(
        &self,
        gql: &Context<'_>,
        case_id: ID,
    ) -> async_graphql::Result<MedicalActivationCode> {
        let ctx = request_ctx(gql)?;
        let access = ctx.case_access(parse_id(&case_id)?).await.gql()?;
        let issued = medical(gql)?
            .issue_activation_code(ctx, &access)
            .await
            .gql()?;
        Ok(MedicalActivationCode {
            code: issued.code,
            expires_at: issued.expires_at,
        })
    }

    /// Records a consultation (the assigned company doctor).
    async fn record_consultation(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: ConsultationRecordInput,
    ) -> async_graphql::Result<Consultation> {
        let ctx = request_ctx(gql)?;
        let access = ctx.case_access(parse_id(&case_id)?).await.gql()?;
        let view = medical(gql)?
            .record_consultation(
                ctx,
                &access,
                ConsultationInput {
                    held_on: input.date.0,
                    complaints: input.complaints,
                    diagnosis: input.diagnosis,
                    notes: input.notes,
                    treatment: input.treatment,
                    personal_notes: input.personal_notes,
                },
            )
            .await
            .gql()?;
        consultation_out(ctx, view).await.gql()
    }

    /// Gives workability advice (the assigned company doctor); the employer is notified.
    async fn give_workability_advice(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: WorkabilityAdviceInput,
    ) -> async_graphql::Result<WorkabilityAdvice> {
        let ctx = request_ctx(gql)?;
        let access = ctx.case_access(parse_id(&case_id)?).await.gql()?;
        let advice = medical(gql)?
            .give_advice(ctx, &access, input.into_service(ctx.clock.today()))
            .await
            .gql()?;
        advice_out(ctx, advice).await.gql()
    }

    /// Records a problem analysis (PROBLEM_ANALYSIS) or current assessment
    /// (CURRENT_ASSESSMENT): `medical` stays in the medical file; `advice` is what the employer
    /// reads.
    async fn record_assessment(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        kind: AssessmentKind,
        medical_part: String,
        advice: WorkabilityAdviceInput,
    ) -> async_graphql::Result<MedicalAssessment> {
        let ctx = request_ctx(gql)?;
        let access = ctx.case_access(parse_id(&case_id)?).await.gql()?;
        let (view, advice) = medical(gql)?
            .record_assessment(
                ctx,
                &access,
                kind,
                &medical_part,
                advice.into_service(ctx.clock.today()),
            )
            .await
            .gql()?;
        assessment_out(ctx, view, &[advice]).await.gql()
    }

    /// The employee consents to share a part of his medical file with an organisation.
    async fn grant_consent(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        part: ConsentPart,
        organisation_id: ID,
    ) -> async_graphql::Result<Consent> {
        let ctx = request_ctx(gql)?;
        let access = ctx.case_access(parse_id(&case_id)?).await.gql()?;
        let consent = medical(gql)?
            .grant_consent(ctx, &access, part, parse_id(&organisation_id)?)
            .await
            .gql()?;
        consent_out(ctx, consent).await.gql()
    }

    /// The employee revokes a consent.
    async fn revoke_consent(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        consent_id: ID,
    ) -> async_graphql::Result<Consent> {
        let ctx = request_ctx(gql)?;
        let access = ctx.case_access(parse_id(&case_id)?).await.gql()?;
        let consent = medical(gql)?
            .revoke_consent(ctx, &access, parse_id(&consent_id)?)
            .await
            .gql()?;
        consent_out(ctx, consent).await.gql()
    }
}
