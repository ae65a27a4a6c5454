//! Cryptography at rest: AES-256-GCM under keys derived from the master key, SHA-256 digests
//! and random tokens. Built on aws-lc-rs, which rustls already brings in, so no second crypto
//! stack is compiled.

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use aws_lc_rs::digest;
use aws_lc_rs::hkdf;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

/// Format byte in front of every sealed value, so the scheme can change without guessing.
const SEALED_V1: u8 = 1;

/// Errors of this module; the message never contains key or plaintext material.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// The key is not 32 bytes of base64.
    #[error("the key must be 32 bytes, base64-encoded")]
    BadKey,
    /// Decryption failed: wrong key, wrong context, or tampered data.
    #[error("the sealed value cannot be opened (wrong key or tampered)")]
    Open,
    /// The system random generator failed.
    #[error("no randomness available")]
    Random,
}

/// The installation's master key. Never used directly on data: purpose keys are derived from
/// it, so one purpose's ciphertext cannot be replayed as another's.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// Decodes a base64 key of exactly 32 bytes.
    pub fn from_base64(text: &str) -> Result<Self, CryptoError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| CryptoError::BadKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::BadKey)?;
        Ok(MasterKey(key))
    }

    /// A fresh random key.
    pub fn generate() -> Result<Self, CryptoError> {
        let mut key = [0u8; 32];
        SystemRandom::new()
            .fill(&mut key)
            .map_err(|_| CryptoError::Random)?;
        Ok(MasterKey(key))
    }

    /// The key as base64, for writing the generated development key file.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// 32 key bytes for one purpose (HMAC keys), derived with HKDF-SHA256.
    pub fn derive_bytes(&self, purpose: &[u8]) -> [u8; 32] {
        struct Len32;
        impl hkdf::KeyType for Len32 {
            fn len(&self) -> usize {
                32
            }
        }
        let salt = hkdf::Salt::new(hkdf::HKDF_SHA256, b"poortwachter/v1");
        let prk = salt.extract(&self.0);
        let info = [purpose];
        let mut out = [0u8; 32];
        // Expanding 32 bytes from SHA-256 HKDF cannot exceed the 255*32 limit.
        if let Ok(okm) = prk.expand(&info, Len32) {
            let _ = okm.fill(&mut out);
        }
        out
    }

    /// A short public name of this key (not derivable back to it), stored beside what it wraps
    /// so a rotation can tell which rows it already re-wrapped.
    pub fn fingerprint(&self) -> String {
        sha256_hex(&self.derive_bytes(b"fingerprint"))
            .chars()
            .take(16)
            .collect()
    }

    /// A key for one purpose (`b"totp-secret"`), derived with HKDF-SHA256.
    pub fn derive(&self, purpose: &[u8]) -> Result<SealingKey, CryptoError> {
        let salt = hkdf::Salt::new(hkdf::HKDF_SHA256, b"poortwachter/v1");
        let prk = salt.extract(&self.0);
        let info = [purpose];
        let okm = prk
            .expand(&info, &AES_256_GCM)
            .map_err(|_| CryptoError::BadKey)?;
        let key = UnboundKey::from(okm);
        Ok(SealingKey(LessSafeKey::new(key)))
    }
}

/// An AES-256-GCM key for one purpose.
pub struct SealingKey(LessSafeKey);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(..)")
    }
}

impl SealingKey {
    /// An AES-256-GCM key from 32 raw bytes (an unwrapped data key).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, CryptoError> {
        let key = UnboundKey::new(&AES_256_GCM, bytes).map_err(|_| CryptoError::BadKey)?;
        Ok(SealingKey(LessSafeKey::new(key)))
    }

    /// Encrypts `plaintext`, bound to `context` (e.g. the owning row's id) so a ciphertext
    /// copied to another row does not open. Output: version, nonce, ciphertext and tag.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| CryptoError::Random)?;
        let mut buf = plaintext.to_vec();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context),
                &mut buf,
            )
            .map_err(|_| CryptoError::Random)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + buf.len());
        out.push(SEALED_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&buf);
        Ok(out)
    }

    /// Decrypts what [`SealingKey::seal`] produced with the same context.
    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let (&version, rest) = sealed.split_first().ok_or(CryptoError::Open)?;
        if version != SEALED_V1 || rest.len() < NONCE_LEN {
            return Err(CryptoError::Open);
        }
        let (nonce, body) = rest.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::Open)?;
        let mut buf = body.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(context), &mut buf)
            .map_err(|_| CryptoError::Open)?;
        Ok(plain.to_vec())
    }
}

impl SealingKey {
    /// Encrypts one chunk of a stream in place (appending the tag) under an explicit nonce.
    /// The caller guarantees the nonce is never reused with this key (a random per-stream prefix
    /// and a chunk counter) and binds position and finality through `aad`.
    pub fn seal_chunk(
        &self,
        nonce: [u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut Vec<u8>,
    ) -> Result<(), CryptoError> {
        self.0
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), buf)
            .map_err(|_| CryptoError::Random)
    }

    /// Decrypts one chunk sealed by [`SealingKey::seal_chunk`]; the plaintext length is the
    /// input's minus the tag.
    pub fn open_chunk<'b>(
        &self,
        nonce: [u8; NONCE_LEN],
        aad: &[u8],
        buf: &'b mut [u8],
    ) -> Result<&'b mut [u8], CryptoError> {
        self.0
            .open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(aad), buf)
            .map_err(|_| CryptoError::Open)
    }
}

/// An incremental SHA-256 (of a stream).
pub struct Sha256(digest::Context);

impl Default for Sha256 {
    fn default() -> Self {
        Sha256(digest::Context::new(&digest::SHA256))
    }
}

impl Sha256 {
    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// The digest, lower-case hex.
    pub fn finish_hex(self) -> String {
        hex::encode(self.0.finish())
    }
}

/// SHA-256 of `data`, lower-case hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(digest::digest(&digest::SHA256, data))
}

/// A random URL-safe token of `bytes` random bytes (refresh tokens, invitation tokens).
pub fn random_token(bytes: usize) -> Result<String, CryptoError> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| CryptoError::Random)?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// Fills `buf` with random bytes.
pub fn fill_random(buf: &mut [u8]) -> Result<(), CryptoError> {
    SystemRandom::new()
        .fill(buf)
        .map_err(|_| CryptoError::Random)
}

/// Compares two byte strings in constant time.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    aws_lc_rs::constant_time::verify_slices_are_equal(a, b).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_the_same_key_purpose_and_context() {
        let master = MasterKey::generate().unwrap();
        let key = master.derive(b"totp-secret").unwrap();
        let sealed = key.seal(b"JBSWY3DPEHPK3PXP", b"user-1").unwrap();
        assert!(
            !sealed.windows(16).any(|w| w == b"JBSWY3DPEHPK3PXP"),
            "plaintext visible"
        );
        assert_eq!(key.open(&sealed, b"user-1").unwrap(), b"JBSWY3DPEHPK3PXP");
        assert!(key.open(&sealed, b"user-2").is_err(), "context not bound");
        assert!(
            master
                .derive(b"other")
                .unwrap()
                .open(&sealed, b"user-1")
                .is_err()
        );
        assert!(
            MasterKey::generate()
                .unwrap()
                .derive(b"totp-secret")
                .unwrap()
                .open(&sealed, b"user-1")
                .is_err()
        );
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(key.open(&tampered, b"user-1").is_err());
    }

    #[test]
    fn master_key_round_trips_through_base64_and_rejects_wrong_lengths() {
        let k = MasterKey::generate().unwrap();
        assert!(MasterKey::from_base64(&k.to_base64()).is_ok());
        assert!(MasterKey::from_base64("c2hvcnQ=").is_err());
        assert!(MasterKey::from_base64("not base64 at all!").is_err());
    }

    #[test]
    fn tokens_are_random_and_url_safe() {
        let a = random_token(32).unwrap();
        let b = random_token(32).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
