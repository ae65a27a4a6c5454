//! Track 2 (spoor 2, docs/domain.md §3): the employer engages a re-integration agency on a case and
//! agrees the intensity; the assigned consultant keeps the file UWV judges — person and search
//! profile, promising occupations, activities to become work-fit and work placements, contact
//! moments, applications and proposals — and reports every six weeks. The effort indicator
//! compares what was done with what was agreed, month by month.
//!
//! Reaches a case only through the case gate (`platform::case_port::CaseGate`, implemented by the cases
//! service), so it sits below cases, which shows `Case.track2`, puts the submitted reports
//! into the RIV and the effort risk among the case's signals.

#![warn(missing_docs)]

pub mod draft;
// Entities mirror the migration column for column; the migration documents the columns.
#[allow(missing_docs)]
pub mod entities;
pub mod graphql;
pub mod model;
pub mod repo;
pub mod service;
