//! HR keeps employees' employment data and the departments (decision 83), on both databases:
//! what each role may change, the line manager who follows the department, a department tree
//! without cycles — and that changing an employee's record gives no one his account.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

const UPDATE: &str = "mutation($e: ID!, $i: UpdateEmployeeInput!) { updateEmployee(id: $e, input: $i) { id email departmentId managerUserId managerFollowsDepartment hoursPerWeek employedSince employedUntil contractType } }";
const CREATE_DEPT: &str = "mutation($i: DepartmentInput!) { createDepartment(input: $i) { id name parentId managerUserId } }";
const UPDATE_DEPT: &str = "mutation($d: ID!, $i: DepartmentInput!) { updateDepartment(id: $d, input: $i) { id parentId managerUserId } }";

fn data<'a>(res: &'a Value, field: &str) -> &'a Value {
    let v = &res["data"][field];
    assert!(!v.is_null(), "{res}");
    v
}

async fn team(app: &TestApp, manager: &str) -> Vec<String> {
    let res = app
        .gql(
            Some(manager),
            "{ employees(first: 500) { nodes { name } } }",
            json!({}),
        )
        .await;
    res["data"]["employees"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

on_both_databases! {
    async fn hr_keeps_employment_data_and_departments(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let lead = app.login("leidinggevende@korenschoof.example").await;
        let lead_id = app.user_id(&lead).await;
        let res = app.gql(Some(&hr), "mutation { createEmployee(input: { name: \"Joost Bakker\", employeeNumber: \"MD-1\" }) { id } }", json!({})).await;
        let joost = data(&res, "createEmployee")["id"].as_str().unwrap().to_string();

        // Employment data, checked.
        let res = app.gql(Some(&hr), UPDATE, json!({ "e": joost, "i": { "hoursPerWeek": 32.5, "employedSince": "2024-02-01", "contractType": "FIXED_TERM", "employedUntil": "2027-01-31" } })).await;
        let e = data(&res, "updateEmployee");
        assert_eq!((e["hoursPerWeek"].as_f64(), e["contractType"].as_str(), e["employedUntil"].as_str()), (Some(32.5), Some("FIXED_TERM"), Some("2027-01-31")));
        for bad in [json!({ "hoursPerWeek": 0 }), json!({ "hoursPerWeek": 100 }), json!({ "employedUntil": "2020-01-01" }), json!({ "name": " " })] {
            let res = app.gql(Some(&hr), UPDATE, json!({ "e": joost, "i": bad })).await;
            assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{bad}: {res}");
        }
        // A field left out stays; null clears it.
        let res = app.gql(Some(&hr), UPDATE, json!({ "e": joost, "i": { "employedUntil": null } })).await;
        let e = data(&res, "updateEmployee");
        assert_eq!((e["employedUntil"].clone(), e["hoursPerWeek"].as_f64()), (Value::Null, Some(32.5)));

        // A department with a line manager: Joost, without a manager of his own, follows it.
        let res = app.gql(Some(&hr), CREATE_DEPT, json!({ "i": { "name": "Broodafdeling", "managerUserId": lead_id } })).await;
        let brood = data(&res, "createDepartment")["id"].as_str().unwrap().to_string();
        let res = app.gql(Some(&hr), UPDATE, json!({ "e": joost, "i": { "departmentId": brood } })).await;
        let e = data(&res, "updateEmployee");
        assert_eq!((e["managerUserId"].as_str(), e["managerFollowsDepartment"].as_bool()), (Some(lead_id.as_str()), Some(true)), "{res}");
        assert!(team(&app, &lead).await.contains(&"Joost Bakker".to_string()));
        // The department loses its manager: so does Joost, and the manager his reach.
        let res = app.gql(Some(&hr), UPDATE_DEPT, json!({ "d": brood, "i": { "name": "Broodafdeling" } })).await;
        assert!(data(&res, "updateDepartment")["managerUserId"].is_null());
        assert!(!team(&app, &lead).await.contains(&"Joost Bakker".to_string()));
        // A manager named for him is his own: a department change does not move it.
        let res = app.gql(Some(&hr), UPDATE, json!({ "e": joost, "i": { "managerUserId": lead_id } })).await;
        assert_eq!(data(&res, "updateEmployee")["managerFollowsDepartment"], false);
        let res = app.gql(Some(&hr), CREATE_DEPT, json!({ "i": { "name": "Banket" } })).await;
        let banket = data(&res, "createDepartment")["id"].as_str().unwrap().to_string();
        let res = app.gql(Some(&hr), UPDATE, json!({ "e": joost, "i": { "departmentId": banket } })).await;
        assert_eq!(data(&res, "updateEmployee")["managerUserId"].as_str(), Some(lead_id.as_str()));
        // Not a manager: refused.
        let res = app.gql(Some(&hr), UPDATE, json!({ "e": joost, "i": { "managerUserId": app.user_id(&hr).await } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");

        // The tree has no cycles and no twin names.
        let res = app.gql(Some(&hr), CREATE_DEPT, json!({ "i": { "name": "Deeg", "parentId": brood } })).await;
        let deeg = data(&res, "createDepartment")["id"].as_str().unwrap().to_string();
        let res = app.gql(Some(&hr), UPDATE_DEPT, json!({ "d": brood, "i": { "name": "Broodafdeling", "parentId": deeg } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let res = app.gql(Some(&hr), UPDATE_DEPT, json!({ "d": brood, "i": { "name": "Broodafdeling", "parentId": brood } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "{res}");
        let res = app.gql(Some(&hr), CREATE_DEPT, json!({ "i": { "name": "Banket" } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("CONFLICT"), "{res}");

        // Who may: case managers edit employees but not the departments; a line manager, an
        // employee and another employer nothing.
        let cm = app.login("casemanager@korenschoof.example").await;
        let res = app.gql(Some(&cm), UPDATE, json!({ "e": joost, "i": { "hoursPerWeek": 24 } })).await;
        assert_eq!(data(&res, "updateEmployee")["hoursPerWeek"].as_f64(), Some(24.0));
        let res = app.gql(Some(&cm), CREATE_DEPT, json!({ "i": { "name": "Van de casemanager" } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let res = app.gql(Some(&lead), UPDATE, json!({ "e": joost, "i": { "hoursPerWeek": 8 } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        let willem = app.employee_id(&hr, "Willem Nijhuis").await;
        let own = app.login("werknemer@korenschoof.example").await;
        let res = app.gql(Some(&own), UPDATE, json!({ "e": willem, "i": { "hoursPerWeek": 8 } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("FORBIDDEN"), "{res}");
        // His own phone number he keeps up to date himself.
        let res = app.gql(Some(&own), "mutation($e: ID!) { updateEmployee(id: $e, input: { phone: \"06-11122233\" }) { phone } }", json!({ "e": willem })).await;
        assert_eq!(data(&res, "updateEmployee")["phone"], "06-11122233");
        let vandijk = app.login("hr@vandijk.example").await;
        let res = app.gql(Some(&vandijk), UPDATE, json!({ "e": joost, "i": { "hoursPerWeek": 8 } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
        let res = app.gql(Some(&vandijk), UPDATE_DEPT, json!({ "d": brood, "i": { "name": "Overgenomen" } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("NOT_FOUND"), "{res}");
        let res = app.gql(Some(&vandijk), UPDATE, json!({ "e": app.employee_id(&vandijk, "Arjen Kramer").await, "i": { "departmentId": brood } })).await;
        assert_eq!(error_code(&res).as_deref(), Some("VALIDATION"), "another employer's department: {res}");
    }
}

on_both_databases! {
    async fn changing_an_employees_record_gives_no_one_his_account(backend) {
        let app = TestApp::start(backend, |_| {}).await;
        let hr = app.login("hr@korenschoof.example").await;
        let willem = app.employee_id(&hr, "Willem Nijhuis").await;
        // HR points Willem's record at an address of its own …
        let res = app.gql(Some(&hr), UPDATE, json!({ "e": willem, "i": { "email": "hr-inbox@korenschoof.example" } })).await;
        assert_eq!(data(&res, "updateEmployee")["email"], "hr-inbox@korenschoof.example");
        // … yet his account keeps its own address: he still logs in with it, and no invitation
        // to the new address can take the account over.
        let own = app.login("werknemer@korenschoof.example").await;
        let me = app.gql(Some(&own), "{ me { email } }", json!({})).await;
        assert_eq!(me["data"]["me"]["email"], "werknemer@korenschoof.example");
        let before = app.outbox().len();
        let res = app.gql(Some(&hr), "mutation { inviteUser(email: \"hr-inbox@korenschoof.example\", name: \"Willem Nijhuis\", role: EMPLOYEE) { id } }", json!({})).await;
        assert_eq!(e2e::error_reason(&res).as_deref(), Some("EMAIL_TAKEN"), "{res}");
        assert_eq!(app.outbox().len(), before, "no invitation went out");
    }
}
