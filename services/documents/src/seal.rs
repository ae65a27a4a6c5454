//! Encryption of stored files: AES-256-GCM over 64 KiB chunks (the STREAM construction), so a
//! file of any size is encrypted and decrypted while it streams, with memory bounded by one
//! chunk.
//!
//! Object layout: an 8-byte magic, an 8-byte random prefix, then the chunks, each its ciphertext
//! and 16-byte tag. Chunk `i` uses nonce `prefix ‖ i` (big-endian u32) and authenticates the
//! document id, `i` and whether it is the last chunk — so chunks cannot be reordered, dropped,
//! truncated at a chunk boundary or moved to another document without the tag failing.

use std::sync::Arc;

use platform::crypto::{SealingKey, fill_random};
use platform::{AppError, AppResult};
use uuid::Uuid;

/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const FRAME: usize = CHUNK + TAG;
const MAGIC: &[u8; 8] = b"PWDOC\x00\x01\x00";
/// Bytes before the first chunk.
pub const HEADER: usize = MAGIC.len() + 8;

/// The stored size of a file of `plain` bytes.
pub fn sealed_len(plain: u64) -> u64 {
    let chunks = plain.div_ceil(CHUNK as u64).max(1);
    HEADER as u64 + plain + chunks * TAG as u64
}

fn nonce(prefix: &[u8; 8], index: u32) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[..8].copy_from_slice(prefix);
    n[8..].copy_from_slice(&index.to_be_bytes());
    n
}

fn aad(doc: Uuid, index: u32, last: bool) -> [u8; 21] {
    let mut a = [0u8; 21];
    a[..16].copy_from_slice(doc.as_bytes());
    a[16..20].copy_from_slice(&index.to_be_bytes());
    a[20] = u8::from(last);
    a
}

fn crypto(e: platform::crypto::CryptoError) -> AppError {
    AppError::invariant(format!("document encryption: {e}"))
}

/// Encrypts a stream of plaintext into the stored form.
pub struct Encryptor {
    key: Arc<SealingKey>,
    doc: Uuid,
    prefix: [u8; 8],
    index: u32,
    pending: Vec<u8>,
    header_written: bool,
}

impl Encryptor {
    /// An encryptor for document `doc` under the tenant's `key`.
    pub fn new(key: Arc<SealingKey>, doc: Uuid) -> AppResult<Self> {
        let mut prefix = [0u8; 8];
        fill_random(&mut prefix).map_err(crypto)?;
        Ok(Encryptor {
            key,
            doc,
            prefix,
            index: 0,
            pending: Vec::with_capacity(FRAME),
            header_written: false,
        })
    }

    fn header(&mut self, out: &mut Vec<u8>) {
        if !self.header_written {
            out.extend_from_slice(MAGIC);
            out.extend_from_slice(&self.prefix);
            self.header_written = true;
        }
    }

    fn seal_pending(&mut self, last: bool, out: &mut Vec<u8>) -> AppResult<()> {
        let mut chunk = std::mem::replace(&mut self.pending, Vec::with_capacity(FRAME));
        self.key
            .seal_chunk(
                nonce(&self.prefix, self.index),
                &aad(self.doc, self.index, last),
                &mut chunk,
            )
            .map_err(crypto)?;
        out.extend_from_slice(&chunk);
        self.index = self
            .index
            .checked_add(1)
            .ok_or_else(|| AppError::invariant("document too large to encrypt"))?;
        Ok(())
    }

    /// Feeds plaintext; appends whatever ciphertext is ready to `out`. A full chunk is sealed
    /// only when more data follows, because the last chunk is marked as last.
    pub fn update(&mut self, mut data: &[u8], out: &mut Vec<u8>) -> AppResult<()> {
        self.header(out);
        while !data.is_empty() {
            if self.pending.len() == CHUNK {
                self.seal_pending(false, out)?;
            }
            let n = (CHUNK - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..n]);
            data = &data[n..];
        }
        Ok(())
    }

    /// Seals the last chunk (possibly empty) into `out`.
    pub fn finish(mut self, out: &mut Vec<u8>) -> AppResult<()> {
        self.header(out);
        self.seal_pending(true, out)
    }
}

/// Decrypts the stored form back into plaintext, verifying every chunk.
pub struct Decryptor {
    key: Arc<SealingKey>,
    doc: Uuid,
    prefix: Option<[u8; 8]>,
    index: u32,
    buf: Vec<u8>,
}

fn tampered() -> AppError {
    AppError::invariant("a stored document does not decrypt: wrong key or tampered object")
}

impl Decryptor {
    /// A decryptor for document `doc` under the tenant's `key`.
    pub fn new(key: Arc<SealingKey>, doc: Uuid) -> Self {
        Decryptor {
            key,
            doc,
            prefix: None,
            index: 0,
            buf: Vec::with_capacity(2 * FRAME),
        }
    }

    fn open_front(&mut self, len: usize, last: bool, out: &mut Vec<u8>) -> AppResult<()> {
        let prefix = self.prefix.ok_or_else(tampered)?;
        let plain = self
            .key
            .open_chunk(
                nonce(&prefix, self.index),
                &aad(self.doc, self.index, last),
                &mut self.buf[..len],
            )
            .map_err(|_| tampered())?;
        out.extend_from_slice(plain);
        self.buf.drain(..len);
        self.index = self.index.checked_add(1).ok_or_else(tampered)?;
        Ok(())
    }

    /// Feeds stored bytes; appends the plaintext of every complete chunk that is certainly not
    /// the last one to `out`.
    pub fn update(&mut self, data: &[u8], out: &mut Vec<u8>) -> AppResult<()> {
        self.buf.extend_from_slice(data);
        if self.prefix.is_none() && self.buf.len() >= HEADER {
            if &self.buf[..MAGIC.len()] != MAGIC {
                return Err(tampered());
            }
            let mut prefix = [0u8; 8];
            prefix.copy_from_slice(&self.buf[MAGIC.len()..HEADER]);
            self.prefix = Some(prefix);
            self.buf.drain(..HEADER);
        }
        while self.prefix.is_some() && self.buf.len() > FRAME {
            self.open_front(FRAME, false, out)?;
        }
        Ok(())
    }

    /// Opens the last chunk; fails when the object was cut short or extended.
    pub fn finish(mut self, out: &mut Vec<u8>) -> AppResult<()> {
        if self.prefix.is_none() || self.buf.len() < TAG || self.buf.len() > FRAME {
            return Err(tampered());
        }
        let len = self.buf.len();
        self.open_front(len, true, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use platform::crypto::MasterKey;

    fn key() -> Arc<SealingKey> {
        Arc::new(
            MasterKey::generate()
                .unwrap()
                .derive(b"test-document")
                .unwrap(),
        )
    }

    fn seal(key: &Arc<SealingKey>, doc: Uuid, data: &[u8], piece: usize) -> Vec<u8> {
        let mut enc = Encryptor::new(key.clone(), doc).unwrap();
        let mut out = Vec::new();
        for part in data.chunks(piece.max(1)) {
            enc.update(part, &mut out).unwrap();
        }
        enc.finish(&mut out).unwrap();
        out
    }

    fn open(key: &Arc<SealingKey>, doc: Uuid, stored: &[u8], piece: usize) -> AppResult<Vec<u8>> {
        let mut dec = Decryptor::new(key.clone(), doc);
        let mut out = Vec::new();
        for part in stored.chunks(piece.max(1)) {
            dec.update(part, &mut out)?;
        }
        dec.finish(&mut out)?;
        Ok(out)
    }

    #[test]
    fn round_trips_any_size_in_any_pieces() {
        let key = key();
        let doc = Uuid::new_v4();
        for size in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17] {
            let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            for piece in [1000, 7919, CHUNK, 200_000] {
                let stored = seal(&key, doc, &data, piece);
                assert_eq!(stored.len() as u64, sealed_len(size as u64), "size {size}");
                assert_eq!(open(&key, doc, &stored, 4099).unwrap(), data, "size {size}");
            }
        }
    }

    #[test]
    fn plaintext_never_appears_and_tampering_is_detected() {
        let key = key();
        let doc = Uuid::new_v4();
        let data = b"Diagnose: hernia L4-L5. ".repeat(10_000);
        let stored = seal(&key, doc, &data, 5000);
        assert!(!stored.windows(8).any(|w| w == b"Diagnose"));
        // Another document id, a flipped bit, a dropped last chunk, an extra byte: all refused.
        assert!(open(&key, Uuid::new_v4(), &stored, 9000).is_err());
        let mut flipped = stored.clone();
        flipped[HEADER + 10] ^= 1;
        assert!(open(&key, doc, &flipped, 9000).is_err());
        let cut = &stored[..HEADER + 2 * FRAME];
        assert!(
            open(&key, doc, cut, 9000).is_err(),
            "truncation at a chunk boundary"
        );
        let mut longer = stored.clone();
        longer.push(0);
        assert!(open(&key, doc, &longer, 9000).is_err());
        assert!(open(&self::key(), doc, &stored, 9000).is_err(), "other key");
    }
}
