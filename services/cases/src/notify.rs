//! E-mails the cases service sends the employer's side at once: new workability advice
//! (through the medical gate) and a sick report the employee made himself. They go to the
//! case manager, or the employer's HR administrators where the case has none, carry the
//! employee's name and a link, and never anything medical. A lost notice does not undo the
//! write it follows: the case page and "Mijn taken" show it all the same.

use platform::mail::{Email, Mailer, escape_html};
use platform::{AppError, AppResult, Ctx, Role};
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::entities::case_file;

/// What happened, for the wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The company doctor gave new workability advice.
    AdviceGiven,
    /// The employee reported himself sick.
    SelfReported,
}

/// Sends the notices; one per process, shared by the gate and the resolvers.
#[derive(Clone, Debug)]
pub struct Notifier {
    mailer: Mailer,
    public_url: String,
}

impl Notifier {
    /// A notifier sending through `mailer`, linking to `public_url`.
    pub fn new(mailer: Mailer, public_url: &str) -> Self {
        Notifier {
            mailer,
            public_url: public_url.trim_end_matches('/').to_string(),
        }
    }

    /// Tells the employer's side of `case_id` about `notice`; a failure is logged, not
    /// returned (the write it follows stands).
    pub async fn tell(&self, ctx: &Ctx, case_id: Uuid, notice: Notice) {
        if let Err(e) = self.send(ctx, case_id, notice).await {
            tracing::warn!(error = %e, case = %case_id, ?notice, "notice not sent");
        }
    }

    async fn send(&self, ctx: &Ctx, case_id: Uuid, notice: Notice) -> AppResult<()> {
        let Some(case) = case_file::Entity::find_by_id(case_id).one(&ctx.db).await? else {
            return Ok(());
        };
        let employee = identity::repo::employee(&ctx.db, case.tenant_id, case.employee_id)
            .await?
            .map(|e| e.name)
            .unwrap_or_default();
        let mut recipients = Vec::new();
        if let Some(manager) = case.case_manager_user_id
            && let Some(user) = identity::repo::user(&ctx.db, manager).await?
        {
            recipients.push(user);
        }
        if recipients.is_empty() {
            for (user, roles) in identity::repo::users_of(&ctx.db, case.tenant_id).await? {
                if roles.contains(&Role::HrAdmin) {
                    recipients.push(user);
                }
            }
        }
        let link = format!("{}/werkgever/dossiers/{}", self.public_url, case.id);
        let sick_since = case.sick_since.format("%d-%m-%Y").to_string();
        let (subject, body) = match notice {
            Notice::AdviceGiven => (
                "Nieuw advies van de bedrijfsarts".to_string(),
                format!(
                    "De bedrijfsarts heeft nieuw advies gegeven over wat {employee} kan en niet \
                     kan in het werk. Lees het advies en stem de afspraken erop af; volg het \
                     binnen twee weken op."
                ),
            ),
            Notice::SelfReported => (
                format!("Ziekmelding van {employee}"),
                format!(
                    "{employee} heeft zich zelf ziek gemeld, ziek sinds {sick_since}. Bevestig \
                     de ziekmelding in het dossier, neem contact op en meld het verzuim bij de \
                     bedrijfsarts. Vraag niet naar de oorzaak of de diagnose: dat mag alleen \
                     de bedrijfsarts."
                ),
            ),
        };
        for user in recipients {
            let Ok(to) = format!("{} <{}>", user.name, user.email).parse() else {
                continue;
            };
            let text = format!(
                "Beste {name},\n\n{body}\n\n{link}\n\nPoortwachter",
                name = user.name
            );
            let html = format!(
                "<p>Beste {name},</p><p>{body}</p><p><a href=\"{link}\">Naar het \
                 dossier</a></p><p>Poortwachter</p>",
                name = escape_html(&user.name),
                body = escape_html(&body),
                link = escape_html(&link),
            );
            self.mailer
                .send(Email {
                    to,
                    subject: subject.clone(),
                    text,
                    html,
                })
                .await
                .map_err(|e| AppError::invariant(e.to_string()))?;
        }
        Ok(())
    }
}
