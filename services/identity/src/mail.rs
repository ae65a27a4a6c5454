//! E-mail texts of the identity service, from `templates/mail/` (auto-escaped HTML in the
//! shared layout, and plain text). Dutch first, English below, because the invitee has not
//! chosen a language yet.

use std::sync::LazyLock;

use platform::mail::{Email, MailError, MailTemplates};
use serde_json::json;

static TEMPLATES: LazyLock<Result<MailTemplates, String>> = LazyLock::new(|| {
    MailTemplates::new(&[
        (
            "invitation.html",
            include_str!("../templates/mail/invitation.html"),
        ),
        (
            "invitation.txt",
            include_str!("../templates/mail/invitation.txt"),
        ),
        (
            "operator_acted.html",
            include_str!("../templates/mail/operator_acted.html"),
        ),
        (
            "operator_acted.txt",
            include_str!("../templates/mail/operator_acted.txt"),
        ),
    ])
    .map_err(|e| e.to_string())
});

fn templates() -> Result<&'static MailTemplates, MailError> {
    TEMPLATES.as_ref().map_err(|e| MailError::Config(e.clone()))
}

/// The invitation e-mail with its single-use link.
pub fn invitation(
    to: lettre::message::Mailbox,
    name: &str,
    organisation: &str,
    link: &str,
    valid_hours: u64,
) -> Result<Email, MailError> {
    templates()?.email(
        to,
        format!("Uitnodiging voor Poortwachter van {organisation}"),
        "invitation",
        json!({
            "name": name,
            "organisation": organisation,
            "link": link,
            "valid_hours": valid_hours,
        }),
    )
}

/// Tells an organisation's administrator that the platform operator acted inside it (or
/// tried to): the organisation administers its own people, so it must hear of it.
pub fn operator_acted(
    to: lettre::message::Mailbox,
    organisation: &str,
    what_nl: &str,
    what_en: &str,
    link: &str,
) -> Result<Email, MailError> {
    templates()?.email(
        to,
        format!("Beheerder van het platform in {organisation}"),
        "operator_acted",
        json!({
            "organisation": organisation,
            "what_nl": what_nl,
            "what_en": what_en,
            "link": link,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_escapes_what_the_employer_typed() {
        let to = "Jan <jan@example.com>".parse().unwrap();
        let mail = invitation(
            to,
            "Jan <b>de Vries</b>",
            "Bakker & Zn",
            "https://p.example/uitnodiging/abc",
            72,
        )
        .unwrap();
        assert_eq!(
            mail.subject,
            "Uitnodiging voor Poortwachter van Bakker & Zn"
        );
        assert!(mail.text.contains("Beste Jan <b>de Vries</b>,"));
        assert!(mail.text.contains("geldig 72 uur"));
        assert!(
            mail.html.contains("Jan &lt;b&gt;de Vries&lt;/b&gt;"),
            "{}",
            mail.html
        );
        assert!(mail.html.contains("Bakker &amp; Zn"));
        assert!(!mail.html.contains("<b>"));
        assert!(
            mail.html
                .contains("href=\"https://p.example/uitnodiging/abc\"")
        );
    }
}
