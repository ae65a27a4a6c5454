//! Per-tenant data keys for medical data (envelope encryption).
//!
//! Each tenant has one random 256-bit data key. It is stored only wrapped: sealed with
//! AES-256-GCM under a key-encryption key derived from the master key
//! (`POORTWACHTER_MASTER_KEY`), bound to the tenant id. Medical fields are sealed with the data
//! key, bound to their row and column, so a database dump alone — or a ciphertext copied to
//! another row — reveals nothing. Rotating the master key re-wraps the data keys
//! ([`rewrap_all`]); the data itself is not re-encrypted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, Set,
};
use uuid::Uuid;

use crate::clock::SharedClock;
use crate::crypto::{MasterKey, SealingKey, fill_random};
use crate::entities::{data_key, system_key};
use crate::ids::new_id;
use crate::{AppError, AppResult};

const WRAP_PURPOSE: &[u8] = b"data-key-wrap";

/// Loads (and on first use creates) tenants' data keys, keeping the unwrapped ones in memory.
#[derive(Clone)]
pub struct Keyring {
    db: DatabaseConnection,
    clock: SharedClock,
    wrap: Arc<SealingKey>,
    fingerprint: String,
    cache: Arc<Mutex<HashMap<Uuid, Arc<SealingKey>>>>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

fn unwrap_key(wrap: &SealingKey, row: &data_key::Model) -> AppResult<[u8; 32]> {
    unwrap_bytes(
        wrap,
        &row.wrapped_key,
        row.tenant_id.as_bytes(),
        &format!("tenant {}", row.tenant_id),
        &row.master_fingerprint,
    )
}

fn unwrap_bytes(
    wrap: &SealingKey,
    wrapped: &[u8],
    context: &[u8],
    what: &str,
    fingerprint: &str,
) -> AppResult<[u8; 32]> {
    let bytes = wrap.open(wrapped, context).map_err(|_| {
        AppError::invariant(format!(
            "the key of {what} does not open with this master key (it was wrapped by {fingerprint}); \
             was the master key changed without `poortwachter rotate-master-key`?"
        ))
    })?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| AppError::invariant("a key is not 32 bytes"))
}

impl Keyring {
    /// A keyring wrapping with `master`.
    pub fn new(db: DatabaseConnection, clock: SharedClock, master: &MasterKey) -> AppResult<Self> {
        Ok(Keyring {
            db,
            clock,
            wrap: Arc::new(
                master
                    .derive(WRAP_PURPOSE)
                    .map_err(|e| AppError::invariant(e.to_string()))?,
            ),
            fingerprint: master.fingerprint(),
            cache: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    /// The tenant's data key, created on first use.
    pub async fn tenant_key(&self, tenant: Uuid) -> AppResult<Arc<SealingKey>> {
        if let Some(key) = self.cached(tenant) {
            return Ok(key);
        }
        let row = match Self::row(&self.db, tenant).await? {
            Some(row) => row,
            None => self.create(tenant).await?,
        };
        let key = Arc::new(
            SealingKey::from_bytes(&unwrap_key(&self.wrap, &row)?)
                .map_err(|e| AppError::invariant(e.to_string()))?,
        );
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(tenant, key.clone());
        }
        Ok(key)
    }

    /// The installation key for `purpose`, stored wrapped; created from `initial` on first use.
    /// `initial` is what the key used to be derived as, so a chain or secrets made before keys
    /// were stored stay valid.
    pub async fn system_key(&self, purpose: &str, initial: [u8; 32]) -> AppResult<[u8; 32]> {
        let find = || {
            system_key::Entity::find()
                .filter(system_key::Column::Purpose.eq(purpose))
                .one(&self.db)
        };
        let row = match find().await? {
            Some(row) => row,
            None => {
                let wrapped = self
                    .wrap
                    .seal(&initial, purpose.as_bytes())
                    .map_err(|e| AppError::invariant(e.to_string()))?;
                let inserted = system_key::ActiveModel {
                    id: Set(new_id()),
                    purpose: Set(purpose.to_string()),
                    wrapped_key: Set(wrapped),
                    master_fingerprint: Set(self.fingerprint.clone()),
                    created_at: Set(self.clock.now()),
                    rewrapped_at: Set(None),
                }
                .insert(&self.db)
                .await;
                match inserted {
                    Ok(row) => row,
                    Err(e) => find().await?.ok_or_else(|| AppError::from(e))?,
                }
            }
        };
        unwrap_bytes(
            &self.wrap,
            &row.wrapped_key,
            purpose.as_bytes(),
            &format!("purpose {purpose}"),
            &row.master_fingerprint,
        )
    }

    fn cached(&self, tenant: Uuid) -> Option<Arc<SealingKey>> {
        self.cache.lock().ok()?.get(&tenant).cloned()
    }

    async fn row(db: &impl ConnectionTrait, tenant: Uuid) -> AppResult<Option<data_key::Model>> {
        Ok(data_key::Entity::find()
            .filter(data_key::Column::TenantId.eq(tenant))
            .one(db)
            .await?)
    }

    async fn create(&self, tenant: Uuid) -> AppResult<data_key::Model> {
        let mut fresh = [0u8; 32];
        fill_random(&mut fresh).map_err(|e| AppError::invariant(e.to_string()))?;
        let wrapped = self
            .wrap
            .seal(&fresh, tenant.as_bytes())
            .map_err(|e| AppError::invariant(e.to_string()))?;
        let inserted = data_key::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(tenant),
            wrapped_key: Set(wrapped),
            master_fingerprint: Set(self.fingerprint.clone()),
            created_at: Set(self.clock.now()),
            rewrapped_at: Set(None),
        }
        .insert(&self.db)
        .await;
        match inserted {
            Ok(row) => Ok(row),
            // Two requests created it at once: the unique index kept the first; use that one.
            Err(e) => Self::row(&self.db, tenant).await?.ok_or_else(|| e.into()),
        }
    }
}

/// Re-wraps every data key and system key wrapped by `old` with `new` (rows already wrapped by `new` are left
/// alone, so an interrupted rotation can simply be run again). Returns how many were re-wrapped.
pub async fn rewrap_all(
    db: &DatabaseConnection,
    clock: &SharedClock,
    old: &MasterKey,
    new: &MasterKey,
) -> AppResult<u64> {
    let old_wrap = old
        .derive(WRAP_PURPOSE)
        .map_err(|e| AppError::invariant(e.to_string()))?;
    let new_wrap = new
        .derive(WRAP_PURPOSE)
        .map_err(|e| AppError::invariant(e.to_string()))?;
    let (old_print, new_print) = (old.fingerprint(), new.fingerprint());
    // One stored key: check whose it is, open it with the old wrapping key, seal it with the new.
    let rewrap = |wrapped: &[u8], context: &[u8], what: &str, fingerprint: &str| {
        if fingerprint != old_print {
            return Err(AppError::invariant(format!(
                "the key of {what} is wrapped by another master key (fingerprint {fingerprint})"
            )));
        }
        let plain = unwrap_bytes(&old_wrap, wrapped, context, what, fingerprint)?;
        new_wrap
            .seal(&plain, context)
            .map_err(|e| AppError::invariant(e.to_string()))
    };
    let mut done = 0;
    for row in data_key::Entity::find().all(db).await? {
        if row.master_fingerprint == new_print {
            continue;
        }
        let wrapped = rewrap(
            &row.wrapped_key,
            row.tenant_id.as_bytes(),
            &format!("tenant {}", row.tenant_id),
            &row.master_fingerprint,
        )?;
        let mut active = row.into_active_model();
        active.wrapped_key = Set(wrapped);
        active.master_fingerprint = Set(new_print.clone());
        active.rewrapped_at = Set(Some(clock.now()));
        active.update(db).await?;
        done += 1;
    }
    for row in system_key::Entity::find().all(db).await? {
        if row.master_fingerprint == new_print {
            continue;
        }
        let wrapped = rewrap(
            &row.wrapped_key,
            row.purpose.as_bytes(),
            &format!("purpose {}", row.purpose),
            &row.master_fingerprint,
        )?;
        let mut active = row.into_active_model();
        active.wrapped_key = Set(wrapped);
        active.master_fingerprint = Set(new_print.clone());
        active.rewrapped_at = Set(Some(clock.now()));
        active.update(db).await?;
        done += 1;
    }
    Ok(done)
}
