//! `reminders`: the outbox; one row per reminder that must reach one person once.

use sea_orm::entity::prelude::*;

platform::stored_enum! {
    /// Where a reminder of the outbox stands (reminders.status).
    ReminderStatus {
        /// Waiting to be sent (or to be tried again).
        Pending = "PENDING",
        /// A digest batch's news, waiting for the recipient's daily digest (`digest_batches`;
        /// a reminder that goes alone never has it).
        Bundled = "BUNDLED",
        /// Claimed by a worker that is sending it.
        Sending = "SENDING",
        /// Accepted by the relay.
        Sent = "SENT",
        /// Given up on; shown to the tenant's administrator.
        Failed = "FAILED",
        /// Not sent: the step was done (or the case closed) before the reminder went out.
        Cancelled = "CANCELLED",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub case_id: Uuid,
    pub subject: cases::schedule::StepKind,
    pub subject_id: Option<Uuid>,
    pub due_on: Date,
    pub recipient_user_id: Uuid,
    pub step: String,
    pub legal: bool,
    pub status: ReminderStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub claimed_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub queued_at: Option<DateTimeUtc>,
    pub claimed_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
