//! Problem analyses and current assessments: the medical part sealed in the file, the
//! workability part as advice, the deadline of the step completed.

use platform::access::{Action, DataClass};
use platform::case_port::{CaseAccess, ClockStep};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{ActiveModelTrait, Set, TransactionTrait};

use super::{AdviceInput, AssessmentView, Medical, doctor_of, medical_text, seal};
use crate::entities::{medical_assessment, workability_advice};
use crate::model::AssessmentKind;

impl Medical {
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
            kind: Set(kind),
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
            Some(format!(
                "{} recorded",
                sea_orm::ActiveEnum::to_value(&kind).to_lowercase()
            )),
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
}
