//! Workability advice: the doctor gives it (alone or as the workability part of an
//! assessment), and whoever may read WORKABILITY reads it, the latest of a case or of a page
//! of cases.

use std::collections::HashMap;

use platform::access::{Action, DataClass};
use platform::case_port::CaseAccess;
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{AdviceInput, Medical, check_date, doctor_of, lines, medical_text};
use crate::entities::workability_advice;
use crate::model::{Categories, Lines};

impl Medical {
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

    pub(super) async fn insert_advice(
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
            limitations: Set(Lines(lines("limitations", &input.limitations)?)),
            limitation_categories: Set(Categories(categories)),
            capabilities: Set(Lines(lines("capabilities", &input.capabilities)?)),
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
            .map(|a| a.limitations.0)
            .unwrap_or_default())
    }

    /// The latest workability advice of each of `cases` (`(case, tenant)`, one page of a case
    /// list) with its doctor's name, in one statement, for a reader the caller has checked may
    /// read WORKABILITY on every one of them (see `cases::graphql::parts`). Of the doctor only
    /// the name is read.
    pub async fn latest_advice_of(
        db: &impl sea_orm::ConnectionTrait,
        cases: &[(Uuid, Uuid)],
    ) -> AppResult<HashMap<Uuid, (workability_advice::Model, Option<String>)>> {
        use identity::entities::user;
        use sea_orm::sea_query::{Alias, Expr, JoinType};
        use sea_orm::{QuerySelect, RelationDef};
        let mut out = HashMap::new();
        if cases.is_empty() {
            return Ok(out);
        }
        let doctor = Alias::new("advice_doctor");
        let to_doctor: RelationDef = workability_advice::Entity::belongs_to(user::Entity)
            .from(workability_advice::Column::DoctorUserId)
            .to(user::Column::Id)
            .into();
        let rows = workability_advice::Entity::find()
            .join_as(JoinType::LeftJoin, to_doctor, doctor.clone())
            .column_as(Expr::col((doctor, user::Column::Name)), "doctor_name")
            .filter(workability_advice::Column::CaseId.is_in(cases.iter().map(|(c, _)| *c)))
            .order_by_desc(workability_advice::Column::GivenOn)
            .order_by_desc(workability_advice::Column::CreatedAt)
            .into_model::<AdviceWithDoctor>()
            .all(db)
            .await?;
        let tenant_of: HashMap<Uuid, Uuid> = cases.iter().copied().collect();
        // A row of another tenant than its case's never passes (a second wall beside the
        // case ids the caller's reach gave).
        for row in rows
            .into_iter()
            .filter(|r| tenant_of.get(&r.advice.case_id) == Some(&r.advice.tenant_id))
        {
            out.entry(row.advice.case_id)
                .or_insert((row.advice, row.doctor_name));
        }
        Ok(out)
    }
}

/// An advice row with its doctor's name.
struct AdviceWithDoctor {
    advice: workability_advice::Model,
    doctor_name: Option<String>,
}

impl sea_orm::FromQueryResult for AdviceWithDoctor {
    fn from_query_result(res: &sea_orm::QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(AdviceWithDoctor {
            advice: workability_advice::Model::from_query_result(res, pre)?,
            doctor_name: res.try_get(pre, "doctor_name")?,
        })
    }
}

/// Per case, the dates of its workability advice and whether each stated no sustainable usable
/// capacity, oldest first: the clock reads these (decision 82). Workability, not medical; the
/// clock shows only what follows from them.
pub async fn capacity_statements(
    db: &impl sea_orm::ConnectionTrait,
    case_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<(chrono::NaiveDate, bool)>>> {
    use sea_orm::QuerySelect;
    let rows: Vec<(Uuid, chrono::NaiveDate, bool)> = workability_advice::Entity::find()
        .select_only()
        .columns([
            workability_advice::Column::CaseId,
            workability_advice::Column::GivenOn,
            workability_advice::Column::NoSustainableCapacity,
        ])
        .filter(workability_advice::Column::CaseId.is_in(case_ids.iter().copied()))
        .order_by_asc(workability_advice::Column::GivenOn)
        .order_by_asc(workability_advice::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, Vec<(chrono::NaiveDate, bool)>> = HashMap::new();
    for (case_id, on, none) in rows {
        out.entry(case_id).or_default().push((on, none));
    }
    Ok(out)
}
