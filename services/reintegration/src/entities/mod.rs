//! The track 2 tables (migration `m20261202_000009_reintegration`).

pub mod activity;
pub mod application;
pub mod contact;
pub mod occupation;
pub mod report;
pub mod trajectory;
