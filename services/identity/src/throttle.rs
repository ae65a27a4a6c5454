//! Password guessing slowed per (address, client) with growing delays, instead of an account
//! lock (decision 76). A lock per account let anyone lock out anyone, a doctor included, by
//! typing five wrong passwords, and told which addresses exist. Here the delays fall on the
//! pair of the address typed and the client's IP: the guesser slows himself down, the owner
//! logging in from his own device is not affected, and an unknown address is throttled exactly
//! like a known one. A throttled attempt gets the same answer as a wrong password. The state
//! is in the database, so it holds across gateways.

use chrono::{DateTime, Duration, Utc};
use platform::AppResult;
use platform::crypto::sha256_hex;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set};
use std::net::IpAddr;

use crate::entities::login_throttle;

/// How failures turn into delays.
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    /// Failures that cost nothing (typos).
    pub free_failures: u32,
    /// The longest delay.
    pub max_delay: Duration,
}

impl ThrottlePolicy {
    /// The delay after `failures` failures: none for the free ones, then 1 s doubling up to
    /// the maximum.
    pub fn delay(&self, failures: i32) -> Option<Duration> {
        let over = i64::from(failures) - i64::from(self.free_failures);
        if over < 0 {
            return None;
        }
        let secs = 1i64
            .checked_shl(u32::try_from(Ord::min(over, 40)).unwrap_or(40))
            .unwrap_or(i64::MAX);
        Some(Ord::min(Duration::seconds(secs), self.max_delay))
    }
}

/// The key of (address as typed, client): a hash, so the table holds no addresses.
pub fn key(email: &str, ip: Option<IpAddr>) -> String {
    let ip = ip.map(|i| i.to_string()).unwrap_or_default();
    sha256_hex(format!("{}\n{ip}", email.trim().to_lowercase()).as_bytes())
}

/// Whether attempts under `key` must wait now.
pub async fn blocked(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> AppResult<bool> {
    Ok(login_throttle::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .and_then(|row| row.blocked_until)
        .is_some_and(|until| until > now))
}

/// Counts a failure under `key` and sets the delay it earned.
pub async fn failed(
    db: &impl ConnectionTrait,
    policy: ThrottlePolicy,
    key: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        key: Set(key.to_string()),
        failures: Set(1),
        blocked_until: Set(None),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(login_throttle::Column::Key)
            .value(
                login_throttle::Column::Failures,
                Expr::col((login_throttle::Entity, login_throttle::Column::Failures)).add(1),
            )
            .value(login_throttle::Column::UpdatedAt, now)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if let Some(row) = login_throttle::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        && let Some(delay) = policy.delay(row.failures)
    {
        let mut active = row.into_active_model();
        active.blocked_until = Set(Some(now + delay));
        active.update(db).await?;
    }
    Ok(())
}

/// Forgets the failures under `key` after a successful login.
pub async fn succeeded(db: &impl ConnectionTrait, key: &str) -> AppResult<()> {
    login_throttle::Entity::delete_by_id(key.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Removes rows idle for a day (the housekeeping pass).
pub async fn purge(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::UpdatedAt.lt(now - Duration::days(1)))
        .exec(db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_failures_and_double_up_to_the_maximum() {
        let p = ThrottlePolicy {
            free_failures: 3,
            max_delay: Duration::seconds(900),
        };
        assert_eq!(p.delay(2), None);
        assert_eq!(p.delay(3), Some(Duration::seconds(1)));
        assert_eq!(p.delay(4), Some(Duration::seconds(2)));
        assert_eq!(p.delay(8), Some(Duration::seconds(32)));
        assert_eq!(p.delay(20), Some(Duration::seconds(900)));
        assert_eq!(p.delay(i32::MAX), Some(Duration::seconds(900)));
    }

    #[test]
    fn the_key_depends_on_address_and_client_not_on_case() {
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(key("A@x.example", Some(ip)), key("a@x.example ", Some(ip)));
        assert_ne!(key("a@x.example", Some(ip)), key("a@x.example", None));
    }
}
