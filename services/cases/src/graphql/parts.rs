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

    /// Loads the latest workability advice of `readable` (cases of `tenant` whose advice the
    /// reader may read, decided by the caller) and its doctors' names: two statements.
    pub async fn load_advice(
        &mut self,
        db: &impl ConnectionTrait,
        tenant: Uuid,
        readable: Vec<Uuid>,
    ) -> AppResult<()> {
        if readable.is_empty() {
            return Ok(());
        }
        let latest = medical::Medical::latest_advice_of(db, tenant, readable.clone()).await?;
        let doctors: Vec<Uuid> = latest.values().map(|a| a.doctor_user_id).collect();
        let names: HashMap<Uuid, String> =
            repo::user_names(db, doctors).await?.into_iter().collect();
        for (case, a) in latest {
            let doctor = names.get(&a.doctor_user_id).map(|name| MedicalPerson {
                id: async_graphql::ID(a.doctor_user_id.to_string()),
                name: name.clone(),
            });
            self.advice
                .insert(case, medical::graphql::advice_with(a, doctor));
        }
        self.advice_read.extend(readable);
        Ok(())
    }

    /// The latest advice of a case when this page loaded it (`Some(None)`: it has none), else
    /// `None` (the case's own resolver decides and reads).
    pub fn advice(&self, case: Uuid) -> Option<Option<WorkabilityAdvice>> {
        self.advice_read
            .contains(&case)
            .then(|| self.advice.get(&case).cloned())
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

    /// A user by name.
    pub fn person(&self, id: Uuid) -> Option<Person> {
        self.people.get(&id).cloned()
    }
}
