//! GraphQL surface of the cases service: thin resolvers over [`crate::service`] and
//! [`crate::file`]. The parts of a case a list may ask for (plan of action, evaluations,
//! activity log, case manager) are loaded per page, not per case ([`parts`]).

mod assignment;
mod clock;
mod file;
mod mutation;
pub mod parts;
mod query;
mod riv;

pub use assignment::{AssignmentMutation, AssignmentQuery};
pub use clock::ClockMutation;
pub use file::CaseFileMutation;
pub use mutation::CasesMutation;
pub use query::CasesQuery;
pub use riv::RivQuery;

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, SimpleObject};
use platform::GqlResultExt;
use platform::context::request_ctx;
use platform::graphql::gql_err;
use platform::scalars::Date;
use uuid::Uuid;

use crate::model::{CaseRecord, CaseStatus, RiskSignalKind, Track};
use crate::service::{self};
use crate::timeline::{DeadlineKind, DeadlineStatus};
use file::{Activity, Evaluation, ExpertOpinion, Milestone, Person, PlanOfAction};
use parts::{Parts, Wants};

/// The employee a case is about (name only; contact details live with the employee).
#[derive(SimpleObject, Clone)]
pub struct CaseEmployee {
    /// Employee id.
    pub id: ID,
    /// Full name.
    pub name: String,
}

/// A legal deadline of a case.
#[derive(SimpleObject, Clone)]
pub struct Deadline {
    /// Which step.
    pub kind: DeadlineKind,
    /// The last day.
    pub due_on: Date,
    /// Upcoming, due soon, overdue or done.
    pub status: DeadlineStatus,
    /// When it was done.
    pub completed_on: Option<Date>,
    /// The week of the sickness the due date lies in.
    pub week: i32,
}

/// A full recovery and the relapse that may have followed.
#[derive(SimpleObject, Clone)]
pub struct RecoveryPeriod {
    /// First day fit.
    pub recovered_on: Date,
    /// New sick report, if any.
    pub resick_on: Option<Date>,
}

/// A partial resumption of work.
#[derive(SimpleObject, Clone)]
pub struct PartialRecovery {
    /// From when.
    pub from: Date,
    /// Percentage of the hours worked.
    pub working_percentage: i32,
}

/// A common cause of a wage sanction showing in the case, for the employer to act on.
#[derive(SimpleObject, Clone)]
pub struct RiskSignal {
    /// Which risk.
    pub kind: RiskSignalKind,
    /// The first day the risk holds.
    pub since: Date,
    /// The date it refers to: the missed deadline, the advice, the last contact.
    pub reference: Date,
}

/// A sick-leave case file (verzuimdossier). Holds no diagnosis and no complaints: there is no
/// field for them.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Case {
    /// Id.
    pub id: ID,
    /// The employee.
    pub employee: Option<CaseEmployee>,
    /// First day of sickness.
    pub sick_since: Date,
    /// Status.
    pub status: CaseStatus,
    /// Re-integration track.
    pub track: Track,
    /// Expected duration in weeks, as reported.
    pub expected_duration_weeks: Option<i32>,
    /// Where the employee is reachable while sick.
    pub reachable_at: Option<String>,
    /// A safety-net rule applies (which one is not recorded).
    pub safety_net: bool,
    /// The employee reported himself sick (not his employer).
    pub reported_by_employee: bool,
    /// When the employer confirmed the employee's own sick report (`null`: not yet, or the
    /// employer reported it).
    pub sick_report_confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A third party is liable.
    pub third_party_liable: bool,
    /// It was a work accident.
    pub work_accident: bool,
    /// Recoveries and relapses.
    pub recoveries: Vec<RecoveryPeriod>,
    /// Partial recoveries.
    pub partial_recoveries: Vec<PartialRecovery>,
    /// Voluntary extension of wage payment, weeks.
    pub extension_weeks: i32,
    /// Wage sanction, weeks.
    pub sanction_weeks: i32,
    /// The named case manager (a user of the employer).
    pub case_manager_user_id: Option<ID>,
    /// A concrete prospect of structural return in the own organisation is recorded.
    pub return_prospect: bool,
    /// The legal deadlines as of today.
    pub deadlines: Vec<Deadline>,
    /// The earliest deadline not yet done (none for a case that is not open).
    pub next_deadline: Option<Deadline>,
    /// The week of sickness today is in (counted as the law counts; none when not sick today).
    pub sick_week: Option<i32>,
    /// Sanction risks as of today.
    pub risk_signals: Vec<RiskSignal>,
    /// Why the case was closed.
    pub close_reason: Option<crate::model::CloseReason>,
    /// As of when it was closed.
    pub closed_on: Option<Date>,
    /// Steps recorded as done, oldest first.
    pub milestones: Vec<Milestone>,
    /// Expert opinion requests to UWV, oldest first.
    pub expert_opinions: Vec<ExpertOpinion>,
    /// Leave, end of employment, sanction, second opinions: what moves the clock beyond the
    /// common path.
    pub clock: clock::ClockEvents,
    /// The safety net's kind, read through [`Case::safety_net_kind`].
    #[graphql(skip)]
    hidden_safety_net_kind: Option<crate::timeline::SafetyNet>,
    #[graphql(skip)]
    uuid: Uuid,
    #[graphql(skip)]
    tenant: Uuid,
    #[graphql(skip)]
    manager_uuid: Option<Uuid>,
    /// Parts loaded for the whole page this case is on.
    #[graphql(skip)]
    parts: Option<Arc<Parts>>,
}

impl Case {
    /// Whether the selection of a list below `edges.node` asks for what only the clock's
    /// records give (the deadlines, the steps done, the periods, the clock's events); if not,
    /// the list reads the read model (decision 88) and those fields stay empty, unasked.
    pub(super) fn needs_clock(gql: &Context<'_>) -> bool {
        let node = gql.look_ahead().field("edges").field("node");
        [
            "deadlines",
            "milestones",
            "recoveries",
            "partialRecoveries",
            "expertOpinions",
            "clock",
        ]
        .into_iter()
        .any(|f| node.field(f).exists())
    }

    pub(super) fn uuid(&self) -> Uuid {
        self.uuid
    }

    pub(super) fn manager(&self) -> Option<Uuid> {
        self.manager_uuid
    }

    pub(super) fn tenant(&self) -> Uuid {
        self.tenant
    }

    async fn parts(&self, gql: &Context<'_>, wants: Wants) -> async_graphql::Result<Arc<Parts>> {
        let ctx = request_ctx(gql)?;
        Parts::or_load(
            self.parts.as_ref(),
            &ctx.db,
            (self.uuid, self.manager_uuid),
            wants,
        )
        .await
        .gql()
    }
}

#[ComplexObject]
impl Case {
    /// Which safety net applies: for the assigned doctor and the employee himself only (it
    /// names a cause); null for everyone else, who see `safetyNet` and the deadlines.
    async fn safety_net_kind(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::timeline::SafetyNet>> {
        clock::safety_net_kind(gql, self).await
    }

    /// The employer the case belongs to (doctors and agencies serve many).
    async fn employer(&self, gql: &Context<'_>) -> async_graphql::Result<Option<Named>> {
        if let Some(preloaded) = self.parts.as_ref().and_then(|p| p.employer(self.tenant)) {
            return Ok(preloaded);
        }
        let ctx = request_ctx(gql)?;
        Ok(identity::repo::organisation(&ctx.db, self.tenant)
            .await
            .gql()?
            .map(|o| Named {
                id: ID(o.id.to_string()),
                name: o.name,
            }))
    }

    /// The providers working on the case (the health service of the assigned doctor, the
    /// assigned agency): the parties the employee can consent to share medical parts with.
    async fn parties(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<Named>> {
        let ctx = request_ctx(gql)?;
        let mut out: Vec<Named> = Vec::new();
        for a in crate::repo::assignments(&ctx.db, self.tenant, self.uuid)
            .await
            .gql()?
        {
            if out.iter().any(|n| n.id.0 == a.organisation_id.to_string()) {
                continue;
            }
            if let Some(o) = identity::repo::organisation(&ctx.db, a.organisation_id)
                .await
                .gql()?
            {
                out.push(Named {
                    id: ID(o.id.to_string()),
                    name: o.name,
                });
            }
        }
        Ok(out)
    }

    /// The named case manager.
    async fn case_manager(&self, gql: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        let Some(id) = self.manager_uuid else {
            return Ok(None);
        };
        let wants = Wants {
            case_managers: true,
            ..Wants::default()
        };
        Ok(self.parts(gql, wants).await?.person(id))
    }

    /// The current version of the plan of action (plan van aanpak).
    async fn plan_of_action(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Option<PlanOfAction>> {
        Ok(self.plan_of_action_history(gql).await?.into_iter().next())
    }

    /// Every version of the plan of action, newest first: the adjustments (bijstellingen) and
    /// what they replaced.
    async fn plan_of_action_history(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Vec<PlanOfAction>> {
        let wants = Wants {
            plans: true,
            ..Wants::default()
        };
        Ok(self.parts(gql, wants).await?.plans(self.uuid))
    }

    /// Evaluations, oldest first.
    async fn evaluations(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<Evaluation>> {
        let wants = Wants {
            evaluations: true,
            ..Wants::default()
        };
        Ok(self.parts(gql, wants).await?.evaluations(self.uuid))
    }

    /// The medical file: only for the assigned company doctor and the employee himself (and,
    /// for the parts he consented to, a named party), with a second factor. `null` for anyone
    /// else — the same whether or not it holds anything.
    async fn medical_file(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Option<medical::graphql::MedicalFile>> {
        let ctx = request_ctx(gql)?;
        let access = crate::gate::access(ctx, self.uuid).await.gql()?;
        let mut file = medical::graphql::medical_file(gql, &access).await?;
        if let Some(file) = &mut file {
            file.documents = documents::graphql::medical_documents(gql, &access).await?;
        }
        Ok(file)
    }

    /// The documents of the case the reader may see, newest first: CASE documents for every
    /// party; MEDICAL ones only for the assigned company doctor and the employee himself (with a
    /// second factor) — for anyone else they are absent, not hidden.
    async fn documents(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Vec<platform::document::Document>> {
        let ctx = request_ctx(gql)?;
        let access = crate::gate::access(ctx, self.uuid).await.gql()?;
        documents::graphql::case_documents(gql, &access).await
    }

    /// The latest workability advice of the company doctor (no medical content).
    async fn workability(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Option<medical::graphql::WorkabilityAdvice>> {
        if let Some(preloaded) = self.parts.as_ref().and_then(|p| p.advice(self.uuid)) {
            return Ok(preloaded);
        }
        let ctx = request_ctx(gql)?;
        let access = crate::gate::access(ctx, self.uuid).await.gql()?;
        medical::graphql::workability(gql, &access).await
    }

    /// Every workability advice, newest first.
    async fn workability_history(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Vec<medical::graphql::WorkabilityAdvice>> {
        let ctx = request_ctx(gql)?;
        let access = crate::gate::access(ctx, self.uuid).await.gql()?;
        medical::graphql::workability_history(gql, &access).await
    }

    /// The employee's consents to share medical information (for him and the doctor).
    async fn consents(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Vec<medical::graphql::Consent>> {
        let ctx = request_ctx(gql)?;
        let access = crate::gate::access(ctx, self.uuid).await.gql()?;
        medical::graphql::consents(gql, &access).await
    }

    /// Track 2 (spoor 2): the agency, the agreed intensity, the file and the reports, with the
    /// effort indicator. `null` when there is none or the reader may not read it.
    async fn track2(
        &self,
        gql: &Context<'_>,
    ) -> async_graphql::Result<Option<reintegration::graphql::Track2>> {
        if let Some(preloaded) = self.parts.as_ref().and_then(|p| p.track2(self.uuid)) {
            return Ok(preloaded);
        }
        let ctx = request_ctx(gql)?;
        let access = crate::gate::access(ctx, self.uuid).await.gql()?;
        reintegration::graphql::track2(gql, &access).await
    }

    /// The activity log (conversations, agreements, contacts), newest first.
    async fn activities(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<Activity>> {
        let wants = Wants {
            activities: true,
            ..Wants::default()
        };
        Ok(self.parts(gql, wants).await?.activities(self.uuid))
    }
}

fn deadline(d: &crate::timeline::Deadline) -> Deadline {
    Deadline {
        kind: d.kind,
        due_on: Date(d.due),
        status: d.status,
        completed_on: d.completed_on.map(Date),
        week: i32::try_from(d.week).unwrap_or(i32::MAX),
    }
}

pub(super) fn to_gql(
    ctx: &platform::Ctx,
    r: CaseRecord,
    employee: Option<CaseEmployee>,
) -> async_graphql::Result<Case> {
    let timeline = service::deadlines(ctx, &r).map_err(gql_err)?;
    let today = ctx.clock.today();
    let next_deadline = timeline.next_open().cloned();
    let sick_week = timeline.sick_days.week_of(today);
    let signals = crate::signals::risk_signals(&r, &timeline, today);
    let mut case = row_to_gql(
        (&r.case).into(),
        employee,
        next_deadline,
        sick_week,
        signals,
    );
    case.clock = clock::clock_events(&r, &timeline);
    case.milestones = r.milestones.iter().map(file::milestone).collect();
    case.expert_opinions = r
        .expert_opinions
        .iter()
        .map(|o| file::expert_opinion(o, today))
        .collect();
    case.recoveries = r
        .recoveries
        .iter()
        .map(|x| RecoveryPeriod {
            recovered_on: Date(x.recovered_on),
            resick_on: x.resick_on.map(Date),
        })
        .collect();
    case.partial_recoveries = r
        .partial
        .iter()
        .map(|p| PartialRecovery {
            from: Date(p.from_date),
            working_percentage: p.working_percentage,
        })
        .collect();
    case.deadlines = timeline.deadlines.iter().map(deadline).collect();
    Ok(case)
}

/// A case of a list read from the read model (`crate::listing`): the row's own fields, the
/// sick week, next step and risk signals as of `today`; what only the clock's records give is
/// empty (the list did not ask for it, [`Case::needs_clock`]).
pub(super) fn listed_to_gql(listed: service::ListedCase, today: chrono::NaiveDate) -> Case {
    let service::ListedCase { row, summary } = listed;
    let employee = row.employee_name.map(|name| CaseEmployee {
        id: ID(row.case.employee_id.to_string()),
        name,
    });
    row_to_gql(
        row.case,
        employee,
        summary.next_deadline(today),
        summary.sick_week(today),
        summary.risk_signals(today),
    )
}

/// A case from what its row says and what the clock says of today — the next step (shown for
/// an open case only), the sick week, the risk signals — by the engine or the read model alike;
/// what only the clock's records give stays empty for [`to_gql`] to fill.
fn row_to_gql(
    c: crate::repo::ListCase,
    employee: Option<CaseEmployee>,
    next: Option<crate::timeline::Deadline>,
    sick_week: Option<u32>,
    signals: Vec<crate::signals::RiskSignal>,
) -> Case {
    let open = c.status == CaseStatus::Open;
    Case {
        clock: clock::ClockEvents::default(),
        hidden_safety_net_kind: c.safety_net_kind,
        uuid: c.id,
        tenant: c.tenant_id,
        manager_uuid: c.case_manager_user_id,
        parts: None,
        close_reason: c.close_reason,
        closed_on: c.closed_on.map(Date),
        next_deadline: next.filter(|_| open).as_ref().map(deadline),
        sick_week: sick_week.and_then(|w| i32::try_from(w).ok()),
        risk_signals: signals
            .into_iter()
            .map(|s| RiskSignal {
                kind: s.kind,
                since: Date(s.since),
                reference: Date(s.reference),
            })
            .collect(),
        milestones: Vec::new(),
        expert_opinions: Vec::new(),
        id: ID(c.id.to_string()),
        employee,
        sick_since: Date(c.sick_since),
        status: c.status,
        track: c.track,
        expected_duration_weeks: c.expected_duration_weeks,
        reachable_at: c.reachable_at,
        safety_net: c.safety_net,
        reported_by_employee: c.reported_by_employee,
        sick_report_confirmed_at: c.sick_report_confirmed_at,
        third_party_liable: c.third_party_liable,
        work_accident: c.work_accident,
        recoveries: Vec::new(),
        partial_recoveries: Vec::new(),
        extension_weeks: c.extension_weeks,
        sanction_weeks: c.sanction_weeks,
        case_manager_user_id: c.case_manager_user_id.map(|u| ID(u.to_string())),
        return_prospect: c.return_prospect,
        deadlines: Vec::new(),
    }
}

pub(super) async fn one(gql: &Context<'_>, r: CaseRecord) -> async_graphql::Result<Case> {
    let ctx = request_ctx(gql)?;
    let employee = identity::repo::employee(&ctx.db, r.case.tenant_id, r.case.employee_id)
        .await
        .gql()?
        .map(|e| CaseEmployee {
            id: ID(e.id.to_string()),
            name: e.name,
        });
    to_gql(ctx, r, employee)
}

/// Input of `reportSick`: only what an employer may ask (no diagnosis, no complaints).
#[derive(InputObject)]
pub struct ReportSickInput {
    /// The employee; left out when the employee reports himself.
    pub employee_id: Option<ID>,
    /// First day of sickness.
    pub sick_since: Date,
    /// Expected duration in weeks, if known.
    pub expected_duration_weeks: Option<i32>,
    /// Where and how the employee is reachable while sick (not why he is sick).
    pub reachable_at: Option<String>,
    /// A safety-net rule applies — never record which one.
    pub safety_net: Option<bool>,
    /// A third party is liable (e.g. a traffic accident).
    pub third_party_liable: Option<bool>,
    /// It was a work accident.
    pub work_accident: Option<bool>,
    /// The case manager named for the case (CASE_MANAGER or HR_ADMIN of the employer).
    pub case_manager_user_id: Option<ID>,
}

/// Input of `updateCase`; absent fields stay as they are.
#[derive(InputObject)]
pub struct UpdateCaseInput {
    /// Re-integration track.
    pub track: Option<Track>,
    /// The case manager (CASE_MANAGER or HR_ADMIN of the employer).
    pub case_manager_user_id: Option<ID>,
    /// Clear the case manager.
    pub clear_case_manager: Option<bool>,
    /// A concrete prospect of structural return in the own organisation (no track 2 start).
    pub return_prospect: Option<bool>,
}

/// A person and organisation, by name.
#[derive(SimpleObject, Clone)]
pub struct Named {
    /// Id.
    pub id: ID,
    /// Name.
    pub name: String,
}

/// Filter of `cases`; all given conditions apply.
#[derive(InputObject, Default)]
pub struct CaseFilter {
    /// Only cases with this status.
    pub status: Option<CaseStatus>,
    /// Only open cases with a deadline past due (true), or without one (false).
    pub overdue: Option<bool>,
    /// Only cases on this track.
    pub track: Option<Track>,
    /// Only cases of this case manager.
    pub case_manager_id: Option<ID>,
    /// Only cases of employees whose name contains this text.
    pub search: Option<String>,
}

/// Order of `cases`.
#[derive(
    async_graphql::Enum,
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum CaseSort {
    /// Newest sick report first.
    #[default]
    SickSinceDesc,
    /// The earliest open deadline first (overdue ones lead); cases without one last.
    NextDeadline,
}
