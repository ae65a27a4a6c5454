//! The sweep: finds the materialised deadlines that have a reminder moment on a day since the
//! last sweep — per step kind, an index lookup per moment of that kind's policies (due today,
//! in 3 days, in 14 days; 7, 14, 21 ... days ago), dates with few deadlines read together,
//! never a pass over all cases —, decides per the tenant's policy which step is due and for
//! whom, and writes it to the outbox. A step is also looked at on the day it appears (a case
//! reported late, an expert opinion's answer recorded). The outbox's unique key makes the sweep
//! idempotent: run twice, or by two workers at once, it adds nothing twice.
//!
//! For a user who takes the daily digest (the default) a step is news for his next digest (see
//! [`crate::digest`]): the sweep gathers each recipient's news and writes one row per person,
//! not per step (decision 93); a step due today whose day's digest has gone already goes alone,
//! as every step does for a user who chose one e-mail per step.

use std::collections::{HashMap, HashSet};

use cases::schedule::{DueFilter, DueStep, Parties, StepKind, due_steps, parties_of};
use chrono::{DateTime, NaiveDate, Utc};
use platform::AppResult;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::deliver::ReminderStatus;
use crate::digest::NewBatch;
use crate::entities::{digest, digest_batch, notification_setting, reminder, reminder_sweep};
use crate::policy::{Policy, ReminderRecipient, policies_of, step};

/// Deadlines per read (their parties are read for the page in one go).
const PAGE: u64 = 5000;
/// Outbox rows per insert: 19 values each, within SQLite's 32 766 bound values.
const ROWS_PER_INSERT: usize = 1500;
/// News gathered before it is written (each step a JSON key of about 70 bytes): a sweep over
/// a million cases holds about 100 000, written at its end, once.
const NEWS_PER_WRITE: usize = 250_000;
/// A first sweep (or one after a long pause) catches up this many days of moments.
const CATCH_UP_DAYS: i64 = 7;
/// Overdue deadlines are reminded of for at most this long (the 104 weeks and a year's
/// sanction).
const OVERDUE_YEARS_DAYS: i64 = 3 * 365;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Deadlines looked at.
    pub deadlines: u64,
    /// Reminders that go alone added to the outbox (those already there are not counted).
    pub queued: u64,
    /// People whose digest news gained a step (one row each, however many steps).
    pub news: u64,
    /// Digests added (one per recipient and day).
    pub digests: u64,
}

/// The users `policy` names for this deadline. A pending expert opinion reminds the side that
/// asked for it.
pub(crate) fn recipients(policy: &Policy, parties: &Parties, deadline: &DueStep) -> Vec<Uuid> {
    let asked_by_employee = (deadline.kind == StepKind::ExpertOpinionAnswer).then(|| {
        parties
            .opinions
            .iter()
            .any(|o| o.expected_by == deadline.due_on && o.asked_by_employee)
    });
    let mut out = Vec::new();
    for r in &policy.recipients {
        let users: Vec<Uuid> = match (r, asked_by_employee) {
            (ReminderRecipient::Employee, Some(false))
            | (ReminderRecipient::CaseManager, Some(true)) => vec![],
            (ReminderRecipient::CaseManager, _) => parties.case_managers.clone(),
            (ReminderRecipient::Manager, _) => parties.manager.into_iter().collect(),
            (ReminderRecipient::Employee, _) => parties.employee.into_iter().collect(),
            (ReminderRecipient::CompanyDoctor, _) => parties.doctors.clone(),
            (ReminderRecipient::Agency, _) => parties.consultants.clone(),
        };
        for u in users {
            if !out.contains(&u) {
                out.push(u);
            }
        }
    }
    out
}

/// Users who changed a default: those who switched advance reminders off, and those who
/// chose one e-mail per step over the digest (only users who changed a default have a row).
#[derive(Debug, Default)]
struct Choices {
    without_advance: HashSet<Uuid>,
    per_step: HashSet<Uuid>,
}

async fn choices(db: &impl ConnectionTrait) -> AppResult<Choices> {
    let mut out = Choices::default();
    for s in notification_setting::Entity::find()
        .filter(
            Condition::any()
                .add(notification_setting::Column::AdvanceReminders.eq(false))
                .add(notification_setting::Column::DailyDigest.eq(false)),
        )
        .all(db)
        .await?
    {
        if !s.advance_reminders {
            out.without_advance.insert(s.user_id);
        }
        if !s.daily_digest {
            out.per_step.insert(s.user_id);
        }
    }
    Ok(out)
}

/// Adds the organisation of each of `users` not in `known` (a digest is its recipient's
/// organisation's): one statement, none when all are known.
async fn organisations_of(
    db: &impl ConnectionTrait,
    users: &HashSet<Uuid>,
    known: &mut HashMap<Uuid, Uuid>,
) -> AppResult<()> {
    use identity::entities::user;
    let unknown: Vec<Uuid> = users
        .iter()
        .filter(|u| !known.contains_key(u))
        .copied()
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    known.extend(
        user::Entity::find()
            .select_only()
            .columns([user::Column::Id, user::Column::TenantId])
            .filter(user::Column::Id.is_in(unknown))
            .into_tuple::<(Uuid, Uuid)>()
            .all(db)
            .await?,
    );
    Ok(())
}

/// The due dates that have a reminder moment on one of `days` under any of `policies`: an
/// advance moment `d` days before, or an overdue moment every `e` days after.
fn due_dates(days: &[NaiveDate], policies: &[&Policy]) -> Vec<NaiveDate> {
    let mut before: Vec<u32> = policies
        .iter()
        .filter(|p| p.enabled)
        .flat_map(|p| p.days_before.iter().copied())
        .collect();
    before.sort_unstable();
    before.dedup();
    let mut every: Vec<u32> = policies
        .iter()
        .filter(|p| p.enabled && p.overdue_every_days > 0)
        .map(|p| p.overdue_every_days)
        .collect();
    every.sort_unstable();
    every.dedup();
    let mut out = Vec::new();
    for day in days {
        for d in &before {
            out.extend(day.checked_add_days(chrono::Days::new(u64::from(*d))));
        }
        for e in &every {
            let mut late = i64::from(*e);
            while late <= OVERDUE_YEARS_DAYS {
                out.push(*day - chrono::Duration::days(late));
                late += i64::from(*e);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// `dates` in groups of about a page of deadlines each, the dates without any left out: a
/// sweep's hundreds of dates with a handful each are then a few reads, not hundreds.
async fn date_groups(
    db: &impl ConnectionTrait,
    kind: StepKind,
    dates: &[NaiveDate],
) -> AppResult<Vec<Vec<NaiveDate>>> {
    let mut groups: Vec<Vec<NaiveDate>> = Vec::new();
    let mut filled = 0;
    for (date, n) in cases::schedule::due_counts(db, kind, dates).await? {
        match groups.last_mut() {
            Some(group) if filled + n <= PAGE => {
                group.push(date);
                filled += n;
            }
            _ => {
                groups.push(vec![date]);
                filled = n;
            }
        }
    }
    Ok(groups)
}

/// The days whose moments this sweep covers: since the last completed sweep (at most a week
/// back), through `today`; today again when it already ran today.
async fn days_to_cover(db: &impl ConnectionTrait, today: NaiveDate) -> AppResult<Vec<NaiveDate>> {
    let last = reminder_sweep::Entity::find()
        .order_by_desc(reminder_sweep::Column::SweptOn)
        .one(db)
        .await?
        .map(|s| s.swept_on);
    let first = match last {
        Some(last) if last >= today => today,
        Some(last) => {
            (last + chrono::Duration::days(1)).max(today - chrono::Duration::days(CATCH_UP_DAYS))
        }
        None => today - chrono::Duration::days(CATCH_UP_DAYS),
    };
    Ok(first.iter_days().take_while(|d| *d <= today).collect())
}

/// Runs one sweep as of `today`.
pub async fn sweep(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<SweepReport> {
    let mut report = SweepReport::default();
    let choices = choices(db).await?;
    let hours = crate::digest::hours(db).await?;
    // Every tenant's policy counts for which moments exist; each deadline is then judged by
    // its own tenant's.
    let mut tenant_policies: HashMap<Uuid, HashMap<StepKind, Policy>> = HashMap::new();
    let mut all_policies: Vec<Policy> = crate::policy::SUBJECTS
        .iter()
        .map(|s| crate::policy::default_policy(*s))
        .collect();
    all_policies.extend(
        crate::entities::reminder_policy::Entity::find()
            .all(db)
            .await?
            .iter()
            .map(crate::policy::from_row),
    );
    let days = days_to_cover(db, today).await?;
    // Per step kind, the due dates with a moment under one of its policies: a sick report is
    // chased daily, so its kind has a moment on every past date; a plan only weekly.
    let mut kinds: Vec<StepKind> = all_policies.iter().map(|p| p.subject).collect();
    kinds.sort_unstable_by_key(|k| k.as_str());
    kinds.dedup();
    let moments: Vec<(StepKind, Vec<NaiveDate>)> = kinds
        .into_iter()
        .map(|kind| {
            let of_kind: Vec<&Policy> = all_policies.iter().filter(|p| p.subject == kind).collect();
            (kind, due_dates(&days, &of_kind))
        })
        .collect();
    let mut page_of = Pager {
        today,
        now,
        choices: &choices,
        hours: &hours,
        organisations: HashMap::new(),
        written: HashSet::new(),
        news: HashMap::new(),
        news_items: 0,
        tenant_policies: &mut tenant_policies,
        report: &mut report,
    };
    // About a page of deadlines per read: a date with many alone (an index range per page),
    // dates with few together (see `due_steps`).
    for (kind, dates) in &moments {
        for group in date_groups(db, *kind, dates).await? {
            let which = DueFilter::DueOn {
                kind: *kind,
                dates: group,
            };
            page_of.each_page(db, &which, |_| true).await?;
        }
    }
    let looked_up: HashSet<(StepKind, NaiveDate)> = moments
        .into_iter()
        .flat_map(|(kind, dates)| dates.into_iter().map(move |d| (kind, d)))
        .collect();
    // A step that appeared on a day covered is reminded of at once (its latest step, as any
    // other), whether or not one of its moments fell on that day: the follow-up of an expert
    // opinion whose answer was recorded late, the steps of a case reported weeks after the
    // first sick day, a date the clock moved. Those looked up above are not looked at again.
    for day in days {
        page_of
            .each_page(db, &DueFilter::Appeared(day), |d| {
                !looked_up.contains(&(d.kind, d.due_on))
            })
            .await?;
    }
    page_of.flush(db).await?;
    page_of.rebundle(db).await?;
    reminder_sweep::ActiveModel {
        id: Set(platform::ids::new_id()),
        swept_on: Set(today),
        finished_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(report)
}

/// Turns pages of deadlines into outbox rows, with the tenants' policies looked up once.
struct Pager<'a> {
    today: NaiveDate,
    now: DateTime<Utc>,
    choices: &'a Choices,
    hours: &'a HashMap<Uuid, u32>,
    /// Recipients' organisations, read once per sweep.
    organisations: HashMap<Uuid, Uuid>,
    /// The digests (recipient, day) this sweep wrote already.
    written: HashSet<(Uuid, NaiveDate)>,
    /// Each digest user's news not yet written, and how many steps that is.
    news: HashMap<Uuid, NewBatch>,
    news_items: usize,
    tenant_policies: &'a mut HashMap<Uuid, HashMap<StepKind, Policy>>,
    report: &'a mut SweepReport,
}

impl Pager<'_> {
    /// Queues the deadlines matching `which` that `keep` keeps, a page at a time in id order.
    async fn each_page(
        &mut self,
        db: &impl ConnectionTrait,
        which: &DueFilter,
        keep: impl Fn(&DueStep) -> bool,
    ) -> AppResult<()> {
        let mut after: Option<Uuid> = None;
        loop {
            let mut page = due_steps(db, which, after, PAGE).await?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = Some(last.id);
            let more = page.len() as u64 == PAGE;
            page.retain(|d| keep(d));
            self.queue(db, page).await?;
            if !more {
                return Ok(());
            }
        }
    }

    /// Queues the due step of every deadline of `page` for its recipients (once: the outbox's
    /// unique key), or gathers it as news for the digests of those who take one.
    async fn queue(&mut self, db: &impl ConnectionTrait, page: Vec<DueStep>) -> AppResult<()> {
        let (today, choices) = (self.today, self.choices);
        let tenant_policies = &mut *self.tenant_policies;
        let case_parties = parties_of(db, page.iter().map(|d| d.case_id).collect()).await?;
        // The policies of the page's employers not met before, one statement.
        let mut unknown: Vec<Uuid> = page
            .iter()
            .map(|d| d.tenant_id)
            .filter(|t| !tenant_policies.contains_key(t))
            .collect();
        unknown.sort_unstable();
        unknown.dedup();
        if !unknown.is_empty() {
            tenant_policies.extend(policies_of(db, unknown).await?);
        }
        let mut due = Vec::new();
        for deadline in &page {
            self.report.deadlines += 1;
            let Some(policy) = tenant_policies
                .get(&deadline.tenant_id)
                .and_then(|p| p.get(&deadline.kind))
            else {
                continue;
            };
            let Some(step) = step(policy, deadline.due_on, today) else {
                continue;
            };
            let Some(parties) = case_parties.get(&deadline.case_id) else {
                continue;
            };
            let mut to = recipients(policy, parties, deadline);
            if !step.legal {
                to.retain(|u| !choices.without_advance.contains(u));
            }
            due.push((deadline, step, to));
        }
        let digest_users: HashSet<Uuid> = due
            .iter()
            .flat_map(|(_, _, to)| to.iter())
            .filter(|u| !choices.per_step.contains(u))
            .copied()
            .collect();
        organisations_of(db, &digest_users, &mut self.organisations).await?;
        let mut alone = Vec::new();
        for (deadline, step, to) in due {
            for user in to {
                let Some((organisation, day)) = self.digest_day(user, deadline.due_on) else {
                    alone.push(alone_row(deadline, user, &step, self.now));
                    continue;
                };
                let batch = self.news.entry(user).or_insert_with(|| NewBatch {
                    tenant_id: organisation,
                    recipient: user,
                    digest_on: day,
                    items: serde_json::Map::new(),
                });
                let key = crate::digest::item_key(deadline.case_id, deadline.kind, deadline.due_on);
                if batch
                    .items
                    .insert(key, serde_json::Value::String(step.name.clone()))
                    .is_none()
                {
                    self.news_items += 1;
                }
            }
        }
        self.report.queued += insert_reminders(db, alone).await?;
        if self.news_items >= NEWS_PER_WRITE {
            self.flush(db).await?;
        }
        Ok(())
    }

    /// The organisation and digest day that carry `user`'s news of a step due on `due_on`, or
    /// `None` when it goes alone: he chose one e-mail per step, or the step is due today and
    /// today's digest has gone.
    fn digest_day(&self, user: Uuid, due_on: NaiveDate) -> Option<(Uuid, NaiveDate)> {
        if self.choices.per_step.contains(&user) {
            return None;
        }
        let organisation = *self.organisations.get(&user)?;
        let day = crate::digest::next_day(self.today, self.now, self.hour(organisation));
        if due_on == self.today && day > self.today {
            return None;
        }
        Some((organisation, day))
    }

    /// The digest hour of `organisation`.
    fn hour(&self, organisation: Uuid) -> u32 {
        self.hours
            .get(&organisation)
            .copied()
            .unwrap_or(crate::digest::DEFAULT_HOUR)
    }

    /// Writes the news gathered so far, one row per person, and the digests of those who
    /// gained news.
    async fn flush(&mut self, db: &impl ConnectionTrait) -> AppResult<()> {
        if self.news.is_empty() {
            return Ok(());
        }
        let batches: Vec<NewBatch> = self.news.drain().map(|(_, b)| b).collect();
        self.news_items = 0;
        let gained = crate::digest::add_news(db, self.today, self.now, batches).await?;
        self.report.news += gained.len() as u64;
        self.write_digests(db, gained).await
    }

    /// Gives the news that missed its digest (added after it was written, or carried by one
    /// that failed) to the recipient's next one.
    async fn rebundle(&mut self, db: &impl ConnectionTrait) -> AppResult<()> {
        let left: Vec<(Uuid, Uuid)> = digest_batch::Entity::find()
            .select_only()
            .columns([
                digest_batch::Column::RecipientUserId,
                digest_batch::Column::TenantId,
            ])
            .distinct()
            .filter(digest_batch::Column::Status.eq(ReminderStatus::Bundled))
            .filter(digest_batch::Column::DigestOn.lt(self.today))
            .into_tuple()
            .all(db)
            .await?;
        let mut by_day: HashMap<NaiveDate, Vec<Uuid>> = HashMap::new();
        let mut digests = Vec::new();
        for (user, organisation) in left {
            // News already gathered goes in a digest even if he has since chosen one e-mail
            // per step.
            let day = crate::digest::next_day(self.today, self.now, self.hour(organisation));
            by_day.entry(day).or_default().push(user);
            digests.push((user, organisation, day));
        }
        for (day, users) in by_day {
            digest_batch::Entity::update_many()
                .col_expr(digest_batch::Column::DigestOn, Expr::value(day))
                .filter(digest_batch::Column::Status.eq(ReminderStatus::Bundled))
                .filter(digest_batch::Column::DigestOn.lt(self.today))
                .filter(digest_batch::Column::RecipientUserId.is_in(users))
                .exec(db)
                .await?;
        }
        self.write_digests(db, digests).await
    }

    /// The digests (recipient, organisation, day) not written by this sweep before, one
    /// statement per 1500; those already there stay as they are.
    async fn write_digests(
        &mut self,
        db: &impl ConnectionTrait,
        digests: Vec<(Uuid, Uuid, NaiveDate)>,
    ) -> AppResult<()> {
        let mut rows: Vec<digest::ActiveModel> = Vec::new();
        for (user, organisation, day) in digests {
            if self.written.insert((user, day)) {
                let hour = self.hour(organisation);
                rows.push(crate::digest::row(organisation, user, day, hour, self.now));
            }
        }
        for rows in chunks(rows, ROWS_PER_INSERT) {
            self.report.digests += digest::Entity::insert_many(rows)
                .on_conflict(
                    OnConflict::columns([digest::Column::RecipientUserId, digest::Column::Day])
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
        }
        Ok(())
    }
}

/// The outbox row of a reminder that goes alone.
fn alone_row(
    deadline: &DueStep,
    user: Uuid,
    step: &crate::policy::Step,
    now: DateTime<Utc>,
) -> reminder::ActiveModel {
    reminder::ActiveModel {
        id: Set(platform::ids::new_id()),
        tenant_id: Set(deadline.tenant_id),
        case_id: Set(deadline.case_id),
        subject: Set(deadline.kind),
        subject_id: Set(None),
        due_on: Set(deadline.due_on),
        recipient_user_id: Set(user),
        step: Set(step.name.clone()),
        legal: Set(step.legal),
        status: Set(ReminderStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_at: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        queued_at: Set(None),
        claimed_by: Set(None),
    }
}

/// Adds `rows` to the outbox (those already there stay as they are: the unique key); how many
/// were added. Few since the digest's news is written per person (decision 93): the users who
/// chose one e-mail per step and the steps due today after the day's digest.
async fn insert_reminders(
    db: &impl ConnectionTrait,
    rows: Vec<reminder::ActiveModel>,
) -> AppResult<u64> {
    let mut added = 0;
    for rows in chunks(rows, ROWS_PER_INSERT) {
        added += reminder::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    reminder::Column::TenantId,
                    reminder::Column::CaseId,
                    reminder::Column::Subject,
                    reminder::Column::DueOn,
                    reminder::Column::RecipientUserId,
                    reminder::Column::Step,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(added)
}

/// `rows` in owned chunks of at most `size` (an insert takes its rows by value).
pub(crate) fn chunks<T>(rows: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        out.push(rows.by_ref().take(size).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::default_policy;

    #[test]
    fn only_due_dates_with_a_moment_on_the_day_are_looked_up() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
        let plan = default_policy(StepKind::PlanOfAction);
        let dates = due_dates(&[today], &[&plan]);
        let day = |n: i64| today + chrono::Duration::days(n);
        for moment in [day(14), day(3), day(0), day(-7), day(-14), day(-7 * 150)] {
            assert!(dates.contains(&moment), "{moment}");
        }
        for quiet in [day(13), day(4), day(1), day(-1), day(-8)] {
            assert!(!dates.contains(&quiet), "{quiet}");
        }
        assert!(
            dates.len() < 170,
            "a handful of index lookups, not a range: {}",
            dates.len()
        );
    }
}
