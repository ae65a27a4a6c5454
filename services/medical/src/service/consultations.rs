//! Consultations: the assigned doctor records one, every text sealed, his personal working
//! notes apart from the file the employee reads.

use platform::access::{Action, DataClass};
use platform::case_port::CaseAccess;
use platform::ids::new_id;
use platform::{AppResult, Ctx};
use sea_orm::{ActiveModelTrait, Set, TransactionTrait};

use super::{
    ConsultationInput, ConsultationView, Medical, check_date, doctor_of, medical_text, seal,
};
use crate::entities::consultation;

impl Medical {
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
        };
        // The consultation and the contact date the "unreachable" signal reads, together.
        let txn = ctx.db.begin().await?;
        let row = row.insert(&txn).await?;
        ctx.gate()?
            .contact_made(&txn, ctx, access, row.held_on)
            .await?;
        txn.commit().await?;
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
}
