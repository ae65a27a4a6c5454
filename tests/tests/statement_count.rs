//! A page of cases costs a constant number of SQL statements, however many cases it holds:
//! no query per case (N+1) hides in a resolver.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Duration;
use e2e::{TestApp, on_both_databases};
use platform::clock::Clock;
use platform::{Actor, Ctx};
use serde_json::json;

async fn report_many(app: &TestApp, token: &str, how_many: usize) {
    let res = app
        .gql(
            Some(token),
            "{ employees(first: 100) { nodes { id } } }",
            json!({}),
        )
        .await;
    let today = app.clock.today();
    let mut done = 0;
    for (i, e) in res["data"]["employees"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        if done == how_many {
            break;
        }
        let since = today - Duration::days(i64::try_from(i).unwrap() * 9);
        let r = app
            .gql(Some(token), "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }", json!({ "e": e["id"], "d": since.format("%Y-%m-%d").to_string() }))
            .await;
        assert!(r.get("errors").is_none(), "{r}");
        done += 1;
    }
    assert_eq!(done, how_many);
}

/// Runs the case list through the real schema on a connection that counts statements.
async fn statements_for_case_page(app: &TestApp, token: &str) -> (usize, usize) {
    let counter = Arc::new(AtomicUsize::new(0));
    let mut db = app.state.db.clone();
    let c = counter.clone();
    db.set_metric_callback(move |_| {
        c.fetch_add(1, Ordering::SeqCst);
    });
    let probe = Ctx {
        db: app.state.db.clone(),
        actor: Actor::Anonymous,
        meta: Default::default(),
        clock: app.state.clock.clone(),
        log: app.state.log.clone(),
    };
    let user = app
        .state
        .identity
        .authenticate(&probe, token)
        .await
        .unwrap();
    let ctx = Ctx {
        db,
        actor: Actor::User(user),
        ..probe
    };
    let query = "{ cases(first: 50) { edges { node { id sickSince status employee { name } recoveries { recoveredOn } partialRecoveries { from } deadlines { kind dueOn status } } } } }";
    let res = app
        .state
        .schema
        .execute(async_graphql::Request::new(query).data(ctx))
        .await;
    assert!(res.errors.is_empty(), "{:?}", res.errors);
    let rows = res.data.into_json().unwrap()["cases"]["edges"]
        .as_array()
        .unwrap()
        .len();
    (rows, counter.load(Ordering::SeqCst))
}

on_both_databases! {
    async fn a_page_of_cases_costs_the_same_statements_for_3_or_20_cases(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        report_many(&app, &hr, 3).await;
        let (rows_small, small) = statements_for_case_page(&app, &hr).await;
        assert_eq!(rows_small, 3);
        report_many_more(&app, &hr).await;
        let (rows_big, big) = statements_for_case_page(&app, &hr).await;
        assert_eq!(rows_big, 20);
        assert_eq!(small, big, "statements grow with the number of cases: {small} for 3, {big} for 20");
        assert!((3..=6).contains(&big), "{big} statements for one page (the counter must see the queries: cases, employees, recoveries, partial recoveries)");
    }
}

/// Reports the employees that are not sick yet, up to 20 cases in all.
async fn report_many_more(app: &TestApp, token: &str) {
    let res = app
        .gql(
            Some(token),
            "{ employees(first: 100) { nodes { id } } }",
            json!({}),
        )
        .await;
    let today = app.clock.today();
    let nodes = res["data"]["employees"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    for (i, e) in nodes.iter().enumerate().skip(3).take(17) {
        let since = today - Duration::days(i64::try_from(i).unwrap() * 9);
        let r = app
            .gql(Some(token), "mutation($e: ID!, $d: Date!) { reportSick(input: { employeeId: $e, sickSince: $d }) { id } }", json!({ "e": e["id"], "d": since.format("%Y-%m-%d").to_string() }))
            .await;
        assert!(r.get("errors").is_none(), "{r}");
    }
}
