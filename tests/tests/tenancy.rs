//! Tenant isolation and reach: another employer, a doctor, an agency, the platform operator, a
//! line manager and an employee each try to see or change what is not theirs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

const EMPLOYEES: &str = "{ employees(first: 100) { totalCount nodes { id name email } } }";

async fn org_id(app: &TestApp, token: &str) -> String {
    let me = app
        .gql(Some(token), "{ me { organisation { id } } }", json!({}))
        .await;
    me["data"]["me"]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn names(res: &Value) -> Vec<String> {
    res["data"]["employees"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect()
}

on_both_databases! {
    async fn another_employer_sees_and_changes_nothing_of_korenschoof(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let korenschoof = app.login("hr@korenschoof.example").await;
        let vandijk = app.login("hr@vandijk.example").await;
        let k_org = org_id(&app, &korenschoof).await;

        let theirs = app.gql(Some(&vandijk), EMPLOYEES, json!({})).await;
        assert_eq!(theirs["data"]["employees"]["totalCount"], 5, "Van Dijk sees exactly its own 5");
        assert!(!names(&theirs).iter().any(|n| n == "Willem Nijhuis"));

        for (query, vars) in [
            ("query($o: ID) { users(organisationId: $o) { email } }", json!({ "o": k_org })),
            ("query($o: ID) { invitations(organisationId: $o) { email } }", json!({ "o": k_org })),
            (
                "mutation($o: ID) { inviteUser(email: \"spy@vandijk.example\", name: \"Spy\", role: HR_ADMIN, organisationId: $o) { id } }",
                json!({ "o": k_org }),
            ),
        ] {
            let res = app.gql(Some(&vandijk), query, vars).await;
            assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{query}: {res}");
        }
        // Engaging an employer as if it were a provider: not found, no oracle.
        let res = app.gql(Some(&vandijk), "mutation($o: ID!) { engageProvider(organisationId: $o) { id } }", json!({ "o": k_org })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"));
        // The directory shows providers, not other employers.
        let dir = app.gql(Some(&vandijk), "{ organisations { name kind } }", json!({})).await;
        let kinds: Vec<&str> = dir["data"]["organisations"].as_array().unwrap().iter().map(|o| o["kind"].as_str().unwrap()).collect();
        assert!(!dir.to_string().contains("Korenschoof"), "{dir}");
        assert!(kinds.contains(&"OCCUPATIONAL_HEALTH_SERVICE") && kinds.contains(&"REINTEGRATION_AGENCY"));
        // Denials are logged in Korenschoof's chain.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let denied = platform::entities::access_log::Entity::find()
            .filter(platform::entities::access_log::Column::Outcome.eq("DENIED"))
            .filter(platform::entities::access_log::Column::TenantId.eq(uuid::Uuid::parse_str(&k_org).unwrap()))
            .all(&app.state.db)
            .await
            .unwrap();
        assert!(denied.len() >= 3, "denied attempts not logged: {}", denied.len());
    }
}

on_both_databases! {
    async fn each_role_reaches_only_its_own_people(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        assert_eq!(app.gql(Some(&hr), EMPLOYEES, json!({})).await["data"]["employees"]["totalCount"], 25);
        let cm = app.login("casemanager@korenschoof.example").await;
        assert_eq!(app.gql(Some(&cm), EMPLOYEES, json!({})).await["data"]["employees"]["totalCount"], 25);

        let manager = app.login("leidinggevende@korenschoof.example").await;
        let managed = app.gql(Some(&manager), EMPLOYEES, json!({})).await;
        let managed_names = names(&managed);
        assert!(managed_names.contains(&"Willem Nijhuis".to_string()));
        assert!(managed_names.len() < 25 && managed_names.len() >= 2, "{managed_names:?}");

        let employee = app.login("werknemer@korenschoof.example").await;
        assert_eq!(names(&app.gql(Some(&employee), EMPLOYEES, json!({})).await), vec!["Willem Nijhuis"]);

        for email in ["bedrijfsarts@arbo-oost.example", "adviseur@werkpad.example", "beheer@poortwachter.example"] {
            let token = app.login(email).await;
            let res = app.gql(Some(&token), EMPLOYEES, json!({})).await;
            assert_eq!(res["data"]["employees"]["totalCount"], 0, "{email} reaches employees without a case assignment");
        }
    }
}

on_both_databases! {
    async fn only_hr_manages_users_and_providers(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let employee = app.login("werknemer@korenschoof.example").await;
        for query in [
            "{ users { email } }",
            "{ invitations { email } }",
            "mutation { inviteUser(email: \"x@korenschoof.example\", name: \"X\", role: HR_ADMIN) { id } }",
            "mutation { createEmployee(input: { name: \"X\" }) { id } }",
        ] {
            let res = app.gql(Some(&employee), query, json!({})).await;
            let code = error_code(&res);
            assert!(matches!(code.as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{query}: {res}");
        }
        let cm = app.login("casemanager@korenschoof.example").await;
        let res = app.gql(Some(&cm), "mutation { inviteUser(email: \"x@korenschoof.example\", name: \"X\", role: HR_ADMIN) { id } }", json!({})).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "a case manager may see users but not invite");
        // The platform operator manages organisations but not an employer's employees.
        let admin = app.login("beheer@poortwachter.example").await;
        let res = app.gql(Some(&admin), "mutation { createEmployee(input: { name: \"X\" }) { id } }", json!({})).await;
        assert!(matches!(error_code(&res).as_deref(), Some("FORBIDDEN") | Some("NOT_FOUND")), "{res}");
    }
}

on_both_databases! {
    async fn hr_registers_employees_and_engages_providers(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let created = app
            .gql(
                Some(&hr),
                "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id name email hasLogin } }",
                json!({ "i": { "name": "  Yara Bos ", "email": "Yara.Bos@Korenschoof.example", "phone": "06-12345678", "employeeNumber": "K-101" } }),
            )
            .await;
        assert_eq!(created["data"]["createEmployee"]["name"], "Yara Bos");
        assert_eq!(created["data"]["createEmployee"]["email"], "yara.bos@korenschoof.example");
        assert_eq!(created["data"]["createEmployee"]["hasLogin"], false);
        let dup = app
            .gql(Some(&hr), "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }", json!({ "i": { "name": "Other", "employeeNumber": "K-101" } }))
            .await;
        assert_eq!(error_code(&dup).as_deref(), Some("CONFLICT"));
        let bad = app
            .gql(Some(&hr), "mutation($i: CreateEmployeeInput!) { createEmployee(input: $i) { id } }", json!({ "i": { "name": "Z", "email": "not-an-email" } }))
            .await;
        assert_eq!(error_code(&bad).as_deref(), Some("VALIDATION"));
        assert_eq!(bad["errors"][0]["extensions"]["field"], "email");
        let total = app.gql(Some(&hr), EMPLOYEES, json!({})).await;
        assert_eq!(total["data"]["employees"]["totalCount"], 26, "nothing half-written by the refused inputs");

        // Pagination walks every employee exactly once.
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = app
                .gql(Some(&hr), "query($a: String) { employees(first: 7, after: $a) { nodes { name } pageInfo { hasNextPage endCursor } } }", json!({ "a": after }))
                .await;
            let conn = &page["data"]["employees"];
            seen.extend(conn["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap().to_string()));
            if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
                break;
            }
            after = conn["pageInfo"]["endCursor"].as_str().map(str::to_owned);
        }
        assert_eq!(seen.len(), 26);
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 26, "an employee appeared twice");

        let dir = app.gql(Some(&hr), "{ organisations(kind: REINTEGRATION_AGENCY) { id name } }", json!({})).await;
        let agency = dir["data"]["organisations"][0]["id"].as_str().unwrap().to_string();
        let e1 = app.gql(Some(&hr), "mutation($o: ID!) { engageProvider(organisationId: $o) { id provider { name } employer { name } } }", json!({ "o": agency })).await;
        let e2 = app.gql(Some(&hr), "mutation($o: ID!) { engageProvider(organisationId: $o) { id } }", json!({ "o": agency })).await;
        assert_eq!(e1["data"]["engageProvider"]["id"], e2["data"]["engageProvider"]["id"], "engaging twice is idempotent");
        assert_eq!(e1["data"]["engageProvider"]["employer"]["name"], "Bakkerij De Korenschoof B.V.");
        // The agency sees which employers it serves.
        let consultant = app.login("adviseur@werkpad.example").await;
        let served = app.gql(Some(&consultant), "{ engagements { employer { name } } }", json!({})).await;
        assert_eq!(served["data"]["engagements"][0]["employer"]["name"], "Bakkerij De Korenschoof B.V.");
    }
}
