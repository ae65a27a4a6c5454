//! The daily digest (decision 90): instead of one e-mail per step, each recipient gets one
//! e-mail a day — on the days the reminder policy has something new for him — with the steps
//! expected of him: overdue, due today and coming up, grouped by case, each case with a link,
//! and the new steps in one `.ics`. It is "Mijn taken" by e-mail ([`crate::service::tasks`]),
//! written at the moment of sending, so a step done since the sweep is not in it.
//!
//! The sweep bundles a digest user's reminders (status BUNDLED, `digest_on` the day of the
//! digest that carries them) and writes one `digests` row per (recipient, day) — the unique
//! key that sends a day's digest once, however many workers sweep. The digest goes out at
//! the hour of the recipient's organisation (default 07:00 Dutch time) through the same
//! delivery as a reminder ([`crate::deliver::Outbox`]); sent, it marks the reminders it
//! carried. A reminder bundled after its day's digest was written is carried by the next one.

use std::collections::{HashMap, HashSet};

use cases::schedule::StepKind;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use lettre::message::MultiPart;
use platform::{AppResult, OrganisationKind};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::deliver::{Delivery, ReminderStatus, Written, case_link, message};
use crate::entities::{digest, reminder, reminder_setting};
use crate::ical::{Event, calendar, uid};
use crate::text::{DigestCase, DigestCounts, DigestItem, Lang, digest_bodies, digest_title};

/// The hour (Dutch time) of the digest unless the employer chose another.
pub const DEFAULT_HOUR: u32 = 7;
/// "Coming up": due within this many days (a new step further ahead is shown too).
const SOON_DAYS: i64 = 14;

/// The digest hours the organisations chose (those with the default have no row). Few rows:
/// one per employer that changed it.
pub(crate) async fn hours(db: &impl ConnectionTrait) -> AppResult<HashMap<Uuid, u32>> {
    Ok(reminder_setting::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            let hour = u32::try_from(s.digest_hour).unwrap_or(DEFAULT_HOUR);
            (s.tenant_id, hour)
        })
        .collect())
}

/// The day of the next digest at `hour` as of `now`: today if its hour has not come yet, else
/// tomorrow.
pub(crate) fn next_day(today: NaiveDate, now: DateTime<Utc>, hour: u32) -> NaiveDate {
    if now < platform::clock::dutch_instant(today, hour) {
        today
    } else {
        today + Duration::days(1)
    }
}

/// A digest row for `recipient` of `day`, due at `hour` that day.
pub(crate) fn row(
    tenant_id: Uuid,
    recipient: Uuid,
    day: NaiveDate,
    hour: u32,
    now: DateTime<Utc>,
) -> digest::ActiveModel {
    use sea_orm::Set;
    digest::ActiveModel {
        id: Set(platform::ids::new_id()),
        tenant_id: Set(tenant_id),
        recipient_user_id: Set(recipient),
        day: Set(day),
        status: Set(ReminderStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(platform::clock::dutch_instant(day, hour)),
        claimed_at: Set(None),
        claimed_by: Set(None),
        queued_at: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
    }
}

/// Writes digest `id`, or `None` when it has nothing new to say (every bundled step was done
/// meanwhile; those are cancelled here).
pub(crate) async fn write(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<Option<Written>> {
    let Some(digest) = digest::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let bundled = reminder::Entity::find()
        .filter(reminder::Column::Status.eq(ReminderStatus::Bundled))
        .filter(reminder::Column::RecipientUserId.eq(digest.recipient_user_id))
        .filter(reminder::Column::DigestOn.lte(digest.day))
        .all(db)
        .await?;
    if bundled.is_empty() {
        return Ok(None);
    }
    let Some(user) = identity::repo::user(db, digest.recipient_user_id).await? else {
        return Ok(None);
    };
    let today = platform::clock::dutch_date(now).max(digest.day);
    let actor = identity::repo::actor_of(db, &user).await?;
    let tasks = crate::service::tasks(db, &actor, today).await?;
    let open: HashSet<(Uuid, StepKind, NaiveDate)> = tasks
        .iter()
        .map(|t| (t.case_id, t.kind, t.due_on))
        .collect();
    let (new, done): (Vec<&reminder::Model>, Vec<&reminder::Model>) = bundled
        .iter()
        .partition(|r| open.contains(&(r.case_id, r.subject, r.due_on)));
    if !done.is_empty() {
        reminder::Entity::update_many()
            .col_expr(
                reminder::Column::Status,
                Expr::value(ReminderStatus::Cancelled.as_str()),
            )
            .filter(reminder::Column::Id.is_in(done.iter().map(|r| r.id)))
            .exec(db)
            .await?;
    }
    if new.is_empty() {
        return Ok(None);
    }
    let fresh: HashSet<(Uuid, StepKind, NaiveDate)> = new
        .iter()
        .map(|r| (r.case_id, r.subject, r.due_on))
        .collect();
    let lang = Lang::from(user.language);
    let kind = identity::repo::organisation(db, user.tenant_id)
        .await?
        .map(|o| o.kind);
    let soon = today + Duration::days(SOON_DAYS);
    let mut counts = DigestCounts::default();
    let mut cases: Vec<DigestCase> = Vec::new();
    let mut events = Vec::new();
    let mut place: HashMap<Uuid, usize> = HashMap::new();
    let mut only_own = true;
    // The tasks come earliest first, so the cases do too: the most urgent on top.
    for t in &tasks {
        let is_new = fresh.contains(&(t.case_id, t.kind, t.due_on));
        if t.due_on > soon && !is_new {
            continue;
        }
        only_own &= t.own_case;
        let days = (t.due_on - today).num_days();
        match days {
            d if d < 0 => counts.late += 1,
            0 => counts.today += 1,
            _ => counts.coming += 1,
        }
        let link = case_link(&delivery.public_url, t.own_case, kind, t.case_id);
        let first = t.employee.split_whitespace().next().unwrap_or_default();
        if is_new {
            let step = crate::text::subject_name(t.kind, lang);
            events.push(Event {
                uid: uid(t.case_id, t.kind, t.due_on),
                on: t.due_on,
                summary: if t.own_case {
                    step.to_string()
                } else {
                    format!("{step} {first}")
                },
                url: link.clone(),
            });
        }
        let at = *place.entry(t.case_id).or_insert_with(|| {
            cases.push(DigestCase {
                name: match (t.own_case, lang) {
                    (true, Lang::Nl) => "Uw verzuimdossier".into(),
                    (true, Lang::En) => "Your absence case".into(),
                    (false, _) => first.to_string(),
                },
                link: link.clone(),
                items: Vec::new(),
            });
            cases.len() - 1
        });
        if let Some(case) = cases.get_mut(at) {
            case.items.push(DigestItem {
                step: crate::text::subject_name(t.kind, lang),
                due: crate::text::date(t.due_on),
                when: crate::text::when(lang, days),
                late: days < 0,
                new: is_new,
            });
        }
    }
    let base = delivery.public_url.trim_end_matches('/');
    let all_tasks = match kind {
        _ if only_own => format!("{base}/werknemer/mijn-verzuim"),
        Some(OrganisationKind::OccupationalHealthService) => format!("{base}/bedrijfsarts"),
        Some(OrganisationKind::ReintegrationAgency) => format!("{base}/re-integratie"),
        _ => format!("{base}/werkgever"),
    };
    let title = digest_title(lang, today, counts);
    let (text, html) = digest_bodies(lang, today, &user.name, &cases, counts, &all_tasks)
        .map_err(|e| platform::AppError::Internal(Box::new(e)))?;
    let message = message(
        delivery,
        &user,
        title.clone(),
        format!("<digest-{}@poortwachter>", digest.id),
        MultiPart::alternative_plain_html(text, html),
        calendar(&title, &events, now),
    )?;
    Ok(Some(Written {
        message,
        carries: new.iter().map(|r| r.id).collect(),
    }))
}
