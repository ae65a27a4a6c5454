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
    /// `smtp://`: connections of our own without Nagle's delay (`crate::smtp`).
    Pooled(crate::smtp::SmtpClient),
    /// `smtps://`: lettre's transport.
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
            Transport::Pooled(_) | Transport::Smtp(_) => write!(f, "Mailer(smtp)"),
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
        const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
        let transport = match smtp_url {
            Some(url) => match crate::smtp::SmtpClient::from_url(url, TIMEOUT)
                .map_err(|e| MailError::Config(format!("smtp_url: {e}")))?
            {
                Some(client) => Transport::Pooled(client),
                None => Transport::Smtp(
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                        .map_err(|e| MailError::Config(format!("smtp_url: {e}")))?
                        .timeout(Some(TIMEOUT))
                        .build(),
                ),
            },
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
            Transport::Pooled(c) => c.send(&message).await.map_err(MailError::Transport),
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

/// The shared layout of every e-mail's HTML part (`templates/mail/layout.html`): one column of
/// at most 600 px in a table, styles inline, as common mail clients lay it out alike.
const LAYOUT: &str = include_str!("../templates/mail/layout.html");

/// The e-mail bodies of one service, from its template files: `NAME.html` extends the shared
/// layout (`{% extends "layout.html" %}`, its `body` block) and is auto-escaped, so a name or a
/// text from a user can never become markup; `NAME.txt` is the plain-text part, not escaped.
/// A value a template names but the context lacks is an error, not an empty string.
pub struct MailTemplates {
    env: minijinja::Environment<'static>,
}

impl std::fmt::Debug for MailTemplates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailTemplates").finish_non_exhaustive()
    }
}

/// Writes a value into a template: in HTML escaped as HTML needs it (`& < > " '`) but leaving
/// `/` as it is — it needs no escape in text or in a quoted attribute, and a link in the
/// message's source then reads as the link (minijinja's own escaping writes `&#x2f;`).
fn html_formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if !matches!(state.auto_escape(), minijinja::AutoEscape::Html)
        || value.is_safe()
        || value.is_undefined()
        || value.is_none()
    {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = value.to_string();
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    std::fmt::Write::write_str(out, &escaped)
        .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure))
}

impl MailTemplates {
    /// The layout and `templates` (`(file name, source)`, the sources `include_str!`d).
    pub fn new(templates: &[(&'static str, &'static str)]) -> Result<Self, MailError> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_formatter(html_formatter);
        for (name, source) in std::iter::once(&("layout.html", LAYOUT)).chain(templates) {
            env.add_template(name, source)
                .map_err(|e| MailError::Config(format!("mail template {name}: {e}")))?;
        }
        Ok(MailTemplates { env })
    }

    /// The plain-text and HTML bodies of `name` (`name.txt`, `name.html`) with `context`.
    pub fn render(
        &self,
        name: &str,
        context: impl serde::Serialize,
    ) -> Result<(String, String), MailError> {
        let one = |file: String| {
            self.env
                .get_template(&file)
                .and_then(|t| t.render(&context))
                .map_err(|e| MailError::Build(format!("mail template {file}: {e}")))
        };
        Ok((one(format!("{name}.txt"))?, one(format!("{name}.html"))?))
    }

    /// An e-mail to `to` with `subject` and the bodies of `name`; the subject is in the
    /// context too (the layout's title).
    pub fn email(
        &self,
        to: Mailbox,
        subject: String,
        name: &str,
        context: serde_json::Value,
    ) -> Result<Email, MailError> {
        let mut context = context;
        if let Some(map) = context.as_object_mut() {
            map.insert("subject".into(), subject.clone().into());
        }
        let (text, html) = self.render(name, context)?;
        Ok(Email {
            to,
            subject,
            text,
            html,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_in_the_shared_layout_and_text_is_not() {
        let t = MailTemplates::new(&[
            (
                "hello.html",
                "{% extends \"layout.html\" %}{% block body %}<p>Beste {{ name }},</p><p><a href=\"{{ link }}\">open</a></p>{% endblock %}",
            ),
            ("hello.txt", "Beste {{ name }},\n{{ link }}\n"),
        ])
        .unwrap();
        let context = serde_json::json!({
            "name": "<script>alert(1)</script> & \"Jansen\"",
            "link": "https://x.example/a?b=1&c=\"2\"",
            "subject": "Hallo",
        });
        let (text, html) = t.render("hello", &context).unwrap();
        assert!(
            text.contains("<script>alert(1)</script> & \"Jansen\""),
            "{text}"
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Jansen&quot;"),
            "{html}"
        );
        assert!(
            html.contains("max-width:600px"),
            "the shared layout: {html}"
        );
        assert!(html.contains("<title>Hallo</title>"), "{html}");
        // A link reads as itself in the source; its quotes and ampersands are escaped.
        assert!(
            html.contains("href=\"https://x.example/a?b=1&amp;c=&quot;2&quot;\""),
            "{html}"
        );
        // A value the template names but nobody gave is an error, not an empty string.
        assert!(
            t.render("hello", serde_json::json!({ "name": "x", "subject": "s" }))
                .is_err()
        );
    }

    #[test]
    fn a_template_that_does_not_parse_is_refused_at_once() {
        assert!(MailTemplates::new(&[("broken.html", "{% if %}")]).is_err());
    }
}
