//! Object storage through `object_store`: a local directory (`file://DIR`, the default) or an
//! S3-compatible bucket (`s3://bucket[/prefix]`). Only sealed bytes ever reach it.

use std::sync::Arc;

use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use platform::config::Config;
use platform::{AppError, AppResult};

/// Part size of multipart uploads (S3's minimum is 5 MiB); with [`MAX_PARTS_IN_FLIGHT`] it bounds
/// an upload's memory.
const PART_SIZE: usize = 5 * 1024 * 1024;
/// Parts uploaded concurrently before the upload waits (back pressure on the client).
pub const MAX_PARTS_IN_FLIGHT: usize = 2;

/// The configured store.
#[derive(Clone, Debug)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

fn storage_error(e: object_store::Error) -> AppError {
    AppError::internal(e)
}

impl Storage {
    /// Opens the store `config.storage` names.
    pub fn open(config: &Config) -> Result<Storage, String> {
        let url = config.storage.as_str();
        if let Some(dir) = url.strip_prefix("file://") {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("POORTWACHTER_STORAGE: cannot create {dir}: {e}"))?;
            let store = LocalFileSystem::new_with_prefix(dir)
                .map_err(|e| format!("POORTWACHTER_STORAGE: {dir}: {e}"))?;
            return Ok(Storage {
                store: Arc::new(store),
            });
        }
        let Some(rest) = url.strip_prefix("s3://") else {
            return Err("POORTWACHTER_STORAGE: must be file://DIR or s3://bucket".into());
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(endpoint) = &config.s3_endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        if let Some(region) = &config.s3_region {
            builder = builder.with_region(region);
        }
        if let Some(id) = &config.s3_access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &config.s3_secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        if config.s3_allow_http {
            builder = builder.with_allow_http(true);
        }
        let s3 = builder
            .build()
            .map_err(|e| format!("POORTWACHTER_STORAGE: {e}"))?;
        let store: Arc<dyn ObjectStore> = if prefix.trim_matches('/').is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, prefix.trim_matches('/')))
        };
        Ok(Storage { store })
    }

    /// Starts writing the object `key`; nothing is visible under `key` until it is finished.
    pub async fn writer(&self, key: &str) -> AppResult<WriteMultipart> {
        let upload = self
            .store
            .put_multipart(&Path::from(key))
            .await
            .map_err(storage_error)?;
        Ok(WriteMultipart::new_with_chunk_size(upload, PART_SIZE))
    }

    /// The stored bytes of `key`, as a stream.
    pub async fn read(&self, key: &str) -> AppResult<BoxStream<'static, AppResult<Bytes>>> {
        let result = self
            .store
            .get(&Path::from(key))
            .await
            .map_err(storage_error)?;
        Ok(result.into_stream().map_err(storage_error).boxed())
    }

    /// Deletes `key`; a missing object is not an error (the goal is that it is gone).
    pub async fn delete(&self, key: &str) -> AppResult<()> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(storage_error(e)),
        }
    }

    /// The keys of every stored object (for tests and the orphan check); small stores only.
    pub async fn keys(&self) -> AppResult<Vec<String>> {
        self.store
            .list(None)
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await
            .map_err(storage_error)
    }

    /// The raw stored bytes of `key` (for tests that check nothing is stored in plaintext).
    pub async fn raw(&self, key: &str) -> AppResult<Bytes> {
        self.store
            .get(&Path::from(key))
            .await
            .map_err(storage_error)?
            .bytes()
            .await
            .map_err(storage_error)
    }
}
