//! The dozen demo cases at their points of the clock, with what a diligent employer (and the
//! demo's gaps) would have recorded in them so far.

use cases::model::{ActivityKind, EvaluationKind, PlanActivities, Track};
use cases::timeline::DeadlineKind;
use identity::service::seed;
use platform::{AppResult, Role};

use crate::Env;
use crate::demo_case::{DemoCase, Story};
use crate::people::{DemoOrgs, email_of, organisations};

/// The dozen demo cases at their points of the clock, with the doctor and agency assigned as
/// README's demo table says; an employee who already has a case is left alone.
pub async fn seed_cases(env: &Env) -> AppResult<()> {
    let db = &env.db;
    let now = env.clock.now();
    let DemoOrgs {
        korenschoof,
        vandijk,
        arbo,
        werkpad,
        ..
    } = organisations(env).await?;
    let doctor = identity::repo::user_by_email(db, "bedrijfsarts@arbo-oost.example").await?;
    let consultant = identity::repo::user_by_email(db, "adviseur@werkpad.example").await?;
    let hr = identity::repo::user_by_email(db, "hr@korenschoof.example").await?;
    let case_manager = identity::repo::user_by_email(db, "casemanager@korenschoof.example").await?;
    let hr_vandijk = identity::repo::user_by_email(db, "hr@vandijk.example").await?;
    let today = env.clock.today();
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
        let case_id = seed_case(env, org.id, employee.id, manager.id, today, demo).await?;
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
            crate::documents::seed_documents(env, case_id, demo, hr, consultant.as_ref()).await?;
            if demo.agency
                && let Some(consultant) = consultant.as_ref()
            {
                crate::track2::seed_track2(env, case_id, demo, hr, consultant, werkpad.id).await?;
            }
        }
        cases::service::refresh_clock(db, today, case_id).await?;
    }
    Ok(())
}

/// The dozen demo cases at their points of the clock (relative to today).
const DEMO_CASES: &[DemoCase] = &[
    DemoCase {
        employee: "Willem Nijhuis",
        vandijk: false,
        weeks: 60,
        relapse: None,
        track: Track::Both,
        doctor: true,
        agency: true,
        story: Story::Common,
    },
    DemoCase {
        employee: "Carolien Lammers",
        vandijk: false,
        weeks: 7,
        relapse: None,
        track: Track::Track1,
        doctor: true,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Anouk de Vries",
        vandijk: false,
        weeks: 3,
        relapse: None,
        track: Track::Track1,
        doctor: true,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Bram Jansen",
        vandijk: false,
        weeks: 40,
        relapse: None,
        track: Track::Track1,
        doctor: true,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Daan Visser",
        vandijk: false,
        weeks: 90,
        relapse: None,
        track: Track::Track2,
        doctor: true,
        agency: true,
        story: Story::Common,
    },
    DemoCase {
        employee: "Eva Smit",
        vandijk: false,
        weeks: 12,
        relapse: Some((20, 10)),
        track: Track::Track1,
        doctor: true,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Gerrit Mulder",
        vandijk: false,
        weeks: 26,
        relapse: None,
        track: Track::Track1,
        doctor: true,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Ilse Meijer",
        vandijk: false,
        weeks: 50,
        relapse: None,
        track: Track::Track1,
        doctor: true,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Joost de Groot",
        vandijk: false,
        weeks: 1,
        relapse: None,
        track: Track::Track1,
        doctor: false,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Karin Bos",
        vandijk: false,
        weeks: 75,
        relapse: None,
        track: Track::Track2,
        doctor: true,
        agency: true,
        story: Story::Common,
    },
    DemoCase {
        employee: "Arjen Kramer",
        vandijk: true,
        weeks: 9,
        relapse: None,
        track: Track::Track1,
        doctor: false,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Bas Schouten",
        vandijk: true,
        weeks: 30,
        relapse: None,
        track: Track::Track1,
        doctor: false,
        agency: false,
        story: Story::Common,
    },
    DemoCase {
        employee: "Fatima El Amrani",
        vandijk: false,
        weeks: 14,
        relapse: None,
        track: Track::Track1,
        doctor: true,
        agency: false,
        story: Story::Pregnancy,
    },
    DemoCase {
        employee: "Hanneke de Boer",
        vandijk: false,
        weeks: 5,
        relapse: None,
        track: Track::Track1,
        doctor: true,
        agency: false,
        story: Story::NoRiskLeaving,
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
    env: &Env,
    tenant: uuid::Uuid,
    employee: uuid::Uuid,
    case_manager: uuid::Uuid,
    today: chrono::NaiveDate,
    demo: &DemoCase,
) -> AppResult<uuid::Uuid> {
    use cases::entities::{case_file, case_recovery};
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let now = env.clock.now();
    let gap = demo.relapse.map(|(_, g)| g).unwrap_or(0);
    // Day 1 lies so far back that today falls in the given week, counting only sick days.
    let sick_since = today - chrono::Duration::days(demo.weeks * 7 - 3 + gap);
    let id = platform::ids::new_id();
    case_file::Model {
        track: demo.track,
        reachable_at: Some("Telefonisch, werkdagen 9-17 uur".into()),
        case_manager_user_id: Some(case_manager),
        ..case_file::Model::opened(id, tenant, employee, sick_since, now)
    }
    .into_active_model()
    .insert(&env.db)
    .await?;
    seed_history(env, tenant, id, case_manager, sick_since, demo).await?;
    seed_story(env, tenant, id, case_manager, today, sick_since, demo.story).await?;
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
        .insert(&env.db)
        .await?;
    }
    Ok(id)
}

/// The rules beyond the common path a demo case shows: Fatima's pregnancy leave (the clock
/// stands still) with her safety-net report made; Hanneke's no-risk policy and the end of her
/// fixed-term contract in three weeks (report on the last day, a shortened RIV).
async fn seed_story(
    env: &Env,
    tenant: uuid::Uuid,
    case_id: uuid::Uuid,
    by: uuid::Uuid,
    today: chrono::NaiveDate,
    sick_since: chrono::NaiveDate,
    story: Story,
) -> AppResult<()> {
    use cases::entities::{case_file, case_leave, case_milestone};
    use cases::timeline::SafetyNet;
    use sea_orm::{ActiveModelTrait, Set};
    let now = env.clock.now();
    let (kind, leave, last_day) = match story {
        Story::Common => return Ok(()),
        // 16 weeks of leave from two weeks ago.
        Story::Pregnancy => (
            SafetyNet::Pregnancy,
            Some((
                today - chrono::Duration::days(14),
                today + chrono::Duration::days(97),
            )),
            None,
        ),
        Story::NoRiskLeaving => (
            SafetyNet::NoRiskPolicy,
            None,
            Some(today + chrono::Duration::days(21)),
        ),
    };
    case_file::ActiveModel {
        id: Set(case_id),
        safety_net: Set(true),
        safety_net_kind: Set(Some(kind)),
        employment_ends_on: Set(last_day),
        ..Default::default()
    }
    .update(&env.db)
    .await?;
    if let Some((from, until)) = leave {
        case_leave::ActiveModel {
            id: Set(platform::ids::new_id()),
            tenant_id: Set(tenant),
            case_id: Set(case_id),
            from_date: Set(from),
            until_date: Set(until),
            created_at: Set(now),
        }
        .insert(&env.db)
        .await?;
        // The report to UWV for her Ziektewet benefit went in the first week.
        case_milestone::ActiveModel {
            id: Set(platform::ids::new_id()),
            tenant_id: Set(tenant),
            case_id: Set(case_id),
            kind: Set(DeadlineKind::SafetyNetReport),
            occurred_on: Set(sick_since + chrono::Duration::days(5)),
            source_id: Set(None),
            note: Set(None),
            recorded_by: Set(by),
            created_at: Set(now),
        }
        .insert(&env.db)
        .await?;
    }
    Ok(())
}

/// What was done in a demo case so far, as a diligent employer would have done it — with the
/// gaps the demo shows: the week-7 case has no plan yet, the Van Dijk cases have no plan
/// (their employer's risk signals), and Gerrit Mulder has not been reached for two months.
async fn seed_history(
    env: &Env,
    tenant: uuid::Uuid,
    case_id: uuid::Uuid,
    by: uuid::Uuid,
    sick_since: chrono::NaiveDate,
    demo: &DemoCase,
) -> AppResult<()> {
    use cases::entities::{case_activity, case_milestone, evaluation, plan_of_action_version};
    use cases::model::{ActivityOwner, PlanActivity};
    use sea_orm::{ActiveModelTrait, Set};
    let db = &env.db;
    let now = env.clock.now();
    let day = |n: i64| sick_since + chrono::Duration::days(n - 1);
    let at = |d: chrono::NaiveDate| d.and_hms_opt(10, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
    let sick_days = demo.weeks * 7 - 3;
    let milestone = |kind: DeadlineKind, on: chrono::NaiveDate, source: Option<uuid::Uuid>| {
        case_milestone::ActiveModel {
            id: Set(platform::ids::new_id()),
            tenant_id: Set(tenant),
            case_id: Set(case_id),
            kind: Set(kind),
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
        milestone(DeadlineKind::ProblemAnalysis, day(30), None)
            .insert(db)
            .await?;
        seed_advice(env, tenant, case_id, day(30)).await?;
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
            activities: Set(PlanActivities(activities)),
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
        milestone(DeadlineKind::PlanOfAction, day(52), Some(plan_id))
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
                EvaluationKind::FirstYear
            } else {
                EvaluationKind::Periodic
            };
            if held >= sick_days {
                break;
            }
            let id = platform::ids::new_id();
            evaluation::ActiveModel {
                id: Set(id),
                tenant_id: Set(tenant),
                case_id: Set(case_id),
                kind: Set(kind),
                held_on: Set(day(held)),
                summary: Set("Opbouw verloopt volgens plan; afspraken bijgesteld.".into()),
                agreements: Set(Some("Volgende evaluatie over zes weken.".into())),
                return_prospect: Set((kind == EvaluationKind::FirstYear).then_some(false)),
                employee_view: Set(None),
                employee_view_at: Set(None),
                recorded_by: Set(by),
                created_at: Set(at(day(held))),
            }
            .insert(db)
            .await?;
            let milestone_kind = if kind == EvaluationKind::FirstYear {
                DeadlineKind::FirstYearEvaluation
            } else {
                DeadlineKind::PlanEvaluation
            };
            milestone(milestone_kind, day(held), Some(id))
                .insert(db)
                .await?;
            held += 40;
        }
        if sick_days > 294 {
            milestone(DeadlineKind::Uwv42WeekReport, day(290), None)
                .insert(db)
                .await?;
        }
        if demo.track != Track::Track1 && sick_days > 380 {
            milestone(DeadlineKind::Track2Start, day(380), None)
                .insert(db)
                .await?;
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
            kind: Set(ActivityKind::Conversation),
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
    env: &Env,
    tenant: uuid::Uuid,
    case_id: uuid::Uuid,
    given_on: chrono::NaiveDate,
) -> AppResult<()> {
    use medical::entities::workability_advice;
    use medical::model::LimitationCategory;
    use sea_orm::{ActiveModelTrait, Set};
    let db = &env.db;
    let Some(doctor) = identity::repo::user_by_email(db, "bedrijfsarts@arbo-oost.example").await?
    else {
        return Ok(());
    };
    let json = |v: &[&str]| medical::model::Lines(v.iter().map(|s| s.to_string()).collect());
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
        limitation_categories: Set(medical::model::Categories(vec![
            LimitationCategory::DynamicActions,
            LimitationCategory::WorkingHours,
        ])),
        capabilities: Set(json(&["Licht werk aan de toonbank of in de administratie"])),
        hours_per_day: Set(Some(4.0)),
        hours_per_week: Set(Some(20.0)),
        expected_recovery_on: Set(Some(given_on + chrono::Duration::weeks(8))),
        expected_recovery_until: Set(Some(given_on + chrono::Duration::weeks(12))),
        advice: Set(Some(
            "Bouw op in het eigen werk met aangepaste taken; evalueer over zes weken.".into(),
        )),
        no_sustainable_capacity: Set(false),
        created_at: Set(env.clock.now()),
    }
    .insert(db)
    .await?;
    Ok(())
}
