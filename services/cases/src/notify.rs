//! E-mails the cases service sends the employer's side at once: new workability advice
//! (through the medical gate) and a sick report the employee made himself. They go to the
//! case manager, or the employer's HR administrators where the case has none, carry the
//! employee's name and a link, and never anything medical. A lost notice does not undo the
//! write it follows: the case page and "Mijn taken" show it all the same.

use std::sync::LazyLock;

use platform::mail::{MailTemplates, Mailer};
use platform::{AppError, AppResult, Ctx, Role};
use sea_orm::EntityTrait;
use serde_json::json;
use uuid::Uuid;

use crate::entities::case_file;

/// The notices' bodies (`templates/mail/notice.*`).
static TEMPLATES: LazyLock<Result<MailTemplates, String>> = LazyLock::new(|| {
    MailTemplates::new(&[
        ("notice.html", include_str!("../templates/mail/notice.html")),
        ("notice.txt", include_str!("../templates/mail/notice.txt")),
    ])
    .map_err(|e| e.to_string())
});

fn templates() -> AppResult<&'static MailTemplates> {
    TEMPLATES
        .as_ref()
        .map_err(|e| AppError::invariant(e.clone()))
}

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
        let (subject, kind) = match notice {
            Notice::AdviceGiven => ("Nieuw advies van de bedrijfsarts".to_string(), "advice"),
            Notice::SelfReported => (format!("Ziekmelding van {employee}"), "self_report"),
        };
        for user in recipients {
            let Ok(to) = format!("{} <{}>", user.name, user.email).parse() else {
                continue;
            };
            let email = templates()?
                .email(
                    to,
                    subject.clone(),
                    "notice",
                    json!({
                        "notice": kind,
                        "name": user.name,
                        "employee": employee,
                        "sick_since": sick_since,
                        "link": link,
                    }),
                )
                .map_err(AppError::internal)?;
            self.mailer
                .send(email)
                .await
                .map_err(|e| AppError::invariant(e.to_string()))?;
        }
        Ok(())
    }
}
