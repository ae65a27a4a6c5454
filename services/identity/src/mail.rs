//! E-mail texts of the identity service. Dutch first, English below, because the invitee has
//! not chosen a language yet.

use platform::mail::{Email, escape_html};

/// The invitation e-mail with its single-use link.
pub fn invitation(
    to: lettre::message::Mailbox,
    name: &str,
    organisation: &str,
    link: &str,
    valid_hours: u64,
) -> Email {
    let subject = format!("Uitnodiging voor Poortwachter van {organisation}");
    let text = format!(
        "Beste {name},\n\n\
         {organisation} nodigt u uit voor Poortwachter, het systeem voor verzuim en re-integratie.\n\
         Kies uw wachtwoord via deze link (geldig {valid_hours} uur, eenmalig te gebruiken):\n\n{link}\n\n\
         Heeft u deze uitnodiging niet verwacht? Dan kunt u dit bericht negeren.\n\n\
         --\n\n\
         Dear {name},\n\n\
         {organisation} invites you to Poortwachter, the system for sickness absence and \
         re-integration. Choose your password with this link (valid for {valid_hours} hours, \
         single use):\n\n{link}\n"
    );
    let (name_h, org_h, link_h) = (
        escape_html(name),
        escape_html(organisation),
        escape_html(link),
    );
    let html = format!(
        "<!doctype html><html lang=\"nl\"><body style=\"font-family:sans-serif;line-height:1.5\">\
         <p>Beste {name_h},</p>\
         <p>{org_h} nodigt u uit voor Poortwachter, het systeem voor verzuim en re-integratie.</p>\
         <p><a href=\"{link_h}\">Kies uw wachtwoord</a> (geldig {valid_hours} uur, eenmalig te gebruiken).</p>\
         <p>Heeft u deze uitnodiging niet verwacht? Dan kunt u dit bericht negeren.</p><hr>\
         <p lang=\"en\">Dear {name_h},<br>{org_h} invites you to Poortwachter. \
         <a href=\"{link_h}\">Choose your password</a> (valid for {valid_hours} hours, single use).</p>\
         </body></html>"
    );
    Email {
        to,
        subject,
        text,
        html,
    }
}

/// Tells an organisation's administrator that the platform operator acted inside it (or
/// tried to): the organisation administers its own people, so it must hear of it.
pub fn operator_acted(
    to: lettre::message::Mailbox,
    organisation: &str,
    what_nl: &str,
    what_en: &str,
    link: &str,
) -> Email {
    let subject = format!("Beheerder van het platform in {organisation}");
    let text = format!(
        "De beheerder van het Poortwachter-platform heeft in uw organisatie {organisation} \
         het volgende gedaan of geprobeerd:\n\n{what_nl}\n\n\
         U vindt het in het beheerlogboek: {link}\n\n\
         --\n\n\
         The Poortwachter platform operator did or tried the following in your organisation \
         {organisation}:\n\n{what_en}\n\nIt is in the administrative trail: {link}\n"
    );
    let (org_h, nl_h, en_h, link_h) = (
        escape_html(organisation),
        escape_html(what_nl),
        escape_html(what_en),
        escape_html(link),
    );
    let html = format!(
        "<!doctype html><html lang=\"nl\"><body style=\"font-family:sans-serif;line-height:1.5\">\
         <p>De beheerder van het Poortwachter-platform heeft in uw organisatie {org_h} het \
         volgende gedaan of geprobeerd:</p><p><strong>{nl_h}</strong></p>\
         <p><a href=\"{link_h}\">Open het beheerlogboek</a></p><hr>\
         <p lang=\"en\">The platform operator did or tried the following in {org_h}: {en_h}. \
         <a href=\"{link_h}\">Open the administrative trail</a>.</p></body></html>"
    );
    Email {
        to,
        subject,
        text,
        html,
    }
}
