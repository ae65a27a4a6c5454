//! The background worker. For now it does the housekeeping (expired sessions and refresh
//! tokens, stale invitations, the cases' next deadlines); the scheduling service adds the
//! reminder queue here.

use std::time::Duration;

use crate::state::AppState;

/// Runs until `shutdown` resolves.
pub async fn run(state: AppState, shutdown: impl std::future::Future<Output = ()>) {
    tracing::info!("worker started");
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = tick.tick() => {
                match housekeeping(&state).await {
                    Ok(n) if n > 0 => tracing::info!(removed = n, "housekeeping"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "housekeeping failed; will retry"),
                }
            }
        }
    }
    tracing::info!("worker stopped");
}

/// Removes sessions that ended more than a day ago (their refresh tokens go with them) and
/// invitations that expired more than 30 days ago, uploads a crash left unfinished, and brings the open cases' next deadline up
/// to date. Returns the number of rows removed or changed.
pub async fn housekeeping(state: &AppState) -> Result<u64, platform::AppError> {
    let removed = identity::repo::purge_expired(&state.db, state.clock.now()).await?;
    let refreshed = cases::service::refresh_open_clocks(&state.db, state.clock.today()).await?;
    let abandoned = state
        .documents
        .remove_abandoned(&state.db, state.clock.now())
        .await?;
    Ok(removed + refreshed + abandoned as u64)
}
