//! Passkeys (WebAuthn) as a second factor beside TOTP (decision 76): phishing-resistant, offered
//! to everyone and recommended for company doctors. A ceremony takes two requests; the
//! server's half of it is kept in the database (`webauthn_ceremonies`, five minutes, used once)
//! so any gateway can finish what another began. The id handed to the browser is random and
//! only its hash is stored.

use chrono::{DateTime, Duration, Utc};
use platform::access::Action;
use platform::audit::Outcome;
use platform::crypto::{random_token, sha256_hex};
use platform::ids::new_id;
use platform::{AppError, AppResult, Ctx, ErrorReason};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Webauthn, WebauthnBuilder,
};

use crate::entities::{passkey, webauthn_ceremony};
use crate::model::CeremonyKind;
use crate::repo;
use crate::trail::{self, TrailEvent, user_resource};

/// How long a ceremony may take between its two requests.
const CEREMONY_TTL_SECS: i64 = 300;
const REGISTER: CeremonyKind = CeremonyKind::Register;
const LOGIN: CeremonyKind = CeremonyKind::Login;

/// The relying party for `public_url`. On a loopback address (development, tests) the party is
/// `localhost` on any port: browsers refuse WebAuthn for an IP address, and treat
/// `http://localhost` as secure.
pub fn relying_party(public_url: &str) -> Result<Webauthn, String> {
    let url = Url::parse(public_url).map_err(|e| format!("public_url: {e}"))?;
    let host = url.host_str().unwrap_or_default();
    let loopback = matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1");
    let (rp_id, origin) = if loopback {
        let port = url.port_or_known_default().unwrap_or(80);
        let origin = Url::parse(&format!("{}://localhost:{port}", url.scheme()))
            .map_err(|e| e.to_string())?;
        ("localhost".to_string(), origin)
    } else {
        (host.to_string(), url.clone())
    };
    WebauthnBuilder::new(&rp_id, &origin)
        .map_err(|e| format!("passkeys: {e}"))?
        .rp_name("Poortwachter")
        .allow_any_port(loopback)
        .build()
        .map_err(|e| format!("passkeys: {e}"))
}

/// A ceremony the browser continues: its id and the options for `navigator.credentials`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// Random id, to send back with the result.
    pub id: String,
    /// The public-key options as JSON (the browser's `publicKey` after base64url decoding).
    pub options: String,
}

async fn store_ceremony(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    kind: CeremonyKind,
    state: &impl serde::Serialize,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let id = random_token(32).map_err(AppError::internal)?;
    // Old ceremonies of anyone go when a new one starts: the table stays small.
    webauthn_ceremony::Entity::delete_many()
        .filter(webauthn_ceremony::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    webauthn_ceremony::ActiveModel {
        id_hash: Set(sha256_hex(id.as_bytes())),
        user_id: Set(user_id),
        kind: Set(kind),
        state: Set(serde_json::to_string(state).map_err(AppError::internal)?),
        expires_at: Set(now + Duration::seconds(CEREMONY_TTL_SECS)),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Takes (and removes) a live ceremony of `kind`: its user and state.
async fn take_ceremony(
    db: &impl ConnectionTrait,
    id: &str,
    kind: CeremonyKind,
    now: DateTime<Utc>,
) -> AppResult<Option<(Uuid, String)>> {
    let hash = sha256_hex(id.trim().as_bytes());
    let Some(row) = webauthn_ceremony::Entity::find_by_id(hash.clone())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // Delete first: of two requests with the same id, only the one that deletes the row goes on.
    let deleted = webauthn_ceremony::Entity::delete_by_id(hash)
        .exec(db)
        .await?
        .rows_affected;
    if deleted != 1 || row.kind != kind || row.expires_at <= now {
        return Ok(None);
    }
    Ok(Some((row.user_id, row.state)))
}

/// The user's passkeys, oldest first.
pub async fn of_user(db: &impl ConnectionTrait, user_id: Uuid) -> AppResult<Vec<passkey::Model>> {
    Ok(passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(user_id))
        .order_by_asc(passkey::Column::CreatedAt)
        .all(db)
        .await?)
}

fn parse(row: &passkey::Model) -> AppResult<Passkey> {
    serde_json::from_str(&row.passkey).map_err(AppError::internal)
}

/// Removes every passkey of a user (a second-factor reset); how many.
pub async fn remove_all(db: &impl ConnectionTrait, user_id: Uuid) -> AppResult<u64> {
    Ok(passkey::Entity::delete_many()
        .filter(passkey::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Starts adding a passkey to the acting user's account. Someone who has a second factor
/// already must have used it in this session: a password alone must not add a factor that
/// replaces the one the owner set up.
pub async fn start_registration(webauthn: &Webauthn, ctx: &Ctx) -> AppResult<Challenge> {
    let actor = ctx.user()?;
    let user = repo::user(&ctx.db, actor.user_id)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let existing = of_user(&ctx.db, user.id).await?;
    if (user.totp_enabled || !existing.is_empty()) && !actor.mfa {
        return Err(AppError::Forbidden {
            reason: ErrorReason::MfaRequired,
            message: "confirm your login with your second factor first",
        });
    }
    let mut exclude = Vec::with_capacity(existing.len());
    for row in &existing {
        exclude.push(parse(row)?.cred_id().clone());
    }
    let (options, state) = webauthn
        .start_passkey_registration(user.id, &user.email, &user.name, Some(exclude))
        .map_err(AppError::internal)?;
    let id = store_ceremony(&ctx.db, user.id, REGISTER, &state, ctx.clock.now()).await?;
    Ok(Challenge {
        id,
        options: serde_json::to_string(&options).map_err(AppError::internal)?,
    })
}

/// Finishes adding a passkey: the browser's attestation is checked against the ceremony; the
/// session counts as verified from then (as after confirming TOTP).
pub async fn finish_registration(
    webauthn: &Webauthn,
    ctx: &Ctx,
    challenge_id: &str,
    credential: &str,
    name: &str,
) -> AppResult<passkey::Model> {
    let actor = ctx.user()?;
    let now = ctx.clock.now();
    let name = crate::model::required_text(name, "name", 60)?;
    let invalid = || {
        AppError::validation(
            ErrorReason::PasskeyInvalid,
            "credential",
            "the passkey could not be registered; try again",
        )
    };
    let Some((user_id, state)) = take_ceremony(&ctx.db, challenge_id, REGISTER, now).await? else {
        return Err(invalid());
    };
    if user_id != actor.user_id {
        return Err(invalid());
    }
    let state: PasskeyRegistration = serde_json::from_str(&state).map_err(AppError::internal)?;
    let response: RegisterPublicKeyCredential =
        serde_json::from_str(credential).map_err(|_| invalid())?;
    let key = webauthn
        .finish_passkey_registration(&response, &state)
        .map_err(|e| {
            tracing::info!(error = %e, "passkey registration refused");
            invalid()
        })?;
    let user = repo::user(&ctx.db, user_id)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let row = passkey::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(user.tenant_id),
        user_id: Set(user.id),
        name: Set(name.clone()),
        credential_id: Set(hex::encode(key.cred_id().as_slice())),
        passkey: Set(serde_json::to_string(&key).map_err(AppError::internal)?),
        created_at: Set(now),
        last_used_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    if let Some(session) = repo::session(&ctx.db, actor.session_id).await? {
        let mut s = session.into_active_model();
        s.mfa = Set(true);
        s.update(&ctx.db).await?;
    }
    let employee = repo::employee_of_user(&ctx.db, user.tenant_id, user.id).await?;
    trail::record(
        ctx,
        TrailEvent {
            tenant_id: user.tenant_id,
            employee_id: employee.map(|e| e.id),
            resource_type: "second_factor",
            resource_id: Some(user_resource(user.id)),
            action: Action::Create,
            outcome: Outcome::Allowed,
            detail: format!("passkey \"{name}\" added by the account's owner"),
        },
    )
    .await?;
    Ok(row)
}

/// A login challenge for a user whose password was right, when he has passkeys.
pub async fn start_login(
    webauthn: &Webauthn,
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<Option<Challenge>> {
    let rows = of_user(db, user_id).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut keys = Vec::with_capacity(rows.len());
    for row in &rows {
        keys.push(parse(row)?);
    }
    let (options, state) = webauthn
        .start_passkey_authentication(&keys)
        .map_err(AppError::internal)?;
    let id = store_ceremony(db, user_id, LOGIN, &state, now).await?;
    Ok(Some(Challenge {
        id,
        options: serde_json::to_string(&options).map_err(AppError::internal)?,
    }))
}

/// Checks the browser's assertion for a login ceremony; the user on success (the key's
/// counter and last use are updated), `None` when refused.
pub async fn finish_login(
    webauthn: &Webauthn,
    db: &impl ConnectionTrait,
    challenge_id: &str,
    credential: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<Uuid>> {
    let Some((user_id, state)) = take_ceremony(db, challenge_id, LOGIN, now).await? else {
        return Ok(None);
    };
    let state: PasskeyAuthentication = serde_json::from_str(&state).map_err(AppError::internal)?;
    let Ok(response) = serde_json::from_str::<PublicKeyCredential>(credential) else {
        return Ok(None);
    };
    let result = match webauthn.finish_passkey_authentication(&response, &state) {
        Ok(result) => result,
        Err(e) => {
            tracing::info!(error = %e, "passkey login refused");
            return Ok(None);
        }
    };
    for row in of_user(db, user_id).await? {
        let mut key = parse(&row)?;
        if key.cred_id() != result.cred_id() {
            continue;
        }
        key.update_credential(&result);
        let mut active = row.into_active_model();
        active.passkey = Set(serde_json::to_string(&key).map_err(AppError::internal)?);
        active.last_used_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(Some(user_id))
}

/// Removes one of the acting user's own passkeys (in a session that passed the second factor).
pub async fn remove(ctx: &Ctx, id: Uuid) -> AppResult<bool> {
    let actor = ctx.user()?;
    if !actor.mfa {
        return Err(AppError::Forbidden {
            reason: ErrorReason::MfaRequired,
            message: "confirm your login with your second factor first",
        });
    }
    let Some(row) = passkey::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .filter(|p| p.user_id == actor.user_id)
    else {
        return Err(AppError::NotFound);
    };
    passkey::Entity::delete_by_id(row.id).exec(&ctx.db).await?;
    trail::record(
        ctx,
        TrailEvent {
            tenant_id: row.tenant_id,
            employee_id: None,
            resource_type: "second_factor",
            resource_id: Some(user_resource(row.user_id)),
            action: Action::Delete,
            outcome: Outcome::Allowed,
            detail: format!("passkey \"{}\" removed by the account's owner", row.name),
        },
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relying_party_follows_the_public_url() {
        assert!(relying_party("https://verzuim.example").is_ok());
        // Development on a loopback address becomes localhost (browsers refuse IP addresses).
        assert!(relying_party("http://127.0.0.1:8080").is_ok());
        assert!(relying_party("not a url").is_err());
    }
}
