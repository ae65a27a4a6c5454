//! The Dutch words the RIV prints for the product's values.

use chrono::NaiveDate;
use platform::document::DocumentType;

use super::{RivPart, RivPartState};
use crate::medical_export::nl_date;
use crate::model::{ActivityKind, ActivityOwner, ExpertOpinionQuestion};
use crate::timeline::{DeadlineKind, DeadlineStatus};

/// Dutch name of a deadline (the engine's, so the RIV and the timeline say the same).
pub fn deadline_label(kind: DeadlineKind) -> &'static str {
    kind.label_nl()
}

pub(super) fn part_label(part: RivPart) -> &'static str {
    match part {
        RivPart::ProblemAnalysis => "Probleemanalyse",
        RivPart::PlanOfAction => "Plan van aanpak (ondertekend)",
        RivPart::PlanEvaluations => "Evaluaties en bijstellingen",
        RivPart::ActivityLog => "Activiteitenlogboek",
        RivPart::WorkabilityAdvice => "Advies bedrijfsarts over belastbaarheid",
        RivPart::Uwv42WeekReport => "42e-weeksmelding",
        RivPart::FirstYearEvaluation => "Eerstejaarsevaluatie",
        RivPart::LabourExpertReport => "Arbeidsdeskundig rapport",
        RivPart::Track2Reports => "Rapportages spoor 2",
        RivPart::CurrentAssessment => "Actueel oordeel (niet ouder dan 3 maanden)",
        RivPart::FinalEvaluation => "Eindevaluatie",
        RivPart::EmployeeView => "Visie van de werknemer",
    }
}

pub(super) fn state_label(state: RivPartState) -> &'static str {
    match state {
        RivPartState::Present => "Aanwezig",
        RivPartState::Missing => "Ontbreekt",
        RivPartState::Stale => "Verouderd",
        RivPartState::NotYetDue => "Nog niet aan de orde",
        RivPartState::NotApplicable => "Niet van toepassing",
    }
}

pub(super) fn status_label(status: DeadlineStatus) -> &'static str {
    match status {
        DeadlineStatus::Upcoming => "Gepland",
        DeadlineStatus::DueSoon => "Binnenkort",
        DeadlineStatus::Overdue => "Te laat",
        DeadlineStatus::Done => "Gedaan",
    }
}

pub(super) fn activity_label(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Conversation => "Gesprek",
        ActivityKind::Agreement => "Afspraak",
        ActivityKind::Contact => "Contact",
        ActivityKind::Note => "Notitie",
        ActivityKind::CooperationWarning => "Waarschuwing",
        ActivityKind::WageSuspension => "Opschorting loon",
        ActivityKind::WageStop => "Loonstop",
    }
}

pub(super) fn owner_label(owner: ActivityOwner) -> &'static str {
    match owner {
        ActivityOwner::Employer => "Werkgever",
        ActivityOwner::Employee => "Werknemer",
        ActivityOwner::CompanyDoctor => "Bedrijfsarts",
        ActivityOwner::Agency => "Re-integratiebureau",
        ActivityOwner::Other => "Anders",
    }
}

pub(super) fn question_label(q: ExpertOpinionQuestion) -> &'static str {
    match q {
        ExpertOpinionQuestion::OwnWork => "Geschikt voor eigen werk?",
        ExpertOpinionQuestion::SuitableWork => "Passende arbeid?",
        ExpertOpinionQuestion::EmployerEffort => "Re-integratie-inspanningen werkgever",
        ExpertOpinionQuestion::EmployeeEffort => "Re-integratie-inspanningen werknemer",
        ExpertOpinionQuestion::NoUsableCapacity => "Geen benutbare mogelijkheden?",
    }
}

pub(super) fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(nl_date).unwrap_or_else(|| "—".into())
}

/// Dutch name of a document type.
pub fn document_type_label(t: DocumentType) -> &'static str {
    match t {
        DocumentType::ProblemAnalysis => "Probleemanalyse",
        DocumentType::PlanOfAction => "Plan van aanpak",
        DocumentType::PlanAdjustment => "Bijstelling plan van aanpak",
        DocumentType::Evaluation => "Evaluatie",
        DocumentType::CurrentAssessment => "Actueel oordeel",
        DocumentType::FinalEvaluation => "Eindevaluatie",
        DocumentType::LabourExpertReport => "Arbeidsdeskundig rapport",
        DocumentType::Track2Report => "Rapportage spoor 2",
        DocumentType::ExpertOpinion => "Deskundigenoordeel",
        DocumentType::Other => "Overig",
    }
}
