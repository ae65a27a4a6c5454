//! `employees`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "employees")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub employee_number: Option<String>,
    pub user_id: Option<Uuid>,
    pub manager_user_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    /// Contract hours per week (the part-time factor of the absence figures is this over 40).
    pub hours_per_week: Option<f64>,
    pub employed_since: Option<Date>,
    /// The last day of employment.
    pub employed_until: Option<Date>,
    pub contract_type: Option<crate::model::ContractType>,
    /// The line manager follows the department's (set when the department is).
    pub manager_follows_department: bool,
    /// What the employer's identity provider calls him (SCIM `externalId`).
    pub external_id: Option<String>,
    /// When the identity provider removed him: the record stays for the case file.
    pub scim_removed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
