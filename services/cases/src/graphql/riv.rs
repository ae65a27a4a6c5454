//! `rivCompleteness`: the "RIV ready?" check of a case.

use async_graphql::{Context, ID, Object, SimpleObject};
use documents::Documents;
use medical::Medical;
use platform::GqlResultExt;
use platform::context::request_ctx;
use platform::graphql::parse_id;
use platform::scalars::Date;

use crate::riv::{self, RivPart, RivPartState};

/// One part of the RIV and where it stands.
#[derive(SimpleObject, Clone)]
pub struct RivPartStatus {
    /// The part.
    pub part: RivPart,
    /// Present, missing, stale, not yet due or not applicable.
    pub state: RivPartState,
    /// The latest date it was done.
    pub last_on: Option<Date>,
    /// When it is due.
    pub due_on: Option<Date>,
}

/// Whether the re-integration report is complete, and what it lacks.
#[derive(SimpleObject, Clone)]
pub struct RivCompleteness {
    /// Nothing lacking: every part present (or not applicable).
    pub complete: bool,
    /// The parts still lacking (missing, stale or not yet due), in RIV order.
    pub missing: Vec<RivPart>,
    /// Every part with its state.
    pub parts: Vec<RivPartStatus>,
    /// When the RIV must be with the employee.
    pub due_on: Option<Date>,
}

/// The RIV query.
#[derive(Default)]
pub struct RivQuery;

#[Object]
impl RivQuery {
    /// Which parts of the re-integration report (RIV) are there, missing or stale — e.g. an
    /// actueel oordeel older than 3 months. For everyone who reads the case.
    async fn riv_completeness(
        &self,
        gql: &Context<'_>,
        case_id: ID,
    ) -> async_graphql::Result<RivCompleteness> {
        let ctx = request_ctx(gql)?;
        let case_id = parse_id(&case_id)?;
        let check = riv::completeness(
            ctx,
            gql.data::<Documents>()?,
            gql.data::<Medical>()?,
            case_id,
        )
        .await
        .gql()?;
        Ok(RivCompleteness {
            complete: check.complete(),
            missing: check.missing(),
            parts: check
                .parts
                .into_iter()
                .map(|p| RivPartStatus {
                    part: p.part,
                    state: p.state,
                    last_on: p.last_on.map(Date),
                    due_on: p.due_on.map(Date),
                })
                .collect(),
            due_on: check.due_on.map(Date),
        })
    }
}
