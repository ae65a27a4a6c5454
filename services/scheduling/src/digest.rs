//! The daily digest (decision 90): instead of one e-mail per step, each recipient gets one
//! e-mail a day — on the days the reminder policy has something new for him — with the steps
//! expected of him: overdue, due today and coming up, grouped by case, each case with a link,
//! and the new steps in one `.ics`. It is "Mijn taken" by e-mail ([`crate::service::tasks`]),
//! written at the moment of sending, so a step done since the sweep is not in it.
//!
//! The sweep writes a digest user's news — the steps whose reminder moment came — into one
//! `digest_batches` row per (recipient, sweep day), merged on that key, so a sweep run twice
//! or by two workers adds nothing twice (decision 93), and one `digests` row per (recipient,
//! day), the key that sends a day's digest once. The digest goes out at the hour of the
//! recipient's organisation (default 07:00 Dutch time) through the same delivery as a
//! reminder ([`crate::deliver::Outbox`]); sent, it marks the batches it carried. News added
//! after its day's digest was written is carried by the next one.

use std::collections::{HashMap, HashSet};

use cases::schedule::StepKind;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use lettre::message::MultiPart;
use platform::{AppResult, OrganisationKind};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::deliver::{Delivery, ReminderStatus, Written, case_link, message};
use crate::entities::{digest, digest_batch, reminder_setting};
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
        .map(|s| (s.tenant_id, hour_of(&s)))
        .collect())
}

/// The digest hour an organisation's settings row holds (the default if it is out of range).
pub(crate) fn hour_of(setting: &reminder_setting::Model) -> u32 {
    u32::try_from(setting.digest_hour).unwrap_or(DEFAULT_HOUR)
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

/// The news of one recipient from one sweep: (case, kind, due on) keyed as in
/// `digest_batches.items`, each with the reminder's step.
pub(crate) struct NewBatch {
    /// The recipient's organisation.
    pub(crate) tenant_id: Uuid,
    pub(crate) recipient: Uuid,
    /// The day of the digest that is to carry it.
    pub(crate) digest_on: NaiveDate,
    pub(crate) items: serde_json::Map<String, serde_json::Value>,
}

/// The key of a step in a batch: `"<case>:<kind>:<due on>"`.
pub(crate) fn item_key(case: Uuid, kind: StepKind, due_on: NaiveDate) -> String {
    format!("{case}:{}:{due_on}", kind.as_str())
}

fn parse_key(key: &str) -> Option<(Uuid, StepKind, NaiveDate)> {
    let mut parts = key.splitn(3, ':');
    let case = Uuid::parse_str(parts.next()?).ok()?;
    let kind = StepKind::parse(parts.next()?)?;
    let due_on = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
    Some((case, kind, due_on))
}

/// Batches per statement: eight bound values a row on SQLite (at most 32 766), and one JSON
/// value for all on PostgreSQL.
const BATCHES_PER_INSERT: usize = 1000;

/// Merges `batches` into the day's rows of their recipients (`swept_on`): a recipient's first
/// news of the day is a new row, later news is added to it (and reopens it if a digest carried
/// it already). Returns (recipient, organisation, digest day) of the rows that gained a step —
/// none when every step was there already, as when a sweep runs twice or two run at once.
pub(crate) async fn add_news(
    db: &impl ConnectionTrait,
    swept_on: NaiveDate,
    now: DateTime<Utc>,
    batches: Vec<NewBatch>,
) -> AppResult<Vec<(Uuid, Uuid, NaiveDate)>> {
    use sea_orm::{DbBackend, Statement, Value};
    let backend = db.get_database_backend();
    // The old row's values on conflict: its news merged with the new (`||` on jsonb,
    // `json_patch` on SQLite's JSON text), the earlier digest day while still waiting, and
    // nothing at all when no step is new (the WHERE), so the row is not returned.
    let (merge, unchanged) = match backend {
        DbBackend::Postgres => (
            "digest_batches.items || excluded.items",
            "digest_batches.items @> excluded.items",
        ),
        _ => (
            "json_patch(digest_batches.items, excluded.items)",
            "json_patch(digest_batches.items, excluded.items) = json(digest_batches.items)",
        ),
    };
    let on_conflict = format!(
        "ON CONFLICT (recipient_user_id, swept_on) DO UPDATE SET items = {merge}, \
         version = digest_batches.version + 1, status = 'BUNDLED', \
         digest_on = CASE WHEN digest_batches.status = 'BUNDLED' \
         AND digest_batches.digest_on < excluded.digest_on \
         THEN digest_batches.digest_on ELSE excluded.digest_on END \
         WHERE NOT ({unchanged}) \
         RETURNING recipient_user_id, tenant_id, digest_on"
    );
    let mut changed = Vec::new();
    for chunk in crate::sweep::chunks(batches, BATCHES_PER_INSERT) {
        let statement = if backend == DbBackend::Postgres {
            let rows: Vec<serde_json::Value> = chunk
                .into_iter()
                .map(|b| {
                    serde_json::json!({
                        "id": platform::ids::new_id(),
                        "tenant_id": b.tenant_id,
                        "recipient_user_id": b.recipient,
                        "digest_on": b.digest_on,
                        "items": b.items,
                    })
                })
                .collect();
            Statement::from_sql_and_values(
                backend,
                format!(
                    "INSERT INTO digest_batches (id, tenant_id, recipient_user_id, swept_on, \
                     digest_on, status, version, items, created_at) \
                     SELECT r.id, r.tenant_id, r.recipient_user_id, $2, r.digest_on, 'BUNDLED', \
                     1, r.items, $3 FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, \
                     tenant_id uuid, recipient_user_id uuid, digest_on date, items jsonb) \
                     {on_conflict}"
                ),
                [
                    serde_json::Value::Array(rows).into(),
                    swept_on.into(),
                    now.into(),
                ],
            )
        } else {
            let mut values: Vec<Value> = Vec::new();
            let mut rows = Vec::new();
            for b in chunk {
                rows.push("(?, ?, ?, ?, ?, 'BUNDLED', 1, ?, ?)");
                values.extend([
                    platform::ids::new_id().into(),
                    b.tenant_id.into(),
                    b.recipient.into(),
                    swept_on.into(),
                    b.digest_on.into(),
                    serde_json::Value::Object(b.items).to_string().into(),
                    now.into(),
                ]);
            }
            Statement::from_sql_and_values(
                backend,
                format!(
                    "INSERT INTO digest_batches (id, tenant_id, recipient_user_id, swept_on, \
                     digest_on, status, version, items, created_at) VALUES {} {on_conflict}",
                    rows.join(", ")
                ),
                values,
            )
        };
        for row in db.query_all_raw(statement).await? {
            changed.push((
                row.try_get::<Uuid>("", "recipient_user_id")?,
                row.try_get::<Uuid>("", "tenant_id")?,
                row.try_get::<NaiveDate>("", "digest_on")?,
            ));
        }
    }
    Ok(changed)
}

/// How long a batch a digest carried (or found nothing left in) is kept: long enough to see
/// what a recent digest said, not so long that case ids outlive the cases (retention deletes
/// a closed case's data years later; its reminders go with it, its news must not linger).
const KEEP_CARRIED_DAYS: i64 = 14;

/// Removes the batches carried more than [`KEEP_CARRIED_DAYS`] ago (housekeeping); how many.
/// News still waiting is kept whatever its age.
pub async fn purge_carried(db: &impl ConnectionTrait, today: NaiveDate) -> AppResult<u64> {
    Ok(digest_batch::Entity::delete_many()
        .filter(digest_batch::Column::Status.ne(ReminderStatus::Bundled))
        .filter(digest_batch::Column::SweptOn.lt(today - Duration::days(KEEP_CARRIED_DAYS)))
        .exec(db)
        .await?
        .rows_affected)
}

/// A batch a digest carries, as the digest read it.
pub(crate) struct Carried {
    id: Uuid,
    version: i32,
    items: serde_json::Value,
}

/// Marks the batches a digest carried (SENT) or found nothing left in (CANCELLED): what it
/// read counts as carried, and a batch that gained a step since stays BUNDLED for the next.
pub(crate) async fn mark_carried(
    db: &impl ConnectionTrait,
    carried: &[Carried],
    status: ReminderStatus,
) -> AppResult<()> {
    for c in carried {
        digest_batch::Entity::update_many()
            .col_expr(digest_batch::Column::Sent, Expr::value(c.items.clone()))
            .col_expr(
                digest_batch::Column::Status,
                Expr::case(digest_batch::Column::Version.eq(c.version), status.as_str())
                    .finally(Expr::col(digest_batch::Column::Status))
                    .into(),
            )
            .filter(digest_batch::Column::Id.eq(c.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The keys of a JSON object (none for anything else).
fn keys(json: Option<&serde_json::Value>) -> HashSet<&str> {
    json.and_then(serde_json::Value::as_object)
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Writes digest `id`, or `None` when it has nothing new to say (every step new for him was
/// done meanwhile; those batches are closed here).
pub(crate) async fn write(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<Option<Written>> {
    let Some(digest) = digest::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let batches = digest_batch::Entity::find()
        .filter(digest_batch::Column::RecipientUserId.eq(digest.recipient_user_id))
        .filter(digest_batch::Column::Status.eq(ReminderStatus::Bundled))
        .filter(digest_batch::Column::DigestOn.lte(digest.day))
        .all(db)
        .await?;
    let news: HashSet<(Uuid, StepKind, NaiveDate)> = batches
        .iter()
        .flat_map(|b| {
            let sent = keys(b.sent.as_ref());
            keys(Some(&b.items))
                .into_iter()
                .filter(move |k| !sent.contains(k))
                .filter_map(parse_key)
        })
        .collect();
    let carried: Vec<Carried> = batches
        .into_iter()
        .map(|b| Carried {
            id: b.id,
            version: b.version,
            items: b.items,
        })
        .collect();
    if news.is_empty() {
        mark_carried(db, &carried, ReminderStatus::Cancelled).await?;
        return Ok(None);
    }
    let Some(user) = identity::repo::user(db, digest.recipient_user_id).await? else {
        return Ok(None);
    };
    let today = platform::clock::dutch_date(now).max(digest.day);
    let actor = identity::repo::actor_of(db, &user).await?;
    let tasks = crate::service::tasks(db, &actor, today).await?;
    // A step done since the sweep is no longer among his tasks: not news any more.
    let fresh: HashSet<(Uuid, StepKind, NaiveDate)> = tasks
        .iter()
        .map(|t| (t.case_id, t.kind, t.due_on))
        .filter(|t| news.contains(t))
        .collect();
    if fresh.is_empty() {
        mark_carried(db, &carried, ReminderStatus::Cancelled).await?;
        return Ok(None);
    }
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
        carries: carried,
    }))
}
