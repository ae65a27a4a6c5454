//! The OpenID Connect relying party (decision 86): discovery with a cached provider document
//! and key set, the authorization request (code flow with PKCE, `state` and `nonce`), the code
//! exchange and the ID-token checks. The checks are the `openidconnect` crate's, not our own:
//! signature by the provider's published keys with the algorithm pinned to the asymmetric
//! ones it advertises (so neither `none` nor an HMAC keyed with the client secret passes),
//! `iss`, `aud` (and `azp` with several audiences), `exp`, and the nonce of this sign-in.
//!
//! Nothing here touches the database or decides who may sign in: that is `service::sso`.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AsyncHttpClient, AuthorizationCode, ClientId, ClientSecret, CsrfToken, HttpRequest,
    HttpResponse, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse,
};

/// How long a provider's discovery document and keys are used before they are fetched again.
const METADATA_TTL: Duration = Duration::from_secs(15 * 60);
/// A key set is fetched again on an unknown signing key at most this often (key rotation),
/// so a stream of forged tokens cannot make us hammer the provider.
const REFETCH_AFTER: Duration = Duration::from_secs(60);
/// The longest a provider may take to answer one request.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest answer read from a provider (discovery, keys, tokens are a few KiB).
const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Why a sign-in through a provider did not succeed. The variants are what the person and the
/// administrator are told apart; the details go to the log only.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    /// The provider could not be reached or did not answer with a valid document.
    #[error("the identity provider cannot be reached: {0}")]
    Unreachable(String),
    /// The configuration cannot work (issuer URL, redirect URL).
    #[error("the single sign-on configuration is not usable: {0}")]
    Misconfigured(String),
    /// The provider refused the code (used before, expired, issued to another client or for
    /// another PKCE challenge).
    #[error("the identity provider refused the code: {0}")]
    CodeRefused(String),
    /// The ID token failed a check (signature, algorithm, issuer, audience, expiry, nonce).
    #[error("the ID token was not accepted: {0}")]
    TokenRefused(String),
}

/// One organisation's provider, as configured.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// The issuer identifier (the discovery document lives under it).
    pub issuer: String,
    /// Our client id at the provider.
    pub client_id: String,
    /// Our client secret at the provider.
    pub client_secret: String,
}

/// What one sign-in carries from the redirect to the callback (stored by the caller).
#[derive(Clone, Debug)]
pub struct Request {
    /// Where to send the browser.
    pub url: String,
    /// The `state` sent (random, 256 bits).
    pub state: String,
    /// The `nonce` sent.
    pub nonce: String,
    /// The PKCE verifier of the challenge sent.
    pub pkce_verifier: String,
}

/// Who the provider says signed in, after every check passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedIdentity {
    /// The provider's stable subject identifier.
    pub subject: String,
    /// The e-mail address, if the provider sent one.
    pub email: Option<String>,
    /// Whether the provider says it verified the address (`None`: it did not say).
    pub email_verified: Option<bool>,
    /// The display name, if sent.
    pub name: Option<String>,
}

/// The relying party: an HTTP client without redirects and a per-issuer cache.
#[derive(Debug)]
pub struct RelyingParty {
    http: Http,
    cache: Mutex<HashMap<String, Cached>>,
    /// `http://` issuers on loopback are accepted only when the service itself runs on
    /// loopback over http (development and the tests), never in production.
    allow_http_loopback: bool,
}

#[derive(Clone, Debug)]
struct Cached {
    fetched: Instant,
    metadata: CoreProviderMetadata,
}

impl RelyingParty {
    /// A relying party for a service reachable at `public_url`.
    pub fn new(public_url: &str) -> Result<Self, SsoError> {
        let client = reqwest::Client::builder()
            // Following redirects would let a provider document send us anywhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()
            .map_err(|e| SsoError::Misconfigured(e.to_string()))?;
        Ok(RelyingParty {
            http: Http(client),
            cache: Mutex::new(HashMap::new()),
            allow_http_loopback: is_http_loopback(public_url),
        })
    }

    /// Checks an issuer URL as an administrator enters it: `https://`, or `http://` on
    /// loopback in a development setup; no query or fragment. Returns it normalised (no
    /// trailing slash, which providers differ on and the discovery URL adds itself).
    pub fn check_issuer(&self, issuer: &str) -> Result<String, SsoError> {
        let issuer = issuer.trim();
        let url = openidconnect::url::Url::parse(issuer)
            .map_err(|_| SsoError::Misconfigured("the issuer is not a URL".into()))?;
        let secure = url.scheme() == "https";
        let local = url.scheme() == "http" && is_http_loopback(issuer) && self.allow_http_loopback;
        if !(secure || local) {
            return Err(SsoError::Misconfigured(
                "the issuer must be an https:// address".into(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
            return Err(SsoError::Misconfigured(
                "the issuer has no query or fragment".into(),
            ));
        }
        Ok(issuer.trim_end_matches('/').to_string())
    }

    /// The provider's discovery document and keys, from the cache when fresh enough.
    async fn metadata(
        &self,
        issuer: &str,
        max_age: Duration,
    ) -> Result<CoreProviderMetadata, SsoError> {
        if let Some(hit) = self.cached(issuer)
            && hit.fetched.elapsed() < max_age
        {
            return Ok(hit.metadata);
        }
        let url = IssuerUrl::new(issuer.to_string())
            .map_err(|_| SsoError::Misconfigured("the issuer is not a URL".into()))?;
        let metadata = CoreProviderMetadata::discover_async(url, &self.http)
            .await
            .map_err(|e| SsoError::Unreachable(describe(&e)))?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(
                issuer.to_string(),
                Cached {
                    fetched: Instant::now(),
                    metadata: metadata.clone(),
                },
            );
        }
        Ok(metadata)
    }

    fn cached(&self, issuer: &str) -> Option<Cached> {
        self.cache.lock().ok()?.get(issuer).cloned()
    }

    /// Fetches the discovery document now (the administrator's "test the connection"); the
    /// answer says what the provider supports.
    pub async fn probe(&self, issuer: &str) -> Result<String, SsoError> {
        let metadata = self.metadata(issuer, Duration::ZERO).await?;
        if metadata.issuer().as_str().trim_end_matches('/') != issuer.trim_end_matches('/') {
            return Err(SsoError::Misconfigured(format!(
                "the provider calls itself {}",
                metadata.issuer().as_str()
            )));
        }
        Ok(metadata.authorization_endpoint().as_str().to_string())
    }

    /// The authorization request for one sign-in.
    pub async fn start(
        &self,
        config: &ProviderConfig,
        redirect_url: &str,
        login_hint: &str,
    ) -> Result<Request, SsoError> {
        let metadata = self.metadata(&config.issuer, METADATA_TTL).await?;
        let client = client(metadata, config, redirect_url)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .add_extra_param("login_hint", login_hint)
            .set_pkce_challenge(challenge)
            .url();
        Ok(Request {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code and checks the ID token: who signed in, or why not.
    pub async fn finish(
        &self,
        config: &ProviderConfig,
        redirect_url: &str,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, SsoError> {
        let metadata = self.metadata(&config.issuer, METADATA_TTL).await?;
        let fetched = self.cached(&config.issuer).map(|c| c.fetched);
        let exchange = client(metadata.clone(), config, redirect_url)?;
        let response = exchange
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| SsoError::Misconfigured(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                openidconnect::RequestTokenError::ServerResponse(r) => {
                    SsoError::CodeRefused(r.error().to_string())
                }
                other => SsoError::Unreachable(describe(&other)),
            })?;
        let token = response
            .id_token()
            .ok_or_else(|| SsoError::TokenRefused("no ID token in the answer".into()))?;
        let nonce = Nonce::new(nonce.to_string());
        match verify(&exchange, &metadata, token, &nonce) {
            Ok(identity) => Ok(identity),
            // A key we do not know may be a rotation: fetch the key set once more, not often.
            Err(SsoError::TokenRefused(why))
                if why.contains("signature")
                    && fetched.is_some_and(|f| f.elapsed() > REFETCH_AFTER) =>
            {
                let fresh = self.metadata(&config.issuer, Duration::ZERO).await?;
                let again = client(fresh.clone(), config, redirect_url)?;
                verify(&again, &fresh, token, &nonce)
            }
            Err(e) => Err(e),
        }
    }
}

type Client = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

fn client(
    metadata: CoreProviderMetadata,
    config: &ProviderConfig,
    redirect_url: &str,
) -> Result<Client, SsoError> {
    let redirect = RedirectUrl::new(redirect_url.to_string())
        .map_err(|_| SsoError::Misconfigured("the redirect URL is not a URL".into()))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(config.client_id.clone()),
        Some(ClientSecret::new(config.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// The asymmetric algorithms a provider advertises for ID tokens: the only ones accepted.
fn pinned_algorithms(metadata: &CoreProviderMetadata) -> Vec<CoreJwsSigningAlgorithm> {
    use CoreJwsSigningAlgorithm as A;
    let asymmetric = [
        A::RsaSsaPkcs1V15Sha256,
        A::RsaSsaPkcs1V15Sha384,
        A::RsaSsaPkcs1V15Sha512,
        A::RsaSsaPssSha256,
        A::RsaSsaPssSha384,
        A::RsaSsaPssSha512,
        A::EcdsaP256Sha256,
        A::EcdsaP384Sha384,
        A::EdDsa,
    ];
    metadata
        .id_token_signing_alg_values_supported()
        .iter()
        .filter(|alg| asymmetric.contains(alg))
        .cloned()
        .collect()
}

fn verify(
    client: &Client,
    metadata: &CoreProviderMetadata,
    token: &openidconnect::core::CoreIdToken,
    nonce: &Nonce,
) -> Result<VerifiedIdentity, SsoError> {
    let algorithms = pinned_algorithms(metadata);
    if algorithms.is_empty() {
        return Err(SsoError::Misconfigured(
            "the provider advertises no asymmetric ID-token algorithm".into(),
        ));
    }
    let verifier = client.id_token_verifier().set_allowed_algs(algorithms);
    let claims = token
        .claims(&verifier, nonce)
        .map_err(|e| SsoError::TokenRefused(claims_error(&e)))?;
    Ok(VerifiedIdentity {
        subject: claims.subject().as_str().to_string(),
        email: claims.email().map(|e| e.as_str().to_string()),
        email_verified: claims.email_verified(),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_string()),
    })
}

/// The check that failed, in words for the log (the source chain included: "signature" is
/// what triggers a key refetch).
fn claims_error(e: &openidconnect::ClaimsVerificationError) -> String {
    use openidconnect::ClaimsVerificationError as E;
    match e {
        E::SignatureVerification(inner) => format!("signature: {inner}"),
        other => other.to_string(),
    }
}

fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// `http://127.0.0.1…`, `http://localhost…` or `http://[::1]…`.
fn is_http_loopback(url: &str) -> bool {
    openidconnect::url::Url::parse(url).is_ok_and(|u| {
        u.scheme() == "http"
            && matches!(
                u.host_str(),
                Some("127.0.0.1") | Some("localhost") | Some("[::1]")
            )
    })
}

/// The HTTP client the crate calls: our reqwest, without redirects, with a size limit.
#[derive(Clone, Debug)]
struct Http(reqwest::Client);

/// A failed call to a provider.
#[derive(Debug, thiserror::Error)]
enum HttpError {
    #[error(transparent)]
    Request(#[from] reqwest::Error),
    #[error("the answer is larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
    #[error("{0}")]
    Http(#[from] http::Error),
}

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = self
                .0
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await?;
            let status = response.status();
            let headers = response.headers().clone();
            if response
                .content_length()
                .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
            {
                return Err(HttpError::TooLarge);
            }
            let bytes = response.bytes().await?;
            if bytes.len() > MAX_RESPONSE_BYTES {
                return Err(HttpError::TooLarge);
            }
            let mut out = http::Response::builder().status(status);
            if let Some(h) = out.headers_mut() {
                *h = headers;
            }
            Ok(out.body(bytes.to_vec())?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_must_be_https_except_on_a_loopback_development_setup() {
        let prod = RelyingParty::new("https://poortwachter.example").unwrap();
        assert!(
            prod.check_issuer("https://login.microsoftonline.com/t/v2.0/")
                .is_ok()
        );
        assert_eq!(
            prod.check_issuer(" https://idp.example/ ").unwrap(),
            "https://idp.example"
        );
        assert!(prod.check_issuer("http://127.0.0.1:9000").is_err());
        assert!(prod.check_issuer("http://idp.example").is_err());
        assert!(prod.check_issuer("https://idp.example/?x=1").is_err());
        assert!(prod.check_issuer("file:///etc/passwd").is_err());
        let dev = RelyingParty::new("http://127.0.0.1:8080").unwrap();
        assert!(dev.check_issuer("http://127.0.0.1:9000").is_ok());
        assert!(dev.check_issuer("http://localhost:9000").is_ok());
        assert!(dev.check_issuer("http://idp.example").is_err());
    }
}
