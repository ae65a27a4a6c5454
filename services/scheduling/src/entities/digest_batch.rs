//! `digest_batches`: the steps new for one digest recipient from one sweep day; one row per
//! (recipient, sweep day), carried by his next digest (decision 93).

use sea_orm::entity::prelude::*;

use super::reminder::ReminderStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "digest_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The recipient's organisation.
    pub tenant_id: Uuid,
    pub recipient_user_id: Uuid,
    /// The day of the sweep whose news these are.
    pub swept_on: Date,
    /// The day of the digest that is to carry them.
    pub digest_on: Date,
    /// BUNDLED (news not yet carried), SENT (carried) or CANCELLED (nothing left to say).
    pub status: ReminderStatus,
    /// Merges that added a step: a digest marks the batch carried only if none came since it
    /// read it.
    pub version: i32,
    /// `"<case>:<kind>:<due on>"` → the reminder's step (`D-14`, `OVERDUE-7`).
    pub items: Json,
    /// The items a digest carried already.
    pub sent: Option<Json>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
