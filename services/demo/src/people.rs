//! The demo's organisations, accounts, employees and engagements (README "Demo accounts").

use identity::service::seed;
use platform::{AppResult, OrganisationKind, Role};

use crate::{DOCTOR_TOTP, EMPLOYEE_TOTP, Env, PASSWORD};

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

pub(crate) fn email_of(name: &str, domain: &str) -> String {
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

/// The demo's organisations.
pub(crate) struct DemoOrgs {
    pub(crate) korenschoof: identity::entities::organisation::Model,
    pub(crate) vandijk: identity::entities::organisation::Model,
    pub(crate) arbo: identity::entities::organisation::Model,
    pub(crate) werkpad: identity::entities::organisation::Model,
    pub(crate) platform: identity::entities::organisation::Model,
}

/// The demo's organisations, created if missing.
pub(crate) async fn organisations(env: &Env) -> AppResult<DemoOrgs> {
    let (db, now) = (&env.db, env.clock.now());
    Ok(DemoOrgs {
        korenschoof: seed::organisation(
            db,
            "Bakkerij De Korenschoof B.V.",
            OrganisationKind::Employer,
            now,
        )
        .await?,
        vandijk: seed::organisation(
            db,
            "Transport Van Dijk B.V.",
            OrganisationKind::Employer,
            now,
        )
        .await?,
        arbo: seed::organisation(
            db,
            "Arbo Oost",
            OrganisationKind::OccupationalHealthService,
            now,
        )
        .await?,
        werkpad: seed::organisation(
            db,
            "Werkpad Re-integratie",
            OrganisationKind::ReintegrationAgency,
            now,
        )
        .await?,
        platform: seed::organisation(db, "Poortwachter", OrganisationKind::Platform, now).await?,
    })
}

/// The organisations, accounts, employees and engagements of the demo (no cases).
pub async fn seed_people(env: &Env) -> AppResult<()> {
    let db = &env.db;
    let now = env.clock.now();
    let id = &env.identity;
    let DemoOrgs {
        korenschoof,
        vandijk,
        arbo,
        werkpad,
        platform: platform_org,
    } = organisations(env).await?;

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
        Some(EMPLOYEE_TOTP),
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
    // An employee without a case, who reports himself sick (decision 85).
    let gezond = user(
        korenschoof.id,
        "gezond@korenschoof.example",
        "Sanne Verbeek",
        Role::Employee,
        None,
    )
    .await?;
    let doctor = user(
        arbo.id,
        "bedrijfsarts@arbo-oost.example",
        "Dr. Bart Arends",
        Role::CompanyDoctor,
        Some(DOCTOR_TOTP),
    )
    .await?;
    user(
        arbo.id,
        "beheer@arbo-oost.example",
        "Anke Oosterhuis",
        Role::HealthServiceAdmin,
        None,
    )
    .await?;
    user(
        werkpad.id,
        "beheer@werkpad.example",
        "Wouter Pals",
        Role::AgencyAdmin,
        None,
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

    let willem = seed::employee(
        db,
        korenschoof.id,
        "Willem Nijhuis",
        "werknemer@korenschoof.example",
        Some(werknemer.id),
        Some(manager.id),
        now,
    )
    .await?;
    // As if Dr. Arends had given Willem an activation code at his consultation.
    seed::medical_binding(db, &willem, &doctor, now).await?;
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
    seed::employee(
        db,
        korenschoof.id,
        "Sanne Verbeek",
        "gezond@korenschoof.example",
        Some(gezond.id),
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
