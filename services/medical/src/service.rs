//! Use cases of the medical service: authorize (the policy's MEDICAL and WORKABILITY rows, with
//! the second factor) → seal or open → write or read → log every medical access.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use platform::access::{Action, DataClass, Relation};
use platform::context::Target;
use platform::crypto::SealingKey;
use platform::ids::new_id;
use platform::keyring::Keyring;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::entities::{consultation, medical_assessment, medical_consent, workability_advice};
use crate::model::{AssessmentKind, ConsentPart, LimitationCategory, Visibility};
use platform::case_port::{CaseAccess, ClockStep};

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

fn check_date(field: &'static str, date: NaiveDate, today: NaiveDate) -> AppResult<()> {
    if date > today {
        return Err(AppError::validation(
            ErrorReason::DateInFuture,
            field,
            "this date lies in the future",
        ));
    }
    Ok(())
}

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

    /// The relations plus "consultant with the employee's consent" when the employee consented
    /// to share a part with the actor's organisation; and the consented parts.
    async fn with_consent(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<(CaseAccess, Vec<ConsentPart>)> {
        let mut access = access.clone();
        if !access.relations.contains(&Relation::AssignedConsultant) {
            return Ok((access, vec![]));
        }
        let org = ctx.user()?.organisation_id;
        let parts: Vec<ConsentPart> = live_consents(ctx, access.case_id)
            .await?
            .into_iter()
            .filter(|c| c.party_organisation_id == org)
            .filter_map(|c| ConsentPart::parse(&c.part))
            .collect();
        if !parts.is_empty() {
            access
                .relations
                .push(Relation::AssignedConsultantWithConsent);
        }
        Ok((access, parts))
    }

    /// Records a consultation (the assigned doctor, with his second factor).
    pub async fn record_consultation(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        input: ConsultationInput,
    ) -> AppResult<ConsultationView> {
        let id = new_id();
        let target = access.target("consultation", Some(id));
        ctx.authorize(&target, DataClass::Medical, Action::Create)
            .await?;
        let (doctor, org) = doctor_of(ctx, access, &target).await?;
        check_date("date", input.held_on, ctx.clock.today())?;
        let complaints = medical_text("complaints", input.complaints.as_deref(), 20_000)?;
        let diagnosis = medical_text("diagnosis", input.diagnosis.as_deref(), 2_000)?;
        let notes = medical_text("notes", input.notes.as_deref(), 20_000)?;
        let treatment = medical_text("treatment", input.treatment.as_deref(), 20_000)?;
        let personal = medical_text("personalNotes", input.personal_notes.as_deref(), 20_000)?;
        let key = self.keys.tenant_key(access.tenant_id).await?;
        let now = ctx.clock.now();
        let row = consultation::ActiveModel {
            id: Set(id),
            tenant_id: Set(access.tenant_id),
            case_id: Set(access.case_id),
            doctor_user_id: Set(doctor),
            doctor_organisation_id: Set(org),
            held_on: Set(input.held_on),
            complaints_sealed: Set(seal(&key, id, "complaints", complaints.as_deref())?),
            diagnosis_sealed: Set(seal(&key, id, "diagnosis", diagnosis.as_deref())?),
            notes_sealed: Set(seal(&key, id, "notes", notes.as_deref())?),
            treatment_sealed: Set(seal(&key, id, "treatment", treatment.as_deref())?),
            personal_notes_sealed: Set(seal(&key, id, "personal_notes", personal.as_deref())?),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&ctx.db)
        .await?;
        ctx.log_allowed(
            &target,
            Action::Create,
            Some("consultation recorded".into()),
        )
        .await?;
        Ok(ConsultationView {
            id: row.id,
            held_on: row.held_on,
            complaints,
            diagnosis,
            notes,
            treatment,
            personal_notes: personal,
            doctor_user_id: doctor,
            created_at: now,
        })
    }

    /// Gives workability advice (the assigned doctor); the employer is told there is new advice.
    pub async fn give_advice(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        input: AdviceInput,
    ) -> AppResult<workability_advice::Model> {
        let target = access.target("workability_advice", None);
        ctx.authorize(&target, DataClass::Workability, Action::Create)
            .await?;
        let doctor = doctor_of(ctx, access, &target).await?;
        let txn = ctx.db.begin().await?;
        let advice = self.insert_advice(&txn, ctx, access, doctor, input).await?;
        ctx.gate()?
            .advice_given(&txn, ctx, access, advice.given_on)
            .await?;
        txn.commit().await?;
        ctx.gate()?.notify_advice(ctx, access).await;
        Ok(advice)
    }

    async fn insert_advice(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        ctx: &Ctx,
        access: &CaseAccess,
        (doctor, org): (Uuid, Uuid),
        input: AdviceInput,
    ) -> AppResult<workability_advice::Model> {
        let today = ctx.clock.today();
        check_date("givenOn", input.given_on, today)?;
        if let (Some(from), Some(until)) =
            (input.expected_recovery_on, input.expected_recovery_until)
            && until < from
        {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "expectedRecoveryUntil",
                "the end of the range lies before its start",
            ));
        }
        for (field, hours, max) in [
            ("hoursPerDay", input.hours_per_day, 24.0),
            ("hoursPerWeek", input.hours_per_week, 60.0),
        ] {
            if let Some(h) = hours
                && !(0.0..=max).contains(&h)
            {
                return Err(AppError::validation(
                    ErrorReason::InvalidInput,
                    field,
                    format!("between 0 and {max}"),
                ));
            }
        }
        let mut categories = input.limitation_categories.clone();
        categories.dedup();
        Ok(workability_advice::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(access.tenant_id),
            case_id: Set(access.case_id),
            doctor_user_id: Set(doctor),
            doctor_organisation_id: Set(org),
            given_on: Set(input.given_on),
            limitations: Set(to_json(&lines("limitations", &input.limitations)?)),
            limitation_categories: Set(to_json(&categories)),
            capabilities: Set(to_json(&lines("capabilities", &input.capabilities)?)),
            hours_per_day: Set(input.hours_per_day),
            hours_per_week: Set(input.hours_per_week),
            expected_recovery_on: Set(input.expected_recovery_on),
            expected_recovery_until: Set(input.expected_recovery_until),
            advice: Set(medical_text("advice", input.advice.as_deref(), 5_000)?),
            no_sustainable_capacity: Set(input.no_sustainable_capacity),
            created_at: Set(ctx.clock.now()),
        }
        .insert(txn)
        .await?)
    }

    /// Records a problem analysis or current assessment: the medical part sealed in the file,
    /// the workability part as advice for the employer; completes its deadline.
    pub async fn record_assessment(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        kind: AssessmentKind,
        medical: &str,
        advice: AdviceInput,
    ) -> AppResult<(AssessmentView, workability_advice::Model)> {
        let id = new_id();
        let target = access.target("medical_assessment", Some(id));
        ctx.authorize(&target, DataClass::Medical, Action::Create)
            .await?;
        ctx.authorize(&target, DataClass::Workability, Action::Create)
            .await?;
        let (doctor, org) = doctor_of(ctx, access, &target).await?;
        let Some(medical) = medical_text("medical", Some(medical), 50_000)? else {
            return Err(AppError::validation(
                ErrorReason::Required,
                "medical",
                "may not be empty",
            ));
        };
        let made_on = advice.given_on;
        let key = self.keys.tenant_key(access.tenant_id).await?;
        let txn = ctx.db.begin().await?;
        let advice = self
            .insert_advice(&txn, ctx, access, (doctor, org), advice)
            .await?;
        medical_assessment::ActiveModel {
            id: Set(id),
            tenant_id: Set(access.tenant_id),
            case_id: Set(access.case_id),
            kind: Set(kind.as_str().into()),
            doctor_user_id: Set(doctor),
            doctor_organisation_id: Set(org),
            made_on: Set(made_on),
            medical_sealed: Set(seal(&key, id, "medical", Some(&medical))?.unwrap_or_default()),
            advice_id: Set(Some(advice.id)),
            created_at: Set(ctx.clock.now()),
        }
        .insert(&txn)
        .await?;
        let step = match kind {
            AssessmentKind::ProblemAnalysis => ClockStep::ProblemAnalysis,
            AssessmentKind::CurrentAssessment => ClockStep::CurrentAssessment,
        };
        let gate = ctx.gate()?;
        gate.step_done(&txn, ctx, access, step, made_on, id).await?;
        gate.advice_given(&txn, ctx, access, made_on).await?;
        txn.commit().await?;
        ctx.gate()?.notify_advice(ctx, access).await;
        ctx.log_allowed(
            &target,
            Action::Create,
            Some(format!("{} recorded", kind.as_str().to_lowercase())),
        )
        .await?;
        Ok((
            AssessmentView {
                id,
                kind,
                made_on,
                medical,
                advice_id: Some(advice.id),
                doctor_user_id: doctor,
            },
            advice,
        ))
    }

    /// The medical file as the actor may see it, or `None` when he may not see any of it (the
    /// same answer whether or not there is anything: no oracle). A reader who may see it but
    /// lacks the second factor gets MFA_REQUIRED. Every read is logged.
    pub async fn medical_file(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<Option<MedicalFileView>> {
        let (access, consented) = self.with_consent(ctx, access).await?;
        let target = access.target("medical_file", Some(access.case_id));
        match ctx
            .authorize(&target, DataClass::Medical, Action::Read)
            .await
        {
            Ok(()) => {}
            Err(AppError::Forbidden {
                reason: ErrorReason::MfaRequired,
                message,
            }) => {
                return Err(AppError::Forbidden {
                    reason: ErrorReason::MfaRequired,
                    message,
                });
            }
            Err(AppError::Forbidden { .. } | AppError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        }
        let actor = ctx.user()?.user_id;
        let visibility = if access.is_doctor() {
            Visibility {
                consultations: true,
                personal_notes_of: Some(actor),
                problem_analyses: true,
                current_assessments: true,
            }
        } else if access.is_verified_subject() {
            Visibility {
                consultations: true,
                personal_notes_of: None,
                problem_analyses: true,
                current_assessments: true,
            }
        } else {
            Visibility {
                consultations: consented.contains(&ConsentPart::Consultations),
                personal_notes_of: None,
                problem_analyses: consented.contains(&ConsentPart::ProblemAnalysis),
                current_assessments: consented.contains(&ConsentPart::CurrentAssessment),
            }
        };
        let key = self.keys.tenant_key(access.tenant_id).await?;
        let mut file = MedicalFileView::default();
        if visibility.consultations {
            for c in consultation::Entity::find()
                .filter(consultation::Column::TenantId.eq(access.tenant_id))
                .filter(consultation::Column::CaseId.eq(access.case_id))
                .order_by_desc(consultation::Column::HeldOn)
                .order_by_desc(consultation::Column::CreatedAt)
                .all(&ctx.db)
                .await?
            {
                let own = visibility.personal_notes_of == Some(c.doctor_user_id);
                file.consultations.push(ConsultationView {
                    id: c.id,
                    held_on: c.held_on,
                    complaints: open(&key, c.id, "complaints", c.complaints_sealed.as_deref())?,
                    diagnosis: open(&key, c.id, "diagnosis", c.diagnosis_sealed.as_deref())?,
                    notes: open(&key, c.id, "notes", c.notes_sealed.as_deref())?,
                    treatment: open(&key, c.id, "treatment", c.treatment_sealed.as_deref())?,
                    personal_notes: if own {
                        open(
                            &key,
                            c.id,
                            "personal_notes",
                            c.personal_notes_sealed.as_deref(),
                        )?
                    } else {
                        None
                    },
                    doctor_user_id: c.doctor_user_id,
                    created_at: c.created_at,
                });
            }
        }
        for a in medical_assessment::Entity::find()
            .filter(medical_assessment::Column::TenantId.eq(access.tenant_id))
            .filter(medical_assessment::Column::CaseId.eq(access.case_id))
            .order_by_desc(medical_assessment::Column::MadeOn)
            .order_by_desc(medical_assessment::Column::CreatedAt)
            .all(&ctx.db)
            .await?
        {
            let kind = AssessmentKind::parse(&a.kind);
            let visible = match kind {
                AssessmentKind::ProblemAnalysis => visibility.problem_analyses,
                AssessmentKind::CurrentAssessment => visibility.current_assessments,
            };
            if visible {
                file.assessments.push(AssessmentView {
                    id: a.id,
                    kind,
                    made_on: a.made_on,
                    medical: open(&key, a.id, "medical", Some(&a.medical_sealed))?
                        .unwrap_or_default(),
                    advice_id: a.advice_id,
                    doctor_user_id: a.doctor_user_id,
                });
            }
        }
        ctx.log_allowed(&target, Action::Read, Some("medical file read".into()))
            .await?;
        Ok(Some(file))
    }

    /// Workability advice of the case, newest first, for whoever may read it (employer,
    /// agency, employee, doctor); empty for anyone else.
    pub async fn advice(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<Vec<workability_advice::Model>> {
        let user = ctx.user()?;
        let decision = platform::access::decide_for(
            &user.roles,
            &access.relations,
            DataClass::Workability,
            Action::Read,
            user.mfa,
        );
        if decision != platform::access::Decision::Allow {
            return Ok(vec![]);
        }
        Ok(workability_advice::Entity::find()
            .filter(workability_advice::Column::TenantId.eq(access.tenant_id))
            .filter(workability_advice::Column::CaseId.eq(access.case_id))
            .order_by_desc(workability_advice::Column::GivenOn)
            .order_by_desc(workability_advice::Column::CreatedAt)
            .all(&ctx.db)
            .await?)
    }

    /// The limitations of the latest advice on the case the actor may read (see [`Self::advice`]).
    pub async fn latest_limitations(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<Vec<String>> {
        Ok(self
            .advice(ctx, access)
            .await?
            .into_iter()
            .next()
            .map(|a| serde_json::from_str::<Vec<String>>(&a.limitations).unwrap_or_default())
            .unwrap_or_default())
    }

    /// The latest workability advice of each of `cases` (of one page of a case list), in one
    /// statement, for a reader the caller has checked may read WORKABILITY on every one of
    /// them (a case list of the employer's staff; see `cases::graphql::parts`).
    pub async fn latest_advice_of(
        db: &impl sea_orm::ConnectionTrait,
        tenant: Uuid,
        cases: Vec<Uuid>,
    ) -> AppResult<HashMap<Uuid, workability_advice::Model>> {
        let mut out = HashMap::new();
        if cases.is_empty() {
            return Ok(out);
        }
        let rows = workability_advice::Entity::find()
            .filter(workability_advice::Column::TenantId.eq(tenant))
            .filter(workability_advice::Column::CaseId.is_in(cases))
            .order_by_desc(workability_advice::Column::GivenOn)
            .order_by_desc(workability_advice::Column::CreatedAt)
            .all(db)
            .await?;
        for row in rows {
            out.entry(row.case_id).or_insert(row);
        }
        Ok(out)
    }

    /// The employee grants consent to share `part` with `organisation` (the agency assigned to
    /// his case, for instance). Only he can, with his second factor.
    pub async fn grant_consent(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        part: ConsentPart,
        organisation: Uuid,
    ) -> AppResult<medical_consent::Model> {
        let target = access.target("medical_consent", None);
        ctx.authorize(&target, DataClass::Medical, Action::Create)
            .await?;
        if !access.is_verified_subject() {
            ctx.deny(
                &target,
                DataClass::Medical,
                Action::Create,
                "only the employee himself",
            )
            .await?;
            return Err(AppError::forbidden());
        }
        let known = identity::repo::organisation(&ctx.db, organisation)
            .await?
            .is_some_and(|o| o.kind != platform::OrganisationKind::Platform.as_str());
        if !known {
            return Err(AppError::validation(
                ErrorReason::InvalidInput,
                "organisationId",
                "not an organisation you can share with",
            ));
        }
        if let Some(existing) = live_consents(ctx, access.case_id)
            .await?
            .into_iter()
            .find(|c| c.part == part.as_str() && c.party_organisation_id == organisation)
        {
            return Ok(existing);
        }
        let row = medical_consent::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(access.tenant_id),
            case_id: Set(access.case_id),
            employee_id: Set(access.employee_id),
            part: Set(part.as_str().into()),
            party_organisation_id: Set(organisation),
            granted_at: Set(ctx.clock.now()),
            revoked_at: Set(None),
        }
        .insert(&ctx.db)
        .await?;
        ctx.log_allowed(
            &access.target("medical_consent", Some(row.id)),
            Action::Create,
            Some(format!("consent granted: {}", part.as_str())),
        )
        .await?;
        Ok(row)
    }

    /// The employee revokes a consent; from then on the party sees that part no more.
    pub async fn revoke_consent(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
        consent_id: Uuid,
    ) -> AppResult<medical_consent::Model> {
        let target = access.target("medical_consent", Some(consent_id));
        ctx.authorize(&target, DataClass::Medical, Action::Create)
            .await?;
        if !access.is_verified_subject() {
            ctx.deny(
                &target,
                DataClass::Medical,
                Action::Update,
                "only the employee himself",
            )
            .await?;
            return Err(AppError::forbidden());
        }
        let Some(found) = medical_consent::Entity::find_by_id(consent_id)
            .filter(medical_consent::Column::CaseId.eq(access.case_id))
            .one(&ctx.db)
            .await?
        else {
            return Err(AppError::NotFound);
        };
        if found.revoked_at.is_some() {
            return Ok(found);
        }
        let mut c = found.into_active_model();
        c.revoked_at = Set(Some(ctx.clock.now()));
        let saved = c.update(&ctx.db).await?;
        ctx.log_allowed(&target, Action::Update, Some("consent revoked".into()))
            .await?;
        Ok(saved)
    }

    /// The consents of the case (granted and revoked), for the employee and the doctor.
    pub async fn consents(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<Vec<medical_consent::Model>> {
        if !(access.is_verified_subject() || access.is_doctor()) {
            return Ok(vec![]);
        }
        Ok(medical_consent::Entity::find()
            .filter(medical_consent::Column::TenantId.eq(access.tenant_id))
            .filter(medical_consent::Column::CaseId.eq(access.case_id))
            .order_by_desc(medical_consent::Column::GrantedAt)
            .all(&ctx.db)
            .await?)
    }

    /// Who accessed the employee's data: for the employee himself and the assigned doctor,
    /// with their second factor. Reading the log is itself logged.
    pub async fn access_log(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<Vec<platform::entities::access_log::Model>> {
        let target = access.target("access_log", Some(access.case_id));
        ctx.authorize(&target, DataClass::Medical, Action::Read)
            .await?;
        if !(access.is_verified_subject() || access.is_doctor()) {
            ctx.deny(
                &target,
                DataClass::Medical,
                Action::Read,
                "the employee and his doctor only",
            )
            .await?;
            return Err(AppError::forbidden());
        }
        let entries = ctx
            .log
            .for_subject(&ctx.db, access.tenant_id, access.employee_id, 500)
            .await?;
        ctx.log_allowed(&target, Action::Read, Some("access log read".into()))
            .await?;
        Ok(entries)
    }

    /// The assigned doctor issues a one-time code with which the employee opens his medical
    /// file to his own account (decision 76). The doctor hands it over at the consultation or
    /// reads it out on the phone number the employee gave him; it never reaches the employer.
    pub async fn issue_activation_code(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<identity::verification::IssuedCode> {
        let target = access.target("activation_code", Some(access.case_id));
        ctx.authorize(&target, DataClass::Medical, Action::Create)
            .await?;
        if !access.is_doctor() {
            ctx.deny(
                &target,
                DataClass::Medical,
                Action::Create,
                "only the assigned company doctor issues activation codes",
            )
            .await?;
        }
        identity::verification::issue(ctx, access.tenant_id, access.employee_id, access.case_id)
            .await
    }

    /// Whether the case's employee has verified medical access, for his doctor.
    pub async fn employee_medical_access(
        &self,
        ctx: &Ctx,
        access: &CaseAccess,
    ) -> AppResult<Option<identity::verification::MedicalAccess>> {
        if !access.is_doctor() {
            return Ok(None);
        }
        let employee = identity::repo::employee(&ctx.db, access.tenant_id, access.employee_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Some(
            identity::verification::status(
                &ctx.db,
                access.tenant_id,
                employee.id,
                employee.user_id,
            )
            .await?,
        ))
    }
}

async fn live_consents(ctx: &Ctx, case_id: Uuid) -> AppResult<Vec<medical_consent::Model>> {
    Ok(medical_consent::Entity::find()
        .filter(medical_consent::Column::CaseId.eq(case_id))
        .filter(medical_consent::Column::RevokedAt.is_null())
        .all(&ctx.db)
        .await?)
}

/// A list as the JSON text column it is stored in.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}
