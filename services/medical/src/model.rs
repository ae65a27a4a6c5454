//! Types of the medical service.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

// Stored in medical_assessments.kind as its API name; an unknown stored value fails the read.
platform::stored_enum! {
    /// Kind of medical assessment.
    AssessmentKind {
        /// Probleemanalyse.
        ProblemAnalysis = "PROBLEM_ANALYSIS",
        /// Actueel oordeel.
        CurrentAssessment = "CURRENT_ASSESSMENT",
    }
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
platform::stored_enum! {
    /// A part of the medical file the employee can share with a named organisation.
    ConsentPart {
        /// The medical part of the problem analyses.
        ProblemAnalysis = "PROBLEM_ANALYSIS",
        /// The medical part of the current assessments.
        CurrentAssessment = "CURRENT_ASSESSMENT",
        /// The consultations (without the doctor's personal working notes).
        Consultations = "CONSULTATIONS",
    }
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
