//! Tables owned by the platform crate.

pub mod access_log;
pub mod data_key;
pub mod system_key;
