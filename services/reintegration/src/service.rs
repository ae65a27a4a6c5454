//! Use cases of track 2: authorize through the case gate and the policy's TRACK2 column, act,
//! and record the clock's steps (start of track 2, every submitted report) through the gate.
//!
//! Who does what: the employer (HR or case manager) engages the agency on a case and agrees the
//! intensity; the assigned consultant keeps the file and writes the reports; employer, employee
//! and doctor read the file and the submitted reports (a draft is the agency's own).

use chrono::NaiveDate;
use platform::access::{Action, DataClass, Relation};
use platform::case_port::{CaseAccess, ClockStep};
use platform::ids::new_id;
use platform::text::{optional_text, text};
use platform::{AppError, AppResult, Ctx, ErrorReason, OrganisationKind, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::entities::{activity, application, contact, occupation, report, trajectory};
use crate::model::{
    ApplicationChannel, ApplicationKind, ApplicationStatus, DEFAULT_APPLICATIONS_PER_MONTH,
    DEFAULT_CONTACTS_PER_MONTH, Track2ActivityKind, Track2ContactKind, Track2ReportKind,
    Track2ReportStatus,
};
use crate::repo;

/// Longest free text (a summary, an assessment).
const LONG_TEXT: usize = 8000;
/// Longest short text (a company, a title).
const SHORT_TEXT: usize = 200;

/// The employer's engagement of an agency on a case.
#[derive(Clone, Debug, Default)]
pub struct AssignAgency {
    /// The agency (an engaged organisation of kind REINTEGRATION_AGENCY).
    pub organisation_id: Uuid,
    /// Its consultant; when absent, the agency's only consultant.
    pub consultant_id: Option<Uuid>,
    /// Start of track 2; today when absent.
    pub started_on: Option<NaiveDate>,
    /// Agreed contact moments per month.
    pub contacts_per_month: Option<i32>,
    /// Agreed applications (and proposals) per month.
    pub applications_per_month: Option<i32>,
}

/// The person and search profile.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    /// Skills.
    pub skills: Option<String>,
    /// Education.
    pub education: Option<String>,
    /// Work experience.
    pub experience: Option<String>,
    /// The employee's wishes.
    pub wishes: Option<String>,
    /// Tasks and job types that fit (zoekprofiel).
    pub search_profile: Option<String>,
}

/// A new activity or work placement.
#[derive(Clone, Debug)]
pub struct NewActivity {
    /// Kind.
    pub kind: Track2ActivityKind,
    /// What.
    pub title: String,
    /// Where (the training institute, the employer of the placement).
    pub organisation: Option<String>,
    /// From.
    pub starts_on: NaiveDate,
    /// Until.
    pub ends_on: Option<NaiveDate>,
    /// Hours per week (a placement).
    pub hours_per_week: Option<i32>,
    /// How it went.
    pub outcome: Option<String>,
}

/// A contact moment.
#[derive(Clone, Debug)]
pub struct NewContact {
    /// When.
    pub occurred_on: NaiveDate,
    /// How.
    pub kind: Track2ContactKind,
    /// What was discussed and agreed.
    pub summary: String,
}

/// An application or proposal.
#[derive(Clone, Debug)]
pub struct NewApplication {
    /// Application or proposal.
    pub kind: ApplicationKind,
    /// The company.
    pub company: String,
    /// The position.
    pub position: String,
    /// When.
    pub applied_on: NaiveDate,
    /// Through which channel.
    pub channel: ApplicationChannel,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The outcome in words.
    pub outcome: Option<String>,
}

/// The consultant's texts of a report.
#[derive(Clone, Debug, Default)]
pub struct ReportTexts {
    /// What was done in the period (generated, then edited).
    pub activities: Option<String>,
    /// The consultant's assessment of progress and prospects.
    pub assessment: Option<String>,
    /// The employee's attitude and cooperation.
    pub attitude: Option<String>,
}

/// Everything the reader may see of a case's track 2.
#[derive(Clone, Debug)]
pub struct Track2View {
    /// The trajectory.
    pub trajectory: trajectory::Model,
    /// The file (drafts only for the agency).
    pub file: repo::File,
    /// The reader is the assigned consultant.
    pub is_consultant: bool,
}

fn is_consultant(access: &CaseAccess) -> bool {
    access.relations.contains(&Relation::AssignedConsultant)
}

/// The case in reach and the policy's answer on its track 2 for `action`.
async fn authorized(ctx: &Ctx, case_id: Uuid, action: Action) -> AppResult<CaseAccess> {
    let access = ctx.gate()?.access(ctx, case_id).await?;
    ctx.authorize(&access.target("track2", None), DataClass::Track2, action)
        .await?;
    Ok(access)
}

/// The running trajectory of a case the consultant writes in; NOT_FOUND without one.
async fn running(ctx: &Ctx, access: &CaseAccess) -> AppResult<trajectory::Model> {
    match repo::trajectory(&ctx.db, access.tenant_id, access.case_id).await? {
        Some(t) if t.ended_on.is_none() => Ok(t),
        Some(_) => Err(AppError::conflict(
            ErrorReason::Track2Ended,
            "track 2 of this case has ended with its final report",
        )),
        None => Err(AppError::NotFound),
    }
}

fn not_in_future(field: &'static str, on: NaiveDate, today: NaiveDate) -> AppResult<()> {
    if on > today {
        return Err(AppError::validation(
            ErrorReason::DateInFuture,
            field,
            "this date lies in the future",
        ));
    }
    Ok(())
}

fn not_before_start(field: &'static str, on: NaiveDate, t: &trajectory::Model) -> AppResult<()> {
    if on < t.started_on {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "this date lies before the start of track 2",
        ));
    }
    Ok(())
}

fn per_month(field: &'static str, value: Option<i32>, default: i32) -> AppResult<i32> {
    let v = value.unwrap_or(default);
    if !(0..=60).contains(&v) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            field,
            "the agreed number per month lies between 0 and 60",
        ));
    }
    Ok(v)
}

/// The employer engages an agency (and its consultant) on the case's track 2, or changes the
/// agreement. The first engagement records the start of track 2 on the clock.
pub async fn assign_agency(
    ctx: &Ctx,
    case_id: Uuid,
    input: AssignAgency,
) -> AppResult<trajectory::Model> {
    let actor = ctx.user()?.clone();
    let access = ctx.gate()?.access(ctx, case_id).await?;
    let t = access.target("track2", None);
    ctx.authorize(&t, DataClass::Case, Action::Update).await?;
    // A finer rule than the table's cell: engaging a provider is the employer's HR or case
    // manager's, not the employee's (who may otherwise update his case) nor a line manager's.
    if !(access.relations.contains(&Relation::EmployerStaff)
        && (actor.has_role(Role::HrAdmin) || actor.has_role(Role::CaseManager)))
        || access.relations.contains(&Relation::Subject)
    {
        ctx.deny(
            &t,
            DataClass::Case,
            Action::Update,
            "only HR or a case manager engages an agency",
        )
        .await?;
    }
    let engaged = identity::repo::engagements_of_employer(&ctx.db, access.tenant_id)
        .await?
        .iter()
        .any(|e| e.provider_id == input.organisation_id);
    let agency = identity::repo::organisation(&ctx.db, input.organisation_id).await?;
    let agency = match agency {
        Some(a) if engaged && a.kind == OrganisationKind::ReintegrationAgency.as_str() => a,
        _ => {
            return Err(AppError::validation(
                ErrorReason::NotEngaged,
                "organisationId",
                "engage this re-integration agency for your organisation first",
            ));
        }
    };
    let consultants: Vec<Uuid> = identity::repo::users_of(&ctx.db, agency.id)
        .await?
        .into_iter()
        .filter(|(_, roles)| roles.contains(&Role::ReintegrationConsultant))
        .map(|(u, _)| u.id)
        .collect();
    let consultant = match input.consultant_id {
        Some(id) if consultants.contains(&id) => id,
        Some(_) => {
            return Err(AppError::validation(
                ErrorReason::NotAssignable,
                "consultantId",
                "this person is not a consultant of the agency",
            ));
        }
        None if consultants.len() == 1 => consultants[0],
        None => {
            return Err(AppError::validation(
                ErrorReason::ConsultantRequired,
                "consultantId",
                "choose which consultant of the agency runs track 2",
            ));
        }
    };
    let today = ctx.clock.today();
    let now = ctx.clock.now();
    let existing = repo::trajectory(&ctx.db, access.tenant_id, case_id).await?;
    let started_on = input
        .started_on
        .or(existing.as_ref().map(|t| t.started_on))
        .unwrap_or(today);
    not_in_future("startedOn", started_on, today)?;
    let contacts = per_month(
        "contactsPerMonth",
        input.contacts_per_month,
        existing
            .as_ref()
            .map_or(DEFAULT_CONTACTS_PER_MONTH, |t| t.contacts_per_month),
    )?;
    let applications = per_month(
        "applicationsPerMonth",
        input.applications_per_month,
        existing
            .as_ref()
            .map_or(DEFAULT_APPLICATIONS_PER_MONTH, |t| t.applications_per_month),
    )?;
    let txn = ctx.db.begin().await?;
    let saved = match existing {
        Some(t) => {
            let mut t = t.into_active_model();
            t.agency_id = Set(agency.id);
            t.consultant_user_id = Set(consultant);
            t.started_on = Set(started_on);
            t.contacts_per_month = Set(contacts);
            t.applications_per_month = Set(applications);
            t.ended_on = Set(None);
            t.updated_by = Set(actor.user_id);
            t.updated_at = Set(now);
            t.update(&txn).await?
        }
        None => {
            trajectory::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(access.tenant_id),
                case_id: Set(case_id),
                agency_id: Set(agency.id),
                consultant_user_id: Set(consultant),
                started_on: Set(started_on),
                contacts_per_month: Set(contacts),
                applications_per_month: Set(applications),
                skills: Set(None),
                education: Set(None),
                experience: Set(None),
                wishes: Set(None),
                search_profile: Set(None),
                ended_on: Set(None),
                updated_by: Set(actor.user_id),
                updated_at: Set(now),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?
        }
    };
    assign_consultant(&txn, &access, consultant, agency.id, actor.user_id, now).await?;
    ctx.gate()?
        .step_done(
            &txn,
            ctx,
            &access,
            ClockStep::Track2Start,
            started_on,
            saved.id,
        )
        .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Makes `consultant` the case's one assigned consultant (ending another's assignment).
async fn assign_consultant(
    txn: &sea_orm::DatabaseTransaction,
    access: &CaseAccess,
    consultant: Uuid,
    agency: Uuid,
    by: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    use identity::entities::case_assignment;
    let role = Role::ReintegrationConsultant.as_str();
    let current = case_assignment::Entity::find()
        .filter(case_assignment::Column::TenantId.eq(access.tenant_id))
        .filter(case_assignment::Column::CaseId.eq(access.case_id))
        .filter(case_assignment::Column::Role.eq(role))
        .filter(case_assignment::Column::EndedAt.is_null())
        .all(txn)
        .await?;
    let mut present = false;
    for a in current {
        if a.user_id == consultant {
            present = true;
            continue;
        }
        let mut a = a.into_active_model();
        a.ended_at = Set(Some(now));
        a.update(txn).await?;
    }
    if !present {
        case_assignment::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(access.tenant_id),
            case_id: Set(access.case_id),
            user_id: Set(consultant),
            organisation_id: Set(agency),
            role: Set(role.into()),
            assigned_at: Set(now),
            ended_at: Set(None),
            assigned_by: Set(by),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// A case's track 2 as the reader may see it; `None` when there is none or the reader may not
/// read it (the same answer, logged as a denial in the second case).
pub async fn track2(ctx: &Ctx, access: &CaseAccess) -> AppResult<Option<Track2View>> {
    let user = ctx.user()?;
    if platform::access::decide_for(
        &user.roles,
        &access.relations,
        DataClass::Track2,
        Action::Read,
        user.mfa,
    ) != platform::access::Decision::Allow
    {
        return Ok(None);
    }
    let Some(trajectory) = repo::trajectory(&ctx.db, access.tenant_id, access.case_id).await?
    else {
        return Ok(None);
    };
    let mut file = repo::file(&ctx.db, access.tenant_id, access.case_id).await?;
    let consultant = is_consultant(access);
    if !consultant {
        file.reports
            .retain(|r| r.status == Track2ReportStatus::Submitted.as_str());
    }
    Ok(Some(Track2View {
        trajectory,
        file,
        is_consultant: consultant,
    }))
}

/// The consultant updates the person and search profile (absent fields are cleared: the form
/// sends the whole profile).
pub async fn save_profile(
    ctx: &Ctx,
    case_id: Uuid,
    profile: Profile,
) -> AppResult<trajectory::Model> {
    let access = authorized(ctx, case_id, Action::Update).await?;
    let t = running(ctx, &access).await?;
    let mut t = t.into_active_model();
    t.skills = Set(optional_text(
        "skills",
        profile.skills.as_deref(),
        LONG_TEXT,
    )?);
    t.education = Set(optional_text(
        "education",
        profile.education.as_deref(),
        LONG_TEXT,
    )?);
    t.experience = Set(optional_text(
        "experience",
        profile.experience.as_deref(),
        LONG_TEXT,
    )?);
    t.wishes = Set(optional_text(
        "wishes",
        profile.wishes.as_deref(),
        LONG_TEXT,
    )?);
    t.search_profile = Set(optional_text(
        "searchProfile",
        profile.search_profile.as_deref(),
        LONG_TEXT,
    )?);
    t.updated_by = Set(ctx.user()?.user_id);
    t.updated_at = Set(ctx.clock.now());
    Ok(t.update(&ctx.db).await?)
}

/// The consultant adds a promising occupation (kansrijk beroep) with the reason it fits.
pub async fn add_occupation(
    ctx: &Ctx,
    case_id: Uuid,
    title: &str,
    reason: &str,
) -> AppResult<occupation::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    running(ctx, &access).await?;
    Ok(occupation::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        title: Set(text("title", title, SHORT_TEXT)?),
        reason: Set(text("reason", reason, LONG_TEXT)?),
        created_by: Set(ctx.user()?.user_id),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&ctx.db)
    .await?)
}

/// The consultant removes a promising occupation that no longer fits (an edit of the file).
pub async fn remove_occupation(ctx: &Ctx, id: Uuid) -> AppResult<bool> {
    let row = find_in_case::<occupation::Entity>(ctx, id).await?;
    let access = authorized(ctx, row.case_id, Action::Update).await?;
    running(ctx, &access).await?;
    occupation::Entity::delete_by_id(row.id)
        .exec(&ctx.db)
        .await?;
    Ok(true)
}

/// A row of a track 2 table by id, for a mutation that names only the row; the case gate then
/// decides (NOT_FOUND for a row of a case out of reach, the same as for no row).
async fn find_in_case<E>(ctx: &Ctx, id: Uuid) -> AppResult<E::Model>
where
    E: EntityTrait,
    E::Model: Sync,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    ctx.user()?;
    E::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The consultant records an activity or a work placement.
pub async fn record_activity(
    ctx: &Ctx,
    case_id: Uuid,
    input: NewActivity,
) -> AppResult<activity::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    let (ends_on, hours, outcome) = activity_fields(&input, &t)?;
    let now = ctx.clock.now();
    Ok(activity::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        kind: Set(input.kind.as_str().into()),
        title: Set(text("title", &input.title, SHORT_TEXT)?),
        organisation: Set(optional_text(
            "organisation",
            input.organisation.as_deref(),
            SHORT_TEXT,
        )?),
        starts_on: Set(input.starts_on),
        ends_on: Set(ends_on),
        hours_per_week: Set(hours),
        outcome: Set(outcome),
        created_by: Set(ctx.user()?.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&ctx.db)
    .await?)
}

fn activity_fields(
    input: &NewActivity,
    t: &trajectory::Model,
) -> AppResult<(Option<NaiveDate>, Option<i32>, Option<String>)> {
    not_before_start("startsOn", input.starts_on, t)?;
    if input.ends_on.is_some_and(|end| end < input.starts_on) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "endsOn",
            "the end lies before the start",
        ));
    }
    if input.hours_per_week.is_some_and(|h| !(0..=40).contains(&h)) {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "hoursPerWeek",
            "hours per week lie between 0 and 40",
        ));
    }
    Ok((
        input.ends_on,
        input.hours_per_week,
        optional_text("outcome", input.outcome.as_deref(), LONG_TEXT)?,
    ))
}

/// The consultant updates an activity (its end and outcome, typically).
pub async fn update_activity(
    ctx: &Ctx,
    id: Uuid,
    input: NewActivity,
) -> AppResult<activity::Model> {
    let row = find_in_case::<activity::Entity>(ctx, id).await?;
    let access = authorized(ctx, row.case_id, Action::Update).await?;
    let t = running(ctx, &access).await?;
    let (ends_on, hours, outcome) = activity_fields(&input, &t)?;
    let mut a = row.into_active_model();
    a.kind = Set(input.kind.as_str().into());
    a.title = Set(text("title", &input.title, SHORT_TEXT)?);
    a.organisation = Set(optional_text(
        "organisation",
        input.organisation.as_deref(),
        SHORT_TEXT,
    )?);
    a.starts_on = Set(input.starts_on);
    a.ends_on = Set(ends_on);
    a.hours_per_week = Set(hours);
    a.outcome = Set(outcome);
    a.updated_at = Set(ctx.clock.now());
    Ok(a.update(&ctx.db).await?)
}

/// The consultant records a contact moment with the employee.
pub async fn record_contact(
    ctx: &Ctx,
    case_id: Uuid,
    input: NewContact,
) -> AppResult<contact::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    not_in_future("occurredOn", input.occurred_on, ctx.clock.today())?;
    not_before_start("occurredOn", input.occurred_on, &t)?;
    Ok(contact::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        occurred_on: Set(input.occurred_on),
        kind: Set(input.kind.as_str().into()),
        summary: Set(text("summary", &input.summary, LONG_TEXT)?),
        recorded_by: Set(ctx.user()?.user_id),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&ctx.db)
    .await?)
}

/// The consultant records an application or a proposal.
pub async fn record_application(
    ctx: &Ctx,
    case_id: Uuid,
    input: NewApplication,
) -> AppResult<application::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    not_in_future("appliedOn", input.applied_on, ctx.clock.today())?;
    not_before_start("appliedOn", input.applied_on, &t)?;
    let now = ctx.clock.now();
    Ok(application::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        kind: Set(input.kind.as_str().into()),
        company: Set(text("company", &input.company, SHORT_TEXT)?),
        position: Set(text("position", &input.position, SHORT_TEXT)?),
        applied_on: Set(input.applied_on),
        channel: Set(input.channel.as_str().into()),
        status: Set(input.status.as_str().into()),
        outcome: Set(optional_text(
            "outcome",
            input.outcome.as_deref(),
            LONG_TEXT,
        )?),
        recorded_by: Set(ctx.user()?.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&ctx.db)
    .await?)
}

/// The consultant updates where an application stands.
pub async fn update_application(
    ctx: &Ctx,
    id: Uuid,
    status: ApplicationStatus,
    outcome: Option<&str>,
) -> AppResult<application::Model> {
    let row = find_in_case::<application::Entity>(ctx, id).await?;
    let access = authorized(ctx, row.case_id, Action::Update).await?;
    running(ctx, &access).await?;
    let mut a = row.into_active_model();
    a.status = Set(status.as_str().into());
    a.outcome = Set(optional_text("outcome", outcome, LONG_TEXT)?);
    a.updated_at = Set(ctx.clock.now());
    Ok(a.update(&ctx.db).await?)
}

/// The open draft of a case's report, or a new one for the period since the last submitted
/// report, its activities written from the period's structured data. An open draft keeps the
/// consultant's edited text unless `rewrite` asks for it to be written again from the file.
pub async fn draft_report(
    ctx: &Ctx,
    case_id: Uuid,
    kind: Track2ReportKind,
    rewrite: bool,
) -> AppResult<report::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    draft_in(ctx, &access, &t, Some(kind), rewrite).await
}

/// The draft of a case already authorized, for `kind` (the open draft's kind, else a progress
/// report, when `None`).
async fn draft_in(
    ctx: &Ctx,
    access: &CaseAccess,
    t: &trajectory::Model,
    kind: Option<Track2ReportKind>,
    rewrite: bool,
) -> AppResult<report::Model> {
    let case_id = access.case_id;
    let file = repo::file(&ctx.db, access.tenant_id, case_id).await?;
    let open = file
        .reports
        .iter()
        .find(|r| r.status == Track2ReportStatus::Draft.as_str());
    let kind = kind
        .or_else(|| open.and_then(|r| Track2ReportKind::parse(&r.kind)))
        .unwrap_or(Track2ReportKind::Progress);
    let today = ctx.clock.today();
    let from = file
        .reports
        .iter()
        .filter(|r| r.status == Track2ReportStatus::Submitted.as_str())
        .map(|r| r.period_to)
        .max()
        .and_then(|d| d.succ_opt())
        .unwrap_or(t.started_on)
        .min(today);
    let text = crate::draft::activities(&file, from, today);
    let now = ctx.clock.now();
    if let Some(draft) = file
        .reports
        .into_iter()
        .find(|r| r.status == Track2ReportStatus::Draft.as_str())
    {
        // The draft follows the period up to today; the consultant's own texts stay.
        let mut d = draft.into_active_model();
        d.kind = Set(kind.as_str().into());
        d.period_from = Set(from);
        d.period_to = Set(today);
        if rewrite {
            d.activities = Set(text);
        }
        d.updated_at = Set(now);
        return Ok(d.update(&ctx.db).await?);
    }
    Ok(report::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(access.tenant_id),
        case_id: Set(case_id),
        kind: Set(kind.as_str().into()),
        period_from: Set(from),
        period_to: Set(today),
        status: Set(Track2ReportStatus::Draft.as_str().into()),
        activities: Set(text),
        assessment: Set(None),
        attitude: Set(None),
        submitted_on: Set(None),
        submitted_by: Set(None),
        created_by: Set(ctx.user()?.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&ctx.db)
    .await?)
}

/// The consultant saves the texts of the draft (absent texts stay as they are).
pub async fn save_report(ctx: &Ctx, id: Uuid, texts: ReportTexts) -> AppResult<report::Model> {
    let row = find_in_case::<report::Entity>(ctx, id).await?;
    let access = authorized(ctx, row.case_id, Action::Update).await?;
    running(ctx, &access).await?;
    if row.status != Track2ReportStatus::Draft.as_str() {
        return Err(AppError::conflict(
            ErrorReason::ReportSubmitted,
            "a submitted report is not changed; write the next one",
        ));
    }
    let mut r = row.into_active_model();
    apply_texts(&mut r, &texts)?;
    r.updated_at = Set(ctx.clock.now());
    Ok(r.update(&ctx.db).await?)
}

fn apply_texts(r: &mut report::ActiveModel, texts: &ReportTexts) -> AppResult<()> {
    if let Some(a) = &texts.activities {
        r.activities = Set(text("activities", a, LONG_TEXT)?);
    }
    if texts.assessment.is_some() {
        r.assessment = Set(optional_text(
            "assessment",
            texts.assessment.as_deref(),
            LONG_TEXT,
        )?);
    }
    if texts.attitude.is_some() {
        r.attitude = Set(optional_text(
            "attitude",
            texts.attitude.as_deref(),
            LONG_TEXT,
        )?);
    }
    Ok(())
}

/// The consultant submits the report (the open draft, or one drafted now) with his assessment
/// and the employee's attitude: it is frozen, employer and employee read it, it counts as the
/// six-weekly TRACK2_REPORT step and goes into the RIV. A final report ends track 2.
pub async fn submit_report(
    ctx: &Ctx,
    case_id: Uuid,
    kind: Option<Track2ReportKind>,
    texts: ReportTexts,
) -> AppResult<report::Model> {
    let access = authorized(ctx, case_id, Action::Create).await?;
    let t = running(ctx, &access).await?;
    let draft = draft_in(ctx, &access, &t, kind, false).await?;
    let final_report = draft.kind == Track2ReportKind::Final.as_str();
    let mut r = draft.into_active_model();
    apply_texts(&mut r, &texts)?;
    let assessment = match &r.assessment {
        sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => v.clone(),
        sea_orm::ActiveValue::NotSet => None,
    };
    if assessment.is_none() {
        return Err(AppError::validation(
            ErrorReason::InvalidInput,
            "assessment",
            "write your assessment of the progress before submitting",
        ));
    }
    let today = ctx.clock.today();
    let user = ctx.user()?.user_id;
    r.status = Set(Track2ReportStatus::Submitted.as_str().into());
    r.submitted_on = Set(Some(today));
    r.submitted_by = Set(Some(user));
    r.updated_at = Set(ctx.clock.now());
    let txn = ctx.db.begin().await?;
    let saved = r.update(&txn).await?;
    ctx.gate()?
        .step_done(&txn, ctx, &access, ClockStep::Track2Report, today, saved.id)
        .await?;
    if final_report && let Some(t) = repo::trajectory(&txn, access.tenant_id, case_id).await? {
        let mut t = t.into_active_model();
        t.ended_on = Set(Some(today));
        t.updated_by = Set(user);
        t.updated_at = Set(ctx.clock.now());
        t.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(saved)
}
