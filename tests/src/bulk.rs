//! Many open cases at once, written straight into the tables (employees, case rows and their
//! open deadlines as the timeline engine computes them), for the reminder benchmark and the
//! worker-process tests. Going through the API would take minutes per thousand cases.

use cases::entities::{case_deadline, case_file};
use chrono::{Duration, NaiveDate};
use identity::entities::employee;
use platform::clock::Clock;
use sea_orm::{EntityTrait, IntoActiveModel, Set, TransactionTrait};
use uuid::Uuid;

use crate::TestApp;

const BATCH: usize = 500;

/// The organisation of Korenschoof (the demo employer) as HR sees it.
pub async fn demo_employer(app: &TestApp) -> Uuid {
    let hr = app.login("hr@korenschoof.example").await;
    let me = app
        .gql(
            Some(&hr),
            "{ me { organisation { id } } }",
            serde_json::json!({}),
        )
        .await;
    me["data"]["me"]["organisation"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// `n` case managers of `tenant` (accounts without a password: they never sign in), for tests
/// that need many recipients.
pub async fn case_managers(app: &TestApp, tenant: Uuid, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id = platform::ids::new_id();
        identity::repo::insert_user(
            &app.state.db,
            id,
            tenant,
            &format!("casemanager-{id}@korenschoof.example"),
            &format!("Casemanager {i}"),
            "",
            &[platform::Role::CaseManager],
            app.clock.now(),
        )
        .await
        .unwrap();
        ids.push(id);
    }
    ids
}

/// Writes `cases` open cases for `tenant`, the i-th sick since `i % spread + 1` days ago, and
/// returns the number of open deadlines written.
pub async fn open_cases(app: &TestApp, tenant: Uuid, cases: usize, spread: usize) -> usize {
    open_cases_managed(app, tenant, cases, spread, &[]).await
}

/// [`open_cases`], the i-th run by `managers[i % len]` (none when empty).
pub async fn open_cases_managed(
    app: &TestApp,
    tenant: Uuid,
    cases: usize,
    spread: usize,
    managers: &[Uuid],
) -> usize {
    let db = &app.state.db;
    let today = app.clock.today();
    let now = app.clock.now();
    let mut deadlines_written = 0usize;
    for chunk in (0..cases).collect::<Vec<_>>().chunks(BATCH) {
        let txn = db.begin().await.unwrap();
        let mut employees = Vec::with_capacity(chunk.len());
        let mut rows = Vec::with_capacity(chunk.len());
        let mut due = Vec::new();
        for &i in chunk {
            let employee_id = platform::ids::new_id();
            let case_id = platform::ids::new_id();
            let sick_since: NaiveDate = today - Duration::days((i % spread) as i64 + 1);
            employees.push(employee::ActiveModel {
                id: Set(employee_id),
                tenant_id: Set(tenant),
                name: Set(format!("Werknemer {i}")),
                email: Set(None),
                phone: Set(None),
                employee_number: Set(None),
                user_id: Set(None),
                manager_user_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
            let timeline =
                cases::timeline::compute(&cases::timeline::ClockInput::new(sick_since), today)
                    .unwrap();
            // What the cases service itself keeps for such a case.
            let open = cases::service::open_deadlines(&timeline);
            for (kind, on) in &open {
                due.push(case_deadline::ActiveModel {
                    id: Set(platform::ids::new_id()),
                    tenant_id: Set(tenant),
                    case_id: Set(case_id),
                    kind: Set((*kind).into()),
                    due_on: Set(*on),
                    materialised_on: Set(Some(today)),
                });
            }
            let (next, next_kind) = open
                .first()
                .map_or((cases::service::far_future(), None), |(kind, on)| {
                    (*on, Some(*kind))
                });
            rows.push(
                case_file::Model {
                    next_deadline_on: next,
                    next_deadline_kind: next_kind,
                    case_manager_user_id: managers.get(i % managers.len().max(1)).copied(),
                    ..case_file::Model::opened(case_id, tenant, employee_id, sick_since, now)
                }
                .into_active_model(),
            );
        }
        deadlines_written += due.len();
        employee::Entity::insert_many(employees)
            .exec_without_returning(&txn)
            .await
            .unwrap();
        case_file::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .unwrap();
        for part in due.chunks(BATCH) {
            case_deadline::Entity::insert_many(part.to_vec())
                .exec_without_returning(&txn)
                .await
                .unwrap();
        }
        txn.commit().await.unwrap();
    }
    deadlines_written
}
