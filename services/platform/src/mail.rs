//! Outgoing e-mail through lettre: an SMTP relay when configured, otherwise .eml files in the
//! outbox folder (so a local install needs no mail server and nothing is lost).
//!
//! Callers build the text; this module never sees medical data because no caller has any to
//! give it (the medical crate sends no mail).

use std::path::PathBuf;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// One e-mail.
#[derive(Clone, Debug)]
pub struct Email {
    /// Recipient.
    pub to: Mailbox,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body (sent as the alternative to the text).
    pub html: String,
}

/// Why an e-mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The configuration is wrong.
    #[error("mail configuration: {0}")]
    Config(String),
    /// Building the message failed (bad address).
    #[error("cannot build the e-mail: {0}")]
    Build(String),
    /// The relay or the disk refused it; worth retrying.
    #[error("cannot deliver the e-mail: {0}")]
    Transport(String),
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// The mailer.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.transport {
            Transport::Smtp(_) => write!(f, "Mailer(smtp)"),
            Transport::File(_, dir) => write!(f, "Mailer(outbox {})", dir.display()),
        }
    }
}

impl Mailer {
    /// SMTP when `smtp_url` is set, else the outbox folder (created if missing).
    pub fn new(smtp_url: Option<&str>, outbox: PathBuf, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| MailError::Config(format!("mail_from: {e}")))?;
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Config(format!("smtp_url: {e}")))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(&outbox)
                    .map_err(|e| MailError::Config(format!("outbox {}: {e}", outbox.display())))?;
                Transport::File(AsyncFileTransport::<Tokio1Executor>::new(&outbox), outbox)
            }
        };
        Ok(Mailer { transport, from })
    }

    /// Sends one e-mail (text and HTML alternatives).
    pub async fn send(&self, email: Email) -> Result<(), MailError> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(email.to)
            .subject(email.subject)
            .multipart(MultiPart::alternative_plain_html(email.text, email.html))
            .map_err(|e| MailError::Build(e.to_string()))?;
        self.send_message(message).await
    }

    /// Sends a prepared message (attachments, custom headers).
    pub async fn send_message(&self, message: Message) -> Result<(), MailError> {
        match &self.transport {
            Transport::Smtp(t) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Transport(e.to_string())),
            Transport::File(t, _) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Transport(e.to_string())),
        }
    }

    /// The sender mailbox.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }
}

/// HTML-escapes text for the HTML part of an e-mail.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
