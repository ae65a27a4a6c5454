//! A shared document: the metadata every portal lists (the bytes live in the documents
//! service), and the enum macro the services use for values stored as their API names.

use async_graphql::{ID, SimpleObject};
use chrono::{DateTime, Utc};

/// An enum stored as its GraphQL name: a sea-orm active enum (an entity field of this type reads
/// an unknown stored value as an error, never as a default) and a GraphQL enum on one type, so
/// the stored form and the API form cannot drift apart. `as_str` gives the same name for texts.
#[macro_export]
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            ::async_graphql::Enum,
            ::sea_orm::DeriveActiveEnum,
            ::sea_orm::EnumIter,
            Copy,
            Clone,
            Debug,
            PartialEq,
            Eq,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::None)")]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[graphql(name = $text)]
                #[serde(rename = $text)]
                #[sea_orm(string_value = $text)]
                $variant
            ),+
        }

        impl $name {
            /// Stored (and API) form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the stored form.
            pub fn parse(raw: &str) -> Option<$name> {
                match raw {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

stored_enum! {
    /// Who may see a document (docs/domain.md §4).
    Classification {
        /// For the assigned company doctor and the employee only; absent for everyone else.
        Medical = "MEDICAL",
        /// For every party of the case.
        Case = "CASE",
    }
}

stored_enum! {
    /// What a document is, in the terms of the re-integration report (RIV).
    DocumentType {
        /// Probleemanalyse.
        ProblemAnalysis = "PROBLEM_ANALYSIS",
        /// Plan van aanpak.
        PlanOfAction = "PLAN_OF_ACTION",
        /// Bijstelling van het plan van aanpak.
        PlanAdjustment = "PLAN_ADJUSTMENT",
        /// (Periodieke) evaluatie, eerstejaarsevaluatie.
        Evaluation = "EVALUATION",
        /// Actueel oordeel van de bedrijfsarts.
        CurrentAssessment = "CURRENT_ASSESSMENT",
        /// Eindevaluatie.
        FinalEvaluation = "FINAL_EVALUATION",
        /// Arbeidsdeskundig rapport.
        LabourExpertReport = "LABOUR_EXPERT_REPORT",
        /// Rapportage spoor 2.
        Track2Report = "TRACK2_REPORT",
        /// Deskundigenoordeel van UWV.
        ExpertOpinion = "EXPERT_OPINION",
        /// Anything else (a certificate, a letter, a photo).
        Other = "OTHER",
    }
}

/// A stored document as a reader of the case sees it.
#[derive(SimpleObject, Clone, Debug)]
pub struct Document {
    /// Id; download at `GET /api/documents/{id}`.
    pub id: ID,
    /// Title given at upload (the filename when none was given).
    pub title: String,
    /// The sanitised original filename.
    pub filename: String,
    /// MEDICAL or CASE.
    pub classification: Classification,
    /// What it is, for the RIV.
    pub document_type: DocumentType,
    /// Content type sniffed from the bytes (not the one the uploader claimed).
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// When it was uploaded.
    pub uploaded_at: DateTime<Utc>,
    /// Who uploaded it (name).
    pub uploaded_by: Option<String>,
    /// Whether the reader may delete it (he uploaded it, or may delete this class of data).
    pub can_delete: bool,
}
