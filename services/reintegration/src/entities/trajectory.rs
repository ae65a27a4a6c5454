//! `track2_trajectories`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "track2_trajectories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub agency_id: Uuid,
    pub consultant_user_id: Uuid,
    pub started_on: Date,
    pub contacts_per_month: i32,
    pub applications_per_month: i32,
    pub skills: Option<String>,
    pub education: Option<String>,
    pub experience: Option<String>,
    pub wishes: Option<String>,
    pub search_profile: Option<String>,
    pub ended_on: Option<Date>,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
