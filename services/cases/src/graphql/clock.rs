//! The clock's events beyond the common path (decision 82): their fields on a case and the
//! mutations that record them.

use async_graphql::{Context, ID, Object, SimpleObject};
use platform::GqlResultExt;
use platform::access::{Action, DataClass};
use platform::context::request_ctx;
use platform::graphql::parse_id;
use platform::scalars::Date;

use super::{Case, one};
use crate::model::CaseRecord;
use crate::service::{self, SanctionStep};
use crate::timeline::{RivScope, SafetyNet, SanctionKind, Timeline};

/// A pregnancy and maternity leave (WAZO): the clock stands still during it.
#[derive(SimpleObject, Clone)]
pub struct PregnancyLeave {
    /// Id.
    pub id: ID,
    /// First day of leave.
    pub from: Date,
    /// Last day of leave.
    pub until: Date,
}

/// A second opinion by another company doctor (dates only).
#[derive(SimpleObject, Clone)]
pub struct SecondOpinionRequest {
    /// Id.
    pub id: ID,
    /// When the employee asked for it.
    pub requested_on: Date,
    /// When it was given.
    pub given_on: Option<Date>,
}

/// A wage sanction UWV imposed, and how far its course has come.
#[derive(SimpleObject, Clone)]
pub struct WageSanction {
    /// Administrative (report missing or incomplete) or substantive (effort short).
    pub kind: SanctionKind,
    /// Weeks imposed.
    pub weeks: i32,
    /// When UWV imposed it.
    pub imposed_on: Option<Date>,
    /// When the shortcoming was repaired.
    pub repaired_on: Option<Date>,
    /// When the employer asked UWV to shorten it.
    pub shortening_requested_on: Option<Date>,
    /// When UWV decided on that request.
    pub decided_on: Option<Date>,
    /// Whether UWV granted it.
    pub granted: Option<bool>,
}

/// Where the clock stands beyond the common path.
#[derive(SimpleObject, Clone, Default)]
pub struct ClockEvents {
    /// Pregnancy and maternity leaves, oldest first.
    pub leaves: Vec<PregnancyLeave>,
    /// The last day of employment, when it ends during the sickness.
    pub employment_ends_on: Option<Date>,
    /// What re-integration report UWV needs when the employment ends.
    pub riv_on_leaving: Option<RivScope>,
    /// The employer carries its own Ziektewet risk.
    pub own_risk_carrier: bool,
    /// When the return prospect was recorded (it holds three months).
    pub return_prospect_on: Option<Date>,
    /// UWV granted an IVA benefit from this day.
    pub iva_from: Option<Date>,
    /// The wage sanction, if any.
    pub wage_sanction: Option<WageSanction>,
    /// Second opinions, oldest first.
    pub second_opinions: Vec<SecondOpinionRequest>,
}

/// The clock events of a case, as every party of the case may read them (case data).
pub(super) fn clock_events(r: &CaseRecord, timeline: &Timeline) -> ClockEvents {
    let c = &r.case;
    ClockEvents {
        leaves: r
            .leaves
            .iter()
            .map(|l| PregnancyLeave {
                id: ID(l.id.to_string()),
                from: Date(l.from_date),
                until: Date(l.until_date),
            })
            .collect(),
        employment_ends_on: c.employment_ends_on.map(Date),
        riv_on_leaving: timeline.riv_on_leaving,
        own_risk_carrier: r.own_risk_carrier,
        return_prospect_on: r
            .return_prospect_on(
                r.milestones
                    .iter()
                    .filter(|m| m.kind == crate::timeline::DeadlineKind::FirstYearEvaluation)
                    .map(|m| m.occurred_on)
                    .max(),
            )
            .map(Date),
        iva_from: c.iva_from.map(Date),
        wage_sanction: (c.sanction_weeks > 0).then(|| WageSanction {
            kind: c.sanction_kind.unwrap_or(SanctionKind::Substantive),
            weeks: c.sanction_weeks,
            imposed_on: c.sanction_decided_on.map(Date),
            repaired_on: c.sanction_repaired_on.map(Date),
            shortening_requested_on: c.sanction_shortening_requested_on.map(Date),
            decided_on: c.sanction_shortening_decided_on.map(Date),
            granted: c.sanction_shortening_granted,
        }),
        second_opinions: r
            .second_opinions
            .iter()
            .map(|o| SecondOpinionRequest {
                id: ID(o.id.to_string()),
                requested_on: Date(o.requested_on),
                given_on: o.given_on.map(Date),
            })
            .collect(),
    }
}

/// The safety net's kind as `ctx`'s actor may read it: the assigned doctor and the employee
/// himself on a verified account, under the medical policy and its access log; `None` for
/// everyone else, so the answer tells the employer nothing he may not know.
pub(super) async fn safety_net_kind(
    gql: &Context<'_>,
    case: &Case,
) -> async_graphql::Result<Option<SafetyNet>> {
    let Some(kind) = case.hidden_safety_net_kind else {
        return Ok(None);
    };
    let ctx = request_ctx(gql)?;
    let access = ctx.case_access(case.uuid).await.gql()?;
    if !(access.is_doctor() || access.is_verified_subject()) {
        return Ok(None);
    }
    let target = access.target("safety_net", None);
    ctx.authorize(&target, DataClass::Medical, Action::Read)
        .await
        .gql()?;
    ctx.log_allowed(&target, Action::Read, Some("safety net kind read".into()))
        .await
        .gql()?;
    Ok(Some(kind))
}

/// Mutations of the clock's events.
#[derive(Default)]
pub struct ClockMutation;

#[Object]
impl ClockMutation {
    /// Records a pregnancy and maternity leave (WAZO), both days inclusive (employer). The
    /// clock stands still during it; the sick periods before and after add together.
    async fn record_leave(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        from: Date,
        until: Date,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::record_leave(ctx, parse_id(&case_id)?, from.0, until.0)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// Removes a leave recorded by mistake (employer).
    async fn remove_leave(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        leave_id: ID,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::remove_leave(ctx, parse_id(&case_id)?, parse_id(&leave_id)?)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// The last day of employment when it ends during the sickness (employer); it may lie
    /// ahead. Leave `lastDay` out to take it back.
    async fn record_employment_end(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        last_day: Option<Date>,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::record_employment_end(ctx, parse_id(&case_id)?, last_day.map(|d| d.0))
            .await
            .gql()?;
        one(gql, r).await
    }

    /// Which safety net applies (the assigned doctor, or the employee himself on a verified
    /// account): it names a cause, so the employer never sees it, only its deadlines.
    async fn set_safety_net(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        kind: Option<SafetyNet>,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::set_safety_net_kind(ctx, parse_id(&case_id)?, kind)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// The employee asked another company doctor for a second opinion.
    async fn request_second_opinion(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        requested_on: Date,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::request_second_opinion(ctx, parse_id(&case_id)?, requested_on.0)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// The second opinion was given.
    async fn record_second_opinion_given(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        id: ID,
        given_on: Date,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::second_opinion_given(ctx, parse_id(&case_id)?, parse_id(&id)?, given_on.0)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// The shortcoming UWV named in the wage sanction was repaired (employer).
    async fn record_sanction_repair(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        repaired_on: Date,
    ) -> async_graphql::Result<Case> {
        step(gql, case_id, SanctionStep::Repaired(repaired_on.0)).await
    }

    /// The employer asked UWV to shorten the wage sanction (bekortingsverzoek); UWV decides
    /// within 3 weeks.
    async fn request_sanction_shortening(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        requested_on: Date,
    ) -> async_graphql::Result<Case> {
        step(
            gql,
            case_id,
            SanctionStep::ShorteningRequested(requested_on.0),
        )
        .await
    }

    /// UWV decided on the request: granted, the sanction ends 6 weeks after the decision.
    async fn record_sanction_decision(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        decided_on: Date,
        granted: bool,
    ) -> async_graphql::Result<Case> {
        step(
            gql,
            case_id,
            SanctionStep::Decided {
                on: decided_on.0,
                granted,
            },
        )
        .await
    }

    /// UWV granted an IVA benefit early from `from` (employee or employer): wage payment ends
    /// the day before.
    async fn record_iva_granted(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        from: Date,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::record_iva_from(ctx, parse_id(&case_id)?, from.0)
            .await
            .gql()?;
        one(gql, r).await
    }
}

async fn step(gql: &Context<'_>, case_id: ID, step: SanctionStep) -> async_graphql::Result<Case> {
    let ctx = request_ctx(gql)?;
    let r = service::sanction_step(ctx, parse_id(&case_id)?, step)
        .await
        .gql()?;
    one(gql, r).await
}
