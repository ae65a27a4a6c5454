//! Sick-leave case files (verzuimdossiers): the sick report with only the questions an employer
//! may ask, recoveries and relapses (samentellen), partial recoveries, and the legal deadlines
//! computed by the pure timeline engine; plan of action, evaluations, expert opinions, the
//! activity log and the re-integration report (RIV).

#![warn(missing_docs)]

pub mod assignment;
// Entities mirror the migration column for column; the migration documents the columns.
#[allow(missing_docs)]
pub mod entities;
pub mod export;
pub mod figures;
pub mod file;
pub mod gate;
pub mod graphql;
pub mod listing;
pub mod medical_export;
pub mod model;
pub mod notify;
pub mod repo;
pub mod retention;
pub mod riv;
pub mod schedule;
pub mod service;
pub mod signals;
pub mod timeline;
