//! GraphQL of the case file's parts: plan of action, evaluations, expert opinions, activity log
//! and recorded steps.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use platform::context::request_ctx;
use platform::graphql::parse_id;
use platform::scalars::Date;
use platform::{AppResult, GqlResultExt};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::entities::{case_activity, evaluation, expert_opinion, plan_of_action_version};
use crate::file::{self as service, EvaluationInput as ServiceEvaluationInput, PlanInput};
use crate::model::{
    ActivityKind, ActivityOwner, EvaluationKind, ExpertOpinionQuestion, Party,
    PlanActivity as StoredActivity, PlanStatus,
};
use crate::repo;
use crate::timeline::DeadlineKind;

/// A user named in the file (who signed, who wrote).
#[derive(SimpleObject, Clone, Debug)]
pub struct Person {
    /// User id.
    pub id: ID,
    /// Full name.
    pub name: String,
}

impl Person {
    /// A named user.
    pub fn new(id: Uuid, name: String) -> Self {
        Person {
            id: ID(id.to_string()),
            name,
        }
    }
}

/// Someone's signature under a version of the plan of action.
#[derive(SimpleObject, Clone)]
pub struct Signature {
    /// Who signed (absent for a signature on paper, recorded before the employee had an
    /// account).
    pub signed_by: Option<Person>,
    /// When.
    pub signed_at: DateTime<Utc>,
}

/// An agreed activity of the plan of action.
#[derive(SimpleObject, Clone)]
pub struct PlanActivity {
    /// What will be done.
    pub description: String,
    /// Who does it.
    pub owner: ActivityOwner,
    /// By when.
    pub due_on: Date,
    /// Done.
    pub done: bool,
}

/// A version of the plan of action (plan van aanpak).
#[derive(SimpleObject, Clone)]
pub struct PlanOfAction {
    /// Id of this version.
    pub id: ID,
    /// Version number, from 1.
    pub version: i32,
    /// Draft, partly signed or signed.
    pub status: PlanStatus,
    /// An adjustment (bijstelling) of an earlier signed plan.
    pub is_adjustment: bool,
    /// The goal.
    pub goal: String,
    /// Agreed activities with owners and dates.
    pub activities: Vec<PlanActivity>,
    /// The case manager named in the plan.
    pub case_manager: Option<Person>,
    /// How often and how employer and employee keep in touch.
    pub contact_frequency: String,
    /// What changed and why (adjustments).
    pub change_note: Option<String>,
    /// Who wrote this version.
    pub created_by: Option<Person>,
    /// When it was first written.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// The employer's signature.
    pub employer_signature: Option<Signature>,
    /// The employee's signature.
    pub employee_signature: Option<Signature>,
    #[graphql(skip)]
    pub(crate) case_uuid: Uuid,
}

/// An evaluation of the re-integration.
#[derive(SimpleObject, Clone)]
pub struct Evaluation {
    /// Id.
    pub id: ID,
    /// Periodic, first-year or final.
    pub kind: EvaluationKind,
    /// When it was held.
    pub held_on: Date,
    /// What was discussed; how the re-integration goes.
    pub summary: String,
    /// New agreements.
    pub agreements: Option<String>,
    /// First-year evaluation: a concrete prospect of return within the own organisation.
    pub return_prospect: Option<bool>,
    /// The employee's own view, written by him.
    pub employee_view: Option<String>,
    /// When he wrote it.
    pub employee_view_at: Option<DateTime<Utc>>,
    /// Who recorded the evaluation.
    pub recorded_by: Option<Person>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
    #[graphql(skip)]
    pub(crate) case_uuid: Uuid,
}

/// Where an expert opinion request stands.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ExpertOpinionStatus {
    /// Submitted; UWV's answer is not due yet.
    Pending,
    /// Submitted; UWV's answer is later than 4 weeks.
    AnswerOverdue,
    /// Answered; the parties still have to follow it up.
    Answered,
    /// Answered and followed up.
    FollowedUp,
}

/// A request for an expert opinion (deskundigenoordeel) of UWV.
#[derive(SimpleObject, Clone)]
pub struct ExpertOpinion {
    /// Id.
    pub id: ID,
    /// Who asked: employer or employee.
    pub requested_by: Party,
    /// UWV's fee for the request, in euros: 400 for the employer, 100 for the employee.
    pub fee_euros: i32,
    /// The question.
    pub question: ExpertOpinionQuestion,
    /// When the request was submitted.
    pub submitted_on: Date,
    /// When the answer is expected at the latest (4 weeks).
    pub expected_by: Date,
    /// When UWV answered.
    pub answered_on: Option<Date>,
    /// UWV's answer, in short.
    pub outcome: Option<String>,
    /// When the parties recorded their follow-up.
    pub followed_up_on: Option<Date>,
    /// What they do with the answer.
    pub follow_up: Option<String>,
    /// Where the request stands today.
    pub status: ExpertOpinionStatus,
}

/// An entry of the activity log.
#[derive(SimpleObject, Clone)]
pub struct Activity {
    /// Id.
    pub id: ID,
    /// Conversation, agreement, contact, note, or a step against non-cooperation.
    pub kind: ActivityKind,
    /// When it happened.
    pub occurred_on: Date,
    /// What happened (no medical details).
    pub summary: String,
    /// Who logged it.
    pub recorded_by: Option<Person>,
    /// When it was logged.
    pub created_at: DateTime<Utc>,
    #[graphql(skip)]
    pub(crate) case_uuid: Uuid,
}

/// A step of the process recorded as done.
#[derive(SimpleObject, Clone)]
pub struct Milestone {
    /// Id.
    pub id: ID,
    /// The deadline it completes.
    pub kind: DeadlineKind,
    /// When it was done.
    pub occurred_on: Date,
    /// A note.
    pub note: Option<String>,
}

pub(super) fn milestone(m: &crate::model::StepDone) -> Milestone {
    Milestone {
        id: ID(m.id.to_string()),
        kind: m.kind,
        occurred_on: Date(m.occurred_on),
        note: m.note.clone(),
    }
}

pub(super) fn expert_opinion(o: &expert_opinion::Model, today: NaiveDate) -> ExpertOpinion {
    let status = match (o.answered_on, o.followed_up_on) {
        (Some(_), Some(_)) => ExpertOpinionStatus::FollowedUp,
        (Some(_), None) => ExpertOpinionStatus::Answered,
        (None, _) if today > o.expected_by => ExpertOpinionStatus::AnswerOverdue,
        (None, _) => ExpertOpinionStatus::Pending,
    };
    ExpertOpinion {
        id: ID(o.id.to_string()),
        requested_by: o.requested_by,
        fee_euros: crate::model::expert_opinion_fee_euros(o.requested_by),
        question: o.question,
        submitted_on: Date(o.submitted_on),
        expected_by: Date(o.expected_by),
        answered_on: o.answered_on.map(Date),
        outcome: o.outcome.clone(),
        followed_up_on: o.followed_up_on.map(Date),
        follow_up: o.follow_up.clone(),
        status,
    }
}

/// Names of the users some rows mention.
struct Names(Vec<(Uuid, String)>);

impl Names {
    /// Loads the names, one query.
    async fn load(db: &impl ConnectionTrait, mut ids: Vec<Uuid>) -> AppResult<Names> {
        ids.sort_unstable();
        ids.dedup();
        Ok(Names(repo::user_names(db, ids).await?))
    }

    fn person(&self, id: Option<Uuid>) -> Option<Person> {
        let id = id?;
        self.0
            .iter()
            .find(|(u, _)| *u == id)
            .map(|(u, n)| Person::new(*u, n.clone()))
    }
}

/// Plan versions with the names of the people in them.
pub(crate) async fn plans(
    db: &impl ConnectionTrait,
    rows: Vec<plan_of_action_version::Model>,
) -> AppResult<Vec<PlanOfAction>> {
    let names = Names::load(
        db,
        rows.iter()
            .flat_map(|v| {
                [
                    Some(v.created_by),
                    v.case_manager_user_id,
                    v.employer_signed_by,
                    v.employee_signed_by,
                ]
                .into_iter()
                .flatten()
            })
            .collect(),
    )
    .await?;
    let signature = |by: Option<Uuid>, at: Option<DateTime<Utc>>| {
        Some(Signature {
            signed_by: names.person(by),
            signed_at: at?,
        })
    };
    Ok(rows
        .into_iter()
        .map(|v| PlanOfAction {
            id: ID(v.id.to_string()),
            version: v.version,
            status: service::plan_status(&v),
            is_adjustment: v.is_adjustment,
            goal: v.goal.clone(),
            activities: service::plan_activities(&v)
                .into_iter()
                .map(|a| PlanActivity {
                    description: a.description,
                    owner: a.owner,
                    due_on: Date(a.due_on),
                    done: a.done,
                })
                .collect(),
            case_manager: names.person(v.case_manager_user_id),
            contact_frequency: v.contact_frequency.clone(),
            change_note: v.change_note.clone(),
            created_by: names.person(Some(v.created_by)),
            created_at: v.created_at,
            updated_at: v.updated_at,
            employer_signature: signature(v.employer_signed_by, v.employer_signed_at),
            employee_signature: signature(v.employee_signed_by, v.employee_signed_at),
            case_uuid: v.case_id,
        })
        .collect())
}

/// Evaluations with the names of who recorded them.
pub(crate) async fn evaluations(
    db: &impl ConnectionTrait,
    rows: Vec<evaluation::Model>,
) -> AppResult<Vec<Evaluation>> {
    let names = Names::load(db, rows.iter().map(|e| e.recorded_by).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|e| Evaluation {
            id: ID(e.id.to_string()),
            kind: e.kind,
            held_on: Date(e.held_on),
            summary: e.summary,
            agreements: e.agreements,
            return_prospect: e.return_prospect,
            employee_view: e.employee_view,
            employee_view_at: e.employee_view_at,
            recorded_by: names.person(Some(e.recorded_by)),
            created_at: e.created_at,
            case_uuid: e.case_id,
        })
        .collect())
}

/// Activity log entries with the names of who logged them.
pub(crate) async fn activities(
    db: &impl ConnectionTrait,
    rows: Vec<case_activity::Model>,
) -> AppResult<Vec<Activity>> {
    let names = Names::load(db, rows.iter().map(|a| a.recorded_by).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|a| Activity {
            id: ID(a.id.to_string()),
            kind: a.kind,
            occurred_on: Date(a.occurred_on),
            summary: a.summary,
            recorded_by: names.person(Some(a.recorded_by)),
            created_at: a.created_at,
            case_uuid: a.case_id,
        })
        .collect())
}

async fn one<T>(items: AppResult<Vec<T>>) -> async_graphql::Result<T> {
    items
        .gql()?
        .into_iter()
        .next()
        .ok_or_else(|| async_graphql::Error::new("internal error"))
}

/// An agreed activity of the plan of action.
#[derive(InputObject)]
pub struct PlanActivityInput {
    /// What will be done (no medical details).
    pub description: String,
    /// Who does it.
    pub owner: ActivityOwner,
    /// By when.
    pub due_on: Date,
    /// Done already.
    pub done: Option<bool>,
}

/// The content of a plan of action.
#[derive(InputObject)]
pub struct PlanOfActionInput {
    /// The goal (e.g. "back in own work, 32 hours a week, by 1 March").
    pub goal: String,
    /// Agreed activities (at least one).
    pub activities: Vec<PlanActivityInput>,
    /// The case manager named in the plan; default: the case's.
    pub case_manager_user_id: Option<ID>,
    /// How often and how employer and employee keep in touch (e.g. "weekly by phone").
    pub contact_frequency: String,
    /// For an adjustment of a signed plan: what changed and why (required then).
    pub change_note: Option<String>,
}

/// An evaluation as recorded by the employer.
#[derive(InputObject)]
pub struct EvaluationInput {
    /// When it was held.
    pub held_on: Date,
    /// What was discussed; how the re-integration goes (no medical details).
    pub summary: String,
    /// New agreements.
    pub agreements: Option<String>,
    /// First-year evaluation only: a concrete prospect of structural return within 3 months in
    /// the own organisation (then track 2 need not start).
    pub return_prospect: Option<bool>,
}

/// An entry of the activity log.
#[derive(InputObject)]
pub struct ActivityInput {
    /// What kind of entry.
    pub kind: ActivityKind,
    /// When it happened.
    pub occurred_on: Date,
    /// What happened (no medical details).
    pub summary: String,
}

/// Mutations on the case file's parts.
#[derive(Default)]
pub struct CaseFileMutation;

#[Object]
impl CaseFileMutation {
    /// Saves the plan of action (employer). A draft is changed in place; once signed by anyone,
    /// a change becomes a new version that both sign again (an adjustment after a signed plan).
    async fn save_plan_of_action(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: PlanOfActionInput,
    ) -> async_graphql::Result<PlanOfAction> {
        let ctx = request_ctx(gql)?;
        let plan = PlanInput {
            goal: input.goal,
            activities: input
                .activities
                .into_iter()
                .map(|a| StoredActivity {
                    description: a.description,
                    owner: a.owner,
                    due_on: a.due_on.0,
                    done: a.done.unwrap_or(false),
                })
                .collect(),
            case_manager_user_id: input
                .case_manager_user_id
                .as_ref()
                .map(parse_id)
                .transpose()?,
            contact_frequency: input.contact_frequency,
            change_note: input.change_note,
        };
        let saved = service::save_plan(ctx, parse_id(&case_id)?, plan)
            .await
            .gql()?;
        one(plans(&ctx.db, vec![saved]).await).await
    }

    /// Signs the current plan of action for your side (the employee himself, or the employer).
    /// Give `version` to make sure you sign the version you read.
    async fn sign_plan_of_action(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        version: Option<i32>,
    ) -> async_graphql::Result<PlanOfAction> {
        let ctx = request_ctx(gql)?;
        let signed = service::sign_plan(ctx, parse_id(&case_id)?, version)
            .await
            .gql()?;
        one(plans(&ctx.db, vec![signed]).await).await
    }

    /// Records an evaluation (employer); it completes the matching deadline.
    async fn record_evaluation(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        kind: EvaluationKind,
        input: EvaluationInput,
    ) -> async_graphql::Result<Evaluation> {
        let ctx = request_ctx(gql)?;
        let saved = service::record_evaluation(
            ctx,
            parse_id(&case_id)?,
            kind,
            ServiceEvaluationInput {
                held_on: input.held_on.0,
                summary: input.summary,
                agreements: input.agreements,
                return_prospect: input.return_prospect,
            },
        )
        .await
        .gql()?;
        one(evaluations(&ctx.db, vec![saved]).await).await
    }

    /// The employee writes his own view in an evaluation (only he can).
    async fn write_evaluation_view(
        &self,
        gql: &Context<'_>,
        evaluation_id: ID,
        view: String,
    ) -> async_graphql::Result<Evaluation> {
        let ctx = request_ctx(gql)?;
        let saved = service::write_evaluation_view(ctx, parse_id(&evaluation_id)?, &view)
            .await
            .gql()?;
        one(evaluations(&ctx.db, vec![saved]).await).await
    }

    /// Records that you (employer or employee) asked UWV for an expert opinion.
    async fn request_expert_opinion(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        question: ExpertOpinionQuestion,
        submitted_on: Date,
    ) -> async_graphql::Result<ExpertOpinion> {
        let ctx = request_ctx(gql)?;
        let saved =
            service::request_expert_opinion(ctx, parse_id(&case_id)?, question, submitted_on.0)
                .await
                .gql()?;
        Ok(expert_opinion(&saved, ctx.clock.today()))
    }

    /// Records UWV's answer to an expert opinion request; its follow-up becomes due.
    async fn record_expert_opinion_answer(
        &self,
        gql: &Context<'_>,
        id: ID,
        answered_on: Date,
        outcome: String,
    ) -> async_graphql::Result<ExpertOpinion> {
        let ctx = request_ctx(gql)?;
        let saved =
            service::record_expert_opinion_answer(ctx, parse_id(&id)?, answered_on.0, &outcome)
                .await
                .gql()?;
        Ok(expert_opinion(&saved, ctx.clock.today()))
    }

    /// Records what the parties do with UWV's answer.
    async fn record_expert_opinion_follow_up(
        &self,
        gql: &Context<'_>,
        id: ID,
        followed_up_on: Date,
        follow_up: String,
    ) -> async_graphql::Result<ExpertOpinion> {
        let ctx = request_ctx(gql)?;
        let saved = service::record_expert_opinion_follow_up(
            ctx,
            parse_id(&id)?,
            followed_up_on.0,
            &follow_up,
        )
        .await
        .gql()?;
        Ok(expert_opinion(&saved, ctx.clock.today()))
    }

    /// Adds an entry to the activity log (employer).
    async fn log_activity(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        input: ActivityInput,
    ) -> async_graphql::Result<Activity> {
        let ctx = request_ctx(gql)?;
        let saved = service::log_activity(
            ctx,
            parse_id(&case_id)?,
            input.kind,
            input.occurred_on.0,
            &input.summary,
        )
        .await
        .gql()?;
        one(activities(&ctx.db, vec![saved]).await).await
    }

    /// Records a step done outside the product (e.g. the 42-week report sent to UWV, the start
    /// of track 2, a problem analysis received): it completes its deadline.
    async fn record_milestone(
        &self,
        gql: &Context<'_>,
        case_id: ID,
        kind: DeadlineKind,
        on: Date,
        note: Option<String>,
    ) -> async_graphql::Result<Milestone> {
        let ctx = request_ctx(gql)?;
        let saved = service::record_step(ctx, parse_id(&case_id)?, kind, on.0, note.as_deref())
            .await
            .gql()?;
        Ok(milestone(&(&saved).into()))
    }
}
