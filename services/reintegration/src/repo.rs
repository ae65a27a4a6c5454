//! Queries of the track 2 service. Every query names the tenant and the case: the caller got
//! both from the case gate, which checked the actor's reach.

use std::collections::HashMap;

use chrono::NaiveDate;
use platform::AppResult;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entities::{activity, application, contact, occupation, report, trajectory};
use crate::model::{EffortInput, Track2ReportStatus};

/// The trajectory of a case, if track 2 was ever assigned.
pub async fn trajectory(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    case_id: Uuid,
) -> AppResult<Option<trajectory::Model>> {
    Ok(trajectory::Entity::find()
        .filter(trajectory::Column::TenantId.eq(tenant_id))
        .filter(trajectory::Column::CaseId.eq(case_id))
        .one(db)
        .await?)
}

/// The trajectories of `case_ids`, one statement.
pub async fn trajectories(
    db: &impl ConnectionTrait,
    case_ids: Vec<Uuid>,
) -> AppResult<Vec<trajectory::Model>> {
    if case_ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(trajectory::Entity::find()
        .filter(trajectory::Column::CaseId.is_in(case_ids))
        .all(db)
        .await?)
}

/// Everything in a case's track 2 file, each list in the order the portals show it.
#[derive(Clone, Debug, Default)]
pub struct File {
    /// Promising occupations, oldest first.
    pub occupations: Vec<occupation::Model>,
    /// Activities and work placements, newest start first.
    pub activities: Vec<activity::Model>,
    /// Contact moments, newest first.
    pub contacts: Vec<contact::Model>,
    /// Applications and proposals, newest first.
    pub applications: Vec<application::Model>,
    /// Reports, newest period first.
    pub reports: Vec<report::Model>,
}

macro_rules! of_case {
    ($db:expr, $entity:ident, $tenant:expr, $case:expr, $order:ident, $desc:expr) => {{
        let q = $entity::Entity::find()
            .filter($entity::Column::TenantId.eq($tenant))
            .filter($entity::Column::CaseId.eq($case));
        let q = if $desc {
            q.order_by_desc($entity::Column::$order)
        } else {
            q.order_by_asc($entity::Column::$order)
        };
        q.order_by_desc($entity::Column::CreatedAt).all($db).await?
    }};
}

/// The whole file of a case (five queries).
pub async fn file(db: &impl ConnectionTrait, tenant_id: Uuid, case_id: Uuid) -> AppResult<File> {
    Ok(File {
        occupations: of_case!(db, occupation, tenant_id, case_id, CreatedAt, false),
        activities: of_case!(db, activity, tenant_id, case_id, StartsOn, true),
        contacts: of_case!(db, contact, tenant_id, case_id, OccurredOn, true),
        applications: of_case!(db, application, tenant_id, case_id, AppliedOn, true),
        reports: of_case!(db, report, tenant_id, case_id, PeriodTo, true),
    })
}

/// The submitted reports of a case, oldest first (for the RIV).
pub async fn submitted_reports(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    case_id: Uuid,
) -> AppResult<Vec<report::Model>> {
    Ok(report::Entity::find()
        .filter(report::Column::TenantId.eq(tenant_id))
        .filter(report::Column::CaseId.eq(case_id))
        .filter(report::Column::Status.eq(Track2ReportStatus::Submitted))
        .order_by_asc(report::Column::PeriodTo)
        .all(db)
        .await?)
}

/// What the effort indicator needs, for every case of `case_ids` that has a running track 2
/// (three queries for any number of cases, one when none has).
pub async fn effort_inputs(
    db: &impl ConnectionTrait,
    case_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, EffortInput>> {
    if case_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let running = trajectory::Entity::find()
        .filter(trajectory::Column::CaseId.is_in(case_ids.to_vec()))
        .filter(trajectory::Column::EndedOn.is_null())
        .all(db)
        .await?;
    if running.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = running.iter().map(|t| t.case_id).collect();
    let mut out: HashMap<Uuid, EffortInput> = running
        .into_iter()
        .map(|t| {
            (
                t.case_id,
                EffortInput {
                    started_on: t.started_on,
                    contacts_per_month: t.contacts_per_month,
                    applications_per_month: t.applications_per_month,
                    contacts: vec![],
                    applications: vec![],
                },
            )
        })
        .collect();
    let contacts: Vec<(Uuid, NaiveDate)> = contact::Entity::find()
        .select_only()
        .column(contact::Column::CaseId)
        .column(contact::Column::OccurredOn)
        .filter(contact::Column::CaseId.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    for (case, on) in contacts {
        if let Some(e) = out.get_mut(&case) {
            e.contacts.push(on);
        }
    }
    let applications: Vec<(Uuid, NaiveDate)> = application::Entity::find()
        .select_only()
        .column(application::Column::CaseId)
        .column(application::Column::AppliedOn)
        .filter(application::Column::CaseId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    for (case, on) in applications {
        if let Some(e) = out.get_mut(&case) {
            e.applications.push(on);
        }
    }
    Ok(out)
}

/// Keeps the trajectory's consultant in step when the employer assigns another consultant to
/// the case directly (`assignToCase`).
pub async fn consultant_changed(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    case_id: Uuid,
    consultant: Uuid,
    agency: Uuid,
) -> AppResult<()> {
    if let Some(t) = trajectory(db, tenant_id, case_id).await? {
        let mut t = t.into_active_model();
        t.consultant_user_id = Set(consultant);
        t.agency_id = Set(agency);
        t.update(db).await?;
    }
    Ok(())
}
