//! Password hashing with argon2id (the crate's defaults: 19 MiB, 2 passes).
//!
//! Hashes run on a small pool of threads of their own, one per core, rather than on tokio's
//! blocking pool: each hash needs 19 MiB, and the blocking pool grows to hundreds of threads
//! under a burst of logins — hundreds of hashes in memory at once, and the allocator keeps a
//! 19 MiB block in every thread's arena afterwards (the soak test saw resident memory creep
//! that way). With a fixed pool the memory for hashing is bounded by the pool's size, a burst
//! queues instead, and the async workers stay free either way.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

use std::cell::RefCell;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use platform::{AppError, AppResult};

/// A hash of a fixed random password, verified against when the e-mail address is unknown so
/// that "no such user" takes as long as "wrong password".
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2k1SEmDI0mBYbo7FyB/ljZsVMCtnzB9xbhsKGpl+Mj4";

type Job = Box<dyn FnOnce() + Send>;

/// At most this many hashes at once, whatever the core count (memory: 19 MiB each).
const MAX_THREADS: usize = 4;

/// The queue of the hashing threads, started on first use.
fn pool() -> AppResult<&'static mpsc::Sender<Job>> {
    static POOL: OnceLock<Result<mpsc::Sender<Job>, String>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(MAX_THREADS);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for n in 0..threads {
            let rx = Arc::clone(&rx);
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job, never while
                        // hashing; a poisoned lock or a closed queue ends the thread.
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .map_err(|e| format!("starting a hashing thread: {e}"))?;
        }
        Ok(tx)
    })
    .as_ref()
    .map_err(|e| AppError::invariant(e.clone()))
}

/// Runs `work` on the hashing pool and waits for it without blocking the async worker.
async fn on_pool<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    pool()?
        .send(Box::new(move || {
            // The caller may have gone (a dropped request); the result is then not wanted.
            let _ = tx.send(work());
        }))
        .map_err(|_| AppError::invariant("the hashing threads have stopped"))?;
    rx.await
        .map_err(|_| AppError::invariant("a hashing thread stopped mid-hash"))
}

/// Hashes a password (PHC string, salted, the crate's default parameters).
pub async fn hash(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    on_pool(move || hash_now(password.as_bytes())).await?
}

/// Whether `password` matches `stored`. `None` verifies against a dummy hash and returns false.
pub async fn verify(password: &str, stored: Option<&str>) -> AppResult<bool> {
    let password = password.to_owned();
    let known = stored.is_some();
    let stored = stored.unwrap_or(DUMMY_HASH).to_owned();
    on_pool(move || Ok(verify_now(password.as_bytes(), &stored)? && known)).await?
}

thread_local! {
    /// The hashing thread's argon2 memory, kept between hashes: allocating and touching 19 MiB
    /// for every login costs time and leaves the allocator holding freed blocks.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Runs argon2 with this thread's memory, grown to what `params` needs.
fn run(
    argon: &Argon2<'_>,
    params: &Params,
    pwd: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> AppResult<()> {
    MEMORY.with_borrow_mut(|memory| {
        let blocks = params.block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon
            .hash_password_into_with_memory(pwd, salt, out, &mut memory[..blocks])
            .map_err(|e| AppError::invariant(format!("argon2: {e}")))
    })
}

/// A hash that cannot be made or read: our own bug or a corrupted row, never the user's input.
fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::invariant(format!("password hash: {e}"))
}

fn hash_now(password: &[u8]) -> AppResult<String> {
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = Salt::generate();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    run(&argon, &params, password, salt.as_ref(), &mut out)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(bad)?,
        salt: Some(salt),
        hash: Some(Output::new(&out).map_err(bad)?),
    };
    Ok(hash.to_string())
}

/// Checks `password` against a PHC string with the parameters written in it.
fn verify_now(password: &[u8], stored: &str) -> AppResult<bool> {
    let parsed = PasswordHash::new(stored).map_err(bad)?;
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str()).map_err(bad)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(bad)?
        .unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(bad)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(AppError::invariant("stored hash: no salt or no hash"));
    };
    let mut out = vec![0u8; expected.len()];
    run(
        &Argon2::new(algorithm, version, params.clone()),
        &params,
        password,
        salt.as_ref(),
        &mut out,
    )?;
    // Output's equality is constant-time.
    Ok(Output::new(&out).map_err(bad)? == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_salted_argon2id() {
        let a = hash("correct horse battery").await.unwrap();
        let b = hash("correct horse battery").await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "same password, same hash: no salt");
        assert!(verify("correct horse battery", Some(&a)).await.unwrap());
        assert!(!verify("correct horse batterY", Some(&a)).await.unwrap());
    }

    #[tokio::test]
    async fn hashes_agree_with_the_argon2_crates_own_hasher_and_verifier() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        // Stored before the hashing pool kept its memory: made by the crate itself.
        let theirs = Argon2::default()
            .hash_password(b"een lang wachtwoord")
            .unwrap();
        assert!(
            verify("een lang wachtwoord", Some(&theirs.to_string()))
                .await
                .unwrap()
        );
        assert!(
            !verify("een lang wachtwoorD", Some(&theirs.to_string()))
                .await
                .unwrap()
        );
        let ours = hash("een lang wachtwoord").await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"een lang wachtwoord", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"een ander wachtwoord", &parsed)
                .is_err()
        );
        // Parameters are read from the stored string, not assumed.
        let light = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        )
        .hash_password(b"een lang wachtwoord")
        .unwrap()
        .to_string();
        assert!(verify("een lang wachtwoord", Some(&light)).await.unwrap());
        assert!(verify("iets", Some("$argon2id$kapot")).await.is_err());
    }

    #[tokio::test]
    async fn unknown_users_never_verify() {
        assert!(!verify("anything at all", None).await.unwrap());
    }
}
