//! Tables of the documents service.

pub mod document;
