//! Reading the medical file: what of it the actor may see (doctor, employee, or a party with
//! the employee's consent), opened and logged.

use platform::access::{Action, DataClass};
use platform::case_port::CaseAccess;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{AssessmentView, ConsultationView, Medical, MedicalFileView, open};
use crate::entities::{consultation, medical_assessment};
use crate::model::{AssessmentKind, ConsentPart, Visibility};

impl Medical {
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
            let kind = a.kind;
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
}
