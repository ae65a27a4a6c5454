//! Types of the medical service.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

// Stored in medical_assessments.kind as its API name; an unknown stored value fails the read.
/// Kind of medical assessment.
#[derive(
    async_graphql::Enum,
    sea_orm::DeriveActiveEnum,
    sea_orm::EnumIter,
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(sea_orm::sea_query::StringLen::None)"
)]
pub enum AssessmentKind {
    /// Probleemanalyse.
    #[sea_orm(string_value = "PROBLEM_ANALYSIS")]
    ProblemAnalysis,
    /// Actueel oordeel.
    #[sea_orm(string_value = "CURRENT_ASSESSMENT")]
    CurrentAssessment,
}

/// The headings of the functional capacity list (FML) in plain words: where the limitations
/// lie, never why.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LimitationCategory {
    /// Persoonlijk functioneren: concentration, attention, memory, pace.
    PersonalFunctioning,
    /// Sociaal functioneren: dealing with conflict, customers, colleagues.
    SocialFunctioning,
    /// Aanpassing aan fysieke omgevingseisen: heat, cold, noise, dust.
    PhysicalEnvironment,
    /// Dynamische handelingen: lifting, carrying, walking, climbing.
    DynamicActions,
    /// Statische houdingen: sitting, standing, bending.
    StaticPostures,
    /// Werktijden: hours per day and week, night work.
    WorkingHours,
}

// Stored in medical_consents.part as its API name; an unknown stored value fails the read.
/// A part of the medical file the employee can share with a named organisation.
#[derive(
    async_graphql::Enum,
    sea_orm::DeriveActiveEnum,
    sea_orm::EnumIter,
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(sea_orm::sea_query::StringLen::None)"
)]
pub enum ConsentPart {
    /// The medical part of the problem analyses.
    #[sea_orm(string_value = "PROBLEM_ANALYSIS")]
    ProblemAnalysis,
    /// The medical part of the current assessments.
    #[sea_orm(string_value = "CURRENT_ASSESSMENT")]
    CurrentAssessment,
    /// The consultations (without the doctor's personal working notes).
    #[sea_orm(string_value = "CONSULTATIONS")]
    Consultations,
}

/// A list of plain-language lines in a JSON column (workability advice). A stored value that is
/// not a JSON list of strings fails the read.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult,
)]
pub struct Lines(pub Vec<String>);

/// A list of [`LimitationCategory`] in a JSON column. An unknown stored name fails the read.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult,
)]
pub struct Categories(pub Vec<LimitationCategory>);

/// Who sees which part of the file, decided from the relations (after the policy allowed the
/// read at all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visibility {
    /// Consultations.
    pub consultations: bool,
    /// The author's own personal working notes (the doctor who wrote them, nobody else).
    pub personal_notes_of: Option<Uuid>,
    /// Medical part of problem analyses.
    pub problem_analyses: bool,
    /// Medical part of current assessments.
    pub current_assessments: bool,
}
