//! The mutations of the case itself: sick report, recoveries, administration, closing, wage
//! sanction and extension.

use async_graphql::{Context, ID, Object};
use platform::GqlResultExt;
use platform::context::request_ctx;
use platform::graphql::parse_id;
use platform::scalars::Date;

use super::{Case, ReportSickInput, UpdateCaseInput, one};
use crate::notify::{Notice, Notifier};
use crate::service::{self, SickReport};

/// Mutations of the cases service.
#[derive(Default)]
pub struct CasesMutation;

#[Object]
impl CasesMutation {
    /// Reports an employee sick — or, without `employeeId`, the employee himself. Less than 28
    /// days after a recovery it continues that case.
    async fn report_sick(
        &self,
        gql: &Context<'_>,
        input: ReportSickInput,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let report = SickReport {
            employee_id: input.employee_id.as_ref().map(parse_id).transpose()?,
            sick_since: input.sick_since.0,
            expected_duration_weeks: input.expected_duration_weeks,
            reachable_at: input.reachable_at,
            safety_net: input.safety_net.unwrap_or(false),
            third_party_liable: input.third_party_liable.unwrap_or(false),
            work_accident: input.work_accident.unwrap_or(false),
            case_manager_user_id: input
                .case_manager_user_id
                .as_ref()
                .map(parse_id)
                .transpose()?,
        };
        let r = service::report_sick(ctx, report).await.gql()?;
        // His own report is told to the case manager (or HR) at once.
        if r.case.reported_by_employee
            && r.case.sick_report_confirmed_at.is_none()
            && let Ok(notifier) = gql.data::<Notifier>()
        {
            notifier.tell(ctx, r.case.id, Notice::SelfReported).await;
        }
        one(gql, r).await
    }

    /// Confirms a sick report the employee made himself (case manager, HR, line manager):
    /// it leaves "Mijn taken" and is no longer reminded of.
    async fn confirm_sick_report(
        &self,
        gql: &Context<'_>,
        case_id: ID,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::confirm_sick_report(ctx, parse_id(&case_id)?)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// Full recovery: `recoveredOn` is the first day fit.
    async fn report_recovery(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        recovered_on: Date,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::report_recovery(ctx, parse_id(&case_id)?, recovered_on.0)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// Track, case manager and return prospect.
    async fn update_case(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: UpdateCaseInput,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let manager = if input.clear_case_manager.unwrap_or(false) {
            Some(None)
        } else {
            input
                .case_manager_user_id
                .as_ref()
                .map(parse_id)
                .transpose()?
                .map(Some)
        };
        let update = service::CaseUpdate {
            track: input.track,
            case_manager_user_id: manager,
            return_prospect: input.return_prospect,
        };
        let r = service::update_case(ctx, parse_id(&case_id)?, update)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// UWV imposed a wage sanction (1–52 weeks): the end of wage payment moves. `kind`
    /// defaults to SUBSTANTIVE (the effort fell short).
    async fn impose_wage_sanction(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        weeks: i32,
        decided_on: Date,
        kind: Option<crate::timeline::SanctionKind>,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let kind = kind.unwrap_or(crate::timeline::SanctionKind::Substantive);
        let r = service::impose_wage_sanction(ctx, parse_id(&case_id)?, weeks, decided_on.0, kind)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// Closes the case for good: 4 weeks after a recovery, after the end of wage payment, or
    /// when the employment ended.
    async fn close_case(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        reason: crate::model::CloseReason,
        closed_on: Date,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::close_case(ctx, parse_id(&case_id)?, reason, closed_on.0)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// Employer and employee agreed a voluntary extension (at least 13 weeks): WIA dates move.
    async fn extend_wage_payment(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        weeks: i32,
        agreed_on: Date,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r = service::extend_wage_payment(ctx, parse_id(&case_id)?, weeks, agreed_on.0)
            .await
            .gql()?;
        one(gql, r).await
    }

    /// Partial resumption of work; the legal clock runs on.
    async fn report_partial_recovery(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        from: Date,
        working_percentage: i32,
    ) -> async_graphql::Result<Case> {
        let ctx = request_ctx(gql)?;
        let r =
            service::report_partial_recovery(ctx, parse_id(&case_id)?, from.0, working_percentage)
                .await
                .gql()?;
        one(gql, r).await
    }
}
