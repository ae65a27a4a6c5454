//! The shape of a demo case, read by the case seeding and by the documents and track 2 it
//! adds to some of them (its own file, so those do not import each other in a loop).

use cases::model::Track;

/// A demo case: whose, how many weeks sick, and what the demo shows with it.
pub(crate) struct DemoCase {
    pub(crate) employee: &'static str,
    pub(crate) vandijk: bool,
    pub(crate) weeks: i64,
    /// Recovered and fell ill again within 4 weeks: (days since recovery, gap in days).
    pub(crate) relapse: Option<(i64, i64)>,
    pub(crate) track: Track,
    pub(crate) doctor: bool,
    pub(crate) agency: bool,
    /// What the case shows beyond the common path.
    pub(crate) story: Story,
}

/// A demo case's rule beyond the common path (decision 82).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Story {
    /// The common path.
    Common,
    /// Sick from pregnancy (safety net), on maternity leave since two weeks ago.
    Pregnancy,
    /// A no-risk policy (safety net) and a fixed-term contract that ends in three weeks.
    NoRiskLeaving,
}
