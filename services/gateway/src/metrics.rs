//! Prometheus metrics in the text exposition format, kept to the few numbers an operator
//! watches: requests by outcome, latency, requests in flight, SQL statements sent.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// Process-wide counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests_2xx: AtomicU64,
    requests_4xx: AtomicU64,
    requests_5xx: AtomicU64,
    in_flight: AtomicU64,
    latency_buckets: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    db_statements: AtomicU64,
}

impl Metrics {
    /// A request started.
    pub fn start(&self) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    /// A request finished with `status` after `elapsed`.
    pub fn finish(&self, status: u16, elapsed: Duration) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        match status {
            500.. => &self.requests_5xx,
            400..=499 => &self.requests_4xx,
            _ => &self.requests_2xx,
        }
        .fetch_add(1, Ordering::Relaxed);
        let secs = elapsed.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                self.latency_buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        self.latency_sum_micros.fetch_add(
            u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    /// A SQL statement was sent (the benchmark divides these by requests: statements per
    /// request).
    pub fn statement(&self) {
        self.db_statements.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self, db_pool_size: Option<u32>) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP poortwachter_http_requests_total HTTP requests by status class."
        );
        let _ = writeln!(out, "# TYPE poortwachter_http_requests_total counter");
        for (class, counter) in [
            ("2xx", &self.requests_2xx),
            ("4xx", &self.requests_4xx),
            ("5xx", &self.requests_5xx),
        ] {
            let _ = writeln!(
                out,
                "poortwachter_http_requests_total{{class=\"{class}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP poortwachter_http_requests_in_flight Requests being served."
        );
        let _ = writeln!(out, "# TYPE poortwachter_http_requests_in_flight gauge");
        let _ = writeln!(
            out,
            "poortwachter_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP poortwachter_http_request_duration_seconds Request latency."
        );
        let _ = writeln!(
            out,
            "# TYPE poortwachter_http_request_duration_seconds histogram"
        );
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "poortwachter_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                self.latency_buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "poortwachter_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "poortwachter_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(
            out,
            "poortwachter_http_request_duration_seconds_count {count}"
        );
        let _ = writeln!(
            out,
            "# HELP poortwachter_db_statements_total SQL statements sent on the main pool."
        );
        let _ = writeln!(out, "# TYPE poortwachter_db_statements_total counter");
        let _ = writeln!(
            out,
            "poortwachter_db_statements_total {}",
            self.db_statements.load(Ordering::Relaxed)
        );
        if let Some(size) = db_pool_size {
            let _ = writeln!(
                out,
                "# HELP poortwachter_db_pool_connections Open database connections."
            );
            let _ = writeln!(out, "# TYPE poortwachter_db_pool_connections gauge");
            let _ = writeln!(out, "poortwachter_db_pool_connections {size}");
        }
        let _ = writeln!(
            out,
            "# HELP poortwachter_build_info Version of the running binary."
        );
        let _ = writeln!(out, "# TYPE poortwachter_build_info gauge");
        let _ = writeln!(
            out,
            "poortwachter_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_requests_are_counted_by_class_and_bucket() {
        let m = Metrics::default();
        m.start();
        m.finish(200, Duration::from_millis(3));
        m.start();
        m.finish(404, Duration::from_millis(300));
        m.statement();
        let text = m.render(None);
        assert!(text.contains("poortwachter_http_requests_total{class=\"2xx\"} 1"));
        assert!(text.contains("poortwachter_http_requests_total{class=\"4xx\"} 1"));
        assert!(text.contains("poortwachter_http_request_duration_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("poortwachter_http_request_duration_seconds_bucket{le=\"0.5\"} 2"));
        assert!(text.contains("poortwachter_http_requests_in_flight 0"));
        assert!(text.contains("poortwachter_db_statements_total 1"));
    }
}
