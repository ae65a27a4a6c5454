//! The SMTP client for `smtp://` relays (plain, or STARTTLS with `?tls=required|opportunistic`):
//! lettre's SMTP conversation over connections this module opens and pools itself.
//!
//! Why not lettre's own transport: lettre writes the end of a message (`CRLF.CRLF`) as a write
//! of its own after the body, and leaves Nagle's algorithm on. The terminator then waits for
//! the relay to acknowledge the body, which Linux delays by up to 40 ms: about 20 e-mails a
//! second per connection, whatever the machine (`make bench`). Here every connection is opened
//! with `TCP_NODELAY`, kept open between e-mails (at most [`MAX_IDLE`], each checked with a
//! NOOP when it has been idle), and a connection that failed once is never used again.
//!
//! `smtps://` (TLS from the first byte) stays on lettre's own transport: lettre cannot put
//! TLS on a connection opened outside it before the greeting.
//!
//! Not here: PIPELINING (RFC 2920). lettre's conversation sends one command and waits for its
//! answer, and the relay the tests run (aiosmtpd) does not offer it; with Nagle off an SMTP
//! round trip on a local network costs well under a millisecond.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use lettre::Message;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

/// Open connections kept for the next e-mails (a worker sends a few jobs at once).
pub const MAX_IDLE: usize = 8;
/// A connection idle longer than this is asked whether it is still there before use.
const CHECK_AFTER: Duration = Duration::from_secs(5);

/// How the connection is secured after the greeting.
#[derive(Clone)]
enum StartTls {
    Never,
    IfOffered(TlsParameters),
    Required(TlsParameters),
}

/// A relay and its open connections.
#[derive(Clone)]
pub struct SmtpClient {
    relay: Arc<Relay>,
    idle: Arc<Mutex<Vec<(AsyncSmtpConnection, Instant)>>>,
}

struct Relay {
    host: String,
    port: u16,
    tls: StartTls,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
}

impl SmtpClient {
    /// A client for `url` (`smtp://[user:password@]host[:port][/hello-name][?tls=required|
    /// opportunistic]`); `None` for any other scheme (lettre's own transport serves those).
    /// Every connection and every e-mail is given up after `timeout`.
    pub fn from_url(url: &str, timeout: Duration) -> Result<Option<SmtpClient>, String> {
        let url = url::Url::parse(url).map_err(|e| e.to_string())?;
        if url.scheme() != "smtp" {
            return Ok(None);
        }
        let host = url.host_str().ok_or("smtp host undefined")?.to_string();
        let tls_parameters = || TlsParameters::new(host.clone()).map_err(|e| e.to_string());
        let tls = match url.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v) {
            None => StartTls::Never,
            Some(v) if v == "required" => StartTls::Required(tls_parameters()?),
            Some(v) if v == "opportunistic" => StartTls::IfOffered(tls_parameters()?),
            Some(v) => return Err(format!("unknown tls parameter {v:?}")),
        };
        // Without TLS the relay's port is 25, with STARTTLS the submission port (as lettre).
        let port = url.port().unwrap_or(match tls {
            StartTls::Never => 25,
            _ => 587,
        });
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|e| e.to_string())
        };
        let credentials = match url.password() {
            Some(password) => Some(Credentials::new(decode(url.username())?, decode(password)?)),
            None => None,
        };
        let hello = match url.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_string()),
        };
        Ok(Some(SmtpClient {
            relay: Arc::new(Relay {
                host,
                port,
                tls,
                credentials,
                hello,
                timeout,
            }),
            idle: Arc::new(Mutex::new(Vec::new())),
        }))
    }

    /// Sends `message` over an open connection (or a new one). A connection on which anything
    /// failed is closed, never used again.
    pub async fn send(&self, message: &Message) -> Result<(), String> {
        let envelope = message.envelope().clone();
        let bytes = message.formatted();
        let mut conn = self.connection().await?;
        let sent = tokio::time::timeout(self.relay.timeout, conn.send(&envelope, &bytes)).await;
        match sent {
            Ok(Ok(_)) => {
                self.put_back(conn);
                Ok(())
            }
            Ok(Err(e)) => {
                conn.abort().await;
                Err(e.to_string())
            }
            Err(_) => {
                conn.abort().await;
                Err("the relay did not answer in time".into())
            }
        }
    }

    /// An open connection: an idle one that is still there, else a new one.
    async fn connection(&self) -> Result<AsyncSmtpConnection, String> {
        loop {
            let idle = self
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop();
            let Some((mut conn, since)) = idle else {
                break;
            };
            if conn.has_broken() {
                continue;
            }
            if since.elapsed() < CHECK_AFTER || conn.test_connected().await {
                return Ok(conn);
            }
            conn.abort().await;
        }
        tokio::time::timeout(self.relay.timeout, self.connect())
            .await
            .map_err(|_| "the relay did not answer in time".to_string())?
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, String> {
        let relay = &self.relay;
        let tcp = tokio::net::TcpStream::connect((relay.host.as_str(), relay.port))
            .await
            .map_err(|e| format!("connecting to {}:{}: {e}", relay.host, relay.port))?;
        // The reason this module exists (see above).
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &relay.hello)
            .await
            .map_err(|e| e.to_string())?;
        match &relay.tls {
            StartTls::Required(tls) => conn.starttls(tls.clone(), &relay.hello).await,
            StartTls::IfOffered(tls) if conn.can_starttls() => {
                conn.starttls(tls.clone(), &relay.hello).await
            }
            _ => Ok(()),
        }
        .map_err(|e| e.to_string())?;
        if let Some(credentials) = &relay.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(conn)
    }

    fn put_back(&self, conn: AsyncSmtpConnection) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE && !conn.has_broken() {
            idle.push((conn, Instant::now()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relay_url_reads_as_lettre_reads_it() {
        let t = Duration::from_secs(1);
        let c = SmtpClient::from_url("smtp://mail.example:2525", t)
            .unwrap()
            .unwrap();
        assert_eq!(
            (c.relay.host.as_str(), c.relay.port),
            ("mail.example", 2525)
        );
        assert!(matches!(c.relay.tls, StartTls::Never) && c.relay.credentials.is_none());
        let c = SmtpClient::from_url(
            "smtp://u%40x:p%20w@mail.example/helo.example?tls=required",
            t,
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.relay.port, 587);
        assert!(matches!(c.relay.tls, StartTls::Required(_)));
        assert_eq!(
            c.relay.credentials,
            Some(Credentials::new("u@x".into(), "p w".into()))
        );
        assert_eq!(c.relay.hello, ClientId::Domain("helo.example".into()));
        assert!(
            SmtpClient::from_url("smtps://mail.example", t)
                .unwrap()
                .is_none()
        );
        assert!(SmtpClient::from_url("smtp://mail.example?tls=maybe", t).is_err());
    }
}
