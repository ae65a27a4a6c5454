//! The queries of the cases service: the case list, one case, the possible case managers.

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::NaiveDate;
use platform::access::{Action, DataClass, Decision, Relation, decide_for};
use platform::context::request_ctx;
use platform::graphql::{decode_cursor, encode_cursor, gql_err, page_size, parse_id};
use platform::scalars::Date;
use platform::{AppError, ErrorReason, GqlResultExt};
use uuid::Uuid;

use super::file::Person;
use super::parts::{Parts, Wants};
use super::{Case, CaseEmployee, CaseFilter, CaseSort, listed_to_gql, one, to_gql};
use crate::model::{CaseStatus, Track};
use crate::repo::{CaseListFilter, CaseOrder};
use crate::service;

/// Queries of the cases service.
#[derive(Default)]
pub struct CasesQuery;

#[Object]
impl CasesQuery {
    /// Absence figures (national definitions) over `from`..`to`, of the employer or one
    /// department; a line manager gets his own department or team. Employer side only; a
    /// group under five employees gets none (`available: false`).
    async fn absence_figures(
        &self,
        gql: &Context<'_>,
        from: Date,
        to: Date,
        department_id: Option<ID>,
    ) -> async_graphql::Result<AbsenceFigures> {
        let ctx = request_ctx(gql)?;
        let department = department_id.as_ref().map(parse_id).transpose()?;
        let f = service::absence_figures(ctx, from.0, to.0, department)
            .await
            .gql()?;
        Ok(AbsenceFigures::from(f))
    }

    /// Absence figures per calendar month, quarter or year overlapping `from`..`to` (at most
    /// 60 periods), each with the period before it for the trend; of the employer or one
    /// department, on the terms of `absenceFigures`. Periods not yet begun are left out; the
    /// current one counts up to today.
    async fn absence_figure_series(
        &self,
        gql: &Context<'_>,
        from: Date,
        to: Date,
        period: FiguresPeriod,
        department_id: Option<ID>,
    ) -> async_graphql::Result<Vec<AbsencePeriodFigures>> {
        let ctx = request_ctx(gql)?;
        let department = department_id.as_ref().map(parse_id).transpose()?;
        let series = service::absence_series(ctx, from.0, to.0, period.into(), department)
            .await
            .gql()?;
        Ok(series
            .into_iter()
            .map(|p| AbsencePeriodFigures {
                from: Date(p.from),
                to: Date(p.to),
                figures: p.figures.into(),
                previous: p.previous.into(),
            })
            .collect())
    }

    /// Absence figures over `from`..`to` per department (with the departments under it): HR
    /// and case managers every department, a line manager those he manages. A department
    /// under five employees gets none.
    async fn absence_figures_by_department(
        &self,
        gql: &Context<'_>,
        from: Date,
        to: Date,
    ) -> async_graphql::Result<Vec<DepartmentAbsenceFigures>> {
        let ctx = request_ctx(gql)?;
        let rows = service::absence_by_department(ctx, from.0, to.0)
            .await
            .gql()?;
        Ok(rows
            .into_iter()
            .map(|(d, f)| DepartmentAbsenceFigures {
                department: d.into(),
                figures: f.into(),
            })
            .collect())
    }

    /// The cases in your reach, newest sick report first: employer staff all of the employer,
    /// a manager his team's, an employee his own, a doctor or consultant those assigned.
    async fn cases(
        &self,
        gql: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<CaseFilter>,
        sort: Option<CaseSort>,
    ) -> async_graphql::Result<Connection<String, Case, EmptyFields, EmptyFields>> {
        let ctx = request_ctx(gql)?;
        let limit = page_size(first)?;
        let sort = sort.unwrap_or_default();
        // The cursor carries its order, so a cursor of one order is refused by another.
        let after_key: Option<(CaseSort, NaiveDate, Uuid)> =
            after.as_deref().map(decode_cursor).transpose()?;
        if after_key.is_some_and(|(s, _, _)| s != sort) {
            return Err(gql_err(AppError::validation(
                ErrorReason::InvalidInput,
                "after",
                "this cursor belongs to another sort order",
            )));
        }
        let filter = filter.unwrap_or_default();
        let today = ctx.clock.today();
        let list_filter = CaseListFilter {
            status: filter.status.map(CaseStatus::as_str),
            overdue: filter.overdue.map(|o| (o, today)),
            track: filter.track.map(Track::as_str),
            case_manager: filter.case_manager_id.as_ref().map(parse_id).transpose()?,
            search: filter.search,
        };
        let order = match sort {
            CaseSort::SickSinceDesc => CaseOrder::SickSinceDesc,
            CaseSort::NextDeadline => CaseOrder::NextDeadline,
        };
        // Every statement of the page in one transaction, under row-level security for an
        // employer's own people (decision 74).
        let txn = ctx.tenant_txn().await.gql()?;
        let actor = ctx.user().gql()?;
        let after = after_key.map(|(_, d, id)| (d, id));
        let fetch = (limit + 1) as u64;
        let full = Case::needs_clock(gql);
        // Per case: the cursor's date, the case, and the reader's relations to it as one of the
        // employer's own people (from the rows, no query); assignments are added below.
        let mut page: Vec<(NaiveDate, Case, Vec<Relation>)> = Vec::new();
        let mut names: Vec<(Uuid, String)> = Vec::new();
        if full {
            for (r, e) in service::cases_in(&txn, actor, &list_filter, order, after, fetch)
                .await
                .gql()?
            {
                let date = match order {
                    CaseOrder::SickSinceDesc => r.case.sick_since,
                    CaseOrder::NextDeadline => r.case.next_deadline_on,
                };
                let relations = e.as_ref().map_or_else(Vec::new, |e| {
                    service::employer_relations_by(
                        actor,
                        r.case.tenant_id,
                        e.user_id,
                        e.manager_user_id,
                    )
                });
                let employee = e.map(|e| CaseEmployee {
                    id: ID(e.id.to_string()),
                    name: e.name,
                });
                page.push((date, to_gql(ctx, r, employee)?, relations));
            }
        } else {
            // The read model: the rows with their names, and no clock (decision 88).
            for listed in service::case_list(&txn, actor, today, &list_filter, order, after, fetch)
                .await
                .gql()?
            {
                let row = &listed.row;
                let date = match order {
                    CaseOrder::SickSinceDesc => row.case.sick_since,
                    CaseOrder::NextDeadline => row.case.next_deadline_on,
                };
                let relations = if row.employee_name.is_some() {
                    service::employer_relations_by(
                        actor,
                        row.case.tenant_id,
                        row.employee_user_id,
                        row.employee_manager_id,
                    )
                } else {
                    Vec::new()
                };
                if let (Some(id), Some(name)) =
                    (row.case.case_manager_user_id, row.case_manager_name.clone())
                {
                    names.push((id, name));
                }
                page.push((date, listed_to_gql(listed, today), relations));
            }
        }
        let has_next = page.len() > limit;
        page.truncate(limit);
        let keys: Vec<(Uuid, Option<Uuid>)> = page
            .iter()
            .map(|(_, c, _)| (c.uuid(), c.manager()))
            .collect();
        let mut wants = Wants::of_list(gql);
        if !full {
            // The rows brought their case managers' names.
            wants.case_managers = false;
        }
        let mut parts = Parts::load(&txn, &keys, wants).await.gql()?;
        if !full {
            parts.know(names);
        }
        // What the page reads beside the cases is read for the whole page at once, each case
        // decided by the policy on the reader's relations to it (one statement for the
        // assignments of a doctor or consultant).
        let mut relations: Vec<(Uuid, Vec<Relation>)> =
            page.iter().map(|(_, c, r)| (c.uuid(), r.clone())).collect();
        service::page_relations(&txn, actor, &mut relations)
            .await
            .gql()?;
        let tenant_of: std::collections::HashMap<Uuid, Uuid> = page
            .iter()
            .map(|(_, c, _)| (c.uuid(), c.tenant()))
            .collect();
        let may_read = |class: DataClass| {
            relations
                .iter()
                .filter(|(_, r)| {
                    decide_for(&actor.roles, r, class, Action::Read, actor.mfa) == Decision::Allow
                })
                .filter_map(|(case, r)| Some((*case, *tenant_of.get(case)?, r.clone())))
                .collect::<Vec<_>>()
        };
        if wants.workability {
            let readable = may_read(DataClass::Workability)
                .into_iter()
                .map(|(case, tenant, _)| (case, tenant))
                .collect();
            parts.load_advice(&txn, readable).await.gql()?;
        }
        if wants.track2 {
            let readable = may_read(DataClass::Track2)
                .into_iter()
                .map(|(case, tenant, r)| (case, tenant, r.contains(&Relation::AssignedConsultant)))
                .collect::<Vec<_>>();
            parts.load_track2(&txn, &readable).await.gql()?;
        }
        if wants.employers {
            parts
                .load_employers(&txn, tenant_of.values().copied().collect())
                .await
                .gql()?;
        }
        txn.commit().await.map_err(AppError::from).gql()?;
        let parts = Arc::new(parts);
        let mut conn = Connection::new(after_key.is_some(), has_next);
        for (date, mut case, _) in page {
            let key = encode_cursor(&(sort, date, case.uuid()));
            case.parts = Some(parts.clone());
            conn.edges.push(Edge::new(key, case));
        }
        Ok(conn)
    }

    /// The people of your employer who can be named case manager (case managers and HR
    /// administrators); empty for anyone who is not employer staff.
    async fn case_managers(&self, gql: &Context<'_>) -> async_graphql::Result<Vec<Person>> {
        let ctx = request_ctx(gql)?;
        Ok(service::case_managers(ctx)
            .await
            .gql()?
            .into_iter()
            .map(|u| Person::new(u.id, u.name))
            .collect())
    }

    /// One case in your reach (null when it does not exist or is not yours to see).
    async fn case(&self, gql: &Context<'_>, id: ID) -> async_graphql::Result<Option<Case>> {
        let ctx = request_ctx(gql)?;
        let Ok(id) = parse_id(&id) else {
            return Ok(None);
        };
        match service::case(ctx, id).await {
            Ok(r) => Ok(Some(one(gql, r).await?)),
            Err(AppError::NotFound) => Ok(None),
            Err(e) => Err(gql_err(e)),
        }
    }
}

/// Absence figures of a group over a period (docs/domain.md §9). Every figure is null when the
/// group is under five employees, so no figure singles out one person's absence.
#[derive(async_graphql::SimpleObject, Clone)]
pub struct AbsenceFigures {
    /// Whether the group is large enough (five or more employees) to show figures.
    pub available: bool,
    /// Absence percentage, weighted by part-time factor and degree of absence.
    pub absence_percentage: Option<f64>,
    /// New sick reports per employee per year.
    pub report_frequency: Option<f64>,
    /// Average calendar days of the sickness periods that ended in the period.
    pub average_duration_days: Option<f64>,
    /// Share of employees without a sick day, percent.
    pub zero_absence_percentage: Option<f64>,
    /// Share of the sick days in sickness periods over 42 days, percent.
    pub long_term_percentage: Option<f64>,
    /// Average number of employees.
    pub headcount: Option<f64>,
}

/// The calendar periods figures are given per.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum FiguresPeriod {
    /// Calendar months.
    Month,
    /// Quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl From<FiguresPeriod> for crate::figures::Granularity {
    fn from(p: FiguresPeriod) -> Self {
        match p {
            FiguresPeriod::Month => crate::figures::Granularity::Month,
            FiguresPeriod::Quarter => crate::figures::Granularity::Quarter,
            FiguresPeriod::Year => crate::figures::Granularity::Year,
        }
    }
}

/// The figures of one calendar period and of the period before it.
#[derive(SimpleObject, Clone)]
pub struct AbsencePeriodFigures {
    /// First day of the period.
    pub from: Date,
    /// Last day of the period.
    pub to: Date,
    /// Its figures.
    pub figures: AbsenceFigures,
    /// The figures of the period of the same kind just before (the trend).
    pub previous: AbsenceFigures,
}

/// The figures of one department.
#[derive(SimpleObject, Clone)]
pub struct DepartmentAbsenceFigures {
    /// The department.
    pub department: identity::graphql::Department,
    /// Its figures, with the departments under it.
    pub figures: AbsenceFigures,
}

impl From<Option<crate::figures::Figures>> for AbsenceFigures {
    fn from(f: Option<crate::figures::Figures>) -> Self {
        AbsenceFigures {
            available: f.is_some(),
            absence_percentage: f.map(|f| f.absence_percentage),
            report_frequency: f.map(|f| f.report_frequency),
            average_duration_days: f.and_then(|f| f.average_duration_days),
            zero_absence_percentage: f.map(|f| f.zero_absence_percentage),
            long_term_percentage: f.map(|f| f.long_term_percentage),
            headcount: f.map(|f| f.headcount),
        }
    }
}
