//! The generator's rows: the pseudo-random sequence, the clock of a case by its length (one
//! timeline computation per length), and a batch of employees and cases written in one
//! transaction.

use std::collections::HashMap;

use cases::entities::{case_deadline, case_file, case_milestone, plan_of_action_version};
use cases::model::{ActivityOwner, CaseRecord, PlanActivities, PlanActivity, Track};
use cases::timeline::{self, DeadlineKind};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use documents::entities::document;
use identity::entities::employee;
use medical::entities::workability_advice;
use platform::entities::access_log;
use platform::{AppError, AppResult, Role};
use sea_orm::{EntityTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use super::{LogChain, MAX_DAYS, Shared, TenantKey, Written};
use crate::Env;

/// A small fixed pseudo-random sequence (xorshift), so the same arguments give the same data.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The clock of a case `days` long, on time or lagging.
#[derive(Clone, Debug)]
pub(super) struct Template {
    milestones: Vec<(DeadlineKind, NaiveDate)>,
    open: Vec<(DeadlineKind, NaiveDate)>,
    /// The clock's input and its timeline today (the case list's read model is computed from
    /// them per case, as `refresh_clock` would).
    input: cases::timeline::ClockInput,
    line: cases::timeline::Timeline,
}

impl Template {
    fn done(&self, kind: DeadlineKind) -> Option<NaiveDate> {
        self.milestones
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, on)| *on)
            .max()
    }
}

/// Does every step due before `cutoff` a few days early, as far as milestones can record it,
/// and returns what is done and what stays open.
fn template(sick_since: NaiveDate, today: NaiveDate, cutoff: NaiveDate) -> AppResult<Template> {
    let now = Utc::now();
    let case = case_file::Model::opened(Uuid::nil(), Uuid::nil(), Uuid::nil(), sick_since, now);
    let mut record = CaseRecord::bare(case);
    let compute = |record: &CaseRecord| {
        timeline::compute(&record.clock_input(), today)
            .map_err(|e| AppError::invariant(format!("generated case does not compute: {e}")))
    };
    let mut line = compute(&record)?;
    // Each round does what is overdue; a done step can bring the next (an evaluation six weeks
    // on), so repeat until nothing before the cut-off is open. Steps no milestone records stay.
    for _ in 0..64 {
        let overdue: Vec<(DeadlineKind, NaiveDate)> = line
            .deadlines
            .iter()
            .filter(|d| d.completed_on.is_none() && d.due < cutoff)
            .map(|d| (d.kind, d.due))
            .collect();
        if overdue.is_empty() {
            break;
        }
        for (kind, due) in &overdue {
            let on = (*due - Duration::days(3)).max(sick_since).min(today);
            record.milestones.push(cases::model::StepDone {
                id: Uuid::nil(),
                case_id: Uuid::nil(),
                kind: *kind,
                occurred_on: on,
                note: None,
            });
        }
        let next = compute(&record)?;
        let progressed = next
            .deadlines
            .iter()
            .filter(|d| d.completed_on.is_some())
            .count()
            > line
                .deadlines
                .iter()
                .filter(|d| d.completed_on.is_some())
                .count();
        line = next;
        if !progressed {
            break;
        }
    }
    Ok(Template {
        milestones: record
            .milestones
            .iter()
            .map(|m| (m.kind, m.occurred_on))
            .collect(),
        open: cases::service::open_deadlines(&line),
        input: record.clock_input(),
        line,
    })
}

/// Templates by (days sick, lagging).
pub(super) struct Templates {
    pub(super) today: NaiveDate,
    pub(super) by_days: HashMap<(i64, bool), Template>,
}

impl Templates {
    fn get(&mut self, days: i64, lagging: bool) -> AppResult<&Template> {
        let today = self.today;
        match self.by_days.entry((days, lagging)) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                let cutoff = if lagging {
                    today - Duration::days(14)
                } else {
                    today
                };
                Ok(e.insert(template(today - Duration::days(days), today, cutoff)?))
            }
        }
    }
}

/// Days sick of a case: most are short, as in real absence figures.
fn days_sick(rng: &mut Rng) -> i64 {
    let pick = rng.below(100);
    let (from, to) = match pick {
        0..45 => (1, 42),
        45..75 => (43, 364),
        _ => (365, MAX_DAYS),
    };
    from + rng.below((to - from + 1) as u64) as i64
}

/// The rows of up to [`BATCH`](super::BATCH) employees and their cases, written in one
/// transaction.
#[derive(Default)]
pub(super) struct Batch {
    employees: Vec<employee::ActiveModel>,
    cases: Vec<case_file::ActiveModel>,
    milestones: Vec<case_milestone::ActiveModel>,
    deadlines: Vec<case_deadline::ActiveModel>,
    plans: Vec<plan_of_action_version::ActiveModel>,
    advice: Vec<workability_advice::ActiveModel>,
    documents: Vec<document::ActiveModel>,
    log: Vec<access_log::ActiveModel>,
}

/// Midday of a day, as a timestamp.
fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

impl Batch {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn build(
        key: &TenantKey,
        shared: &Shared,
        templates: &mut Templates,
        rng: &mut Rng,
        first: usize,
        n: usize,
        cases: usize,
        now: DateTime<Utc>,
        sealing: &platform::crypto::SealingKey,
        log: &mut LogChain,
        env: &Env,
    ) -> AppResult<Batch> {
        let today = templates.today;
        let tenant = key.tenant;
        let mut b = Batch::default();
        for j in first..first + n {
            let employee_id = platform::ids::new_id();
            b.employees.push(employee::ActiveModel {
                id: Set(employee_id),
                tenant_id: Set(tenant),
                name: Set(format!("Medewerker {}-{j}", key.index)),
                email: Set(None),
                phone: Set(None),
                employee_number: Set(Some(format!("{:06}", j + 1))),
                user_id: Set(None),
                manager_user_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
            if j >= cases {
                continue;
            }
            let days = days_sick(rng);
            let lagging = rng.below(20) == 0;
            let t = templates.get(days, lagging)?;
            let sick_since = today - Duration::days(days);
            let case_id = platform::ids::new_id();
            let hr = key.hr;
            let mut entries = vec![(
                hr,
                Role::HrAdmin,
                tenant,
                "case",
                case_id,
                "C",
                at(sick_since),
            )];
            for (kind, on) in &t.milestones {
                b.milestones.push(case_milestone::ActiveModel {
                    id: Set(platform::ids::new_id()),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    kind: Set(*kind),
                    occurred_on: Set(*on),
                    source_id: Set(None),
                    note: Set(None),
                    recorded_by: Set(hr),
                    created_at: Set(at(*on)),
                });
            }
            for (kind, on) in &t.open {
                b.deadlines.push(case_deadline::ActiveModel {
                    id: Set(platform::ids::new_id()),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    kind: Set((*kind).into()),
                    due_on: Set(*on),
                    materialised_on: Set(Some(sick_since)),
                });
            }
            let advised = t.done(DeadlineKind::ProblemAnalysis);
            if let Some(on) = advised {
                let id = platform::ids::new_id();
                let hours = [8.0, 16.0, 20.0, 24.0, 32.0][rng.below(5) as usize];
                b.advice.push(workability_advice::ActiveModel {
                    id: Set(id),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    doctor_user_id: Set(shared.doctor),
                    doctor_organisation_id: Set(shared.health_service),
                    given_on: Set(on),
                    limitations: Set(medical::model::Lines(vec![
                        "Niet langer dan 2 uur achtereen staan".into(),
                        "Geen tillen boven 10 kg".into(),
                    ])),
                    limitation_categories: Set(medical::model::Categories(vec![
                        medical::model::LimitationCategory::StaticPostures,
                        medical::model::LimitationCategory::DynamicActions,
                    ])),
                    capabilities: Set(medical::model::Lines(vec![
                        "Zittend werk, met pauzes".into(),
                    ])),
                    hours_per_day: Set(Some(hours / 4.0)),
                    hours_per_week: Set(Some(hours)),
                    expected_recovery_on: Set(Some(on + Duration::weeks(6 + rng.below(20) as i64))),
                    expected_recovery_until: Set(None),
                    advice: Set(Some("Opbouw in uren, eerst aangepast werk".into())),
                    no_sustainable_capacity: Set(false),
                    created_at: Set(at(on)),
                });
                entries.push((
                    shared.doctor,
                    Role::CompanyDoctor,
                    shared.health_service,
                    "workability_advice",
                    id,
                    "C",
                    at(on),
                ));
                let doc = platform::ids::new_id();
                b.documents.push(document::ActiveModel {
                    id: Set(doc),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    classification: Set(platform::document::Classification::Case),
                    document_type: Set(platform::document::DocumentType::ProblemAnalysis),
                    title_sealed: Set(seal(
                        sealing,
                        doc,
                        "title",
                        "Probleemanalyse (werkgeversdeel)",
                    )?),
                    filename_sealed: Set(seal(sealing, doc, "filename", "probleemanalyse.pdf")?),
                    content_type: Set("application/pdf".into()),
                    size_bytes: Set(80_000 + rng.below(400_000) as i64),
                    sha256: Set(format!("{:064x}", rng.next())),
                    storage_key: Set(format!("{tenant}/{case_id}/{doc}")),
                    status: Set(document::Status::Stored),
                    uploaded_by: Set(hr),
                    uploaded_at: Set(at(on)),
                });
                entries.push((hr, Role::HrAdmin, tenant, "document", doc, "C", at(on)));
            }
            let planned = t.done(DeadlineKind::PlanOfAction);
            if let Some(on) = planned {
                let id = platform::ids::new_id();
                b.plans.push(plan_of_action_version::ActiveModel {
                    id: Set(id),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    version: Set(1),
                    goal: Set("Terugkeer in eigen werk, opbouw in uren".into()),
                    activities: Set(PlanActivities(vec![PlanActivity {
                        description: "Gesprek over aangepast werk".into(),
                        owner: ActivityOwner::Employer,
                        due_on: on + Duration::weeks(2),
                        done: false,
                    }])),
                    case_manager_user_id: Set(Some(hr)),
                    contact_frequency: Set("Wekelijks".into()),
                    change_note: Set(None),
                    is_adjustment: Set(false),
                    created_by: Set(hr),
                    created_at: Set(at(on)),
                    updated_at: Set(at(on)),
                    employer_signed_by: Set(Some(hr)),
                    employer_signed_at: Set(Some(at(on))),
                    employee_signed_by: Set(None),
                    employee_signed_at: Set(Some(at(on))),
                });
                entries.push((hr, Role::HrAdmin, tenant, "plan_of_action", id, "C", at(on)));
            }
            entries.push((
                hr,
                Role::HrAdmin,
                tenant,
                "case",
                case_id,
                "R",
                at(today.min(sick_since + Duration::days(days / 2))),
            ));
            for (actor, role, org, resource, id, action, when) in entries {
                let e = log.entry(
                    env,
                    actor,
                    role,
                    org,
                    employee_id,
                    resource,
                    id,
                    action,
                    when,
                );
                b.log.push(e.into_active_model());
            }
            let (next, next_kind) = t
                .open
                .first()
                .map_or((cases::service::far_future(), None), |(kind, on)| {
                    (*on, Some(*kind))
                });
            let track2 = t.done(DeadlineKind::Track2Start).is_some();
            let case = case_file::Model {
                next_deadline_on: next,
                next_deadline_kind: next_kind,
                case_manager_user_id: Some(hr),
                track: if track2 { Track::Track2 } else { Track::Track1 },
                advice_given_on: advised,
                plan_changed_on: planned,
                last_contact_on: Some(today - Duration::days(rng.below(21) as i64)),
                ..case_file::Model::opened(case_id, tenant, employee_id, sick_since, at(sick_since))
            };
            // The list's read model, as the clock's refresh stores it (decision 88).
            let summary = cases::listing::ListSummary::compute(
                &cases::model::CaseRecord::bare(case.clone()),
                &t.input,
                &t.line,
                today,
            );
            let mut case = case.into_active_model();
            summary.store(&mut case);
            b.cases.push(case);
        }
        Ok(b)
    }

    pub(super) async fn write(self, env: &Env) -> AppResult<()> {
        let txn = env.db.begin().await?;
        // Rows per statement stay under SQLite's bind-parameter limit (32 766; PostgreSQL's
        // is 65 535), whatever columns the table has grown: a fixed number of rows broke when
        // the cases table passed 32 columns.
        macro_rules! insert {
            ($entity:path, $rows:expr, $per:expr) => {
                let columns =
                    <<$entity as sea_orm::EntityTrait>::Column as sea_orm::Iterable>::iter()
                        .count();
                let per = ($per).min(30_000 / columns.max(1)).max(1);
                for part in $rows.chunks(per) {
                    <$entity>::insert_many(part.to_vec())
                        .exec_without_returning(&txn)
                        .await?;
                }
            };
        }
        insert!(employee::Entity, self.employees, 1000);
        insert!(case_file::Entity, self.cases, 1000);
        insert!(case_milestone::Entity, self.milestones, 2000);
        insert!(case_deadline::Entity, self.deadlines, 3000);
        insert!(plan_of_action_version::Entity, self.plans, 1000);
        insert!(workability_advice::Entity, self.advice, 1000);
        insert!(document::Entity, self.documents, 1000);
        insert!(access_log::Entity, self.log, 1000);
        txn.commit().await?;
        Ok(())
    }
}

impl Written {
    pub(super) fn add(&mut self, b: &Batch) {
        self.employees += b.employees.len();
        self.cases += b.cases.len();
        self.deadlines += b.deadlines.len();
        self.milestones += b.milestones.len();
        self.plans += b.plans.len();
        self.advice += b.advice.len();
        self.documents += b.documents.len();
        self.log_entries += b.log.len();
    }
}

fn seal(
    key: &platform::crypto::SealingKey,
    id: Uuid,
    column: &str,
    text: &str,
) -> AppResult<Vec<u8>> {
    // The documents service's sealing context (`{id}:{column}`), so the titles open there.
    key.seal(text.as_bytes(), format!("{id}:{column}").as_bytes())
        .map_err(|e| AppError::invariant(e.to_string()))
}
