//! Tables of the cases service.

pub mod case_file;
pub mod case_partial_recovery;
pub mod case_recovery;
