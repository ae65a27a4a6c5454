//! Types of the cases service, independent of GraphQL.

use chrono::NaiveDate;
use uuid::Uuid;

use serde::{Deserialize, Serialize};

use crate::entities::{
    case_file, case_leave, case_milestone, case_partial_recovery, case_recovery,
    case_second_opinion, expert_opinion,
};
use crate::timeline::{
    ClockInput, DeadlineKind, ExpertOpinionAnswer, Leave, NoCapacity, PartialRecovery, Recovery,
    SafetyNet, Sanction, SanctionKind, SecondOpinion, ShorteningDecision,
};

use platform::stored_enum;

stored_enum! {
    /// Which evaluation of the re-integration.
    EvaluationKind {
        /// Periodic evaluation (every 6 weeks) of the plan of action.
        Periodic = "PERIODIC",
        /// Eerstejaarsevaluatie, week 46–52.
        FirstYear = "FIRST_YEAR",
        /// Eindevaluatie before the WIA application, with the employee's own view.
        Final = "FINAL",
    }
}

stored_enum! {
    /// The question put to UWV in an expert opinion request (docs/domain.md §6).
    ExpertOpinionQuestion {
        /// Is the employee fit for his own work?
        OwnWork = "OWN_WORK",
        /// Is the offered work suitable (passende arbeid)?
        SuitableWork = "SUITABLE_WORK",
        /// Is the employer's re-integration effort sufficient?
        EmployerEffort = "EMPLOYER_EFFORT",
        /// Is the employee's re-integration effort sufficient?
        EmployeeEffort = "EMPLOYEE_EFFORT",
        /// Are there no usable capacities (geen benutbare mogelijkheden)?
        NoUsableCapacity = "NO_USABLE_CAPACITY",
    }
}

stored_enum! {
    /// A party of the employment contract.
    Party {
        /// The employer.
        Employer = "EMPLOYER",
        /// The employee.
        Employee = "EMPLOYEE",
    }
}

/// UWV's fee for an expert opinion by who asks (UWV, "Deskundigenoordeel aanvragen"): €400
/// for the employer, €100 for the employee, refunded to the employee when he is proved right.
pub fn expert_opinion_fee_euros(requested_by: Party) -> i32 {
    match requested_by {
        Party::Employer => 400,
        Party::Employee => 100,
    }
}

stored_enum! {
    /// What an entry of the activity log records.
    ActivityKind {
        /// A conversation (verzuimgesprek) with the employee.
        Conversation = "CONVERSATION",
        /// An agreement made with the employee.
        Agreement = "AGREEMENT",
        /// A contact moment (phone, e-mail, visit).
        Contact = "CONTACT",
        /// A note for the file.
        Note = "NOTE",
        /// A written warning to an employee who does not cooperate.
        CooperationWarning = "COOPERATION_WARNING",
        /// Wages suspended (opschorting) for not cooperating.
        WageSuspension = "WAGE_SUSPENSION",
        /// Wages stopped (loonstop) for not cooperating.
        WageStop = "WAGE_STOP",
    }
}

impl ActivityKind {
    /// Entries that show the employee was reached (the "unreachable" signal looks at these).
    pub fn is_contact(self) -> bool {
        matches!(
            self,
            ActivityKind::Conversation | ActivityKind::Agreement | ActivityKind::Contact
        )
    }
}

stored_enum! {
    /// Why a case file was closed.
    CloseReason {
        /// The employee recovered and the 4 weeks in which a relapse continues the case passed.
        Recovered = "RECOVERED",
        /// The 104 weeks of wage payment (with extension and sanction) are over.
        EndOfWagePayment = "END_OF_WAGE_PAYMENT",
        /// The employment ended (the file goes with the employee).
        EmploymentEnded = "EMPLOYMENT_ENDED",
    }
}

stored_enum! {
    /// Who carries out an activity of the plan of action.
    ActivityOwner {
        /// The employer (case manager, manager).
        Employer = "EMPLOYER",
        /// The employee.
        Employee = "EMPLOYEE",
        /// The company doctor.
        CompanyDoctor = "COMPANY_DOCTOR",
        /// The re-integration agency.
        Agency = "AGENCY",
        /// Someone else (named in the description).
        Other = "OTHER",
    }
}

stored_enum! {
    /// Where a version of the plan of action stands.
    PlanStatus {
        /// Not signed by anyone yet; may still change.
        Draft = "DRAFT",
        /// Signed by one party; a change needs both signatures again.
        PartlySigned = "PARTLY_SIGNED",
        /// Signed by employer and employee.
        Signed = "SIGNED",
    }
}

stored_enum! {
    /// A common cause of a wage sanction showing in the case (docs/domain.md §7).
    RiskSignalKind {
        /// The plan of action is not signed by its due date (2 weeks after the problem
        /// analysis, week 8 at the latest).
        PlanOfActionLate = "PLAN_OF_ACTION_LATE",
        /// The company doctor's advice was not acted on within 2 weeks.
        AdviceNotFollowed = "ADVICE_NOT_FOLLOWED",
        /// Track 2 has not started by its deadline.
        Track2Late = "TRACK2_LATE",
        /// No contact with the employee logged for 6 weeks.
        EmployeeUnreachable = "EMPLOYEE_UNREACHABLE",
        /// Track 2 fell short of the agreed intensity two months in a row.
        Track2EffortLow = "TRACK2_EFFORT_LOW",
    }
}

/// One agreed activity of a plan of action (stored as JSON with its version).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanActivity {
    /// What will be done.
    pub description: String,
    /// Who does it.
    pub owner: ActivityOwner,
    /// By when.
    pub due_on: NaiveDate,
    /// Done already.
    pub done: bool,
}

stored_enum! {
    /// Where a case stands.
    CaseStatus {
        /// The employee is (partly) sick.
        Open = "OPEN",
        /// Fully recovered; a relapse within 28 days reopens this same case.
        Recovered = "RECOVERED",
        /// Closed for good.
        Closed = "CLOSED",
    }
}

stored_enum! {
    /// Re-integration track (spoor).
    Track {
        /// Spoor 1: own work or other work with the own employer.
        Track1 = "TRACK_1",
        /// Spoor 2: work with another employer.
        Track2 = "TRACK_2",
        /// Both at once (two-track policy).
        Both = "BOTH",
        /// Spoor 3: after 104 weeks or a contract takeover.
        Track3 = "TRACK_3",
    }
}

stored_enum! {
    /// An open step of a case as stored (case_deadlines.kind, reminders): every legal deadline
    /// kind under its contract name, plus the expected answer of a pending expert opinion, which
    /// is no legal deadline. The deadline logic only ever sees [`DeadlineKind`]s
    /// ([`StepKind::deadline`]).
    StepKind {
        /// Probleemanalyse by the company doctor.
        ProblemAnalysis = "PROBLEM_ANALYSIS",
        /// Plan van aanpak, signed by employer and employee.
        PlanOfAction = "PLAN_OF_ACTION",
        /// Periodic evaluation (bijstelling) of the plan of action.
        PlanEvaluation = "PLAN_EVALUATION",
        /// 42e-weeksmelding to UWV.
        Uwv42WeekReport = "UWV_42_WEEK_REPORT",
        /// Eerstejaarsevaluatie.
        FirstYearEvaluation = "FIRST_YEAR_EVALUATION",
        /// Start of track 2 (spoor 2).
        Track2Start = "TRACK2_START",
        /// Actueel oordeel by the company doctor.
        CurrentAssessment = "CURRENT_ASSESSMENT",
        /// Eindevaluatie.
        FinalEvaluation = "FINAL_EVALUATION",
        /// The re-integration report handed to the employee.
        RivToEmployee = "RIV_TO_EMPLOYEE",
        /// WIA application by the employee.
        WiaApplication = "WIA_APPLICATION",
        /// Last day of wage payment.
        EndOfWagePayment = "END_OF_WAGE_PAYMENT",
        /// Track 2 progress report.
        Track2Report = "TRACK2_REPORT",
        /// Follow-up of an answered expert opinion.
        ExpertOpinionFollowUp = "EXPERT_OPINION_FOLLOW_UP",
        /// Ziekmelding to UWV for a Ziektewet benefit under the safety net.
        SafetyNetReport = "SAFETY_NET_REPORT",
        /// Second opinion by another company doctor.
        SecondOpinion = "SECOND_OPINION",
        /// Arbeidsdeskundig onderzoek.
        LabourExpertExamination = "LABOUR_EXPERT_EXAMINATION",
        /// Early IVA application.
        EarlyIvaApplication = "EARLY_IVA_APPLICATION",
        /// UWV's letter about the WIA application received.
        WiaLetter = "WIA_LETTER",
        /// Ziek-uit-dienstmelding to UWV.
        EmploymentEndReport = "EMPLOYMENT_END_REPORT",
        /// The re-integration report handed over on leaving employment.
        RivOnLeaving = "RIV_ON_LEAVING",
        /// UWV's decision on a request to shorten a wage sanction.
        SanctionDecision = "SANCTION_DECISION",
        /// UWV's answer to a pending expert opinion request (no legal deadline).
        ExpertOpinionAnswer = "EXPERT_OPINION_ANSWER",
        /// The employer confirms a sick report the employee made himself (no legal deadline).
        SickReportConfirmation = "SICK_REPORT_CONFIRMATION",
    }
}

impl From<DeadlineKind> for StepKind {
    fn from(kind: DeadlineKind) -> StepKind {
        match kind {
            DeadlineKind::ProblemAnalysis => StepKind::ProblemAnalysis,
            DeadlineKind::PlanOfAction => StepKind::PlanOfAction,
            DeadlineKind::PlanEvaluation => StepKind::PlanEvaluation,
            DeadlineKind::Uwv42WeekReport => StepKind::Uwv42WeekReport,
            DeadlineKind::FirstYearEvaluation => StepKind::FirstYearEvaluation,
            DeadlineKind::Track2Start => StepKind::Track2Start,
            DeadlineKind::CurrentAssessment => StepKind::CurrentAssessment,
            DeadlineKind::FinalEvaluation => StepKind::FinalEvaluation,
            DeadlineKind::RivToEmployee => StepKind::RivToEmployee,
            DeadlineKind::WiaApplication => StepKind::WiaApplication,
            DeadlineKind::EndOfWagePayment => StepKind::EndOfWagePayment,
            DeadlineKind::Track2Report => StepKind::Track2Report,
            DeadlineKind::ExpertOpinionFollowUp => StepKind::ExpertOpinionFollowUp,
            DeadlineKind::SafetyNetReport => StepKind::SafetyNetReport,
            DeadlineKind::SecondOpinion => StepKind::SecondOpinion,
            DeadlineKind::LabourExpertExamination => StepKind::LabourExpertExamination,
            DeadlineKind::EarlyIvaApplication => StepKind::EarlyIvaApplication,
            DeadlineKind::WiaLetter => StepKind::WiaLetter,
            DeadlineKind::EmploymentEndReport => StepKind::EmploymentEndReport,
            DeadlineKind::RivOnLeaving => StepKind::RivOnLeaving,
            DeadlineKind::SanctionDecision => StepKind::SanctionDecision,
        }
    }
}

impl StepKind {
    /// The legal deadline this step is, or `None` for the expected answer of an expert opinion
    /// and the confirmation of an employee's own sick report.
    pub fn deadline(self) -> Option<DeadlineKind> {
        Some(match self {
            StepKind::ProblemAnalysis => DeadlineKind::ProblemAnalysis,
            StepKind::PlanOfAction => DeadlineKind::PlanOfAction,
            StepKind::PlanEvaluation => DeadlineKind::PlanEvaluation,
            StepKind::Uwv42WeekReport => DeadlineKind::Uwv42WeekReport,
            StepKind::FirstYearEvaluation => DeadlineKind::FirstYearEvaluation,
            StepKind::Track2Start => DeadlineKind::Track2Start,
            StepKind::CurrentAssessment => DeadlineKind::CurrentAssessment,
            StepKind::FinalEvaluation => DeadlineKind::FinalEvaluation,
            StepKind::RivToEmployee => DeadlineKind::RivToEmployee,
            StepKind::WiaApplication => DeadlineKind::WiaApplication,
            StepKind::EndOfWagePayment => DeadlineKind::EndOfWagePayment,
            StepKind::Track2Report => DeadlineKind::Track2Report,
            StepKind::ExpertOpinionFollowUp => DeadlineKind::ExpertOpinionFollowUp,
            StepKind::SafetyNetReport => DeadlineKind::SafetyNetReport,
            StepKind::SecondOpinion => DeadlineKind::SecondOpinion,
            StepKind::LabourExpertExamination => DeadlineKind::LabourExpertExamination,
            StepKind::EarlyIvaApplication => DeadlineKind::EarlyIvaApplication,
            StepKind::WiaLetter => DeadlineKind::WiaLetter,
            StepKind::EmploymentEndReport => DeadlineKind::EmploymentEndReport,
            StepKind::RivOnLeaving => DeadlineKind::RivOnLeaving,
            StepKind::SanctionDecision => DeadlineKind::SanctionDecision,
            StepKind::ExpertOpinionAnswer | StepKind::SickReportConfirmation => return None,
        })
    }
}

/// The agreed activities of a plan of action version in their JSON column. A stored value that
/// is not such a list fails the read.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult,
)]
pub struct PlanActivities(pub Vec<PlanActivity>);

/// A step recorded as done, as much of its row as a case's clock and page read: lists load
/// hundreds of these per page, and decoding the whole row by column name cost more than the
/// rest of the list together (docs/benchmarks.md, the profile).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepDone {
    /// The milestone's id.
    pub id: Uuid,
    /// Its case.
    pub case_id: Uuid,
    /// Which step.
    pub kind: DeadlineKind,
    /// When it was done.
    pub occurred_on: NaiveDate,
    /// A note, if any.
    pub note: Option<String>,
}

impl From<&case_milestone::Model> for StepDone {
    fn from(m: &case_milestone::Model) -> Self {
        StepDone {
            id: m.id,
            case_id: m.case_id,
            kind: m.kind,
            occurred_on: m.occurred_on,
            note: m.note.clone(),
        }
    }
}

/// A case with the periods that drive its clock.
#[derive(Clone, Debug)]
pub struct CaseRecord {
    /// The case row.
    pub case: case_file::Model,
    /// Its recoveries, oldest first.
    pub recoveries: Vec<case_recovery::Model>,
    /// Its partial recoveries, oldest first.
    pub partial: Vec<case_partial_recovery::Model>,
    /// The steps done (the engine's events), oldest first.
    pub milestones: Vec<StepDone>,
    /// Its expert opinion requests, oldest first.
    pub expert_opinions: Vec<expert_opinion::Model>,
    /// A running track 2: the agreement and what was done (for the effort signal).
    pub track2: Option<reintegration::model::EffortInput>,
    /// Its pregnancy and maternity leaves, oldest first.
    pub leaves: Vec<case_leave::Model>,
    /// Its second opinions, oldest first.
    pub second_opinions: Vec<case_second_opinion::Model>,
    /// The dates of its workability advice and whether each stated no sustainable usable
    /// capacity, oldest first.
    pub capacity: Vec<(NaiveDate, bool)>,
    /// The employer carries its own Ziektewet risk.
    pub own_risk_carrier: bool,
}

impl CaseRecord {
    /// A case with nothing recorded around it yet.
    pub fn bare(case: case_file::Model) -> Self {
        Self {
            case,
            recoveries: Vec::new(),
            partial: Vec::new(),
            milestones: Vec::new(),
            expert_opinions: Vec::new(),
            track2: None,
            leaves: Vec::new(),
            second_opinions: Vec::new(),
            capacity: Vec::new(),
            own_risk_carrier: false,
        }
    }

    /// The input of the timeline engine for this case.
    pub fn clock_input(&self) -> ClockInput {
        let mut input = ClockInput::new(self.case.sick_since);
        input.recoveries = self
            .recoveries
            .iter()
            .map(|r| Recovery {
                recovered_on: r.recovered_on,
                resick_on: r.resick_on,
            })
            .collect();
        input.partial_recoveries = self
            .partial
            .iter()
            .map(|p| PartialRecovery {
                from: p.from_date,
                working_percentage: u8::try_from(p.working_percentage.clamp(0, 100)).unwrap_or(100),
            })
            .collect();
        let c = &self.case;
        input.extension_weeks = u32::try_from(c.extension_weeks).unwrap_or(0);
        input.sanction = u32::try_from(c.sanction_weeks)
            .ok()
            .filter(|weeks| *weeks > 0)
            .map(|weeks| Sanction {
                kind: c.sanction_kind.unwrap_or(SanctionKind::Substantive),
                weeks,
                imposed_on: c.sanction_decided_on,
                repaired_on: c.sanction_repaired_on,
                shortening_requested_on: c.sanction_shortening_requested_on,
                decision: c
                    .sanction_shortening_decided_on
                    .zip(c.sanction_shortening_granted)
                    .map(|(decided_on, granted)| ShorteningDecision {
                        decided_on,
                        granted,
                    }),
            });
        // The employer records only that a safety net applies; the kind is the doctor's or
        // the employee's to record.
        input.safety_net = c
            .safety_net_kind
            .or(c.safety_net.then_some(SafetyNet::Undisclosed));
        input.employment_ends_on = c.employment_ends_on;
        input.own_risk_carrier = self.own_risk_carrier;
        input.leaves = self
            .leaves
            .iter()
            .map(|l| Leave {
                from: l.from_date,
                until: l.until_date,
            })
            .collect();
        input.events.second_opinions = self
            .second_opinions
            .iter()
            .map(|o| SecondOpinion {
                requested_on: o.requested_on,
                given_on: o.given_on,
            })
            .collect();
        input.events.no_capacity = no_capacity_spans(&self.capacity);
        input.events.iva_from = c.iva_from;
        let e = &mut input.events;
        for m in &self.milestones {
            let kind = m.kind;
            let on = Some(m.occurred_on);
            // Of a step recorded twice, the latest counts: an earlier one may belong to a
            // previous 104-week period, which the engine ignores anyway.
            let latest = |slot: &mut Option<NaiveDate>| *slot = (*slot).max(on);
            match kind {
                DeadlineKind::ProblemAnalysis => latest(&mut e.problem_analysis_on),
                DeadlineKind::PlanOfAction => latest(&mut e.plan_of_action_signed_on),
                DeadlineKind::Uwv42WeekReport => latest(&mut e.uwv_42_week_report_on),
                DeadlineKind::Track2Start => latest(&mut e.track2_started_on),
                DeadlineKind::CurrentAssessment => latest(&mut e.current_assessment_on),
                DeadlineKind::RivToEmployee => latest(&mut e.riv_to_employee_on),
                DeadlineKind::WiaApplication => latest(&mut e.wia_application_on),
                DeadlineKind::Track2Report => e.track2_reports.push(m.occurred_on),
                DeadlineKind::PlanEvaluation => e.evaluations.push(m.occurred_on),
                // The first-year and final evaluations are evaluations of the plan too.
                DeadlineKind::FirstYearEvaluation => {
                    latest(&mut e.first_year_evaluation_on);
                    e.evaluations.push(m.occurred_on);
                }
                DeadlineKind::FinalEvaluation => {
                    latest(&mut e.final_evaluation_on);
                    e.evaluations.push(m.occurred_on);
                }
                DeadlineKind::SafetyNetReport => e.safety_net_reports.push(m.occurred_on),
                DeadlineKind::LabourExpertExamination => {
                    latest(&mut e.labour_expert_examination_on);
                }
                DeadlineKind::EarlyIvaApplication => latest(&mut e.early_iva_applied_on),
                DeadlineKind::WiaLetter => latest(&mut e.wia_letter_received_on),
                DeadlineKind::EmploymentEndReport => latest(&mut e.employment_end_report_on),
                DeadlineKind::RivOnLeaving => latest(&mut e.riv_on_leaving_on),
                // Recorded in their own tables and columns, not as milestones.
                DeadlineKind::EndOfWagePayment
                | DeadlineKind::ExpertOpinionFollowUp
                | DeadlineKind::SecondOpinion
                | DeadlineKind::SanctionDecision => {}
            }
        }
        e.return_prospect_on = self.return_prospect_on(e.first_year_evaluation_on);
        e.expert_opinions = self
            .expert_opinions
            .iter()
            .filter_map(|o| {
                o.answered_on.map(|answered_on| ExpertOpinionAnswer {
                    answered_on,
                    follow_up_on: o.followed_up_on,
                })
            })
            .collect();
        input
    }

    /// When the return prospect was recorded, if one holds. A prospect recorded before its date
    /// was kept dates from the first-year evaluation (the only place it could be recorded
    /// then), else from the case's last change.
    pub fn return_prospect_on(
        &self,
        first_year_evaluation_on: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let c = &self.case;
        match (c.return_prospect, c.return_prospect_on) {
            (false, _) => None,
            (true, Some(on)) => Some(on),
            (true, None) => {
                first_year_evaluation_on.or(Some(platform::clock::dutch_date(c.updated_at)))
            }
        }
    }

    /// The open recovery (no new sick report yet), if the employee is recovered now.
    pub fn open_recovery(&self) -> Option<&case_recovery::Model> {
        self.recoveries.last().filter(|r| r.resick_on.is_none())
    }

    /// The last day the employee was known sick before `on`, for ordering checks.
    pub fn latest_date(&self) -> NaiveDate {
        let mut latest = self.case.sick_since;
        for r in &self.recoveries {
            latest = latest.max(r.recovered_on);
            if let Some(s) = r.resick_on {
                latest = latest.max(s);
            }
        }
        for p in &self.partial {
            latest = latest.max(p.from_date);
        }
        latest
    }
}

/// The spans in which the doctor's latest advice stated no sustainable usable capacity, from
/// the advice dates in order: a span opens at an advice that states it and closes at the next
/// advice that does not.
pub fn no_capacity_spans(advice: &[(NaiveDate, bool)]) -> Vec<NoCapacity> {
    let mut spans: Vec<NoCapacity> = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for (on, none) in advice {
        match (open, *none) {
            (None, true) => open = Some(*on),
            (Some(from), false) => {
                spans.push(NoCapacity {
                    from,
                    until: Some(*on),
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        spans.push(NoCapacity { from, until: None });
    }
    spans
}
