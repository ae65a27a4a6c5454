//! Medical data, apart: the only crate that reads or writes the medical tables. Consultations,
//! problem analyses and current assessments (medical parts sealed with the tenant's data key),
//! the employee's consents, and the workability advice the employer reads. Reachable by the
//! company doctor assigned to the case and the employee about himself, with a second factor;
//! every medical read and write is in the access log.

#![warn(missing_docs)]

// Entities mirror the migration column for column; the migration documents the columns.
#[allow(missing_docs)]
pub mod entities;
pub mod graphql;
pub mod model;
pub mod service;

pub use service::Medical;
