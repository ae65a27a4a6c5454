//! Access tokens: JWTs signed with Ed25519 (asymmetric, so a verifier never holds a signing
//! secret), short-lived, with `alg` pinned to EdDSA and `aud`, `iss`, `exp` checked.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use platform::{OrganisationKind, Role};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The audience every access token is for.
pub const AUDIENCE: &str = "poortwachter";

/// Claims of an access token.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user.
    pub sub: Uuid,
    /// His organisation (tenant).
    pub org: Uuid,
    /// Kind of his organisation.
    pub kind: OrganisationKind,
    /// His roles.
    pub roles: Vec<Role>,
    /// The session.
    pub sid: Uuid,
    /// Whether the session passed TOTP.
    pub mfa: bool,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Issued at (seconds).
    pub iat: i64,
    /// Expires at (seconds).
    pub exp: i64,
    /// Token id.
    pub jti: Uuid,
}

/// Why a token or key was refused.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The configured key is not an Ed25519 PKCS#8 key.
    #[error("the JWT key is not an Ed25519 private key in PKCS#8 PEM")]
    BadKey,
    /// Signing failed.
    #[error("cannot sign the token")]
    Sign,
    /// The presented token is invalid (signature, algorithm, audience, issuer, expiry).
    #[error("invalid token: {0}")]
    Invalid(String),
}

/// Signing and verification keys with the pinned validation rules.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    /// Access-token lifetime, seconds.
    pub ttl_secs: i64,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenKeys(EdDSA, iss={})", self.issuer)
    }
}

impl TokenKeys {
    /// Keys from a PKCS#8 PEM private key (as `openssl genpkey -algorithm ed25519` writes).
    pub fn from_pem(pem: &str, issuer: &str, ttl_secs: i64) -> Result<Self, TokenError> {
        let der = pem_to_der(pem).ok_or(TokenError::BadKey)?;
        let pair =
            Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).map_err(|_| TokenError::BadKey)?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        Ok(TokenKeys {
            encoding: EncodingKey::from_ed_der(&der),
            decoding: DecodingKey::from_ed_der(pair.public_key().as_ref()),
            validation,
            issuer: issuer.to_string(),
            ttl_secs,
        })
    }

    /// A new random Ed25519 key as PKCS#8 PEM (development key generation).
    pub fn generate_pem() -> Result<String, TokenError> {
        let doc =
            Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).map_err(|_| TokenError::BadKey)?;
        Ok(der_to_pem(doc.as_ref()))
    }

    /// Signs an access token for a session.
    #[allow(clippy::too_many_arguments)]
    pub fn issue(
        &self,
        user: Uuid,
        org: Uuid,
        kind: OrganisationKind,
        roles: Vec<Role>,
        session: Uuid,
        mfa: bool,
        now: DateTime<Utc>,
    ) -> Result<String, TokenError> {
        let claims = Claims {
            sub: user,
            org,
            kind,
            roles,
            sid: session,
            mfa,
            iss: self.issuer.clone(),
            aud: AUDIENCE.to_string(),
            iat: now.timestamp(),
            exp: now.timestamp() + self.ttl_secs,
            jti: Uuid::new_v4(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &self.encoding)
            .map_err(|_| TokenError::Sign)
    }

    /// Verifies a token: signature with our key, `alg` EdDSA only, audience, issuer, expiry.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| TokenError::Invalid(e.to_string()))
    }
}

fn pem_to_der(pem: &str) -> Option<Vec<u8>> {
    let pem = pem.trim();
    let body = pem.strip_prefix("-----BEGIN PRIVATE KEY-----")?.trim_end();
    let body = body.strip_suffix("-----END PRIVATE KEY-----")?;
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD.decode(b64).ok()
}

fn der_to_pem(der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = String::from("-----BEGIN PRIVATE KEY-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END PRIVATE KEY-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::from_pem(&TokenKeys::generate_pem().unwrap(), "poortwachter", 900).unwrap()
    }

    fn issue(k: &TokenKeys, now: DateTime<Utc>) -> String {
        k.issue(
            Uuid::nil(),
            Uuid::nil(),
            OrganisationKind::Employer,
            vec![Role::HrAdmin],
            Uuid::nil(),
            false,
            now,
        )
        .unwrap()
    }

    #[test]
    fn a_fresh_token_verifies_and_carries_its_claims() {
        let k = keys();
        let claims = k.verify(&issue(&k, Utc::now())).unwrap();
        assert_eq!(claims.roles, vec![Role::HrAdmin]);
        assert_eq!(claims.aud, AUDIENCE);
    }

    #[test]
    fn expired_foreign_and_other_issuer_tokens_are_refused() {
        let k = keys();
        assert!(
            k.verify(&issue(&k, Utc::now() - chrono::Duration::hours(1)))
                .is_err(),
            "expired"
        );
        assert!(
            k.verify(&issue(&keys(), Utc::now())).is_err(),
            "signed by another key"
        );
        let pem = TokenKeys::generate_pem().unwrap();
        let a = TokenKeys::from_pem(&pem, "a", 900).unwrap();
        let b = TokenKeys::from_pem(&pem, "b", 900).unwrap();
        assert!(b.verify(&issue(&a, Utc::now())).is_err(), "other issuer");
    }

    #[test]
    fn openssl_style_v1_pkcs8_keys_are_accepted() {
        // `openssl genpkey -algorithm ed25519` output (PKCS#8 v1, no public key inside).
        let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIDdvMZZiu2zXiR+FnU9u6mlrSr1rQ/5uJWdr2ySc4E+w\n-----END PRIVATE KEY-----\n";
        let k = TokenKeys::from_pem(pem, "poortwachter", 900).unwrap();
        assert!(k.verify(&issue(&k, Utc::now())).is_ok());
    }

    #[test]
    fn garbage_keys_are_refused() {
        assert!(TokenKeys::from_pem("not a key", "x", 900).is_err());
        assert!(
            TokenKeys::from_pem(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
                "x",
                900
            )
            .is_err()
        );
    }
}
