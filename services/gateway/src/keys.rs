//! The two secrets of an installation: the master key and the JWT signing key. In production
//! both come from configuration; in development they are generated once into the data folder,
//! so restarts (and several local processes) keep working with the same keys.

use std::path::Path;

use identity::TokenKeys;
use platform::config::{Config, Environment};
use platform::crypto::MasterKey;

/// Why the keys could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A configured value is wrong.
    #[error("{0}")]
    Invalid(String),
    /// Reading or writing a key file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// The master key from config or `<data_dir>/master.key`.
pub fn master_key(config: &Config) -> Result<MasterKey, KeyError> {
    if let Some(text) = &config.master_key {
        return MasterKey::from_base64(text).map_err(|_| {
            KeyError::Invalid("POORTWACHTER_MASTER_KEY: must be 32 bytes in base64".into())
        });
    }
    let path = config.data_dir.join("master.key");
    let text = read_or_create(&path, config.environment, || {
        MasterKey::generate()
            .map(|k| k.to_base64())
            .map_err(|e| KeyError::Invalid(e.to_string()))
    })?;
    MasterKey::from_base64(&text)
        .map_err(|_| KeyError::Invalid(format!("{}: not a valid master key", path.display())))
}

/// The JWT keys from config (inline PEM or a path) or `<data_dir>/jwt-ed25519.pem`.
pub fn token_keys(config: &Config) -> Result<TokenKeys, KeyError> {
    let ttl = i64::try_from(config.access_token_ttl_secs).unwrap_or(900);
    let pem = match &config.jwt_key {
        Some(value) if value.trim_start().starts_with("-----BEGIN") => value.clone(),
        Some(path) => std::fs::read_to_string(path).map_err(|source| KeyError::Io {
            path: format!("POORTWACHTER_JWT_KEY ({path})"),
            source,
        })?,
        None => {
            let path = config.data_dir.join("jwt-ed25519.pem");
            read_or_create(&path, config.environment, || {
                TokenKeys::generate_pem().map_err(|e| KeyError::Invalid(e.to_string()))
            })?
        }
    };
    TokenKeys::from_pem(&pem, &config.jwt_issuer, ttl)
        .map_err(|e| KeyError::Invalid(format!("POORTWACHTER_JWT_KEY: {e}")))
}

fn read_or_create(
    path: &Path,
    environment: Environment,
    generate: impl FnOnce() -> Result<String, KeyError>,
) -> Result<String, KeyError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && environment == Environment::Development =>
        {
            let text = generate()?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|source| KeyError::Io {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
            write_private(path, &text)?;
            tracing::warn!(path = %path.display(), "generated a development key; configure it explicitly in production");
            Ok(text)
        }
        Err(source) => Err(KeyError::Io {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Writes a key file readable only by its owner, without clobbering a concurrent writer's file.
fn write_private(path: &Path, text: &str) -> Result<(), KeyError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let io = |source| KeyError::Io {
        path: path.display().to_string(),
        source,
    };
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(mut file) => file.write_all(text.as_bytes()).map_err(io),
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e)),
    }
}
