//! The demo employer's employment data (issue 20): departments with their line manager,
//! contract hours, employment dates and contract types, so the absence figures have something
//! to show. Korenschoof's bakery floor is the demo line manager's department; the office has
//! four people, under the threshold of five, to show a department without figures. Set once:
//! a department that exists already means the data is there (or HR changed it since).

use chrono::{Datelike, NaiveDate};
use identity::entities::{department, employee};
use identity::model::ContractType;
use platform::AppResult;
use platform::ids::new_id;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use crate::Env;
use crate::people::organisations;

/// The departments: name, whether the demo line manager leads it.
const DEPARTMENTS: [(&str, bool); 4] = [
    ("Bakkerij", true),
    ("Winkels", false),
    ("Logistiek", false),
    ("Kantoor", false),
];

/// Departments and employment data for the demo employers' employees.
pub async fn seed_employment(env: &Env) -> AppResult<()> {
    let db = &env.db;
    let now = env.clock.now();
    let today = env.clock.today();
    let orgs = organisations(env).await?;
    let korenschoof = orgs.korenschoof.id;
    if department::Entity::find()
        .filter(department::Column::TenantId.eq(korenschoof))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let lead = identity::repo::user_by_email(db, "leidinggevende@korenschoof.example").await?;
    let mut ids = Vec::new();
    for (name, led) in DEPARTMENTS {
        let d = department::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(korenschoof),
            name: Set(name.into()),
            parent_id: Set(None),
            manager_user_id: Set(if led {
                lead.as_ref().map(|u| u.id)
            } else {
                None
            }),
            external_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
        ids.push(d);
    }
    let mut staff = employee::Entity::find()
        .filter(employee::Column::TenantId.eq(korenschoof))
        .all(db)
        .await?;
    staff.sort_by(|a, b| a.name.cmp(&b.name));
    let mut others = 0usize;
    for (i, e) in staff.into_iter().enumerate() {
        // The line manager's own team is the bakery floor; the rest fill the shops and the
        // warehouse, four go to the office.
        let department = if lead.is_some() && e.manager_user_id == lead.as_ref().map(|u| u.id) {
            &ids[0]
        } else {
            others += 1;
            match others {
                1..=4 => &ids[3],
                n if n % 2 == 0 => &ids[1],
                _ => &ids[2],
            }
        };
        let hours = [40.0, 32.0, 24.0, 36.0, 20.0][i % 5];
        let since_year = today.year() - 1 - i32::try_from(i % 9).unwrap_or(0);
        let since = NaiveDate::from_ymd_opt(since_year, u32::try_from(i % 12).unwrap_or(0) + 1, 1);
        let ends = cases::repo::latest_case_of(db, korenschoof, e.id)
            .await?
            .and_then(|c| c.employment_ends_on);
        let contract = if ends.is_some() {
            ContractType::FixedTerm
        } else if i % 7 == 3 {
            ContractType::OnCall
        } else {
            ContractType::Permanent
        };
        let mut active = e.into_active_model();
        active.department_id = Set(Some(department.id));
        active.manager_follows_department = Set(department.manager_user_id.is_some());
        active.hours_per_week = Set(Some(hours));
        active.employed_since = Set(since);
        active.employed_until = Set(ends);
        active.contract_type = Set(Some(contract));
        active.update(db).await?;
    }
    Ok(())
}
