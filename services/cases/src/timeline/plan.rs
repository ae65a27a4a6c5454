//! Lays the deadlines out on the counted days of the current period. Every rule names its
//! source; the module doc of `timeline` has them as a table.

use chrono::{Days, Months, NaiveDate};

use super::{
    ClockError, ClockInput, DeadlineKind, NoCapacity, RivScope, SickDays, next_working_day_after,
};

/// Counted days between two occurrences of a recurring deadline (6 weeks).
const SERIES_INTERVAL_DAYS: u32 = 42;
/// Counted days after an expert opinion's answer within which it must be followed up.
const EXPERT_OPINION_FOLLOW_UP_DAYS: u32 = 14;
/// Counted days after the problem analysis within which the plan of action is due.
const PLAN_AFTER_ANALYSIS_DAYS: u32 = 14;
/// Counted days after the first sick day within which a safety-net report is due (6 weeks).
const SAFETY_NET_REPORT_DAY: u32 = 42;
/// Calendar days after a pregnancy leave by which sickness continuing after it is reported
/// (the 4th sick day after the leave).
const REPORT_AFTER_LEAVE_DAYS: u64 = 4;
/// Track 2 is due this many counted days after a "no usable capacity" statement is lifted.
const TRACK2_AFTER_CAPACITY_DAYS: u32 = 42;
/// Months a recorded return prospect holds.
const RETURN_PROSPECT_MONTHS: u32 = 3;
/// The last counted day an early IVA application can be made: before week 68 begins.
const EARLY_IVA_LAST_DAY: u32 = 7 * 67;
/// Counted days after a second opinion is asked for by which it should be had.
const SECOND_OPINION_DAYS: u32 = 28;
/// Calendar days within which UWV decides on a request to shorten a sanction.
const SANCTION_DECISION_DAYS: u64 = 21;
/// Counted days after UWV grants a shortening that the sanction still runs.
const SANCTION_TAIL_DAYS: u32 = 42;
/// Calendar days after the last day of employment within which an own-risk carrier reports
/// a sick ex-employee to UWV.
const OWN_RISK_REPORT_DAYS: u64 = 42;
/// Calendar days of employment after the first sick day from which UWV needs the shortened
/// (6 weeks) and the full (10 weeks) re-integration report.
const RIV_SHORTENED_FROM_DAYS: i64 = 42;
const RIV_FULL_FROM_DAYS: i64 = 70;

/// A deadline before its status is known.
pub(super) struct Draft {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub week: u32,
    pub completed_on: Option<NaiveDate>,
}

/// What the planner hands back besides the deadlines.
pub(super) struct Plan {
    pub drafts: Vec<Draft>,
    /// From this day on, open deadlines no longer apply: wage payment ended early (IVA) or
    /// UWV took the case over when the employment ended.
    pub cut_off: Option<NaiveDate>,
    pub riv_on_leaving: Option<RivScope>,
}

/// Lays the deadlines out on the counted days of the current period.
pub(super) struct Planner<'a> {
    pub days: &'a SickDays,
    pub input: &'a ClockInput,
    pub first_day: NaiveDate,
    pub today: NaiveDate,
}

impl Planner<'_> {
    pub fn plan(&self) -> Result<Plan, ClockError> {
        use DeadlineKind as K;
        let input = self.input;
        let e = &input.events;
        let mut out = Vec::new();
        out.push(self.at_week(K::ProblemAnalysis, 6, e.problem_analysis_on)?);
        self.safety_net_reports(&mut out)?;

        // Within 2 weeks after the problem analysis, week 8 at the latest (art. 2 lid 1
        // Regeling procesgang eerste en tweede ziektejaar).
        let plan_day = match self.in_period(e.problem_analysis_on) {
            Some(made) => add(self.counted(made)?, PLAN_AFTER_ANALYSIS_DAYS)?.min(7 * 8),
            None => 7 * 8,
        };
        out.push(self.at_day(K::PlanOfAction, plan_day, e.plan_of_action_signed_on)?);

        // Not needed where UWV already pays a Ziektewet benefit: it has the sick report.
        if input.safety_net.is_none() {
            let day_294 = self
                .days
                .projected_date_of(7 * 42)
                .ok_or(ClockError::DeadlineAfterYear9999)?;
            out.push(Draft {
                kind: K::Uwv42WeekReport,
                due: next_working_day_after(day_294).ok_or(ClockError::DeadlineAfterYear9999)?,
                week: 42,
                completed_on: self.in_period(e.uwv_42_week_report_on),
            });
        }

        for opinion in &e.second_opinions {
            if let Some(asked) = self.in_period(Some(opinion.requested_on)) {
                let day = add(self.counted(asked)?, SECOND_OPINION_DAYS)?;
                out.push(self.at_day(K::SecondOpinion, day, opinion.given_on)?);
            }
        }
        out.push(self.at_week(
            K::LabourExpertExamination,
            52,
            e.labour_expert_examination_on,
        )?);
        out.push(self.at_week(K::FirstYearEvaluation, 52, e.first_year_evaluation_on)?);
        if let Some(track2) = self.track2_start()? {
            out.push(track2);
        }
        if let Some(iva) = self.early_iva()? {
            out.push(iva);
        }

        let ext = input.extension_weeks;
        let wia = |week: u32| add(week, ext);
        out.push(self.at_week(K::WiaLetter, wia(89)?, e.wia_letter_received_on)?);
        out.push(self.at_week(K::CurrentAssessment, wia(91)?, e.current_assessment_on)?);
        out.push(self.at_week(K::FinalEvaluation, wia(91)?, e.final_evaluation_on)?);
        out.push(self.at_week(K::RivToEmployee, wia(91)?, e.riv_to_employee_on)?);
        let wia_day = mul7(wia(93)?)?;
        out.push(self.at_day(K::WiaApplication, wia_day, e.wia_application_on)?);

        let mut end_day = self.end_day(add(mul7(wia(104)?)?, self.wia_delay(wia_day)?)?)?;
        if let Some(s) = &input.sanction
            && let Some(asked) = s.shortening_requested_on
        {
            out.push(Draft {
                kind: K::SanctionDecision,
                due: asked
                    .checked_add_days(Days::new(SANCTION_DECISION_DAYS))
                    .ok_or(ClockError::DeadlineAfterYear9999)?,
                week: self.week_on(asked),
                completed_on: s.decision.map(|d| d.decided_on),
            });
        }

        // Leaving employment while sick (UWV, "Ziek melden bij UWV"; "Mijn werknemer gaat ziek
        // uit dienst"; for an own-risk carrier: "Werknemer is ziek", eigenrisicodrager ZW).
        let mut cut_off = self.in_period(e.iva_from);
        let mut riv_on_leaving = None;
        if let Some(last) = self.in_period(input.employment_ends_on) {
            let report_due = if input.own_risk_carrier {
                last.checked_add_days(Days::new(OWN_RISK_REPORT_DAYS))
                    .ok_or(ClockError::DeadlineAfterYear9999)?
            } else {
                last
            };
            out.push(Draft {
                kind: K::EmploymentEndReport,
                due: report_due,
                week: self.week_on(report_due),
                completed_on: self.in_period(e.employment_end_report_on),
            });
            if !input.own_risk_carrier {
                let employed = (last - self.first_day).num_days() + 1;
                let scope = if employed < RIV_SHORTENED_FROM_DAYS {
                    RivScope::None
                } else if employed < RIV_FULL_FROM_DAYS {
                    RivScope::Shortened
                } else {
                    RivScope::Full
                };
                if scope != RivScope::None {
                    out.push(Draft {
                        kind: K::RivOnLeaving,
                        due: last,
                        week: self.week_on(last),
                        completed_on: self.in_period(e.riv_on_leaving_on),
                    });
                }
                riv_on_leaving = Some(scope);
                // Wage payment ends with the employment; UWV takes the case over.
                end_day = end_day.min(self.counted(last)?);
                let after = last.succ_opt().ok_or(ClockError::DeadlineAfterYear9999)?;
                cut_off = Some(cut_off.map_or(after, |c| c.min(after)));
            }
        }
        let mut end = self.at_day(K::EndOfWagePayment, end_day, None)?;
        if let Some(iva) = self.in_period(e.iva_from)
            && let Some(day_before) = iva.pred_opt()
            && day_before < end.due
        {
            // An IVA benefit granted early ends the waiting time, and wage payment with it.
            end.due = day_before.max(self.first_day);
            end.week = self.week_on(end.due);
        }
        out.push(end);

        let evaluation_anchor = match self.in_period(e.plan_of_action_signed_on) {
            Some(signed) => self.counted(signed)?,
            None => plan_day,
        };
        self.series(
            &mut out,
            K::PlanEvaluation,
            evaluation_anchor,
            &e.evaluations,
            end_day,
        )?;
        if let Some(started) = self.in_period(e.track2_started_on) {
            let anchor = self.counted(started)?;
            self.series(
                &mut out,
                K::Track2Report,
                anchor,
                &e.track2_reports,
                end_day,
            )?;
        }

        for opinion in &e.expert_opinions {
            if let Some(answered) = self.in_period(Some(opinion.answered_on)) {
                let day = add(self.counted(answered)?, EXPERT_OPINION_FOLLOW_UP_DAYS)?;
                out.push(self.at_day(K::ExpertOpinionFollowUp, day, opinion.follow_up_on)?);
            }
        }
        Ok(Plan {
            drafts: out,
            cut_off,
            riv_on_leaving,
        })
    }

    /// The report to UWV for a Ziektewet benefit: within 6 weeks after the first sick day for
    /// every kind; for pregnancy also by the 4th sick day after each leave the sickness
    /// continues past (UWV, "Ziek melden bij UWV"). Each report completes the window it falls
    /// in: from its start up to the start of the next window.
    fn safety_net_reports(&self, out: &mut Vec<Draft>) -> Result<(), ClockError> {
        use super::SafetyNet;
        let Some(kind) = self.input.safety_net else {
            return Ok(());
        };
        let mut windows = vec![(self.first_day, self.at_day_date(SAFETY_NET_REPORT_DAY)?)];
        if kind == SafetyNet::Pregnancy {
            let mut leaves: Vec<_> = self
                .input
                .leaves
                .iter()
                .filter(|l| l.from >= self.first_day)
                .collect();
            leaves.sort_by_key(|l| l.from);
            for leave in leaves {
                let after = leave
                    .until
                    .succ_opt()
                    .ok_or(ClockError::DeadlineAfterYear9999)?;
                // Only when she is still sick after the leave.
                if self.days.day_of(after).is_some() {
                    let due = leave
                        .until
                        .checked_add_days(Days::new(REPORT_AFTER_LEAVE_DAYS))
                        .ok_or(ClockError::DeadlineAfterYear9999)?;
                    windows.push((after, due));
                }
            }
        }
        let mut reports: Vec<NaiveDate> = self.input.events.safety_net_reports.clone();
        reports.sort_unstable();
        for (i, (start, due)) in windows.iter().enumerate() {
            let next = windows.get(i + 1).map(|(s, _)| *s);
            let done = reports
                .iter()
                .copied()
                .find(|r| r >= start && next.is_none_or(|n| *r < n));
            out.push(Draft {
                kind: DeadlineKind::SafetyNetReport,
                due: *due,
                week: self.week_on(*due),
                completed_on: done,
            });
        }
        Ok(())
    }

    /// The start of track 2: 6 weeks after the first-year evaluation (held, else due). It may
    /// wait while a concrete return prospect recorded by then holds (3 months; UWV Werkwijzer
    /// Poortwachter) and while the doctor states no sustainable usable capacity; after such a
    /// statement is lifted it is due 6 weeks later. `None` while a statement still holds.
    fn track2_start(&self) -> Result<Option<Draft>, ClockError> {
        let e = &self.input.events;
        let started = self.in_period(e.track2_started_on);
        let base = match self.in_period(e.first_year_evaluation_on) {
            Some(held) => self.counted(held)?,
            None => 7 * 52,
        };
        let normal_day = add(base, SERIES_INTERVAL_DAYS)?;
        if started.is_some() {
            return self
                .at_day(DeadlineKind::Track2Start, normal_day, started)
                .map(Some);
        }
        let mut due = self.at_day_date(normal_day)?;
        if let Some(prospect) = self.in_period(e.return_prospect_on)
            && prospect <= due
        {
            let expires = prospect
                .checked_add_months(Months::new(RETURN_PROSPECT_MONTHS))
                .ok_or(ClockError::DeadlineAfterYear9999)?;
            due = due.max(expires);
        }
        let Some(due) = self.after_capacity(due, &e.no_capacity)? else {
            return Ok(None);
        };
        let day = self.counted(due)?;
        self.at_day(DeadlineKind::Track2Start, day, None).map(Some)
    }

    /// The first date from `due` on that no "no usable capacity" statement covers, moved 6
    /// weeks past each lifted statement; `None` when a statement covers it and still holds.
    fn after_capacity(
        &self,
        mut due: NaiveDate,
        spans: &[NoCapacity],
    ) -> Result<Option<NaiveDate>, ClockError> {
        // Each pass moves past one span, so as many passes as spans suffice.
        for _ in 0..=spans.len() {
            let covering = spans
                .iter()
                .filter(|s| s.from <= due && s.until.is_none_or(|until| due < until))
                .map(|s| s.until)
                .max_by_key(|until| until.unwrap_or(NaiveDate::MAX));
            match covering {
                None => return Ok(Some(due)),
                Some(None) => return Ok(None),
                Some(Some(lifted)) => {
                    let day = add(self.counted(lifted)?, TRACK2_AFTER_CAPACITY_DAYS)?;
                    due = self.at_day_date(day)?;
                }
            }
        }
        Ok(Some(due))
    }

    /// The early IVA application (art. 23 lid 6 and art. 64 lid 3 WIA): an option while the
    /// doctor states no sustainable usable capacity, up to the end of week 67 (applications
    /// are made "before the 68th week"). Listed when applied for, or while the option is open.
    fn early_iva(&self) -> Result<Option<Draft>, ClockError> {
        let e = &self.input.events;
        let draft = self.at_day(
            DeadlineKind::EarlyIvaApplication,
            EARLY_IVA_LAST_DAY,
            e.early_iva_applied_on,
        )?;
        if draft.completed_on.is_some() {
            return Ok(Some(draft));
        }
        let stated = e
            .no_capacity
            .iter()
            .any(|s| s.from <= draft.due && s.until.is_none_or(|until| until > self.first_day));
        Ok((stated && self.today <= draft.due).then_some(draft))
    }

    /// Counted days wage payment is extended because the WIA application came late (art.
    /// 7:629 lid 11 sub a BW): from its due day to the day it was made; while it is still
    /// not made, up to today, so wage payment never ends while the application is missing.
    fn wia_delay(&self, wia_day: u32) -> Result<u32, ClockError> {
        let made = self
            .in_period(self.input.events.wia_application_on)
            .or_else(|| self.in_period(Some(self.today)));
        match made {
            Some(on) => Ok(self.counted(on)?.saturating_sub(wia_day)),
            None => Ok(0),
        }
    }

    /// The last counted day of wage payment from `base` (104 weeks plus extension and WIA
    /// delay): a sanction adds its weeks (art. 7:629 lid 11 sub b BW); a shortening UWV grants
    /// ends it 6 weeks after the decision, never before `base` (UWV, bekortingsverzoek).
    fn end_day(&self, base: u32) -> Result<u32, ClockError> {
        let Some(s) = &self.input.sanction else {
            return Ok(base);
        };
        let full = add(base, mul7(s.weeks)?)?;
        match s.decision {
            Some(d) if d.granted => {
                let shortened = add(
                    self.counted(d.decided_on.max(self.first_day))?,
                    SANCTION_TAIL_DAYS,
                )?;
                Ok(shortened.clamp(base, full))
            }
            _ => Ok(full),
        }
    }

    /// A recurring deadline: projected every 6 weeks from `anchor` while nothing is recorded;
    /// otherwise the recorded ones plus the next open one.
    fn series(
        &self,
        out: &mut Vec<Draft>,
        kind: DeadlineKind,
        anchor: u32,
        recorded: &[NaiveDate],
        end_day: u32,
    ) -> Result<(), ClockError> {
        let mut recorded: Vec<NaiveDate> = recorded
            .iter()
            .filter_map(|d| self.in_period(Some(*d)))
            .collect();
        recorded.sort_unstable();
        let mut due_day = add(anchor, SERIES_INTERVAL_DAYS)?;
        if recorded.is_empty() {
            while due_day <= end_day {
                out.push(self.at_day(kind, due_day, None)?);
                due_day = add(due_day, SERIES_INTERVAL_DAYS)?;
            }
            return Ok(());
        }
        for done in recorded {
            out.push(self.at_day(kind, due_day, Some(done))?);
            due_day = add(self.counted(done)?, SERIES_INTERVAL_DAYS)?;
        }
        if due_day <= end_day {
            out.push(self.at_day(kind, due_day, None)?);
        }
        Ok(())
    }

    fn at_week(
        &self,
        kind: DeadlineKind,
        week: u32,
        completed_on: Option<NaiveDate>,
    ) -> Result<Draft, ClockError> {
        self.at_day(kind, mul7(week)?, completed_on)
    }

    fn at_day(
        &self,
        kind: DeadlineKind,
        day: u32,
        completed_on: Option<NaiveDate>,
    ) -> Result<Draft, ClockError> {
        Ok(Draft {
            kind,
            due: self.at_day_date(day)?,
            week: day.div_ceil(7),
            completed_on: self.in_period(completed_on),
        })
    }

    fn at_day_date(&self, day: u32) -> Result<NaiveDate, ClockError> {
        self.days
            .projected_date_of(day)
            .ok_or(ClockError::DeadlineAfterYear9999)
    }

    /// The week a calendar date lies in (of its counted day, or the last one before it).
    fn week_on(&self, date: NaiveDate) -> u32 {
        self.days
            .projected_day_on_or_before(date)
            .unwrap_or(1)
            .div_ceil(7)
    }

    /// The counted day an event-relative deadline counts from.
    fn counted(&self, date: NaiveDate) -> Result<u32, ClockError> {
        // Only called for dates in the period, so "before day 1" cannot happen; the error
        // stands for a date too far out to count.
        self.days
            .projected_day_on_or_before(date)
            .ok_or(ClockError::DeadlineAfterYear9999)
    }

    /// An event of the current period; earlier ones belong to a closed 104-week period.
    fn in_period(&self, date: Option<NaiveDate>) -> Option<NaiveDate> {
        date.filter(|d| *d >= self.first_day)
    }
}

fn add(a: u32, b: u32) -> Result<u32, ClockError> {
    a.checked_add(b).ok_or(ClockError::DeadlineAfterYear9999)
}

fn mul7(weeks: u32) -> Result<u32, ClockError> {
    weeks
        .checked_mul(7)
        .ok_or(ClockError::DeadlineAfterYear9999)
}
