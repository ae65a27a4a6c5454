//! The access log (NEN 7513): who (user, role, organisation, on whose behalf), whose data (the
//! employee), what (resource, action C/R/U/D/E), when, from where (IP, user agent, request id),
//! and the outcome.
//!
//! Append-only and tamper-evident: entries form one chain per tenant; each entry's `hash` is an
//! HMAC-SHA256 (key derived from the master key) over its fields and the previous entry's hash.
//! Editing, inserting or deleting a row breaks the chain at that row, and without the master
//! key nobody with only database access can re-forge the chain behind an edit. Chains are per
//! tenant so appends of different tenants never wait for each other, and so the log can be
//! sharded by tenant like every other table.

use std::sync::Arc;

use aws_lc_rs::hmac;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, Statement, TransactionTrait,
};
use uuid::Uuid;

use crate::access::Action;
use crate::actor::{Actor, RequestMeta};
use crate::clock::SharedClock;
use crate::entities::access_log;
use crate::error::{AppError, AppResult};
use crate::ids::new_id;

/// `prev_hash` of the first entry of a chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Outcome of an access attempt.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The policy allowed it.
    Allowed,
    /// The policy (or authentication) refused it.
    Denied,
}

impl Outcome {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "ALLOWED",
            Outcome::Denied => "DENIED",
        }
    }
}

/// What happened, without the who/where that come from the actor and request.
#[derive(Clone, Debug)]
pub struct AccessEvent {
    /// Whose chain: the organisation owning the data (for logins: the user's organisation).
    pub tenant_id: Uuid,
    /// The employee whose data it is, if any.
    pub subject_employee_id: Option<Uuid>,
    /// Kind of record (`session`, `user`, `medical_file`, ...).
    pub resource_type: &'static str,
    /// The record's id.
    pub resource_id: Option<String>,
    /// C/R/U/D/E.
    pub action: Action,
    /// Allowed or denied.
    pub outcome: Outcome,
    /// Short non-medical detail, e.g. `wrong password`, `account locked`.
    pub detail: Option<String>,
}

/// A broken link found by [`AccessLog::verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The chain.
    pub tenant_id: Uuid,
    /// Position of the first bad entry (or where one is missing).
    pub seq: i64,
    /// The row id of the first bad entry.
    pub id: Uuid,
    /// What is wrong.
    pub problem: String,
}

/// Result of a full verification.
#[derive(Clone, Debug, Default)]
pub struct VerifyReport {
    /// Entries checked.
    pub entries: u64,
    /// Chains (tenants) checked, with their length and head hash, for anchoring outside.
    pub heads: Vec<(Uuid, i64, String)>,
    /// The first break, if any.
    pub first_break: Option<ChainBreak>,
}

/// What the chain key was derived as before it was stored ([`crate::keyring::Keyring::system_key`]
/// starts from it, so existing chains stay valid).
pub const CHAIN_KEY_PURPOSE: &[u8] = b"access-log-chain";

/// Writer and verifier of the access log.
#[derive(Clone)]
pub struct AccessLog {
    db: DatabaseConnection,
    clock: SharedClock,
    key: Arc<hmac::Key>,
    /// SQLite has one writer at a time anyway; serialising our own appends in-process avoids
    /// busy-retries between the read of the chain head and the insert.
    local: Arc<tokio::sync::Mutex<()>>,
}

impl std::fmt::Debug for AccessLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessLog")
    }
}

impl AccessLog {
    /// A log writing to `db`, chained with a key derived from `master`.
    pub fn new(db: DatabaseConnection, clock: SharedClock, chain_key: &[u8; 32]) -> Self {
        let key = hmac::Key::new(hmac::HMAC_SHA256, chain_key);
        AccessLog {
            db,
            clock,
            key: Arc::new(key),
            local: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Appends one entry for `actor`. Failures are errors: an access that cannot be logged must
    /// not happen, so callers log before they return data.
    pub async fn record(
        &self,
        actor: &Actor,
        meta: &RequestMeta,
        event: AccessEvent,
    ) -> AppResult<()> {
        let (user, role, org, behalf) = match actor {
            Actor::Anonymous => (None, None, None, None),
            Actor::User(u) => (
                Some(u.user_id),
                Some(
                    u.roles
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                Some(u.organisation_id),
                None,
            ),
            Actor::System { job, .. } => (
                None,
                Some("SYSTEM".to_string()),
                None,
                Some(format!("job:{job}")),
            ),
            Actor::Provisioning {
                tenant_id,
                token_id,
            } => (
                None,
                Some("SCIM".to_string()),
                Some(*tenant_id),
                Some(format!("scim_token:{token_id}")),
            ),
        };
        let mut entry = access_log::Model {
            id: new_id(),
            tenant_id: event.tenant_id,
            seq: 0,
            occurred_at: self.clock.now(),
            actor_user_id: user,
            actor_role: role,
            actor_organisation_id: org,
            on_behalf_of: behalf,
            subject_employee_id: event.subject_employee_id,
            resource_type: event.resource_type.to_string(),
            resource_id: event.resource_id,
            action: event.action.code().to_string(),
            outcome: event.outcome.as_str().to_string(),
            detail: event.detail.map(|d| truncate(&d, 200)),
            ip: meta.ip.map(|ip| ip.to_string()),
            user_agent: meta.user_agent.as_deref().map(|u| truncate(u, 300)),
            request_id: meta.request_id.clone(),
            prev_hash: String::new(),
            hash: String::new(),
        };
        let _guard = match self.db.get_database_backend() {
            DatabaseBackend::Sqlite => Some(self.local.lock().await),
            _ => None,
        };
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.try_append(&mut entry).await {
                Ok(()) => return Ok(()),
                // Another process appended to the same chain between our read and insert.
                Err(e) if attempts < 10 && is_retryable(&e) => {
                    tokio::time::sleep(std::time::Duration::from_millis(5 * attempts)).await;
                }
                Err(e) => return Err(AppError::internal(e)),
            }
        }
    }

    async fn try_append(&self, entry: &mut access_log::Model) -> Result<(), DbErr> {
        let txn = self.db.begin().await?;
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            // Serialises appends to one tenant's chain across every process on this database.
            txn.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1)",
                [lock_key(entry.tenant_id).into()],
            ))
            .await?;
        }
        let head = access_log::Entity::find()
            .filter(access_log::Column::TenantId.eq(entry.tenant_id))
            .order_by_desc(access_log::Column::Seq)
            .limit(1)
            .one(&txn)
            .await?;
        let (seq, prev) = head
            .map(|h| (h.seq + 1, h.hash))
            .unwrap_or((1, GENESIS.to_string()));
        entry.seq = seq;
        entry.prev_hash = prev;
        entry.hash = self.hash(entry);
        access_log::ActiveModel {
            id: Set(entry.id),
            tenant_id: Set(entry.tenant_id),
            seq: Set(entry.seq),
            occurred_at: Set(entry.occurred_at),
            actor_user_id: Set(entry.actor_user_id),
            actor_role: Set(entry.actor_role.clone()),
            actor_organisation_id: Set(entry.actor_organisation_id),
            on_behalf_of: Set(entry.on_behalf_of.clone()),
            subject_employee_id: Set(entry.subject_employee_id),
            resource_type: Set(entry.resource_type.clone()),
            resource_id: Set(entry.resource_id.clone()),
            action: Set(entry.action.clone()),
            outcome: Set(entry.outcome.clone()),
            detail: Set(entry.detail.clone()),
            ip: Set(entry.ip.clone()),
            user_agent: Set(entry.user_agent.clone()),
            request_id: Set(entry.request_id.clone()),
            prev_hash: Set(entry.prev_hash.clone()),
            hash: Set(entry.hash.clone()),
        }
        .insert(&txn)
        .await?;
        txn.commit().await
    }

    /// The chain hash of an entry: HMAC over every field but `hash` itself, in a fixed order.
    pub fn hash(&self, e: &access_log::Model) -> String {
        let canonical = serde_json::json!([
            e.tenant_id,
            e.seq,
            timestamp(e.occurred_at),
            e.actor_user_id,
            e.actor_role,
            e.actor_organisation_id,
            e.on_behalf_of,
            e.subject_employee_id,
            e.resource_type,
            e.resource_id,
            e.action,
            e.outcome,
            e.detail,
            e.ip,
            e.user_agent,
            e.request_id,
            e.prev_hash,
        ]);
        hex::encode(hmac::sign(&self.key, canonical.to_string().as_bytes()))
    }

    /// Walks every chain and reports the first entry that was edited, inserted or deleted.
    pub async fn verify(&self) -> AppResult<VerifyReport> {
        const BATCH: u64 = 5_000;
        let mut report = VerifyReport::default();
        // (tenant, seq) of the last entry seen, for keyset pagination.
        let mut cursor: Option<(Uuid, i64)> = None;
        let mut expected: Option<(Uuid, i64, String)> = None;
        loop {
            let mut query = access_log::Entity::find()
                .order_by_asc(access_log::Column::TenantId)
                .order_by_asc(access_log::Column::Seq)
                .limit(BATCH);
            if let Some((tenant, seq)) = cursor {
                query = query.filter(
                    sea_orm::Condition::any()
                        .add(access_log::Column::TenantId.gt(tenant))
                        .add(
                            sea_orm::Condition::all()
                                .add(access_log::Column::TenantId.eq(tenant))
                                .add(access_log::Column::Seq.gt(seq)),
                        ),
                );
            }
            let rows = query.all(&self.db).await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                report.entries += 1;
                let (want_seq, want_prev) = match &expected {
                    Some((tenant, seq, hash)) if *tenant == row.tenant_id => {
                        (seq + 1, hash.clone())
                    }
                    Some((tenant, seq, hash)) => {
                        report.heads.push((*tenant, *seq, hash.clone()));
                        (1, GENESIS.to_string())
                    }
                    None => (1, GENESIS.to_string()),
                };
                if report.first_break.is_none() {
                    let problem = if row.seq != want_seq {
                        Some(format!(
                            "expected entry {want_seq} here, found {}: an entry was deleted or inserted",
                            row.seq
                        ))
                    } else if row.prev_hash != want_prev {
                        Some("does not link to the entry before it: an entry was deleted, inserted or edited".to_string())
                    } else if !crate::crypto::constant_time_eq(
                        self.hash(row).as_bytes(),
                        row.hash.as_bytes(),
                    ) {
                        Some(
                            "its content does not match its hash: the entry was edited".to_string(),
                        )
                    } else {
                        None
                    };
                    if let Some(problem) = problem {
                        report.first_break = Some(ChainBreak {
                            tenant_id: row.tenant_id,
                            seq: row.seq,
                            id: row.id,
                            problem,
                        });
                    }
                }
                expected = Some((row.tenant_id, row.seq, row.hash.clone()));
            }
            cursor = rows.last().map(|r| (r.tenant_id, r.seq));
            if (rows.len() as u64) < BATCH {
                break;
            }
        }
        if let Some((tenant, seq, hash)) = expected {
            report.heads.push((tenant, seq, hash));
        }
        Ok(report)
    }

    /// The entries about one employee, newest first (the employee's "who saw my file").
    pub async fn for_subject(
        &self,
        db: &impl ConnectionTrait,
        tenant_id: Uuid,
        employee_id: Uuid,
        limit: u64,
    ) -> AppResult<Vec<access_log::Model>> {
        Ok(access_log::Entity::find()
            .filter(access_log::Column::TenantId.eq(tenant_id))
            .filter(access_log::Column::SubjectEmployeeId.eq(employee_id))
            .order_by_desc(access_log::Column::Seq)
            .limit(limit)
            .all(db)
            .await?)
    }
}

fn is_retryable(e: &DbErr) -> bool {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        return true;
    }
    // SQLite "database is locked" when another process holds the write lock.
    let text = e.to_string();
    text.contains("database is locked") || text.contains("SQLITE_BUSY")
}

/// The advisory-lock key of a tenant's chain: 63 bits of its id.
fn lock_key(tenant: Uuid) -> i64 {
    let bytes = tenant.as_bytes();
    let mut key = [0u8; 8];
    for (i, b) in bytes.iter().enumerate() {
        key[i % 8] ^= b;
    }
    i64::from_be_bytes(key) & i64::MAX
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
