//! Tables of the scheduling service.

pub mod notification_setting;
pub mod reminder;
pub mod reminder_policy;
