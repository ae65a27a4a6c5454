//! The parts of a case file a list may ask for (plan of action, evaluations, activity log, case
//! manager, the latest workability advice), loaded for a whole page at once. The `cases`
//! resolver looks ahead at the selection and loads each asked-for part for every case of the
//! page in one statement (plus one for the names it mentions), so a page costs the same number
//! of statements for 3 or 50 cases — by construction, not by the timing a batching loader
//! depends on. A case reached any other way loads its parts when asked.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::Context;
use platform::AppResult;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use medical::graphql::{Person as MedicalPerson, WorkabilityAdvice};

use reintegration::graphql::Track2;

use super::Named;
use super::file::{self, Activity, Evaluation, Person, PlanOfAction};
use crate::repo;

/// Which parts to load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wants {
    /// Plan of action versions.
    pub plans: bool,
    /// Evaluations.
    pub evaluations: bool,
    /// Activity log.
    pub activities: bool,
    /// Case managers' names.
    pub case_managers: bool,
    /// The latest workability advice (see [`Parts::load_advice`]).
    pub workability: bool,
    /// The employers' names.
    pub employers: bool,
    /// Track 2 as a list shows it, from the trajectory row alone (see [`Parts::load_track2`]).
    pub track2: bool,
}

impl Wants {
    /// What the selection below `edges.node` of a case list asks for.
    pub fn of_list(gql: &Context<'_>) -> Wants {
        let node = gql.look_ahead().field("edges").field("node");
        Wants {
            plans: node.field("planOfAction").exists()
                || node.field("planOfActionHistory").exists(),
            evaluations: node.field("evaluations").exists(),
            activities: node.field("activities").exists(),
            case_managers: node.field("caseManager").exists(),
            workability: node.field("workability").exists(),
            employers: node.field("employer").exists(),
            track2: {
                let t = node.field("track2");
                t.exists()
                    && !reintegration::graphql::FILE_FIELDS
                        .iter()
                        .any(|f| t.field(f).exists())
            },
        }
    }

    fn covers(self, other: Wants) -> bool {
        (self.plans || !other.plans)
            && (self.evaluations || !other.evaluations)
            && (self.activities || !other.activities)
            && (self.case_managers || !other.case_managers)
    }
}

/// Loaded parts of some cases, by case id.
#[derive(Default)]
pub struct Parts {
    loaded: Wants,
    plans: HashMap<Uuid, Vec<PlanOfAction>>,
    evaluations: HashMap<Uuid, Vec<Evaluation>>,
    activities: HashMap<Uuid, Vec<Activity>>,
    people: HashMap<Uuid, Person>,
    /// Cases whose advice was loaded here (the reader may read it), and their latest advice.
    advice_read: HashSet<Uuid>,
    advice: HashMap<Uuid, WorkabilityAdvice>,
    /// Employers by id, when loaded.
    employers: Option<HashMap<Uuid, Named>>,
    /// Cases whose track 2 was loaded here (the reader may read it), and their track 2s.
    track2_read: HashSet<Uuid>,
    track2: HashMap<Uuid, Track2>,
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts")
            .field("loaded", &self.loaded)
            .finish()
    }
}

fn by_case<T>(rows: Vec<T>, case_of: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<T>> {
    let mut out: HashMap<Uuid, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(case_of(&row)).or_default().push(row);
    }
    out
}

impl Parts {
    /// Loads `wants` for the cases `(id, case manager)`.
    pub async fn load(
        db: &impl ConnectionTrait,
        cases: &[(Uuid, Option<Uuid>)],
        wants: Wants,
    ) -> AppResult<Parts> {
        let ids: Vec<Uuid> = cases.iter().map(|(id, _)| *id).collect();
        let mut parts = Parts {
            loaded: wants,
            ..Parts::default()
        };
        if ids.is_empty() {
            return Ok(parts);
        }
        if wants.plans {
            let rows = repo::plan_versions_of(db, ids.clone()).await?;
            parts.plans = by_case(file::plans(db, rows).await?, |p| p.case_uuid);
        }
        if wants.evaluations {
            let rows = repo::evaluations_of(db, ids.clone()).await?;
            parts.evaluations = by_case(file::evaluations(db, rows).await?, |e| e.case_uuid);
        }
        if wants.activities {
            let rows = repo::activities_of(db, ids.clone()).await?;
            parts.activities = by_case(file::activities(db, rows).await?, |a| a.case_uuid);
        }
        if wants.case_managers {
            let managers: Vec<Uuid> = cases.iter().filter_map(|(_, m)| *m).collect();
            if !managers.is_empty() {
                parts.people = repo::user_names(db, managers)
                    .await?
                    .into_iter()
                    .map(|(id, name)| (id, Person::new(id, name)))
                    .collect();
            }
        }
        Ok(parts)
    }

    /// Loads the latest workability advice of `readable` (cases with their tenant, whose
    /// advice the reader may read, decided by the caller) with its doctors' names: one
    /// statement.
    pub async fn load_advice(
        &mut self,
        db: &impl ConnectionTrait,
        readable: Vec<(Uuid, Uuid)>,
    ) -> AppResult<()> {
        if readable.is_empty() {
            return Ok(());
        }
        let latest = medical::Medical::latest_advice_of(db, &readable).await?;
        for (case, (a, name)) in latest {
            let doctor = name.map(|name| MedicalPerson {
                id: async_graphql::ID(a.doctor_user_id.to_string()),
                name,
            });
            self.advice
                .insert(case, medical::graphql::advice_with(a, doctor));
        }
        self.advice_read
            .extend(readable.into_iter().map(|(case, _)| case));
        Ok(())
    }

    /// Loads the track 2 of `readable` (case, tenant, whether the reader is its consultant;
    /// the reader may read each, decided by the caller) as a list shows it: one statement.
    pub async fn load_track2(
        &mut self,
        db: &impl ConnectionTrait,
        readable: &[(Uuid, Uuid, bool)],
    ) -> AppResult<()> {
        self.track2 = reintegration::graphql::listed(db, readable).await?;
        self.track2_read
            .extend(readable.iter().map(|(case, _, _)| *case));
        Ok(())
    }

    /// Loads the names of the employers `tenants`: one statement.
    pub async fn load_employers(
        &mut self,
        db: &impl ConnectionTrait,
        mut tenants: Vec<Uuid>,
    ) -> AppResult<()> {
        tenants.sort_unstable();
        tenants.dedup();
        self.employers = Some(
            repo::organisation_names(db, tenants)
                .await?
                .into_iter()
                .map(|(id, name)| {
                    (
                        id,
                        Named {
                            id: async_graphql::ID(id.to_string()),
                            name,
                        },
                    )
                })
                .collect(),
        );
        Ok(())
    }

    /// The employer of a case when this page loaded the employers (`Some(None)`: gone).
    pub fn employer(&self, tenant: Uuid) -> Option<Option<Named>> {
        self.employers.as_ref().map(|e| e.get(&tenant).cloned())
    }

    /// The track 2 of a case when this page loaded it (`Some(None)`: none, or not readable),
    /// else `None` (the case's own resolver decides and reads).
    pub fn track2(&self, case: Uuid) -> Option<Option<Track2>> {
        if self.track2_read.contains(&case) {
            Some(self.track2.get(&case).cloned())
        } else if self.loaded.track2 {
            // Loaded for the page, and the reader may not read this one's.
            Some(None)
        } else {
            None
        }
    }

    /// The latest advice of a case when this page loaded it (`Some(None)`: it has none, or the
    /// reader may not read it), else `None` (the case's own resolver decides and reads).
    pub fn advice(&self, case: Uuid) -> Option<Option<WorkabilityAdvice>> {
        if self.advice_read.contains(&case) {
            Some(self.advice.get(&case).cloned())
        } else if self.loaded.workability {
            // Loaded for the page, and the reader may not read this one's.
            Some(None)
        } else {
            None
        }
    }

    /// These parts when they hold `wants`, else `wants` loaded for the one case.
    pub async fn or_load(
        preloaded: Option<&Arc<Parts>>,
        db: &impl ConnectionTrait,
        case: (Uuid, Option<Uuid>),
        wants: Wants,
    ) -> AppResult<Arc<Parts>> {
        match preloaded {
            Some(p) if p.loaded.covers(wants) => Ok(p.clone()),
            _ => Ok(Arc::new(Parts::load(db, &[case], wants).await?)),
        }
    }

    /// Plan versions of a case, newest first.
    pub fn plans(&self, case: Uuid) -> Vec<PlanOfAction> {
        self.plans.get(&case).cloned().unwrap_or_default()
    }

    /// Evaluations of a case, oldest first.
    pub fn evaluations(&self, case: Uuid) -> Vec<Evaluation> {
        self.evaluations.get(&case).cloned().unwrap_or_default()
    }

    /// Activity log of a case, newest first.
    pub fn activities(&self, case: Uuid) -> Vec<Activity> {
        self.activities.get(&case).cloned().unwrap_or_default()
    }

    /// Names people this page read already (the case managers of a list's rows).
    pub fn know(&mut self, people: impl IntoIterator<Item = (Uuid, String)>) {
        self.loaded.case_managers = true;
        self.people.extend(
            people
                .into_iter()
                .map(|(id, name)| (id, Person::new(id, name))),
        );
    }

    /// A user by name.
    pub fn person(&self, id: Uuid) -> Option<Person> {
        self.people.get(&id).cloned()
    }
}
