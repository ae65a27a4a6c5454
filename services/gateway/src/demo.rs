//! The demo tenant (`serve --demo`, README "Demo accounts"), idempotent: running it twice changes
//! nothing. Cases are added by the cases service when it arrives.

use identity::service::seed;
use platform::{Actor, AppResult, Ctx, OrganisationKind, RequestMeta, Role};

use crate::state::AppState;

/// Password of every demo account.
pub const PASSWORD: &str = "poortwachter-demo";
/// TOTP secret of the demo company doctor.
pub const DOCTOR_TOTP: &str = "JBSWY3DPEHPK3PXP";
/// TOTP secret of the demo employee (who has verified medical access).
pub const EMPLOYEE_TOTP: &str = "KVKFKRCPNZQUYMLX";

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
        "Bakkerij De Korenschoof B.V.; medical access verified by the doctor; TOTP secret KVKFKRCPNZQUYMLX",
    ),
    (
        "collega@korenschoof.example",
        Role::Employee,
        "Bakkerij De Korenschoof B.V.; no second factor, medical access not verified yet",
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
    (
        "beheer@arbo-oost.example",
        Role::HealthServiceAdmin,
        "Arbo Oost: its people, and which doctor handles a case",
    ),
    (
        "beheer@werkpad.example",
        Role::AgencyAdmin,
        "Werkpad Re-integratie",
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

/// Creates what is missing of the demo data: people and organisations, then the cases.
pub async fn seed(state: &AppState) -> AppResult<()> {
    seed_people(state).await?;
    seed_cases(state).await
}

/// The demo's organisations.
struct DemoOrgs {
    korenschoof: identity::entities::organisation::Model,
    vandijk: identity::entities::organisation::Model,
    arbo: identity::entities::organisation::Model,
    werkpad: identity::entities::organisation::Model,
    platform: identity::entities::organisation::Model,
}

/// The demo's organisations, created if missing.
async fn organisations(state: &AppState) -> AppResult<DemoOrgs> {
    let (db, now) = (&state.db, state.clock.now());
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
pub async fn seed_people(state: &AppState) -> AppResult<()> {
    let db = &state.db;
    let now = state.clock.now();
    let id = &state.identity;
    let DemoOrgs {
        korenschoof,
        vandijk,
        arbo,
        werkpad,
        platform: platform_org,
    } = organisations(state).await?;

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

/// The dozen demo cases at their points of the clock, with the doctor and agency assigned as
/// README's demo table says; an employee who already has a case is left alone.
pub async fn seed_cases(state: &AppState) -> AppResult<()> {
    let db = &state.db;
    let now = state.clock.now();
    let DemoOrgs {
        korenschoof,
        vandijk,
        arbo,
        werkpad,
        ..
    } = organisations(state).await?;
    let doctor = identity::repo::user_by_email(db, "bedrijfsarts@arbo-oost.example").await?;
    let consultant = identity::repo::user_by_email(db, "adviseur@werkpad.example").await?;
    let hr = identity::repo::user_by_email(db, "hr@korenschoof.example").await?;
    let case_manager = identity::repo::user_by_email(db, "casemanager@korenschoof.example").await?;
    let hr_vandijk = identity::repo::user_by_email(db, "hr@vandijk.example").await?;
    let today = state.clock.today();
    for demo in DEMO_CASES {
        let org = if demo.vandijk { &vandijk } else { &korenschoof };
        let email = email_for(
            demo.employee,
            if demo.vandijk {
                "vandijk.example"
            } else {
                "korenschoof.example"
            },
        );
        let Some(employee) = identity::repo::employee_by_email(db, org.id, &email).await? else {
            continue;
        };
        if cases::repo::latest_case_of(db, org.id, employee.id)
            .await?
            .is_some()
        {
            continue;
        }
        let manager = if demo.vandijk {
            hr_vandijk.as_ref()
        } else {
            case_manager.as_ref()
        };
        let Some(manager) = manager else {
            continue;
        };
        let case_id = seed_case(state, org.id, employee.id, manager.id, today, demo).await?;
        let assignees = [
            (demo.doctor, doctor.as_ref(), Role::CompanyDoctor, arbo.id),
            (
                demo.agency,
                consultant.as_ref(),
                Role::ReintegrationConsultant,
                werkpad.id,
            ),
        ];
        for (wanted, user, role, provider) in assignees {
            if let (true, Some(user), Some(hr)) = (wanted, user, hr.as_ref()) {
                seed::assignment(db, org.id, case_id, user.id, provider, role, hr.id, now).await?;
            }
        }
        if let Some(hr) = hr.as_ref() {
            seed_documents(state, case_id, demo, hr, consultant.as_ref()).await?;
            if demo.agency
                && let Some(consultant) = consultant.as_ref()
            {
                seed_track2(state, case_id, demo, hr, consultant, werkpad.id).await?;
            }
        }
        cases::service::refresh_clock(db, today, case_id).await?;
    }
    Ok(())
}

/// Track 2 of an agency case through the real services: HR engages Werkpad from the recorded
/// start of track 2; the consultant writes the profile, two promising occupations, a contact
/// every two weeks and an application a week. Karin Bos's track 2 stalled after its first
/// month (the effort signal shows), Daan Visser's has a submitted report, Willem Nijhuis's a
/// draft waiting to be submitted.
async fn seed_track2(
    state: &AppState,
    case_id: uuid::Uuid,
    demo: &DemoCase,
    hr: &identity::entities::user::Model,
    consultant: &identity::entities::user::Model,
    agency: uuid::Uuid,
) -> AppResult<()> {
    use reintegration::model::{
        ApplicationChannel, ApplicationKind, ApplicationStatus, Track2ContactKind, Track2ReportKind,
    };
    use reintegration::service as track2;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let Some(started_on) = cases::entities::case_milestone::Entity::find()
        .filter(cases::entities::case_milestone::Column::CaseId.eq(case_id))
        .filter(cases::entities::case_milestone::Column::Kind.eq("TRACK2_START"))
        .one(&state.db)
        .await?
        .map(|m| m.occurred_on)
    else {
        return Ok(());
    };
    let as_hr = acting_as(state, hr).await?;
    track2::assign_agency(
        &as_hr,
        case_id,
        track2::AssignAgency {
            organisation_id: agency,
            consultant_id: Some(consultant.id),
            started_on: Some(started_on),
            contacts_per_month: Some(2),
            applications_per_month: Some(4),
        },
    )
    .await?;
    let ctx = acting_as(state, consultant).await?;
    track2::save_profile(
        &ctx,
        case_id,
        track2::Profile {
            skills: Some("Nauwkeurig, klantvriendelijk, rijbewijs B, ervaring met kassasystemen.".into()),
            education: Some("MBO 2 Bakker, VCA-basis.".into()),
            experience: Some("Twaalf jaar bakkerij (productie en winkel).".into()),
            wishes: Some("Werk dicht bij huis, overdag, in een vast team.".into()),
            search_profile: Some("Lichte logistiek (orderpicking), winkelmedewerker, kantinemedewerker; zittend en staand afwisselend.".into()),
        },
    )
    .await?;
    for (title, reason) in [
        (
            "Orderpicker",
            "Veel vraag in de regio; past bij nauwkeurigheid en ervaring met voorraad.",
        ),
        (
            "Winkelmedewerker",
            "Klantcontact ligt hem; afwisselend staan en lopen.",
        ),
    ] {
        track2::add_occupation(&ctx, case_id, title, reason).await?;
    }
    let today = state.clock.today();
    let stalled = demo.employee == "Karin Bos";
    let companies = [
        "Logistiek Oost",
        "Jumbo Deventer",
        "Kantine Plus",
        "Van Dijk Transport",
        "Bakkerij Zuid",
    ];
    let mut on = started_on;
    let mut week = 0usize;
    while on <= today {
        if stalled && on > started_on + chrono::Duration::days(30) {
            break;
        }
        if week.is_multiple_of(2) {
            track2::record_contact(
                &ctx,
                case_id,
                track2::NewContact {
                    occurred_on: on,
                    kind: if week.is_multiple_of(4) { Track2ContactKind::Meeting } else { Track2ContactKind::Phone },
                    summary: "Sollicitaties van de afgelopen weken besproken en nieuwe vacatures gekozen.".into(),
                },
            )
            .await?;
        }
        track2::record_application(
            &ctx,
            case_id,
            track2::NewApplication {
                kind: if week % 3 == 2 {
                    ApplicationKind::Proposal
                } else {
                    ApplicationKind::Application
                },
                company: companies[week % companies.len()].into(),
                position: if week.is_multiple_of(2) {
                    "Orderpicker"
                } else {
                    "Winkelmedewerker"
                }
                .into(),
                applied_on: on,
                channel: if week % 3 == 2 {
                    ApplicationChannel::Agency
                } else {
                    ApplicationChannel::Vacancy
                },
                status: if on + chrono::Duration::days(14) > today {
                    ApplicationStatus::Sent
                } else {
                    ApplicationStatus::Rejected
                },
                outcome: None,
            },
        )
        .await?;
        on += chrono::Duration::days(7);
        week += 1;
    }
    if demo.employee == "Daan Visser" {
        track2::submit_report(
            &ctx,
            case_id,
            Some(Track2ReportKind::Progress),
            track2::ReportTexts {
                activities: None,
                assessment: Some("Zoekprofiel en kansrijke beroepen staan; de werknemer solliciteert wekelijks. Kans op plaatsing binnen drie maanden is reëel.".into()),
                attitude: Some("Gemotiveerd en op tijd; komt afspraken na.".into()),
            },
        )
        .await?;
    } else {
        track2::draft_report(&ctx, case_id, Track2ReportKind::Progress, false).await?;
    }
    Ok(())
}

/// A system-made request context acting as `user` (the demo's documents go through the real
/// upload: sniffed, hashed and encrypted like any other).
async fn acting_as(state: &AppState, user: &identity::entities::user::Model) -> AppResult<Ctx> {
    Ok(Ctx {
        db: state.db.clone(),
        actor: Actor::User(identity::repo::actor_of(&state.db, user).await?),
        meta: RequestMeta::default(),
        clock: state.clock.clone(),
        log: state.log.clone(),
        case_gate: Some(state.gate.clone()),
    })
}

/// Documents of the later cases: a labour expert's report from HR, track 2 reports from the
/// agency — small PDFs made with the report writer.
async fn seed_documents(
    state: &AppState,
    case_id: uuid::Uuid,
    demo: &DemoCase,
    hr: &identity::entities::user::Model,
    consultant: Option<&identity::entities::user::Model>,
) -> AppResult<()> {
    use documents::pdf::{Block, Report, Section, render};
    use platform::document::{Classification, DocumentType};
    let mut uploads = Vec::new();
    if demo.weeks >= 60 {
        uploads.push((hr, DocumentType::LabourExpertReport, "Arbeidsdeskundig rapport", "arbeidsdeskundig-rapport.pdf",
            "Onderzoek naar de mogelijkheden in eigen en ander werk. Conclusie: het eigen werk is niet passend; \
             ander werk bij de eigen werkgever is er niet structureel. Advies: start spoor 2."));
    }
    if demo.agency
        && let Some(consultant) = consultant
    {
        uploads.push((consultant, DocumentType::Track2Report, "Voortgangsrapportage spoor 2", "rapportage-spoor-2.pdf",
            "Zoekprofiel vastgesteld (magazijn, orderpicking, kantine). Twee sollicitaties verstuurd, \
             een kennismakingsgesprek gepland. De werknemer werkt goed mee."));
    }
    for (user, kind, title, filename, text) in uploads {
        let ctx = acting_as(state, user).await?;
        let pdf = render(&Report {
            title: title.into(),
            contents_heading: "Inhoud".into(),
            footer: title.into(),
            page_word: "pagina".into(),
            of_word: "van".into(),
            sections: vec![Section {
                heading: "Bevindingen".into(),
                blocks: vec![Block::Paragraph(text.into())],
            }],
            ..Report::default()
        });
        let body =
            futures::stream::iter([Ok::<_, std::convert::Infallible>(bytes::Bytes::from(pdf))]);
        state
            .documents
            .upload(
                &ctx,
                documents::Upload {
                    case_id,
                    classification: Classification::Case,
                    document_type: kind,
                    filename: filename.into(),
                    title: Some(title.into()),
                    declared_len: None,
                },
                body,
            )
            .await?;
    }
    Ok(())
}

/// A demo case: whose, how many weeks sick, and what the demo shows with it.
struct DemoCase {
    employee: &'static str,
    vandijk: bool,
    weeks: i64,
    /// Recovered and fell ill again within 4 weeks: (days since recovery, gap in days).
    relapse: Option<(i64, i64)>,
    track: &'static str,
    doctor: bool,
    agency: bool,
}

/// The dozen demo cases at their points of the clock (relative to today).
const DEMO_CASES: &[DemoCase] = &[
    DemoCase {
        employee: "Willem Nijhuis",
        vandijk: false,
        weeks: 60,
        relapse: None,
        track: "BOTH",
        doctor: true,
        agency: true,
    },
    DemoCase {
        employee: "Carolien Lammers",
        vandijk: false,
        weeks: 7,
        relapse: None,
        track: "TRACK_1",
        doctor: true,
        agency: false,
    },
    DemoCase {
        employee: "Anouk de Vries",
        vandijk: false,
        weeks: 3,
        relapse: None,
        track: "TRACK_1",
        doctor: true,
        agency: false,
    },
    DemoCase {
        employee: "Bram Jansen",
        vandijk: false,
        weeks: 40,
        relapse: None,
        track: "TRACK_1",
        doctor: true,
        agency: false,
    },
    DemoCase {
        employee: "Daan Visser",
        vandijk: false,
        weeks: 90,
        relapse: None,
        track: "TRACK_2",
        doctor: true,
        agency: true,
    },
    DemoCase {
        employee: "Eva Smit",
        vandijk: false,
        weeks: 12,
        relapse: Some((20, 10)),
        track: "TRACK_1",
        doctor: true,
        agency: false,
    },
    DemoCase {
        employee: "Gerrit Mulder",
        vandijk: false,
        weeks: 26,
        relapse: None,
        track: "TRACK_1",
        doctor: true,
        agency: false,
    },
    DemoCase {
        employee: "Ilse Meijer",
        vandijk: false,
        weeks: 50,
        relapse: None,
        track: "TRACK_1",
        doctor: true,
        agency: false,
    },
    DemoCase {
        employee: "Joost de Groot",
        vandijk: false,
        weeks: 1,
        relapse: None,
        track: "TRACK_1",
        doctor: false,
        agency: false,
    },
    DemoCase {
        employee: "Karin Bos",
        vandijk: false,
        weeks: 75,
        relapse: None,
        track: "TRACK_2",
        doctor: true,
        agency: true,
    },
    DemoCase {
        employee: "Arjen Kramer",
        vandijk: true,
        weeks: 9,
        relapse: None,
        track: "TRACK_1",
        doctor: false,
        agency: false,
    },
    DemoCase {
        employee: "Bas Schouten",
        vandijk: true,
        weeks: 30,
        relapse: None,
        track: "TRACK_1",
        doctor: false,
        agency: false,
    },
];

fn email_for(name: &str, domain: &str) -> String {
    match name {
        "Willem Nijhuis" => "werknemer@korenschoof.example".into(),
        "Carolien Lammers" => "collega@korenschoof.example".into(),
        _ => email_of(name, domain),
    }
}

async fn seed_case(
    state: &AppState,
    tenant: uuid::Uuid,
    employee: uuid::Uuid,
    case_manager: uuid::Uuid,
    today: chrono::NaiveDate,
    demo: &DemoCase,
) -> AppResult<uuid::Uuid> {
    use cases::entities::{case_file, case_recovery};
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let now = state.clock.now();
    let gap = demo.relapse.map(|(_, g)| g).unwrap_or(0);
    // Day 1 lies so far back that today falls in the given week, counting only sick days.
    let sick_since = today - chrono::Duration::days(demo.weeks * 7 - 3 + gap);
    let id = platform::ids::new_id();
    case_file::Model {
        track: demo.track.into(),
        reachable_at: Some("Telefonisch, werkdagen 9-17 uur".into()),
        case_manager_user_id: Some(case_manager),
        ..case_file::Model::opened(id, tenant, employee, sick_since, now)
    }
    .into_active_model()
    .insert(&state.db)
    .await?;
    seed_history(state, tenant, id, case_manager, sick_since, demo).await?;
    if let Some((ago, gap)) = demo.relapse {
        let recovered_on = today - chrono::Duration::days(ago);
        case_recovery::ActiveModel {
            id: Set(platform::ids::new_id()),
            tenant_id: Set(tenant),
            case_id: Set(id),
            recovered_on: Set(recovered_on),
            resick_on: Set(Some(recovered_on + chrono::Duration::days(gap))),
            created_at: Set(now),
        }
        .insert(&state.db)
        .await?;
    }
    Ok(id)
}

/// What was done in a demo case so far, as a diligent employer would have done it — with the
/// gaps the demo shows: the week-7 case has no plan yet, the Van Dijk cases have no plan
/// (their employer's risk signals), and Gerrit Mulder has not been reached for two months.
async fn seed_history(
    state: &AppState,
    tenant: uuid::Uuid,
    case_id: uuid::Uuid,
    by: uuid::Uuid,
    sick_since: chrono::NaiveDate,
    demo: &DemoCase,
) -> AppResult<()> {
    use cases::entities::{case_activity, case_milestone, evaluation, plan_of_action_version};
    use cases::model::{ActivityOwner, PlanActivity};
    use sea_orm::{ActiveModelTrait, Set};
    let db = &state.db;
    let now = state.clock.now();
    let day = |n: i64| sick_since + chrono::Duration::days(n - 1);
    let at = |d: chrono::NaiveDate| d.and_hms_opt(10, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
    let sick_days = demo.weeks * 7 - 3;
    let milestone = |kind: &str, on: chrono::NaiveDate, source: Option<uuid::Uuid>| {
        case_milestone::ActiveModel {
            id: Set(platform::ids::new_id()),
            tenant_id: Set(tenant),
            case_id: Set(case_id),
            kind: Set(kind.into()),
            occurred_on: Set(on),
            source_id: Set(source),
            note: Set(None),
            recorded_by: Set(by),
            created_at: Set(now),
        }
    };
    let mut dates = cases::entities::case_file::ActiveModel {
        id: Set(case_id),
        ..Default::default()
    };
    if demo.doctor && sick_days > 30 {
        milestone("PROBLEM_ANALYSIS", day(30), None)
            .insert(db)
            .await?;
        seed_advice(state, tenant, case_id, day(30)).await?;
        dates.advice_given_on = Set(Some(day(30)));
    }
    if sick_days > 52 && !demo.vandijk {
        let activities = vec![
            PlanActivity {
                description: "Wekelijks gesprek over de voortgang".into(),
                owner: ActivityOwner::Employer,
                due_on: day(70),
                done: true,
            },
            PlanActivity {
                description: "Werkplek aanpassen volgens het advies van de bedrijfsarts".into(),
                owner: ActivityOwner::Employer,
                due_on: day(84),
                done: sick_days > 84,
            },
            PlanActivity {
                description: "Opbouw in eigen werk, 4 uur per dag".into(),
                owner: ActivityOwner::Employee,
                due_on: day(112),
                done: false,
            },
        ];
        let plan_id = platform::ids::new_id();
        plan_of_action_version::ActiveModel {
            id: Set(plan_id),
            tenant_id: Set(tenant),
            case_id: Set(case_id),
            version: Set(1),
            goal: Set("Terugkeer in het eigen werk, eerst in aangepaste uren.".into()),
            activities: Set(serde_json::to_string(&activities).unwrap_or_else(|_| "[]".into())),
            case_manager_user_id: Set(Some(by)),
            contact_frequency: Set("Wekelijks telefonisch, elke zes weken een gesprek".into()),
            change_note: Set(None),
            is_adjustment: Set(false),
            created_by: Set(by),
            created_at: Set(at(day(48))),
            updated_at: Set(at(day(48))),
            employer_signed_by: Set(Some(by)),
            employer_signed_at: Set(Some(at(day(50)))),
            employee_signed_by: Set(None),
            employee_signed_at: Set(Some(at(day(52)))),
        }
        .insert(db)
        .await?;
        milestone("PLAN_OF_ACTION", day(52), Some(plan_id))
            .insert(db)
            .await?;
        dates.plan_changed_on = Set(Some(day(48)));
        // Periodic evaluations every 40 days; the first-year evaluation in week 50.
        let mut held = 52 + 40;
        let mut first_year_done = false;
        while held < sick_days {
            let kind = if !first_year_done && held > 330 {
                held = 350;
                first_year_done = true;
                "FIRST_YEAR"
            } else {
                "PERIODIC"
            };
            if held >= sick_days {
                break;
            }
            let id = platform::ids::new_id();
            evaluation::ActiveModel {
                id: Set(id),
                tenant_id: Set(tenant),
                case_id: Set(case_id),
                kind: Set(kind.into()),
                held_on: Set(day(held)),
                summary: Set("Opbouw verloopt volgens plan; afspraken bijgesteld.".into()),
                agreements: Set(Some("Volgende evaluatie over zes weken.".into())),
                return_prospect: Set((kind == "FIRST_YEAR").then_some(false)),
                employee_view: Set(None),
                employee_view_at: Set(None),
                recorded_by: Set(by),
                created_at: Set(at(day(held))),
            }
            .insert(db)
            .await?;
            let milestone_kind = if kind == "FIRST_YEAR" {
                "FIRST_YEAR_EVALUATION"
            } else {
                "PLAN_EVALUATION"
            };
            milestone(milestone_kind, day(held), Some(id))
                .insert(db)
                .await?;
            held += 40;
        }
        if sick_days > 294 {
            milestone("UWV_42_WEEK_REPORT", day(290), None)
                .insert(db)
                .await?;
        }
        if demo.track != "TRACK_1" && sick_days > 380 {
            milestone("TRACK2_START", day(380), None).insert(db).await?;
        }
    }
    // Contacts every two weeks, up to a week ago — except for the employee not reached lately.
    let silent_for = if demo.employee == "Gerrit Mulder" {
        60
    } else {
        7
    };
    let mut contact = 3;
    let mut last = None;
    while contact <= sick_days - silent_for {
        last = Some(day(contact));
        contact += 14;
    }
    if let Some(on) = last {
        case_activity::ActiveModel {
            id: Set(platform::ids::new_id()),
            tenant_id: Set(tenant),
            case_id: Set(case_id),
            kind: Set("CONVERSATION".into()),
            occurred_on: Set(on),
            summary: Set("Telefonisch gesproken over hoe het gaat en de volgende stap.".into()),
            recorded_by: Set(by),
            created_at: Set(at(on)),
        }
        .insert(db)
        .await?;
        dates.last_contact_on = Set(Some(on));
    }
    if dates.is_changed() {
        dates.update(db).await?;
    }
    Ok(())
}

/// The demo doctor's workability advice after his problem analysis (plain: it is what the
/// employer reads). The demo holds no medical text.
async fn seed_advice(
    state: &AppState,
    tenant: uuid::Uuid,
    case_id: uuid::Uuid,
    given_on: chrono::NaiveDate,
) -> AppResult<()> {
    use medical::entities::workability_advice;
    use medical::model::LimitationCategory;
    use sea_orm::{ActiveModelTrait, Set};
    let db = &state.db;
    let Some(doctor) = identity::repo::user_by_email(db, "bedrijfsarts@arbo-oost.example").await?
    else {
        return Ok(());
    };
    let json = |v: &[&str]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    workability_advice::ActiveModel {
        id: Set(platform::ids::new_id()),
        tenant_id: Set(tenant),
        case_id: Set(case_id),
        doctor_user_id: Set(doctor.id),
        doctor_organisation_id: Set(doctor.tenant_id),
        given_on: Set(given_on),
        limitations: Set(json(&[
            "Niet zwaar tillen (boven 10 kg)",
            "Geen nachtdiensten",
        ])),
        limitation_categories: Set(serde_json::to_string(&[
            LimitationCategory::DynamicActions,
            LimitationCategory::WorkingHours,
        ])
        .unwrap_or_else(|_| "[]".into())),
        capabilities: Set(json(&["Licht werk aan de toonbank of in de administratie"])),
        hours_per_day: Set(Some(4.0)),
        hours_per_week: Set(Some(20.0)),
        expected_recovery_on: Set(Some(given_on + chrono::Duration::weeks(8))),
        expected_recovery_until: Set(Some(given_on + chrono::Duration::weeks(12))),
        advice: Set(Some(
            "Bouw op in het eigen werk met aangepaste taken; evalueer over zes weken.".into(),
        )),
        no_sustainable_capacity: Set(false),
        created_at: Set(state.clock.now()),
    }
    .insert(db)
    .await?;
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
