//! The background worker: the reminder sweep and delivery every few minutes, and the hourly
//! housekeeping (expired sessions and refresh tokens, stale invitations, unfinished uploads, the
//! cases' clocks).

use std::time::Duration;

use crate::state::AppState;

/// Runs until `shutdown` resolves.
pub async fn run(state: AppState, shutdown: impl std::future::Future<Output = ()>) {
    tracing::info!("worker started");
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    let mut reminders = tokio::time::interval(Duration::from_secs(REMIND_EVERY_SECS));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = reminders.tick() => {
                match remind(&state, false).await {
                    Ok((swept, sent)) if swept.queued + sent.sent + sent.retrying + sent.failed > 0 => tracing::info!(
                        queued = swept.queued, sent = sent.sent, retrying = sent.retrying, failed = sent.failed, "reminders"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "reminder sweep failed; will retry"),
                }
            }
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

/// How often the worker sweeps for due reminders and delivers the outbox.
const REMIND_EVERY_SECS: u64 = 300;

/// One reminder sweep as of today, then delivery of everything due (with `all`, also what
/// waits out a retry backoff).
pub async fn remind(
    state: &AppState,
    all: bool,
) -> Result<(scheduling::SweepReport, scheduling::DeliveryReport), platform::AppError> {
    let swept = scheduling::sweep(&state.db, state.clock.today(), state.clock.now()).await?;
    let delivery = scheduling::Delivery {
        mailer: state.mailer.clone(),
        public_url: state.config.public_url.clone(),
    };
    let delivered = if all {
        scheduling::deliver_all(&state.db, &delivery, state.clock.now()).await?
    } else {
        scheduling::deliver_due(&state.db, &delivery, state.clock.now()).await?
    };
    Ok((swept, delivered))
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
