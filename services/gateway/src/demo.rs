//! The demo tenant of API-CONTRACT.md (`serve --demo`), idempotent: running it twice changes
//! nothing. Cases are added by the cases service when it arrives.

use identity::service::seed;
use platform::{AppResult, OrganisationKind, Role};

use crate::state::AppState;

/// Password of every demo account.
pub const PASSWORD: &str = "poortwachter-demo";
/// TOTP secret of the demo company doctor.
pub const DOCTOR_TOTP: &str = "JBSWY3DPEHPK3PXP";

/// The demo accounts: (e-mail, role, note).
pub const ACCOUNTS: &[(&str, Role, &str)] = &[
    (
        "hr@korenschoof.example",
        Role::HrAdmin,
        "Bakkerij De Korenschoof B.V.",
    ),
    (
        "casemanager@korenschoof.example",
        Role::CaseManager,
        "Bakkerij De Korenschoof B.V.",
    ),
    (
        "leidinggevende@korenschoof.example",
        Role::Manager,
        "Bakkerij De Korenschoof B.V., manager of the bakery floor",
    ),
    (
        "werknemer@korenschoof.example",
        Role::Employee,
        "Bakkerij De Korenschoof B.V.",
    ),
    (
        "collega@korenschoof.example",
        Role::Employee,
        "Bakkerij De Korenschoof B.V.",
    ),
    (
        "bedrijfsarts@arbo-oost.example",
        Role::CompanyDoctor,
        "Arbo Oost; TOTP secret JBSWY3DPEHPK3PXP",
    ),
    (
        "adviseur@werkpad.example",
        Role::ReintegrationConsultant,
        "Werkpad Re-integratie",
    ),
    (
        "hr@vandijk.example",
        Role::HrAdmin,
        "Transport Van Dijk B.V.",
    ),
    (
        "beheer@poortwachter.example",
        Role::PlatformAdmin,
        "Poortwachter (platform)",
    ),
];

const KORENSCHOOF_STAFF: &[&str] = &[
    "Anouk de Vries",
    "Bram Jansen",
    "Carla Bakker",
    "Daan Visser",
    "Eva Smit",
    "Fatima El Amrani",
    "Gerrit Mulder",
    "Hanneke de Boer",
    "Ilse Meijer",
    "Joost de Groot",
    "Karin Bos",
    "Lars Vos",
    "Mila Peters",
    "Niels Hendriks",
    "Olga Dekker",
    "Pieter van Leeuwen",
    "Rosa Brouwer",
    "Sem de Wit",
    "Tessa Dijkstra",
    "Umut Yilmaz",
    "Vera Kok",
    "Wim Jacobs",
];

const VANDIJK_STAFF: &[&str] = &[
    "Arjen Kramer",
    "Bas Schouten",
    "Chantal Post",
    "Dirk van Dam",
    "Esther Willems",
];

fn email_of(name: &str, domain: &str) -> String {
    let local: String = name
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    format!("{local}@{domain}")
}

/// Creates what is missing of the demo data.
pub async fn seed(state: &AppState) -> AppResult<()> {
    let db = &state.db;
    let now = state.clock.now();
    let id = &state.identity;
    let korenschoof = seed::organisation(
        db,
        "Bakkerij De Korenschoof B.V.",
        OrganisationKind::Employer,
        now,
    )
    .await?;
    let vandijk = seed::organisation(
        db,
        "Transport Van Dijk B.V.",
        OrganisationKind::Employer,
        now,
    )
    .await?;
    let arbo = seed::organisation(
        db,
        "Arbo Oost",
        OrganisationKind::OccupationalHealthService,
        now,
    )
    .await?;
    let werkpad = seed::organisation(
        db,
        "Werkpad Re-integratie",
        OrganisationKind::ReintegrationAgency,
        now,
    )
    .await?;
    let platform_org =
        seed::organisation(db, "Poortwachter", OrganisationKind::Platform, now).await?;

    let user = |org, email, name, role: Role, totp| {
        seed::user(id, db, org, email, name, vec![role], PASSWORD, totp, now)
    };
    user(
        korenschoof.id,
        "hr@korenschoof.example",
        "Hilde Roelofs",
        Role::HrAdmin,
        None,
    )
    .await?;
    user(
        korenschoof.id,
        "casemanager@korenschoof.example",
        "Cees Mannaerts",
        Role::CaseManager,
        None,
    )
    .await?;
    let manager = user(
        korenschoof.id,
        "leidinggevende@korenschoof.example",
        "Lotte Geerts",
        Role::Manager,
        None,
    )
    .await?;
    let werknemer = user(
        korenschoof.id,
        "werknemer@korenschoof.example",
        "Willem Nijhuis",
        Role::Employee,
        None,
    )
    .await?;
    let collega = user(
        korenschoof.id,
        "collega@korenschoof.example",
        "Carolien Lammers",
        Role::Employee,
        None,
    )
    .await?;
    user(
        arbo.id,
        "bedrijfsarts@arbo-oost.example",
        "Dr. Bart Arends",
        Role::CompanyDoctor,
        Some(DOCTOR_TOTP),
    )
    .await?;
    user(
        werkpad.id,
        "adviseur@werkpad.example",
        "Ada Verhoeven",
        Role::ReintegrationConsultant,
        None,
    )
    .await?;
    user(
        vandijk.id,
        "hr@vandijk.example",
        "Hans van Dijk",
        Role::HrAdmin,
        None,
    )
    .await?;
    user(
        platform_org.id,
        "beheer@poortwachter.example",
        "Bea Heerkens",
        Role::PlatformAdmin,
        None,
    )
    .await?;

    seed::employee(
        db,
        korenschoof.id,
        "Willem Nijhuis",
        "werknemer@korenschoof.example",
        Some(werknemer.id),
        Some(manager.id),
        now,
    )
    .await?;
    seed::employee(
        db,
        korenschoof.id,
        "Carolien Lammers",
        "collega@korenschoof.example",
        Some(collega.id),
        Some(manager.id),
        now,
    )
    .await?;
    for (i, name) in KORENSCHOOF_STAFF.iter().enumerate() {
        let managed = (i % 3 == 0).then_some(manager.id);
        seed::employee(
            db,
            korenschoof.id,
            name,
            &email_of(name, "korenschoof.example"),
            None,
            managed,
            now,
        )
        .await?;
    }
    for name in VANDIJK_STAFF {
        seed::employee(
            db,
            vandijk.id,
            name,
            &email_of(name, "vandijk.example"),
            None,
            None,
            now,
        )
        .await?;
    }
    seed::engagement(db, korenschoof.id, arbo.id, now).await?;
    seed::engagement(db, korenschoof.id, werkpad.id, now).await?;
    seed::engagement(db, vandijk.id, arbo.id, now).await?;
    Ok(())
}

/// The account table printed by `serve --demo`.
pub fn accounts_table() -> String {
    let mut out = format!("Demo accounts (password: {PASSWORD}):\n");
    for (email, role, note) in ACCOUNTS {
        out.push_str(&format!("  {email:<38} {:<26} {note}\n", role.as_str()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_emails_are_plain_ascii() {
        assert_eq!(
            email_of("Fatima El Amrani", "x.example"),
            "fatima.el.amrani@x.example"
        );
        assert_eq!(
            email_of("Pieter van Leeuwen", "x.example"),
            "pieter.van.leeuwen@x.example"
        );
    }
}
