//! TOTP (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app speaks), with the
//! replay rule the RFC asks for: each time step is accepted once per user.

use totp_rs::{Algorithm, Secret, Totp};

/// Issuer shown in authenticator apps.
pub const ISSUER: &str = "Poortwachter";

/// A new random 160-bit secret (RFC 4226 recommends 160).
pub fn generate_secret() -> Result<Vec<u8>, platform::crypto::CryptoError> {
    let mut secret = vec![0u8; 20];
    platform::crypto::fill_random(&mut secret)?;
    Ok(secret)
}

/// Base32 form of a secret (what users type into an app).
pub fn to_base32(secret: &[u8]) -> String {
    Secret::from(secret.to_vec()).to_base32()
}

/// Decodes a base32 secret (the demo accounts' secret, README "Demo accounts").
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    Secret::try_from_base32(text)
        .ok()
        .map(|s| s.as_ref().to_vec())
}

fn totp(secret: &[u8], account: &str) -> Totp {
    // The demo secret is 80 bits; the compliant builder wants 128, so the check runs on the
    // non-compliant build, and generate_secret() alone decides the strength of new secrets.
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret.to_vec())
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build_noncompliant()
}

/// The `otpauth://` URL for an authenticator app.
pub fn otpauth_url(secret: &[u8], account: &str) -> String {
    totp(secret, account).to_url().unwrap_or_else(|_| {
        format!(
            "otpauth://totp/{ISSUER}?secret={}&issuer={ISSUER}",
            to_base32(secret)
        )
    })
}

/// Checks `code` at `unix_time`, one step of clock skew either way. Returns the matched step,
/// which the caller must store and refuse next time (`last_step`).
pub fn verify(secret: &[u8], code: &str, unix_time: u64, last_step: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let step = totp(secret, "x").check(&code, unix_time)?;
    let step = i64::try_from(step).ok()?;
    match last_step {
        Some(last) if step <= last => None,
        _ => Some(step),
    }
}

/// The code for `unix_time` (tests, demo).
pub fn code_at(secret: &[u8], unix_time: u64) -> String {
    totp(secret, "x").generate(unix_time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) -> 287082 with 6 digits.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59), "287082");
        assert!(verify(secret, "287082", 59, None).is_some());
    }

    #[test]
    fn codes_are_accepted_once_and_within_one_step() {
        let secret = generate_secret().unwrap();
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        let step = verify(&secret, &code, now, None).unwrap();
        assert_eq!(
            verify(&secret, &code, now, Some(step)),
            None,
            "replayed code accepted"
        );
        assert!(
            verify(&secret, &code, now + 30, None).is_some(),
            "one step late is fine"
        );
        assert!(
            verify(&secret, &code, now + 120, None).is_none(),
            "four steps late is not"
        );
        assert!(verify(&secret, "12345", now, None).is_none());
        assert!(verify(&secret, "abcdef", now, None).is_none());
    }

    #[test]
    fn the_demo_secret_decodes() {
        let secret = from_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(secret, b"Hello!\xde\xad\xbe\xef");
        assert!(
            otpauth_url(&secret, "bedrijfsarts@arbo-oost.example").starts_with("otpauth://totp/")
        );
    }
}
