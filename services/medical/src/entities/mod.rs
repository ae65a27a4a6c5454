//! Tables of the medical service.

pub mod consultation;
pub mod medical_assessment;
pub mod medical_consent;
pub mod workability_advice;
