//! Documents: uploads and downloads that stream (memory bounded by a few chunks whatever the
//! file size), content sniffed against an allow-list, SHA-256 recorded, optional clamd scanning,
//! every file encrypted with the tenant's data key before it reaches object storage (a local
//! directory or S3), and the classification that keeps medical documents absent for the
//! employer. Also the PDF writer, a leaf module that knows nothing of cases, which the exports
//! assembled by the cases service (the RIV, the employee's medical export) use.

#![warn(missing_docs)]

// Entities mirror the migration column for column; the migration documents the columns.
#[allow(missing_docs)]
pub mod entities;
pub mod graphql;
pub mod pdf;
pub mod scan;
pub mod seal;
pub mod service;
pub mod sniff;
pub mod storage;

pub use service::{Documents, Download, Upload};
pub use storage::Storage;
