//! Types of the medical service.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Kind of medical assessment.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssessmentKind {
    /// Probleemanalyse.
    ProblemAnalysis,
    /// Actueel oordeel.
    CurrentAssessment,
}

impl AssessmentKind {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentKind::ProblemAnalysis => "PROBLEM_ANALYSIS",
            AssessmentKind::CurrentAssessment => "CURRENT_ASSESSMENT",
        }
    }

    /// Parses the stored form.
    pub fn parse(raw: &str) -> AssessmentKind {
        if raw == "CURRENT_ASSESSMENT" {
            AssessmentKind::CurrentAssessment
        } else {
            AssessmentKind::ProblemAnalysis
        }
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

/// A part of the medical file the employee can share with a named organisation.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentPart {
    /// The medical part of the problem analyses.
    ProblemAnalysis,
    /// The medical part of the current assessments.
    CurrentAssessment,
    /// The consultations (without the doctor's personal working notes).
    Consultations,
}

impl ConsentPart {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentPart::ProblemAnalysis => "PROBLEM_ANALYSIS",
            ConsentPart::CurrentAssessment => "CURRENT_ASSESSMENT",
            ConsentPart::Consultations => "CONSULTATIONS",
        }
    }

    /// Parses the stored form.
    pub fn parse(raw: &str) -> Option<ConsentPart> {
        match raw {
            "PROBLEM_ANALYSIS" => Some(ConsentPart::ProblemAnalysis),
            "CURRENT_ASSESSMENT" => Some(ConsentPart::CurrentAssessment),
            "CONSULTATIONS" => Some(ConsentPart::Consultations),
            _ => None,
        }
    }
}

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
