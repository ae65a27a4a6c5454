//! Track 2 of the demo's agency cases, written through the reintegration service.

use platform::AppResult;

use crate::demo_case::DemoCase;
use crate::{Env, acting_as};

/// Track 2 of an agency case through the real services: HR engages Werkpad from the recorded
/// start of track 2; the consultant writes the profile, two promising occupations, a contact
/// every two weeks and an application a week. Karin Bos's track 2 stalled after its first
/// month (the effort signal shows), Daan Visser's has a submitted report, Willem Nijhuis's a
/// draft waiting to be submitted.
pub(crate) async fn seed_track2(
    env: &Env,
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
        .one(&env.db)
        .await?
        .map(|m| m.occurred_on)
    else {
        return Ok(());
    };
    let as_hr = acting_as(env, hr).await?;
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
    let ctx = acting_as(env, consultant).await?;
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
    let today = env.clock.today();
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
