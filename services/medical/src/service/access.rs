//! Access to the employee's data: the access log for him and his doctor, the activation code
//! with which he opens his medical file, and whether he has done so.

use platform::access::{Action, DataClass};
use platform::case_port::CaseAccess;
use platform::{AppError, AppResult, Ctx};

use super::Medical;

impl Medical {
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
