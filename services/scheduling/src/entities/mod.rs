//! Tables of the scheduling service.

pub mod calendar_token;
pub mod digest;
pub mod digest_batch;
pub mod notification_setting;
pub mod reminder;
pub mod reminder_policy;
pub mod reminder_setting;
pub mod reminder_sweep;
