//! The sweep: walks the materialised deadlines that are due soon or overdue (an index range,
//! never all cases), decides per the tenant's policy which reminder step is due today and for
//! whom, and writes it to the outbox. The outbox's unique key makes the sweep idempotent: run
//! twice, or by two workers at once, it adds nothing twice.

use std::collections::HashMap;

use cases::entities::{case_deadline, case_file, expert_opinion};
use cases::model::CaseStatus;
use chrono::{DateTime, NaiveDate, Utc};
use identity::entities::case_assignment;
use platform::{AppResult, Role};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entities::{notification_setting, reminder};
use crate::policy::{Policy, ReminderRecipient, policies, step};

/// How far ahead the sweep looks: the longest advance notice a policy may have.
const HORIZON_DAYS: u64 = 90;
const PAGE: u64 = 1000;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Deadlines looked at.
    pub deadlines: u64,
    /// Reminders added to the outbox (those already there are not counted).
    pub queued: u64,
}

/// The people of an open case a reminder can go to.
pub(crate) struct Parties {
    case_managers: Vec<Uuid>,
    manager: Option<Uuid>,
    employee: Option<Uuid>,
    doctors: Vec<Uuid>,
    consultants: Vec<Uuid>,
    /// Pending expert opinions: (expected answer, asked by the employee).
    opinions: Vec<(NaiveDate, bool)>,
}

pub(crate) async fn parties(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> AppResult<Option<Parties>> {
    let Some(case) = case_file::Entity::find_by_id(case_id).one(db).await? else {
        return Ok(None);
    };
    if CaseStatus::parse(&case.status) != CaseStatus::Open {
        return Ok(None);
    }
    let employee = identity::repo::employee(db, case.tenant_id, case.employee_id).await?;
    let case_managers = match case.case_manager_user_id {
        Some(user) => vec![user],
        None => identity::repo::users_of(db, case.tenant_id)
            .await?
            .into_iter()
            .filter(|(_, roles)| roles.contains(&Role::HrAdmin))
            .map(|(u, _)| u.id)
            .collect(),
    };
    let assigned = cases::repo::assignments(db, case.tenant_id, case.id).await?;
    let with_role = |role: Role| -> Vec<Uuid> {
        assigned
            .iter()
            .filter(|a: &&case_assignment::Model| a.ended_at.is_none() && a.role == role.as_str())
            .map(|a| a.user_id)
            .collect()
    };
    let opinions = expert_opinion::Entity::find()
        .filter(expert_opinion::Column::TenantId.eq(case.tenant_id))
        .filter(expert_opinion::Column::CaseId.eq(case.id))
        .filter(expert_opinion::Column::AnsweredOn.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.expected_by, o.requested_by == "EMPLOYEE"))
        .collect();
    Ok(Some(Parties {
        case_managers,
        manager: employee.as_ref().and_then(|e| e.manager_user_id),
        employee: employee.and_then(|e| e.user_id),
        doctors: with_role(Role::CompanyDoctor),
        consultants: with_role(Role::ReintegrationConsultant),
        opinions,
    }))
}

/// The users `policy` names for this deadline. A pending expert opinion reminds the side that
/// asked for it.
pub(crate) fn recipients(
    policy: &Policy,
    parties: &Parties,
    deadline: &case_deadline::Model,
) -> Vec<Uuid> {
    let asked_by_employee = (deadline.kind == cases::service::EXPERT_OPINION_ANSWER).then(|| {
        parties
            .opinions
            .iter()
            .any(|(due, by_employee)| *due == deadline.due_on && *by_employee)
    });
    let mut out = Vec::new();
    for r in &policy.recipients {
        let users: Vec<Uuid> = match (r, asked_by_employee) {
            (ReminderRecipient::Employee, Some(false))
            | (ReminderRecipient::CaseManager, Some(true)) => vec![],
            (ReminderRecipient::CaseManager, _) => parties.case_managers.clone(),
            (ReminderRecipient::Manager, _) => parties.manager.into_iter().collect(),
            (ReminderRecipient::Employee, _) => parties.employee.into_iter().collect(),
            (ReminderRecipient::CompanyDoctor, _) => parties.doctors.clone(),
            (ReminderRecipient::Agency, _) => parties.consultants.clone(),
        };
        for u in users {
            if !out.contains(&u) {
                out.push(u);
            }
        }
    }
    out
}

/// Users who switched advance reminders off, among `users`.
async fn without_advance(db: &impl ConnectionTrait, users: &[Uuid]) -> AppResult<Vec<Uuid>> {
    if users.is_empty() {
        return Ok(vec![]);
    }
    Ok(notification_setting::Entity::find()
        .filter(notification_setting::Column::UserId.is_in(users.to_vec()))
        .filter(notification_setting::Column::AdvanceReminders.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.user_id)
        .collect())
}

/// Runs one sweep as of `today`.
pub async fn sweep(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<SweepReport> {
    let horizon = today
        .checked_add_days(chrono::Days::new(HORIZON_DAYS))
        .unwrap_or(today);
    let mut report = SweepReport::default();
    let mut tenant_policies: HashMap<Uuid, HashMap<String, Policy>> = HashMap::new();
    let mut after: Option<(NaiveDate, Uuid)> = None;
    loop {
        let mut q = case_deadline::Entity::find()
            .filter(case_deadline::Column::DueOn.lte(horizon))
            .order_by_asc(case_deadline::Column::DueOn)
            .order_by_asc(case_deadline::Column::Id)
            .limit(PAGE);
        if let Some((due, id)) = after {
            q = q.filter(
                Condition::any()
                    .add(case_deadline::Column::DueOn.gt(due))
                    .add(
                        Condition::all()
                            .add(case_deadline::Column::DueOn.eq(due))
                            .add(case_deadline::Column::Id.gt(id)),
                    ),
            );
        }
        let page = q.all(db).await?;
        let Some(last) = page.last() else {
            return Ok(report);
        };
        after = Some((last.due_on, last.id));
        let mut case_parties: HashMap<Uuid, Option<Parties>> = HashMap::new();
        let mut rows = Vec::new();
        for deadline in &page {
            report.deadlines += 1;
            if let std::collections::hash_map::Entry::Vacant(slot) =
                tenant_policies.entry(deadline.tenant_id)
            {
                slot.insert(policies(db, deadline.tenant_id).await?);
            }
            let Some(policy) = tenant_policies
                .get(&deadline.tenant_id)
                .and_then(|p| p.get(&deadline.kind))
            else {
                continue;
            };
            let Some(step) = step(policy, deadline.due_on, today) else {
                continue;
            };
            if let std::collections::hash_map::Entry::Vacant(slot) =
                case_parties.entry(deadline.case_id)
            {
                slot.insert(parties(db, deadline.case_id).await?);
            }
            let Some(Some(parties)) = case_parties.get(&deadline.case_id) else {
                continue;
            };
            let mut to = recipients(policy, parties, deadline);
            if !step.legal {
                let off = without_advance(db, &to).await?;
                to.retain(|u| !off.contains(u));
            }
            for user in to {
                rows.push(reminder::ActiveModel {
                    id: Set(platform::ids::new_id()),
                    tenant_id: Set(deadline.tenant_id),
                    case_id: Set(deadline.case_id),
                    subject: Set(deadline.kind.clone()),
                    subject_id: Set(None),
                    due_on: Set(deadline.due_on),
                    recipient_user_id: Set(user),
                    step: Set(step.name.clone()),
                    legal: Set(step.legal),
                    status: Set(crate::deliver::PENDING.into()),
                    attempts: Set(0),
                    next_attempt_at: Set(now),
                    claimed_at: Set(None),
                    last_error: Set(None),
                    sent_at: Set(None),
                    created_at: Set(now),
                });
            }
        }
        if !rows.is_empty() {
            report.queued += reminder::Entity::insert_many(rows)
                .on_conflict(
                    OnConflict::columns([
                        reminder::Column::TenantId,
                        reminder::Column::CaseId,
                        reminder::Column::Subject,
                        reminder::Column::DueOn,
                        reminder::Column::RecipientUserId,
                        reminder::Column::Step,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
        }
    }
}
