//! Tables of the cases service.

pub mod case_activity;
pub mod case_deadline;
pub mod case_file;
pub mod case_leave;
pub mod case_milestone;
pub mod case_partial_recovery;
pub mod case_recovery;
pub mod case_second_opinion;
pub mod evaluation;
pub mod expert_opinion;
pub mod plan_of_action_version;
