//! GraphQL of track 2. `Case.track2` is a field of the cases service that calls [`track2`];
//! the mutations reach the case through the case port on the context.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use platform::case_port::CaseAccess;
use platform::context::request_ctx;
use platform::graphql::parse_id;
use platform::scalars::Date;
use platform::{AppError, AppResult, GqlResultExt};
use uuid::Uuid;

use crate::entities::{activity, application, contact, occupation, report, trajectory};
use crate::model::{
    ApplicationChannel, ApplicationKind, ApplicationStatus, Track2ActivityKind, Track2ContactKind,
    Track2ReportKind, Track2ReportStatus, effort,
};
use crate::repo;
use crate::service::{self, Track2View};

/// An organisation or person named in track 2.
#[derive(SimpleObject, Clone)]
pub struct Track2Party {
    /// Id.
    pub id: ID,
    /// Name.
    pub name: String,
}

/// The person profile (persoonsprofiel) and the search profile (zoekprofiel).
#[derive(SimpleObject, Clone, Default)]
pub struct Track2Profile {
    /// Skills.
    pub skills: Option<String>,
    /// Education.
    pub education: Option<String>,
    /// Work experience.
    pub experience: Option<String>,
    /// The employee's wishes.
    pub wishes: Option<String>,
    /// Tasks and job types that fit.
    pub search_profile: Option<String>,
    /// The limitations of the company doctor's latest workability advice (no medical content;
    /// empty when there is none or the reader may not read it).
    pub limitations: Vec<String>,
}

/// A promising occupation (kansrijk beroep).
#[derive(SimpleObject, Clone)]
pub struct PromisingOccupation {
    /// Id.
    pub id: ID,
    /// The occupation.
    pub title: String,
    /// Why it fits.
    pub reason: String,
}

/// An activity to become work-fit, or a work placement.
#[derive(SimpleObject, Clone)]
pub struct Track2Activity {
    /// Id.
    pub id: ID,
    /// Kind.
    pub kind: Track2ActivityKind,
    /// What.
    pub title: String,
    /// Where.
    pub organisation: Option<String>,
    /// From.
    pub starts_on: Date,
    /// Until.
    pub ends_on: Option<Date>,
    /// Hours per week.
    pub hours_per_week: Option<i32>,
    /// How it went.
    pub outcome: Option<String>,
}

/// A contact moment of the consultant with the employee.
#[derive(SimpleObject, Clone)]
pub struct Track2Contact {
    /// Id.
    pub id: ID,
    /// When.
    pub occurred_on: Date,
    /// How.
    pub kind: Track2ContactKind,
    /// What was discussed and agreed.
    pub summary: String,
}

/// An application, or a proposal of the employee to an employer.
#[derive(SimpleObject, Clone)]
pub struct Track2Application {
    /// Id.
    pub id: ID,
    /// Application or proposal.
    pub kind: ApplicationKind,
    /// The company.
    pub company: String,
    /// The position.
    pub position: String,
    /// When.
    pub applied_on: Date,
    /// Through which channel.
    pub channel: ApplicationChannel,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The outcome in words.
    pub outcome: Option<String>,
}

/// A progress report or the final report.
#[derive(SimpleObject, Clone)]
pub struct Track2Report {
    /// Id.
    pub id: ID,
    /// Progress or final.
    pub kind: Track2ReportKind,
    /// First day of the period.
    pub period_from: Date,
    /// Last day of the period.
    pub period_to: Date,
    /// Draft (the agency's own) or submitted.
    pub status: Track2ReportStatus,
    /// What was done in the period.
    pub activities: String,
    /// The consultant's assessment of progress and prospects.
    pub assessment: Option<String>,
    /// The employee's attitude and cooperation.
    pub attitude: Option<String>,
    /// When it was submitted.
    pub submitted_on: Option<Date>,
    /// Last saved.
    pub updated_at: DateTime<Utc>,
}

/// One month of track 2: achieved against agreed.
#[derive(SimpleObject, Clone)]
pub struct Track2EffortMonth {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Contact moments.
    pub contacts: i32,
    /// Applications and proposals.
    pub applications: i32,
    /// The month has ended.
    pub complete: bool,
    /// It ended below the agreement.
    pub below_agreement: bool,
}

/// The effort indicator (too little effort in track 2 is a common cause of a wage sanction).
#[derive(SimpleObject, Clone, Default)]
pub struct Track2Effort {
    /// Month by month, oldest first.
    pub months: Vec<Track2EffortMonth>,
    /// Since when the effort is too low (two months in a row below the agreement), if it is.
    pub below_agreement_since: Option<Date>,
}

/// Track 2 (spoor 2) of a case: the agency, the agreement, the file and the reports.
#[derive(SimpleObject, Clone)]
pub struct Track2 {
    /// Id.
    pub id: ID,
    /// The agency.
    pub agency: Option<Track2Party>,
    /// Its consultant.
    pub consultant: Option<Track2Party>,
    /// Start of track 2.
    pub started_on: Date,
    /// End (the final report).
    pub ended_on: Option<Date>,
    /// Agreed contact moments per month.
    pub contacts_per_month: i32,
    /// Agreed applications (and proposals) per month.
    pub applications_per_month: i32,
    /// Person and search profile.
    pub profile: Track2Profile,
    /// Promising occupations, oldest first.
    pub occupations: Vec<PromisingOccupation>,
    /// Activities and work placements, newest first.
    pub activities: Vec<Track2Activity>,
    /// Contact moments, newest first.
    pub contacts: Vec<Track2Contact>,
    /// Applications and proposals, newest first.
    pub applications: Vec<Track2Application>,
    /// Reports, newest first: submitted ones for everyone, the draft for the agency only.
    pub reports: Vec<Track2Report>,
    /// Achieved against agreed, month by month.
    pub effort: Track2Effort,
    /// The reader is the assigned consultant (may write).
    pub can_edit: bool,
}

fn occupation_out(o: occupation::Model) -> PromisingOccupation {
    PromisingOccupation {
        id: ID(o.id.to_string()),
        title: o.title,
        reason: o.reason,
    }
}

fn activity_out(a: activity::Model) -> Track2Activity {
    Track2Activity {
        id: ID(a.id.to_string()),
        kind: a.kind,
        title: a.title,
        organisation: a.organisation,
        starts_on: a.starts_on.into(),
        ends_on: a.ends_on.map(Into::into),
        hours_per_week: a.hours_per_week,
        outcome: a.outcome,
    }
}

fn contact_out(c: contact::Model) -> Track2Contact {
    Track2Contact {
        id: ID(c.id.to_string()),
        occurred_on: c.occurred_on.into(),
        kind: c.kind,
        summary: c.summary,
    }
}

fn application_out(a: application::Model) -> Track2Application {
    Track2Application {
        id: ID(a.id.to_string()),
        kind: a.kind,
        company: a.company,
        position: a.position,
        applied_on: a.applied_on.into(),
        channel: a.channel,
        status: a.status,
        outcome: a.outcome,
    }
}

fn report_out(r: report::Model) -> Track2Report {
    Track2Report {
        id: ID(r.id.to_string()),
        kind: r.kind,
        period_from: r.period_from.into(),
        period_to: r.period_to.into(),
        status: r.status,
        activities: r.activities,
        assessment: r.assessment,
        attitude: r.attitude,
        submitted_on: r.submitted_on.map(Into::into),
        updated_at: r.updated_at,
    }
}

async fn view_out(
    gql: &Context<'_>,
    access: &CaseAccess,
    view: Track2View,
) -> async_graphql::Result<Track2> {
    let ctx = request_ctx(gql)?;
    let t: trajectory::Model = view.trajectory;
    let db = &ctx.db;
    let agency = identity::repo::organisation(db, t.agency_id)
        .await
        .gql()?
        .map(|o| Track2Party {
            id: ID(o.id.to_string()),
            name: o.name,
        });
    let consultant = identity::repo::user(db, t.consultant_user_id)
        .await
        .gql()?
        .map(|u| Track2Party {
            id: ID(u.id.to_string()),
            name: u.name,
        });
    let limitations = ctx
        .gate()
        .gql()?
        .workability_limitations(ctx, access)
        .await
        .gql()?;
    let file = view.file;
    let input = crate::model::EffortInput {
        started_on: t.started_on,
        contacts_per_month: t.contacts_per_month,
        applications_per_month: t.applications_per_month,
        contacts: file.contacts.iter().map(|c| c.occurred_on).collect(),
        applications: file.applications.iter().map(|a| a.applied_on).collect(),
    };
    let today = t.ended_on.unwrap_or(ctx.clock.today());
    let (months, low) = effort(&input, today);
    Ok(Track2 {
        id: ID(t.id.to_string()),
        agency,
        consultant,
        started_on: t.started_on.into(),
        ended_on: t.ended_on.map(Into::into),
        contacts_per_month: t.contacts_per_month,
        applications_per_month: t.applications_per_month,
        profile: Track2Profile {
            skills: t.skills,
            education: t.education,
            experience: t.experience,
            wishes: t.wishes,
            search_profile: t.search_profile,
            limitations,
        },
        occupations: file.occupations.into_iter().map(occupation_out).collect(),
        activities: file.activities.into_iter().map(activity_out).collect(),
        contacts: file.contacts.into_iter().map(contact_out).collect(),
        applications: file.applications.into_iter().map(application_out).collect(),
        reports: file.reports.into_iter().map(report_out).collect(),
        effort: Track2Effort {
            months: months
                .into_iter()
                .map(|m| Track2EffortMonth {
                    from: m.from.into(),
                    to: m.to.into(),
                    contacts: m.contacts,
                    applications: m.applications,
                    complete: m.complete,
                    below_agreement: m.below,
                })
                .collect(),
            below_agreement_since: low.map(Into::into),
        },
        can_edit: view.is_consultant && t.ended_on.is_none(),
    })
}

/// The fields of [`Track2`] that need more than its trajectory row (the file, the names, the
/// advice): a list asking for none of them reads a page of track 2s at once ([`listed`]).
pub const FILE_FIELDS: [&str; 9] = [
    "agency",
    "consultant",
    "profile",
    "occupations",
    "activities",
    "contacts",
    "applications",
    "reports",
    "effort",
];

/// The track 2s of a page of cases — `(case, tenant, the reader is its consultant)`, each one
/// the reader may read (decided by the caller) — from their trajectory rows in one statement,
/// with only what the row holds filled in: for a selection without [`FILE_FIELDS`].
pub async fn listed(
    db: &impl sea_orm::ConnectionTrait,
    cases: &[(Uuid, Uuid, bool)],
) -> AppResult<std::collections::HashMap<Uuid, Track2>> {
    let rows = repo::trajectories(db, cases.iter().map(|(c, _, _)| *c).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|t| {
            let (_, tenant, consultant) = cases.iter().find(|(c, _, _)| *c == t.case_id)?;
            (*tenant == t.tenant_id).then(|| {
                (
                    t.case_id,
                    Track2 {
                        id: ID(t.id.to_string()),
                        agency: None,
                        consultant: None,
                        started_on: t.started_on.into(),
                        ended_on: t.ended_on.map(Into::into),
                        contacts_per_month: t.contacts_per_month,
                        applications_per_month: t.applications_per_month,
                        profile: Track2Profile::default(),
                        occupations: Vec::new(),
                        activities: Vec::new(),
                        contacts: Vec::new(),
                        applications: Vec::new(),
                        reports: Vec::new(),
                        effort: Track2Effort::default(),
                        can_edit: *consultant && t.ended_on.is_none(),
                    },
                )
            })
        })
        .collect())
}

/// `Case.track2`: the case's track 2 as the reader may see it, `null` when there is none.
pub async fn track2(
    gql: &Context<'_>,
    access: &CaseAccess,
) -> async_graphql::Result<Option<Track2>> {
    let ctx = request_ctx(gql)?;
    match service::track2(ctx, access).await.gql()? {
        Some(view) => Ok(Some(view_out(gql, access, view).await?)),
        None => Ok(None),
    }
}

async fn reread(gql: &Context<'_>, case_id: Uuid) -> async_graphql::Result<Track2> {
    let ctx = request_ctx(gql)?;
    let access = ctx.case_access(case_id).await.gql()?;
    track2(gql, &access)
        .await?
        .ok_or_else(|| AppError::NotFound.into())
}

/// The person and search profile as the consultant writes it.
#[derive(InputObject)]
pub struct Track2ProfileInput {
    /// Skills.
    pub skills: Option<String>,
    /// Education.
    pub education: Option<String>,
    /// Work experience.
    pub experience: Option<String>,
    /// The employee's wishes.
    pub wishes: Option<String>,
    /// Tasks and job types that fit.
    pub search_profile: Option<String>,
}

/// An activity or work placement.
#[derive(InputObject)]
pub struct Track2ActivityInput {
    /// Kind.
    pub kind: Track2ActivityKind,
    /// What.
    pub title: String,
    /// Where.
    pub organisation: Option<String>,
    /// From.
    pub starts_on: Date,
    /// Until.
    pub ends_on: Option<Date>,
    /// Hours per week.
    pub hours_per_week: Option<i32>,
    /// How it went.
    pub outcome: Option<String>,
}

impl From<Track2ActivityInput> for service::NewActivity {
    fn from(i: Track2ActivityInput) -> Self {
        service::NewActivity {
            kind: i.kind,
            title: i.title,
            organisation: i.organisation,
            starts_on: i.starts_on.into(),
            ends_on: i.ends_on.map(Into::into),
            hours_per_week: i.hours_per_week,
            outcome: i.outcome,
        }
    }
}

/// A contact moment.
#[derive(InputObject)]
pub struct Track2ContactInput {
    /// When.
    pub occurred_on: Date,
    /// How (default: in person).
    pub kind: Option<Track2ContactKind>,
    /// What was discussed and agreed.
    pub summary: String,
}

/// An application or proposal.
#[derive(InputObject)]
pub struct Track2ApplicationInput {
    /// The company.
    pub company: String,
    /// The position.
    pub position: String,
    /// When (default: today).
    pub applied_on: Option<Date>,
    /// Application (default) or proposal.
    pub kind: Option<ApplicationKind>,
    /// Channel (default: vacancy).
    pub channel: Option<ApplicationChannel>,
    /// Where it stands (default: sent).
    pub status: Option<ApplicationStatus>,
    /// The outcome in words.
    pub outcome: Option<String>,
}

/// The consultant's texts of a report.
#[derive(InputObject)]
pub struct Track2ReportInput {
    /// What was done in the period (the generated draft, edited).
    pub activities: Option<String>,
    /// The assessment of progress and prospects (required to submit).
    pub assessment: Option<String>,
    /// The employee's attitude and cooperation.
    pub attitude: Option<String>,
    /// Progress report (default) or final report.
    pub kind: Option<Track2ReportKind>,
}

impl Track2ReportInput {
    fn texts(&self) -> service::ReportTexts {
        service::ReportTexts {
            activities: self.activities.clone(),
            assessment: self.assessment.clone(),
            attitude: self.attitude.clone(),
        }
    }
}

/// Mutations of track 2.
#[derive(Default)]
pub struct ReintegrationMutation;

#[Object]
impl ReintegrationMutation {
    /// The employer (HR or case manager) engages an agency on the case's track 2 — or changes
    /// the agreement: consultant (the agency's only one when not named), start (today when not
    /// named; recorded on the clock as the start of track 2) and the agreed intensity.
    #[allow(clippy::too_many_arguments)]
    async fn assign_agency(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        organisation_id: ID,
        consultant_id: Option<ID>,
        started_on: Option<Date>,
        contacts_per_month: Option<i32>,
        applications_per_month: Option<i32>,
    ) -> async_graphql::Result<Track2> {
        let ctx = request_ctx(gql)?;
        let case = parse_id(&case_id)?;
        service::assign_agency(
            ctx,
            case,
            service::AssignAgency {
                organisation_id: parse_id(&organisation_id)?,
                consultant_id: consultant_id.as_ref().map(parse_id).transpose()?,
                started_on: started_on.map(Into::into),
                contacts_per_month,
                applications_per_month,
            },
        )
        .await
        .gql()?;
        reread(gql, case).await
    }

    /// The consultant saves the person and search profile (the whole profile).
    async fn save_track2_profile(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: Track2ProfileInput,
    ) -> async_graphql::Result<Track2> {
        let ctx = request_ctx(gql)?;
        let case = parse_id(&case_id)?;
        service::save_profile(
            ctx,
            case,
            service::Profile {
                skills: input.skills,
                education: input.education,
                experience: input.experience,
                wishes: input.wishes,
                search_profile: input.search_profile,
            },
        )
        .await
        .gql()?;
        reread(gql, case).await
    }

    /// The consultant adds a promising occupation with the reason it fits.
    async fn add_promising_occupation(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        title: String,
        reason: String,
    ) -> async_graphql::Result<PromisingOccupation> {
        let ctx = request_ctx(gql)?;
        let o = service::add_occupation(ctx, parse_id(&case_id)?, &title, &reason)
            .await
            .gql()?;
        Ok(occupation_out(o))
    }

    /// The consultant removes a promising occupation.
    async fn remove_promising_occupation(
        &self,
        gql: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        let ctx = request_ctx(gql)?;
        service::remove_occupation(ctx, parse_id(&id)?).await.gql()
    }

    /// The consultant records an activity to become work-fit or a work placement.
    async fn record_track2_activity(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: Track2ActivityInput,
    ) -> async_graphql::Result<Track2Activity> {
        let ctx = request_ctx(gql)?;
        let a = service::record_activity(ctx, parse_id(&case_id)?, input.into())
            .await
            .gql()?;
        Ok(activity_out(a))
    }

    /// The consultant updates an activity or work placement.
    async fn update_track2_activity(
        &self,
        gql: &Context<'_>,
        id: ID,
        input: Track2ActivityInput,
    ) -> async_graphql::Result<Track2Activity> {
        let ctx = request_ctx(gql)?;
        let a = service::update_activity(ctx, parse_id(&id)?, input.into())
            .await
            .gql()?;
        Ok(activity_out(a))
    }

    /// The consultant records a contact moment with the employee.
    async fn record_contact(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: Track2ContactInput,
    ) -> async_graphql::Result<Track2Contact> {
        let ctx = request_ctx(gql)?;
        let c = service::record_contact(
            ctx,
            parse_id(&case_id)?,
            service::NewContact {
                occurred_on: input.occurred_on.into(),
                kind: input.kind.unwrap_or(Track2ContactKind::Meeting),
                summary: input.summary,
            },
        )
        .await
        .gql()?;
        Ok(contact_out(c))
    }

    /// The consultant records an application of the employee or a proposal to an employer.
    async fn record_application(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: Track2ApplicationInput,
    ) -> async_graphql::Result<Track2Application> {
        let ctx = request_ctx(gql)?;
        let a = service::record_application(
            ctx,
            parse_id(&case_id)?,
            service::NewApplication {
                kind: input.kind.unwrap_or(ApplicationKind::Application),
                company: input.company,
                position: input.position,
                applied_on: input
                    .applied_on
                    .map_or_else(|| ctx.clock.today(), Into::into),
                channel: input.channel.unwrap_or(ApplicationChannel::Vacancy),
                status: input.status.unwrap_or(ApplicationStatus::Sent),
                outcome: input.outcome,
            },
        )
        .await
        .gql()?;
        Ok(application_out(a))
    }

    /// The consultant updates where an application stands.
    async fn update_application(
        &self,
        gql: &Context<'_>,
        id: ID,
        status: ApplicationStatus,
        outcome: Option<String>,
    ) -> async_graphql::Result<Track2Application> {
        let ctx = request_ctx(gql)?;
        let a = service::update_application(ctx, parse_id(&id)?, status, outcome.as_deref())
            .await
            .gql()?;
        Ok(application_out(a))
    }

    /// The consultant opens (or brings up to date) the draft of the next report, written from
    /// the period's contacts, applications, proposals and activities. An open draft keeps its
    /// edited text; `rewrite: true` writes it again from the file.
    async fn draft_track2_report(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        kind: Option<Track2ReportKind>,
        rewrite: Option<bool>,
    ) -> async_graphql::Result<Track2Report> {
        let ctx = request_ctx(gql)?;
        let r = service::draft_report(
            ctx,
            parse_id(&case_id)?,
            kind.unwrap_or(Track2ReportKind::Progress),
            rewrite.unwrap_or(false),
        )
        .await
        .gql()?;
        Ok(report_out(r))
    }

    /// The consultant saves the texts of the draft.
    async fn save_track2_report(
        &self,
        gql: &Context<'_>,
        id: ID,
        input: Track2ReportInput,
    ) -> async_graphql::Result<Track2Report> {
        let ctx = request_ctx(gql)?;
        let r = service::save_report(ctx, parse_id(&id)?, input.texts())
            .await
            .gql()?;
        Ok(report_out(r))
    }

    /// The consultant submits the report (the draft with these texts): employer and employee
    /// read it, it counts as the six-weekly report on the clock and goes into the RIV; a final
    /// report ends track 2.
    async fn submit_track2_report(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: Track2ReportInput,
    ) -> async_graphql::Result<Track2Report> {
        let ctx = request_ctx(gql)?;
        let r = service::submit_report(ctx, parse_id(&case_id)?, input.kind, input.texts())
            .await
            .gql()?;
        Ok(report_out(r))
    }
}
