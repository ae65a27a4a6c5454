//! Login throttling per client IP: a sliding one-minute window in process memory. Per-account
//! lockout (which must hold across gateways) lives in the database instead.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most distinct IPs remembered; beyond it, idle entries are dropped first.
const MAX_TRACKED: usize = 100_000;
const WINDOW: Duration = Duration::from_secs(60);

/// Sliding-window limiter.
#[derive(Debug)]
pub struct LoginLimiter {
    per_minute: usize,
    seen: Mutex<HashMap<Option<IpAddr>, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// Allows `per_minute` attempts per IP per minute.
    pub fn new(per_minute: u32) -> Self {
        LoginLimiter {
            per_minute: per_minute as usize,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, ip: Option<IpAddr>) -> Result<(), u64> {
        self.check_at(ip, Instant::now())
    }

    fn check_at(&self, ip: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= MAX_TRACKED {
            seen.retain(|_, hits| hits.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let hits = seen.entry(ip).or_default();
        while hits
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            hits.pop_front();
        }
        if hits.len() >= self.per_minute {
            let oldest = hits.front().copied().unwrap_or(now);
            let wait = WINDOW.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        hits.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_ip_and_the_window_slides() {
        let limiter = LoginLimiter::new(3);
        let a = Some("10.0.0.1".parse().unwrap());
        let b = Some("10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(a, t0).is_ok());
        }
        let wait = limiter.check_at(a, t0).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(
            limiter.check_at(b, t0).is_ok(),
            "another IP is not affected"
        );
        assert!(
            limiter.check_at(a, t0 + Duration::from_secs(61)).is_ok(),
            "window slid"
        );
    }
}
