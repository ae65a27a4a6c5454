//! What the clock is computed from: the dates of one case.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything the clock depends on for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockInput {
    /// First day of sickness (day 1 unless a later period restarts the clock).
    pub sick_since: NaiveDate,
    /// Full recoveries in order, each with the new sick report that followed, if any.
    pub recoveries: Vec<Recovery>,
    /// Partial resumptions of work; recorded, but they do not move the clock.
    pub partial_recoveries: Vec<PartialRecovery>,
    /// Pregnancy and maternity leave (WAZO): the clock stands still during it.
    pub leaves: Vec<Leave>,
    /// The Ziektewet safety net that applies, if any.
    pub safety_net: Option<SafetyNet>,
    /// The last day of employment, when the employment ends while the employee is sick.
    pub employment_ends_on: Option<NaiveDate>,
    /// The employer carries its own Ziektewet risk (eigenrisicodrager): it pays the benefit of
    /// an employee who leaves while sick and keeps his re-integration.
    pub own_risk_carrier: bool,
    /// Voluntary extension of wage payment in weeks: 0 for none, else at least 13.
    pub extension_weeks: u32,
    /// The wage sanction UWV imposed, if any.
    pub sanction: Option<Sanction>,
    /// What has been done in the case so far.
    pub events: Events,
}

impl ClockInput {
    /// A case sick since `sick_since` with no recoveries, extensions or events.
    pub fn new(sick_since: NaiveDate) -> Self {
        Self {
            sick_since,
            recoveries: Vec::new(),
            partial_recoveries: Vec::new(),
            leaves: Vec::new(),
            safety_net: None,
            employment_ends_on: None,
            own_risk_carrier: false,
            extension_weeks: 0,
            sanction: None,
            events: Events::default(),
        }
    }
}

/// A full recovery and the new sick report that followed it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    /// First day the employee was fit again.
    pub recovered_on: NaiveDate,
    /// First day of the next sickness, if the employee fell ill again.
    pub resick_on: Option<NaiveDate>,
}

/// A partial resumption of work (gedeeltelijke werkhervatting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialRecovery {
    /// From when the employee works this percentage.
    pub from: NaiveDate,
    /// Percentage of the contract hours worked, 0 to 100.
    pub working_percentage: u8,
}

/// Pregnancy and maternity leave under the WAZO (art. 3:1 Wazo), both days inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leave {
    /// First day of leave.
    pub from: NaiveDate,
    /// Last day of leave.
    pub until: NaiveDate,
}

platform::stored_enum! {
    /// The Ziektewet safety net (vangnet) under which UWV pays the employer a sickness benefit
    /// while the employee stays employed. Leaving employment while sick is recorded as the
    /// last day of employment, not as a kind.
    SafetyNet {
        /// Sickness caused by pregnancy or childbirth (art. 29a Ziektewet).
        Pregnancy = "PREGNANCY",
        /// Sickness caused by organ donation (art. 29a Ziektewet).
        OrganDonation = "ORGAN_DONATION",
        /// An employee with a no-risk policy (art. 29b Ziektewet).
        NoRiskPolicy = "NO_RISK_POLICY",
        /// A safety net applies; which one is not recorded (what the employer may record).
        Undisclosed = "UNDISCLOSED",
    }
}

platform::stored_enum! {
    /// Why UWV imposed a wage sanction.
    SanctionKind {
        /// The re-integration report was missing or incomplete (administratieve loonsanctie).
        Administrative = "ADMINISTRATIVE",
        /// The re-integration effort fell short (inhoudelijke loonsanctie).
        Substantive = "SUBSTANTIVE",
    }
}

/// A wage sanction and how it ends (art. 25 lid 9 WIA; art. 7:629 lid 11 sub b BW).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sanction {
    /// Administrative or substantive.
    pub kind: SanctionKind,
    /// Weeks imposed, 1 to 52.
    pub weeks: u32,
    /// When UWV imposed it.
    pub imposed_on: Option<NaiveDate>,
    /// When the employer repaired the shortcoming.
    pub repaired_on: Option<NaiveDate>,
    /// When the employer asked UWV to shorten it (bekortingsverzoek).
    pub shortening_requested_on: Option<NaiveDate>,
    /// UWV's decision on that request.
    pub decision: Option<ShorteningDecision>,
}

impl Sanction {
    /// A substantive sanction of `weeks` with no dates (the command line's `--sanction-weeks`).
    pub fn of_weeks(weeks: u32) -> Self {
        Self {
            kind: SanctionKind::Substantive,
            weeks,
            imposed_on: None,
            repaired_on: None,
            shortening_requested_on: None,
            decision: None,
        }
    }
}

/// UWV's decision on a request to shorten a wage sanction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShorteningDecision {
    /// When UWV decided.
    pub decided_on: NaiveDate,
    /// Whether UWV found the shortcoming repaired.
    pub granted: bool,
}

/// The dates on which the case's steps were done; each completes its deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Events {
    /// The company doctor's problem analysis was made.
    pub problem_analysis_on: Option<NaiveDate>,
    /// The plan of action was signed by employer and employee (the later signature).
    pub plan_of_action_signed_on: Option<NaiveDate>,
    /// Periodic evaluations of the plan of action, in any order.
    pub evaluations: Vec<NaiveDate>,
    /// Reports to UWV for a Ziektewet benefit under the safety net, in any order.
    pub safety_net_reports: Vec<NaiveDate>,
    /// The 42-week report was sent to UWV.
    pub uwv_42_week_report_on: Option<NaiveDate>,
    /// The labour expert's examination (arbeidsdeskundig onderzoek) was done.
    pub labour_expert_examination_on: Option<NaiveDate>,
    /// The first-year evaluation was held.
    pub first_year_evaluation_on: Option<NaiveDate>,
    /// When a concrete prospect of structural return within three months in the own
    /// organisation was recorded.
    pub return_prospect_on: Option<NaiveDate>,
    /// Spans in which the company doctor stated there is no sustainable usable capacity.
    pub no_capacity: Vec<NoCapacity>,
    /// Track 2 started.
    pub track2_started_on: Option<NaiveDate>,
    /// The employee applied for an IVA benefit early (vervroegde IVA-aanvraag).
    pub early_iva_applied_on: Option<NaiveDate>,
    /// UWV granted an IVA benefit from this day; wage payment ends the day before.
    pub iva_from: Option<NaiveDate>,
    /// The employee received UWV's letter about the WIA application.
    pub wia_letter_received_on: Option<NaiveDate>,
    /// The company doctor gave the current assessment (actueel oordeel).
    pub current_assessment_on: Option<NaiveDate>,
    /// The final evaluation was held.
    pub final_evaluation_on: Option<NaiveDate>,
    /// The employee was given the re-integration report (RIV).
    pub riv_to_employee_on: Option<NaiveDate>,
    /// The employee submitted the WIA application.
    pub wia_application_on: Option<NaiveDate>,
    /// The employer reported to UWV that the employee leaves employment sick.
    pub employment_end_report_on: Option<NaiveDate>,
    /// The (shortened) re-integration report was handed over on leaving employment.
    pub riv_on_leaving_on: Option<NaiveDate>,
    /// Track 2 progress reports submitted, in any order.
    pub track2_reports: Vec<NaiveDate>,
    /// Expert opinions (deskundigenoordelen) UWV has answered.
    pub expert_opinions: Vec<ExpertOpinionAnswer>,
    /// Second opinions by another company doctor the employee asked for.
    pub second_opinions: Vec<SecondOpinion>,
}

/// An answered expert opinion and its follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpertOpinionAnswer {
    /// When UWV's answer was received.
    pub answered_on: NaiveDate,
    /// When the parties recorded what they do with it.
    pub follow_up_on: Option<NaiveDate>,
}

/// A span in which the company doctor's advice stated that the employee has no sustainable
/// usable capacity (geen duurzaam benutbare mogelijkheden).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoCapacity {
    /// The advice that stated it.
    pub from: NaiveDate,
    /// The first later advice that no longer stated it; `None` while it holds.
    pub until: Option<NaiveDate>,
}

/// A second opinion by another company doctor (art. 14 lid 1 sub d Arbowet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondOpinion {
    /// When the employee asked for it.
    pub requested_on: NaiveDate,
    /// When the other doctor gave it.
    pub given_on: Option<NaiveDate>,
}
