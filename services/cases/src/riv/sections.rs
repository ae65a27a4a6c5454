//! The RIV's PDF, one function per section, in the order UWV reads them. Every section comes
//! from the structured file; no medical table is read.

use std::collections::HashMap;

use documents::pdf::{Block, Report, Section};
use platform::document::DocumentType;
use platform::{AppResult, Ctx};
use uuid::Uuid;

use super::labels::{
    activity_label, date_or_dash, deadline_label, document_type_label, owner_label, part_label,
    question_label, state_label, status_label,
};
use super::{Completeness, RivData};
use crate::entities::{case_activity, plan_of_action_version};
use crate::file::{plan_activities, plan_status};
use crate::medical_export::{advice_blocks, nl_date};
use crate::model::{EvaluationKind, PlanStatus, Track};
use crate::repo;
use crate::timeline::DeadlineKind;

pub(super) async fn build(ctx: &Ctx, data: &RivData, check: &Completeness) -> AppResult<Report> {
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
    let names = Names(
        repo::user_names(&ctx.db, people)
            .await?
            .into_iter()
            .collect(),
    );
    let week = data.timeline.sick_days.week_of(today);
    let track = match case.track {
        Track::Track1 => "Spoor 1",
        Track::Track2 => "Spoor 2",
        Track::Both => "Spoor 1 en 2",
        Track::Track3 => "Spoor 3",
    };

    let sections = vec![
        completeness(check),
        course(data),
        problem_analysis(data),
        workability(data),
        plan_of_action(data, &names),
        evaluations(data),
        activity_log(data),
        report_42(data),
        first_year(data),
        track2(data),
        current_assessment(data),
        final_evaluation(data),
        expert_opinions(data),
        attachments(data),
    ];

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
            ("Casemanager".into(), names.of(case.case_manager_user_id)),
            ("Gemaakt op".into(), nl_date(today)),
            (
                "Gemaakt door".into(),
                names.of(ctx.user().ok().map(|u| u.user_id)),
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

/// The names of the people the report mentions, looked up at once.
struct Names(HashMap<Uuid, String>);

impl Names {
    /// The name of `id`, or nothing when unknown.
    fn of(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.0.get(&id).cloned())
            .unwrap_or_default()
    }
}

/// How complete the report is, part by part.
fn completeness(check: &Completeness) -> Section {
    Section {
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
    }
}

/// The periods of absence and the steps of the clock.
fn course(data: &RivData) -> Section {
    let mut periods = Vec::new();
    for p in &data.timeline.periods {
        periods.push(vec![nl_date(p.start), date_or_dash(p.recovered_on)]);
    }
    let circumstances = circumstances(data);
    let mut blocks = vec![Block::Table {
        columns: vec![("Ziek vanaf".into(), 1.0), ("Hersteld op".into(), 1.0)],
        rows: periods,
    }];
    if !circumstances.is_empty() {
        blocks.push(Block::Subheading("Wat de termijnen verschuift".into()));
        blocks.push(Block::Bullets(circumstances));
    }
    Section {
        heading: "Verloop van het verzuim en de termijnen".into(),
        blocks: [
            blocks,
            vec![Block::Table {
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
            }],
        ]
        .concat(),
    }
}

/// What moved the clock off the common path (decision 82), as UWV reads it in the employer's
/// report: never which safety net applies, only that one does.
fn circumstances(data: &RivData) -> Vec<String> {
    let c = &data.record.case;
    let mut out: Vec<String> = data
        .record
        .leaves
        .iter()
        .map(|l| {
            format!(
                "Zwangerschaps- en bevallingsverlof van {} tot en met {}: telt niet mee voor de 104 weken.",
                nl_date(l.from_date),
                nl_date(l.until_date)
            )
        })
        .collect();
    if c.safety_net {
        out.push("Er is een vangnetregeling (Ziektewet) van toepassing.".into());
    }
    if c.extension_weeks > 0 {
        out.push(format!(
            "Vrijwillige verlenging van de loondoorbetaling met {} weken.",
            c.extension_weeks
        ));
    }
    if c.sanction_weeks > 0 {
        let kind = match c.sanction_kind {
            Some(crate::timeline::SanctionKind::Administrative) => "administratieve",
            _ => "inhoudelijke",
        };
        let mut line = format!("Loonsanctie ({kind}) van {} weken", c.sanction_weeks);
        if let (Some(on), Some(granted)) = (
            c.sanction_shortening_decided_on,
            c.sanction_shortening_granted,
        ) {
            let verdict = if granted { "toegekend" } else { "afgewezen" };
            line.push_str(&format!("; bekortingsverzoek {verdict} op {}", nl_date(on)));
        }
        line.push('.');
        out.push(line);
    }
    if let Some(last) = c.employment_ends_on {
        let scope = match data.timeline.riv_on_leaving {
            Some(crate::timeline::RivScope::Full) => ", met volledig re-integratieverslag",
            Some(crate::timeline::RivScope::Shortened) => ", met verkort re-integratieverslag",
            _ => "",
        };
        out.push(format!(
            "Laatste dag van het dienstverband: {}{scope}.",
            nl_date(last)
        ));
    }
    out
}

/// When the problem analysis was made (its medical part is not here).
fn problem_analysis(data: &RivData) -> Section {
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
    Section {
        heading: "Probleemanalyse".into(),
        blocks: pa_blocks,
    }
}

/// The doctor's workability advice, newest first.
fn workability(data: &RivData) -> Section {
    Section {
        heading: "Adviezen van de bedrijfsarts over belastbaarheid".into(),
        blocks: if data.advice.is_empty() {
            none_yet("Nog geen advies van de bedrijfsarts.")
        } else {
            data.advice.iter().flat_map(advice_blocks).collect()
        },
    }
}

/// Every version of the plan of action with its signatures and activities.
fn plan_of_action(data: &RivData, names: &Names) -> Section {
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
            ("Casemanager".to_string(), names.of(p.case_manager_user_id)),
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
                        names.of(p.employer_signed_by),
                        nl_date(platform::clock::dutch_date(t))
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
                        names.of(p.employee_signed_by),
                        nl_date(platform::clock::dutch_date(t))
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
    Section {
        heading: "Plan van aanpak en bijstellingen".into(),
        blocks: plan_blocks,
    }
}

/// The periodic evaluations.
fn evaluations(data: &RivData) -> Section {
    let mut periodic = evaluation_blocks(data, EvaluationKind::Periodic, "Nog geen evaluaties.");
    periodic.extend(documents_of(data, &[DocumentType::Evaluation]));
    Section {
        heading: "Evaluaties".into(),
        blocks: periodic,
    }
}

/// The activity log, oldest first.
fn activity_log(data: &RivData) -> Section {
    Section {
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
                            activity_label(a.kind).into(),
                            a.summary.clone(),
                        ]
                    })
                    .collect(),
            }]
        },
    }
}

/// The 42-week report to UWV.
fn report_42(data: &RivData) -> Section {
    let report_42 = data.milestones(DeadlineKind::Uwv42WeekReport);
    Section {
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
    }
}

/// The first-year evaluation.
fn first_year(data: &RivData) -> Section {
    Section {
        heading: "Eerstejaarsevaluatie".into(),
        blocks: evaluation_blocks(data, EvaluationKind::FirstYear, "Nog niet gehouden."),
    }
}

/// The labour expert's report and track 2.
fn track2(data: &RivData) -> Section {
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
    Section {
        heading: "Arbeidsdeskundig onderzoek en spoor 2".into(),
        blocks: track2_blocks,
    }
}

/// When the current assessment was given (its medical part is not here).
fn current_assessment(data: &RivData) -> Section {
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
    Section {
        heading: "Actueel oordeel".into(),
        blocks: current_blocks,
    }
}

/// The final evaluation with the employee's view.
fn final_evaluation(data: &RivData) -> Section {
    let mut final_blocks = evaluation_blocks(data, EvaluationKind::Final, "Nog niet gehouden.");
    final_blocks.extend(documents_of(data, &[DocumentType::FinalEvaluation]));
    Section {
        heading: "Eindevaluatie en visie van de werknemer".into(),
        blocks: final_blocks,
    }
}

/// The expert opinions asked of UWV.
fn expert_opinions(data: &RivData) -> Section {
    Section {
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
                            question_label(o.question).into(),
                            if o.requested_by == crate::model::Party::Employee {
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
    }
}

/// The CASE documents that go with the report.
fn attachments(data: &RivData) -> Section {
    Section {
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
                                nl_date(platform::clock::dutch_date(d.uploaded_at)),
                                d.uploaded_by.clone().unwrap_or_default(),
                                d.sha256.chars().take(16).collect(),
                            ]
                        })
                        .collect(),
                },
            ]
        },
    }
}

/// The evaluations of one kind, or a line saying there are none.
fn evaluation_blocks(data: &RivData, kind: EvaluationKind, none: &str) -> Vec<Block> {
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
}

/// A submitted track 2 report as the RIV prints it: the period, what was done, the
/// consultant's assessment and the employee's attitude.
fn track2_report_blocks(r: &reintegration::entities::report::Model) -> Vec<Block> {
    use reintegration::model::Track2ReportKind;
    let title = match r.kind {
        Track2ReportKind::Final => "Eindrapportage spoor 2",
        Track2ReportKind::Progress => "Voortgangsrapportage spoor 2",
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
                nl_date(platform::clock::dutch_date(d.uploaded_at))
            )
        })
        .collect();
    if rows.is_empty() {
        vec![]
    } else {
        vec![Block::Subheading("Bijlagen".into()), Block::Bullets(rows)]
    }
}
