//! Types of the cases service, independent of GraphQL.

use chrono::NaiveDate;

use crate::entities::{case_file, case_partial_recovery, case_recovery};
use crate::timeline::{ClockInput, PartialRecovery, Recovery};

/// Where a case stands.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum CaseStatus {
    /// The employee is (partly) sick.
    Open,
    /// Fully recovered; a relapse within 28 days reopens this same case.
    Recovered,
    /// Closed for good.
    Closed,
}

impl CaseStatus {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "OPEN",
            CaseStatus::Recovered => "RECOVERED",
            CaseStatus::Closed => "CLOSED",
        }
    }

    /// Parses the stored form.
    pub fn parse(raw: &str) -> CaseStatus {
        match raw {
            "RECOVERED" => CaseStatus::Recovered,
            "CLOSED" => CaseStatus::Closed,
            _ => CaseStatus::Open,
        }
    }
}

/// Re-integration track (spoor).
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Track {
    /// Spoor 1: own work or other work with the own employer.
    #[graphql(name = "TRACK_1")]
    Track1,
    /// Spoor 2: work with another employer.
    #[graphql(name = "TRACK_2")]
    Track2,
    /// Both at once (two-track policy).
    #[graphql(name = "BOTH")]
    Both,
    /// Spoor 3: after 104 weeks or a contract takeover.
    #[graphql(name = "TRACK_3")]
    Track3,
}

impl Track {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Track::Track1 => "TRACK_1",
            Track::Track2 => "TRACK_2",
            Track::Both => "BOTH",
            Track::Track3 => "TRACK_3",
        }
    }

    /// Parses the stored form.
    pub fn parse(raw: &str) -> Track {
        match raw {
            "TRACK_2" => Track::Track2,
            "BOTH" => Track::Both,
            "TRACK_3" => Track::Track3,
            _ => Track::Track1,
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
}

impl CaseRecord {
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
        input.extension_weeks = u32::try_from(self.case.extension_weeks).unwrap_or(0);
        input.sanction_weeks = u32::try_from(self.case.sanction_weeks).unwrap_or(0);
        input.events.return_prospect = self.case.return_prospect;
        input
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
