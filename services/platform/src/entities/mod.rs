//! Tables owned by the platform crate.

pub mod access_log;
