//! The re-integratieverslag (RIV, docs/domain.md §5): which of its parts are there, missing or stale
//! ([`completeness`]), and the employer's export as one PDF ([`export`]) — generated from the
//! structured file (clock, plan versions, evaluations, activity log, steps, expert opinions,
//! the doctor's workability advice) plus the list of CASE documents. It reads no medical table:
//! the medical part reaches UWV from the employee or the doctor.

use crate::medical_export::{advice_blocks, nl_date};
use chrono::{Months, NaiveDate};
use documents::Documents;
use documents::pdf::{Block, Report, Section, render};
use medical::Medical;
use medical::entities::workability_advice;
use platform::access::Action;
use platform::document::{Classification, Document, DocumentType};
use platform::stored_enum;
use platform::{AppResult, Ctx};
use uuid::Uuid;

use crate::entities::{case_activity, evaluation, plan_of_action_version};
use crate::file::{plan_activities, plan_status};
use crate::model::{
    ActivityKind, ActivityOwner, CaseRecord, EvaluationKind, ExpertOpinionQuestion, PlanStatus,
    Track, kind_str,
};
use crate::repo;
use crate::service::{authorized_case, deadlines};
use crate::timeline::{DeadlineKind, DeadlineStatus, Timeline};

stored_enum! {
    /// A part of the RIV.
    RivPart {
        /// Probleemanalyse.
        ProblemAnalysis = "PROBLEM_ANALYSIS",
        /// Plan van aanpak, signed by both.
        PlanOfAction = "PLAN_OF_ACTION",
        /// Periodic evaluations and adjustments of the plan.
        PlanEvaluations = "PLAN_EVALUATIONS",
        /// Activity log (conversations, agreements, contacts).
        ActivityLog = "ACTIVITY_LOG",
        /// The doctor's workability advice.
        WorkabilityAdvice = "WORKABILITY_ADVICE",
        /// 42e-weeksmelding.
        Uwv42WeekReport = "UWV_42_WEEK_REPORT",
        /// Eerstejaarsevaluatie.
        FirstYearEvaluation = "FIRST_YEAR_EVALUATION",
        /// Arbeidsdeskundig rapport (expected once track 2 is at issue).
        LabourExpertReport = "LABOUR_EXPERT_REPORT",
        /// Track 2 progress reports.
        Track2Reports = "TRACK2_REPORTS",
        /// Actueel oordeel, not older than 3 months.
        CurrentAssessment = "CURRENT_ASSESSMENT",
        /// Eindevaluatie.
        FinalEvaluation = "FINAL_EVALUATION",
        /// The employee's own view in the final evaluation.
        EmployeeView = "EMPLOYEE_VIEW",
    }
}

stored_enum! {
    /// Where a part of the RIV stands.
    RivPartState {
        /// There and current.
        Present = "PRESENT",
        /// Its time has come and it is not there.
        Missing = "MISSING",
        /// There, but too old to count (e.g. an actueel oordeel older than 3 months).
        Stale = "STALE",
        /// Not due yet.
        NotYetDue = "NOT_YET_DUE",
        /// Not part of this case's RIV (no track 2).
        NotApplicable = "NOT_APPLICABLE",
    }
}

/// One part with its state.
#[derive(Clone, Debug)]
pub struct PartStatus {
    /// The part.
    pub part: RivPart,
    /// Its state.
    pub state: RivPartState,
    /// The latest date it was done, if ever.
    pub last_on: Option<NaiveDate>,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
}

/// The RIV check of a case.
#[derive(Clone, Debug)]
pub struct Completeness {
    /// Every part.
    pub parts: Vec<PartStatus>,
    /// When the RIV is due to the employee.
    pub due_on: Option<NaiveDate>,
}

impl Completeness {
    /// Whether nothing is lacking.
    pub fn complete(&self) -> bool {
        self.parts
            .iter()
            .all(|p| matches!(p.state, RivPartState::Present | RivPartState::NotApplicable))
    }

    /// The parts still lacking, in RIV order.
    pub fn missing(&self) -> Vec<RivPart> {
        self.parts
            .iter()
            .filter(|p| !matches!(p.state, RivPartState::Present | RivPartState::NotApplicable))
            .map(|p| p.part)
            .collect()
    }
}

/// Everything the check and the export read.
struct RivData {
    record: CaseRecord,
    timeline: Timeline,
    plans: Vec<plan_of_action_version::Model>,
    evaluations: Vec<evaluation::Model>,
    activities: Vec<case_activity::Model>,
    advice: Vec<workability_advice::Model>,
    documents: Vec<Document>,
    track2_reports: Vec<reintegration::entities::report::Model>,
}

impl RivData {
    fn milestones(&self, kind: DeadlineKind) -> Vec<NaiveDate> {
        let kind = kind_str(kind);
        self.record
            .milestones
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| m.occurred_on)
            .collect()
    }

    fn due(&self, kind: DeadlineKind) -> Option<NaiveDate> {
        self.timeline
            .deadlines
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.due)
            .min()
    }

    fn docs(&self, kinds: &[DocumentType]) -> Vec<NaiveDate> {
        self.documents
            .iter()
            .filter(|d| {
                d.classification == Classification::Case && kinds.contains(&d.document_type)
            })
            .map(|d| d.uploaded_at.date_naive())
            .collect()
    }

    fn evaluations_of(&self, kind: EvaluationKind) -> Vec<&evaluation::Model> {
        self.evaluations
            .iter()
            .filter(|e| EvaluationKind::parse(&e.kind) == Some(kind))
            .collect()
    }

    fn track2(&self) -> bool {
        matches!(
            Track::parse(&self.record.case.track),
            Track::Track2 | Track::Both
        ) || !self.milestones(DeadlineKind::Track2Start).is_empty()
    }
}

async fn load(
    ctx: &Ctx,
    documents: &Documents,
    medical: &Medical,
    record: CaseRecord,
) -> AppResult<RivData> {
    let timeline = deadlines(ctx, &record)?;
    let ids = vec![record.case.id];
    let access = crate::gate::access_to(ctx, &record.case).await?;
    Ok(RivData {
        plans: repo::plan_versions_of(&ctx.db, ids.clone()).await?,
        evaluations: repo::evaluations_of(&ctx.db, ids.clone()).await?,
        activities: repo::activities_of(&ctx.db, ids).await?,
        advice: medical.advice(ctx, &access).await?,
        documents: documents
            .list(ctx, &access, Some(Classification::Case))
            .await?,
        track2_reports: reintegration::repo::submitted_reports(
            &ctx.db,
            record.case.tenant_id,
            record.case.id,
        )
        .await?,
        timeline,
        record,
    })
}

fn state(
    present: Option<NaiveDate>,
    due: Option<NaiveDate>,
    stale_before: Option<NaiveDate>,
    today: NaiveDate,
) -> RivPartState {
    match present {
        Some(last) if stale_before.is_some_and(|limit| last < limit) => RivPartState::Stale,
        Some(_) => RivPartState::Present,
        None if due.is_some_and(|d| d < today) => RivPartState::Missing,
        None => RivPartState::NotYetDue,
    }
}

fn check(data: &RivData, today: NaiveDate) -> Completeness {
    // The latest of the dates a part was done on: the milestones of `step`, the dates in
    // `also`, and CASE documents of the types in `docs`.
    let done = |step: Option<DeadlineKind>, also: Vec<NaiveDate>, docs: &[DocumentType]| {
        step.map(|k| data.milestones(k))
            .unwrap_or_default()
            .into_iter()
            .chain(also)
            .chain(data.docs(docs))
            .max()
    };
    let signed_plan = data
        .plans
        .iter()
        .filter(|p| plan_status(p) == PlanStatus::Signed)
        .filter_map(|p| p.employee_signed_at.max(p.employer_signed_at))
        .map(|t| t.date_naive())
        .max();
    let evaluated = |kind| -> Vec<NaiveDate> {
        data.evaluations_of(kind)
            .iter()
            .map(|e| e.held_on)
            .collect()
    };
    let adjusted: Vec<NaiveDate> = data
        .plans
        .iter()
        .filter(|p| p.is_adjustment)
        .map(|p| p.created_at.date_naive())
        .collect();
    let employee_view = data
        .evaluations_of(EvaluationKind::Final)
        .iter()
        .filter_map(|e| e.employee_view_at)
        .map(|t| t.date_naive())
        .max();
    let open = data.record.case.closed_on.is_none();
    let track2 = data.track2();
    let track2_start = data.due(DeadlineKind::Track2Start);
    let due = |kind| data.due(kind);
    // (part, last done, due, stale when last done before, part of this case's RIV)
    let rows = [
        (
            RivPart::ProblemAnalysis,
            done(
                Some(DeadlineKind::ProblemAnalysis),
                vec![],
                &[DocumentType::ProblemAnalysis],
            ),
            due(DeadlineKind::ProblemAnalysis),
            None,
            true,
        ),
        (
            RivPart::PlanOfAction,
            done(
                None,
                signed_plan.into_iter().collect(),
                &[DocumentType::PlanOfAction],
            ),
            due(DeadlineKind::PlanOfAction),
            None,
            true,
        ),
        // Evaluated at least every 6 weeks: one missed is a reminder, two (12 weeks) make
        // the part stale in UWV's eyes.
        (
            RivPart::PlanEvaluations,
            done(
                None,
                [evaluated(EvaluationKind::Periodic), adjusted].concat(),
                &[DocumentType::Evaluation, DocumentType::PlanAdjustment],
            ),
            due(DeadlineKind::PlanEvaluation).filter(|_| signed_plan.is_some()),
            today
                .checked_sub_days(chrono::Days::new(84))
                .filter(|_| open),
            true,
        ),
        (
            RivPart::ActivityLog,
            done(
                None,
                data.activities.iter().map(|a| a.occurred_on).collect(),
                &[],
            ),
            due(DeadlineKind::PlanOfAction),
            None,
            true,
        ),
        (
            RivPart::WorkabilityAdvice,
            done(None, data.advice.iter().map(|a| a.given_on).collect(), &[]),
            due(DeadlineKind::ProblemAnalysis),
            None,
            true,
        ),
        (
            RivPart::Uwv42WeekReport,
            done(Some(DeadlineKind::Uwv42WeekReport), vec![], &[]),
            due(DeadlineKind::Uwv42WeekReport),
            None,
            true,
        ),
        (
            RivPart::FirstYearEvaluation,
            done(None, evaluated(EvaluationKind::FirstYear), &[]),
            due(DeadlineKind::FirstYearEvaluation),
            None,
            true,
        ),
        (
            RivPart::LabourExpertReport,
            done(None, vec![], &[DocumentType::LabourExpertReport]),
            track2_start,
            None,
            track2,
        ),
        (
            RivPart::Track2Reports,
            done(
                Some(DeadlineKind::Track2Report),
                vec![],
                &[DocumentType::Track2Report],
            ),
            due(DeadlineKind::Track2Report).or(track2_start),
            None,
            track2,
        ),
        (
            RivPart::CurrentAssessment,
            done(
                Some(DeadlineKind::CurrentAssessment),
                vec![],
                &[DocumentType::CurrentAssessment],
            ),
            due(DeadlineKind::CurrentAssessment),
            today.checked_sub_months(Months::new(3)).filter(|_| open),
            true,
        ),
        (
            RivPart::FinalEvaluation,
            done(
                None,
                evaluated(EvaluationKind::Final),
                &[DocumentType::FinalEvaluation],
            ),
            due(DeadlineKind::FinalEvaluation),
            None,
            true,
        ),
        (
            RivPart::EmployeeView,
            employee_view,
            due(DeadlineKind::FinalEvaluation),
            None,
            true,
        ),
    ];
    Completeness {
        parts: rows
            .into_iter()
            .map(|(part, last_on, due_on, stale, applicable)| PartStatus {
                part,
                state: if applicable {
                    state(last_on, due_on, stale, today)
                } else if last_on.is_some() {
                    RivPartState::Present
                } else {
                    RivPartState::NotApplicable
                },
                last_on,
                due_on: due_on.filter(|_| applicable),
            })
            .collect(),
        due_on: due(DeadlineKind::RivToEmployee),
    }
}

/// The RIV check of a case, for everyone who reads the case.
pub async fn completeness(
    ctx: &Ctx,
    documents: &Documents,
    medical: &Medical,
    case_id: Uuid,
) -> AppResult<Completeness> {
    let record = authorized_case(ctx, case_id, Action::Read).await?;
    let data = load(ctx, documents, medical, record).await?;
    Ok(check(&data, ctx.clock.today()))
}

/// Dutch name of a deadline.
pub fn deadline_label(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::ProblemAnalysis => "Probleemanalyse",
        DeadlineKind::PlanOfAction => "Plan van aanpak",
        DeadlineKind::PlanEvaluation => "Evaluatie plan van aanpak",
        DeadlineKind::Uwv42WeekReport => "42e-weeksmelding UWV",
        DeadlineKind::FirstYearEvaluation => "Eerstejaarsevaluatie",
        DeadlineKind::Track2Start => "Start spoor 2",
        DeadlineKind::CurrentAssessment => "Actueel oordeel",
        DeadlineKind::FinalEvaluation => "Eindevaluatie",
        DeadlineKind::RivToEmployee => "Re-integratieverslag naar werknemer",
        DeadlineKind::WiaApplication => "WIA-aanvraag",
        DeadlineKind::EndOfWagePayment => "Einde loondoorbetaling",
        DeadlineKind::Track2Report => "Rapportage spoor 2",
        DeadlineKind::ExpertOpinionFollowUp => "Opvolging deskundigenoordeel",
    }
}

fn part_label(part: RivPart) -> &'static str {
    match part {
        RivPart::ProblemAnalysis => "Probleemanalyse",
        RivPart::PlanOfAction => "Plan van aanpak (ondertekend)",
        RivPart::PlanEvaluations => "Evaluaties en bijstellingen",
        RivPart::ActivityLog => "Activiteitenlogboek",
        RivPart::WorkabilityAdvice => "Advies bedrijfsarts over belastbaarheid",
        RivPart::Uwv42WeekReport => "42e-weeksmelding",
        RivPart::FirstYearEvaluation => "Eerstejaarsevaluatie",
        RivPart::LabourExpertReport => "Arbeidsdeskundig rapport",
        RivPart::Track2Reports => "Rapportages spoor 2",
        RivPart::CurrentAssessment => "Actueel oordeel (niet ouder dan 3 maanden)",
        RivPart::FinalEvaluation => "Eindevaluatie",
        RivPart::EmployeeView => "Visie van de werknemer",
    }
}

fn state_label(state: RivPartState) -> &'static str {
    match state {
        RivPartState::Present => "Aanwezig",
        RivPartState::Missing => "Ontbreekt",
        RivPartState::Stale => "Verouderd",
        RivPartState::NotYetDue => "Nog niet aan de orde",
        RivPartState::NotApplicable => "Niet van toepassing",
    }
}

fn status_label(status: DeadlineStatus) -> &'static str {
    match status {
        DeadlineStatus::Upcoming => "Gepland",
        DeadlineStatus::DueSoon => "Binnenkort",
        DeadlineStatus::Overdue => "Te laat",
        DeadlineStatus::Done => "Gedaan",
    }
}

fn activity_label(kind: Option<ActivityKind>) -> &'static str {
    match kind {
        Some(ActivityKind::Conversation) => "Gesprek",
        Some(ActivityKind::Agreement) => "Afspraak",
        Some(ActivityKind::Contact) => "Contact",
        Some(ActivityKind::Note) => "Notitie",
        Some(ActivityKind::CooperationWarning) => "Waarschuwing",
        Some(ActivityKind::WageSuspension) => "Opschorting loon",
        Some(ActivityKind::WageStop) => "Loonstop",
        None => "",
    }
}

fn owner_label(owner: ActivityOwner) -> &'static str {
    match owner {
        ActivityOwner::Employer => "Werkgever",
        ActivityOwner::Employee => "Werknemer",
        ActivityOwner::CompanyDoctor => "Bedrijfsarts",
        ActivityOwner::Agency => "Re-integratiebureau",
        ActivityOwner::Other => "Anders",
    }
}

fn question_label(q: Option<ExpertOpinionQuestion>) -> &'static str {
    match q {
        Some(ExpertOpinionQuestion::OwnWork) => "Geschikt voor eigen werk?",
        Some(ExpertOpinionQuestion::SuitableWork) => "Passende arbeid?",
        Some(ExpertOpinionQuestion::EmployerEffort) => "Re-integratie-inspanningen werkgever",
        Some(ExpertOpinionQuestion::EmployeeEffort) => "Re-integratie-inspanningen werknemer",
        Some(ExpertOpinionQuestion::NoUsableCapacity) => "Geen benutbare mogelijkheden?",
        None => "",
    }
}

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(nl_date).unwrap_or_else(|| "—".into())
}

/// A submitted track 2 report as the RIV prints it: the period, what was done, the
/// consultant's assessment and the employee's attitude.
fn track2_report_blocks(r: &reintegration::entities::report::Model) -> Vec<Block> {
    use reintegration::model::Track2ReportKind;
    let title = match Track2ReportKind::parse(&r.kind) {
        Some(Track2ReportKind::Final) => "Eindrapportage spoor 2",
        _ => "Voortgangsrapportage spoor 2",
    };
    let mut out = vec![
        Block::Subheading(format!(
            "{title}, {} t/m {}",
            nl_date(r.period_from),
            nl_date(r.period_to)
        )),
        Block::Fields(vec![(
            "Ingediend op".into(),
            r.submitted_on.map(nl_date).unwrap_or_default(),
        )]),
        Block::Paragraph(r.activities.clone()),
    ];
    if let Some(a) = &r.assessment {
        out.push(Block::Fields(vec![(
            "Beoordeling voortgang".into(),
            a.clone(),
        )]));
    }
    if let Some(a) = &r.attitude {
        out.push(Block::Fields(vec![(
            "Houding en inzet werknemer".into(),
            a.clone(),
        )]));
    }
    out
}

fn none_yet(text: &str) -> Vec<Block> {
    vec![Block::Note(text.into())]
}

fn documents_of(data: &RivData, kinds: &[DocumentType]) -> Vec<Block> {
    let rows: Vec<String> = data
        .documents
        .iter()
        .filter(|d| kinds.contains(&d.document_type))
        .map(|d| {
            format!(
                "{} ({}), bijlage van {}",
                d.title,
                d.filename,
                nl_date(d.uploaded_at.date_naive())
            )
        })
        .collect();
    if rows.is_empty() {
        vec![]
    } else {
        vec![Block::Subheading("Bijlagen".into()), Block::Bullets(rows)]
    }
}

async fn build(ctx: &Ctx, data: &RivData, check: &Completeness) -> AppResult<Report> {
    let case = &data.record.case;
    let today = ctx.clock.today();
    let (employee, employer) = crate::repo::party_names(&ctx.db, case).await?;
    let mut people: Vec<Uuid> = data
        .plans
        .iter()
        .flat_map(|p| [p.employer_signed_by, p.employee_signed_by])
        .flatten()
        .chain(case.case_manager_user_id)
        .chain(ctx.user().ok().map(|u| u.user_id))
        .collect();
    people.sort();
    people.dedup();
    let names: std::collections::HashMap<Uuid, String> = repo::user_names(&ctx.db, people)
        .await?
        .into_iter()
        .collect();
    let name = |id: Option<Uuid>| {
        id.and_then(|id| names.get(&id).cloned())
            .unwrap_or_default()
    };
    let week = data.timeline.sick_days.week_of(today);
    let track = match Track::parse(&case.track) {
        Track::Track1 => "Spoor 1",
        Track::Track2 => "Spoor 2",
        Track::Both => "Spoor 1 en 2",
        Track::Track3 => "Spoor 3",
    };

    let mut sections = Vec::new();
    sections.push(Section {
        heading: "Volledigheid van dit verslag".into(),
        blocks: vec![
            Block::Paragraph(if check.complete() {
                "Alle onderdelen die UWV bij de WIA-aanvraag beoordeelt, zijn aanwezig.".into()
            } else {
                format!(
                    "Nog niet compleet: {} van de {} onderdelen ontbreken of zijn verouderd.",
                    check.missing().len(),
                    check.parts.len()
                )
            }),
            Block::Table {
                columns: vec![
                    ("Onderdeel".into(), 4.0),
                    ("Stand".into(), 2.2),
                    ("Laatst".into(), 1.5),
                    ("Uiterlijk".into(), 1.5),
                ],
                rows: check
                    .parts
                    .iter()
                    .map(|p| {
                        vec![
                            part_label(p.part).into(),
                            state_label(p.state).into(),
                            date_or_dash(p.last_on),
                            date_or_dash(p.due_on),
                        ]
                    })
                    .collect(),
            },
        ],
    });
    let mut periods = Vec::new();
    for p in &data.timeline.periods {
        periods.push(vec![nl_date(p.start), date_or_dash(p.recovered_on)]);
    }
    sections.push(Section {
        heading: "Verloop van het verzuim en de termijnen".into(),
        blocks: vec![
            Block::Table {
                columns: vec![("Ziek vanaf".into(), 1.0), ("Hersteld op".into(), 1.0)],
                rows: periods,
            },
            Block::Table {
                columns: vec![
                    ("Stap".into(), 4.0),
                    ("Uiterlijk".into(), 1.5),
                    ("Stand".into(), 1.5),
                    ("Gedaan op".into(), 1.5),
                ],
                rows: data
                    .timeline
                    .deadlines
                    .iter()
                    .map(|d| {
                        vec![
                            deadline_label(d.kind).into(),
                            nl_date(d.due),
                            status_label(d.status).into(),
                            date_or_dash(d.completed_on),
                        ]
                    })
                    .collect(),
            },
        ],
    });
    let pa = data.milestones(DeadlineKind::ProblemAnalysis);
    let mut pa_blocks = if pa.is_empty() {
        none_yet("Nog geen probleemanalyse vastgelegd.")
    } else {
        vec![Block::Paragraph(format!(
            "De bedrijfsarts stelde de probleemanalyse op op {}. Het medische deel ervan staat niet in \
             dit verslag; wat de werknemer wel en niet kan, staat bij de adviezen van de bedrijfsarts.",
            pa.iter()
                .map(|d| nl_date(*d))
                .collect::<Vec<_>>()
                .join(", ")
        ))]
    };
    pa_blocks.extend(documents_of(data, &[DocumentType::ProblemAnalysis]));
    sections.push(Section {
        heading: "Probleemanalyse".into(),
        blocks: pa_blocks,
    });
    sections.push(Section {
        heading: "Adviezen van de bedrijfsarts over belastbaarheid".into(),
        blocks: if data.advice.is_empty() {
            none_yet("Nog geen advies van de bedrijfsarts.")
        } else {
            data.advice.iter().flat_map(advice_blocks).collect()
        },
    });
    let mut plan_blocks = Vec::new();
    let mut versions: Vec<&plan_of_action_version::Model> = data.plans.iter().collect();
    versions.sort_by_key(|p| p.version);
    for p in versions {
        let status = match plan_status(p) {
            PlanStatus::Signed => "ondertekend door beide partijen",
            PlanStatus::PartlySigned => "door één partij ondertekend",
            PlanStatus::Draft => "concept",
        };
        plan_blocks.push(Block::Subheading(format!(
            "{} {} — {status}",
            if p.is_adjustment {
                "Bijstelling, versie"
            } else {
                "Versie"
            },
            p.version
        )));
        let mut fields = vec![
            ("Doel".to_string(), p.goal.clone()),
            ("Contact".to_string(), p.contact_frequency.clone()),
            ("Casemanager".to_string(), name(p.case_manager_user_id)),
        ];
        if let Some(note) = &p.change_note {
            fields.push(("Wat en waarom gewijzigd".into(), note.clone()));
        }
        fields.push((
            "Getekend werkgever".into(),
            p.employer_signed_at
                .map(|t| {
                    format!(
                        "{} op {}",
                        name(p.employer_signed_by),
                        nl_date(t.date_naive())
                    )
                })
                .unwrap_or_else(|| "—".into()),
        ));
        fields.push((
            "Getekend werknemer".into(),
            p.employee_signed_at
                .map(|t| {
                    format!(
                        "{} op {}",
                        name(p.employee_signed_by),
                        nl_date(t.date_naive())
                    )
                })
                .unwrap_or_else(|| "—".into()),
        ));
        plan_blocks.push(Block::Fields(fields));
        plan_blocks.push(Block::Table {
            columns: vec![
                ("Activiteit".into(), 5.0),
                ("Wie".into(), 1.6),
                ("Uiterlijk".into(), 1.4),
                ("Gedaan".into(), 1.0),
            ],
            rows: plan_activities(p)
                .into_iter()
                .map(|a| {
                    vec![
                        a.description,
                        owner_label(a.owner).into(),
                        nl_date(a.due_on),
                        if a.done { "ja" } else { "nee" }.into(),
                    ]
                })
                .collect(),
        });
    }
    if plan_blocks.is_empty() {
        plan_blocks = none_yet("Nog geen plan van aanpak.");
    }
    plan_blocks.extend(documents_of(
        data,
        &[DocumentType::PlanOfAction, DocumentType::PlanAdjustment],
    ));
    sections.push(Section {
        heading: "Plan van aanpak en bijstellingen".into(),
        blocks: plan_blocks,
    });
    let evaluation_blocks = |kind: EvaluationKind, none: &str| -> Vec<Block> {
        let list = data.evaluations_of(kind);
        if list.is_empty() {
            return none_yet(none);
        }
        let mut blocks = Vec::new();
        for e in list {
            blocks.push(Block::Subheading(format!(
                "Gehouden op {}",
                nl_date(e.held_on)
            )));
            let mut fields = vec![("Verslag".to_string(), e.summary.clone())];
            if let Some(a) = &e.agreements {
                fields.push(("Afspraken".into(), a.clone()));
            }
            if let Some(prospect) = e.return_prospect {
                fields.push((
                    "Terugkeer bij eigen werkgever".into(),
                    if prospect {
                        "Concreet uitzicht op structurele terugkeer"
                    } else {
                        "Geen concreet uitzicht: spoor 2 nodig"
                    }
                    .into(),
                ));
            }
            if let Some(view) = &e.employee_view {
                fields.push(("Visie van de werknemer".into(), view.clone()));
            }
            blocks.push(Block::Fields(fields));
        }
        blocks
    };
    let mut periodic = evaluation_blocks(EvaluationKind::Periodic, "Nog geen evaluaties.");
    periodic.extend(documents_of(data, &[DocumentType::Evaluation]));
    sections.push(Section {
        heading: "Evaluaties".into(),
        blocks: periodic,
    });
    sections.push(Section {
        heading: "Activiteitenlogboek".into(),
        blocks: if data.activities.is_empty() {
            none_yet("Nog niets vastgelegd.")
        } else {
            let mut rows: Vec<&case_activity::Model> = data.activities.iter().collect();
            rows.sort_by_key(|a| (a.occurred_on, a.created_at));
            vec![Block::Table {
                columns: vec![
                    ("Datum".into(), 1.3),
                    ("Soort".into(), 1.4),
                    ("Verslag".into(), 6.0),
                ],
                rows: rows
                    .into_iter()
                    .map(|a| {
                        vec![
                            nl_date(a.occurred_on),
                            activity_label(ActivityKind::parse(&a.kind)).into(),
                            a.summary.clone(),
                        ]
                    })
                    .collect(),
            }]
        },
    });
    let report_42 = data.milestones(DeadlineKind::Uwv42WeekReport);
    sections.push(Section {
        heading: "42e-weeksmelding".into(),
        blocks: if report_42.is_empty() {
            none_yet("Nog niet gemeld.")
        } else {
            vec![Block::Paragraph(format!(
                "Gemeld bij UWV op {}.",
                report_42
                    .iter()
                    .map(|d| nl_date(*d))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))]
        },
    });
    sections.push(Section {
        heading: "Eerstejaarsevaluatie".into(),
        blocks: evaluation_blocks(EvaluationKind::FirstYear, "Nog niet gehouden."),
    });
    let mut track2_blocks = Vec::new();
    let starts = data.milestones(DeadlineKind::Track2Start);
    if !starts.is_empty() {
        track2_blocks.push(Block::Paragraph(format!(
            "Spoor 2 is gestart op {}.",
            starts
                .iter()
                .map(|d| nl_date(*d))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    for r in &data.track2_reports {
        track2_blocks.extend(track2_report_blocks(r));
    }
    track2_blocks.extend(documents_of(
        data,
        &[DocumentType::LabourExpertReport, DocumentType::Track2Report],
    ));
    if track2_blocks.is_empty() {
        track2_blocks = none_yet("Geen spoor-2-traject.");
    }
    sections.push(Section {
        heading: "Arbeidsdeskundig onderzoek en spoor 2".into(),
        blocks: track2_blocks,
    });
    let current = data.milestones(DeadlineKind::CurrentAssessment);
    let mut current_blocks = if current.is_empty() {
        none_yet("Nog geen actueel oordeel.")
    } else {
        vec![Block::Paragraph(format!(
            "De bedrijfsarts gaf een actueel oordeel op {}. Het medische deel levert de werknemer \
             of de bedrijfsarts zelf aan UWV.",
            current
                .iter()
                .map(|d| nl_date(*d))
                .collect::<Vec<_>>()
                .join(", ")
        ))]
    };
    current_blocks.extend(documents_of(data, &[DocumentType::CurrentAssessment]));
    sections.push(Section {
        heading: "Actueel oordeel".into(),
        blocks: current_blocks,
    });
    let mut final_blocks = evaluation_blocks(EvaluationKind::Final, "Nog niet gehouden.");
    final_blocks.extend(documents_of(data, &[DocumentType::FinalEvaluation]));
    sections.push(Section {
        heading: "Eindevaluatie en visie van de werknemer".into(),
        blocks: final_blocks,
    });
    sections.push(Section {
        heading: "Deskundigenoordelen".into(),
        blocks: if data.record.expert_opinions.is_empty() {
            none_yet("Geen deskundigenoordeel aangevraagd.")
        } else {
            vec![Block::Table {
                columns: vec![
                    ("Vraag".into(), 3.0),
                    ("Door".into(), 1.3),
                    ("Ingediend".into(), 1.3),
                    ("Antwoord".into(), 1.3),
                    ("Uitkomst en opvolging".into(), 4.0),
                ],
                rows: data
                    .record
                    .expert_opinions
                    .iter()
                    .map(|o| {
                        vec![
                            question_label(ExpertOpinionQuestion::parse(&o.question)).into(),
                            if o.requested_by == "EMPLOYEE" {
                                "Werknemer"
                            } else {
                                "Werkgever"
                            }
                            .into(),
                            nl_date(o.submitted_on),
                            date_or_dash(o.answered_on),
                            [o.outcome.clone(), o.follow_up.clone()]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(" — "),
                        ]
                    })
                    .collect(),
            }]
        },
    });
    sections.push(Section {
        heading: "Bijlagen".into(),
        blocks: if data.documents.is_empty() {
            none_yet("Geen documenten bij dit dossier.")
        } else {
            vec![
                Block::Paragraph(
                    "Deze documenten horen bij het dossier en worden apart meegestuurd. De \
                     controlecode is het begin van de SHA-256 van het bestand."
                        .into(),
                ),
                Block::Table {
                    columns: vec![
                        ("Titel".into(), 3.0),
                        ("Soort".into(), 2.0),
                        ("Datum".into(), 1.3),
                        ("Door".into(), 1.8),
                        ("Controlecode".into(), 1.8),
                    ],
                    rows: data
                        .documents
                        .iter()
                        .map(|d| {
                            vec![
                                format!("{} ({})", d.title, d.filename),
                                document_type_label(d.document_type).into(),
                                nl_date(d.uploaded_at.date_naive()),
                                d.uploaded_by.clone().unwrap_or_default(),
                                d.sha256.chars().take(16).collect(),
                            ]
                        })
                        .collect(),
                },
            ]
        },
    });

    Ok(Report {
        title: "Re-integratieverslag".into(),
        subtitle: vec![
            employee.clone(),
            "Werkgeversdeel — zonder medische gegevens".into(),
        ],
        cover_fields: vec![
            ("Werknemer".into(), employee),
            ("Werkgever".into(), employer),
            ("Eerste ziektedag".into(), nl_date(case.sick_since)),
            (
                "Verzuimweek".into(),
                week.map(|w| w.to_string()).unwrap_or_else(|| "—".into()),
            ),
            ("Spoor".into(), track.into()),
            ("Casemanager".into(), name(case.case_manager_user_id)),
            ("Gemaakt op".into(), nl_date(today)),
            (
                "Gemaakt door".into(),
                name(ctx.user().ok().map(|u| u.user_id)),
            ),
        ],
        notice:
            "Dit verslag bevat geen medische gegevens. Het medische deel (de probleemanalyse en \
                 het actueel oordeel van de bedrijfsarts en medische stukken) levert de werknemer \
                 of de bedrijfsarts rechtstreeks aan UWV."
                .into(),
        contents_heading: "Inhoud".into(),
        footer: "Re-integratieverslag — vertrouwelijk".into(),
        page_word: "pagina".into(),
        of_word: "van".into(),
        sections,
    })
}

/// Dutch name of a document type.
pub fn document_type_label(t: DocumentType) -> &'static str {
    match t {
        DocumentType::ProblemAnalysis => "Probleemanalyse",
        DocumentType::PlanOfAction => "Plan van aanpak",
        DocumentType::PlanAdjustment => "Bijstelling plan van aanpak",
        DocumentType::Evaluation => "Evaluatie",
        DocumentType::CurrentAssessment => "Actueel oordeel",
        DocumentType::FinalEvaluation => "Eindevaluatie",
        DocumentType::LabourExpertReport => "Arbeidsdeskundig rapport",
        DocumentType::Track2Report => "Rapportage spoor 2",
        DocumentType::ExpertOpinion => "Deskundigenoordeel",
        DocumentType::Other => "Overig",
    }
}

/// The employer's RIV of a case as a PDF: for whoever may export the case (HR, the case
/// manager, the employee himself). Logged as an export.
pub async fn export(
    ctx: &Ctx,
    documents: &Documents,
    medical: &Medical,
    case_id: Uuid,
) -> AppResult<Vec<u8>> {
    let record = authorized_case(ctx, case_id, Action::Export).await?;
    let target = platform::context::Target {
        tenant_id: record.case.tenant_id,
        subject_employee_id: Some(record.case.employee_id),
        resource_type: "riv",
        resource_id: Some(record.case.id.to_string()),
        relations: vec![],
    };
    let data = load(ctx, documents, medical, record).await?;
    let check = check(&data, ctx.clock.today());
    let report = build(ctx, &data, &check).await?;
    let pdf = render(&report);
    ctx.log_allowed(&target, Action::Export, Some("RIV exported".into()))
        .await?;
    Ok(pdf)
}
