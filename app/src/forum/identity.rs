//! Members who sign in with an external identity provider (ProConnect). The
//! account is found by (issuer, subject), never by e-mail alone; a first
//! sign-in whose e-mail belongs to a local account waits for that account's
//! password before the two are linked.

use crate::domain::{DisplayName, Email};
use crate::error::{AppError, AppResult, OnUniqueViolation};
use crate::store::{self, Db, identities::PendingLink};
use crate::domain::FieldError;


/// What the provider vouched for, already verified by the caller.
#[derive(Debug, Clone)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    pub given_name: String,
    pub usual_name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub siret: Option<String>,
    /// The raw ID token, kept with the session for the provider's sign-out.
    pub id_token: String,
}

impl VerifiedIdentity {
    /// "Camille Dupont", from `given_name` and `usual_name`.
    pub fn display_name(&self) -> AppResult<String> {
        let full = format!("{} {}", self.given_name.trim(), self.usual_name.trim());
        let full = if full.trim().is_empty() { self.email.clone() } else { full };
        // Names longer than the forum's limit are cut rather than refused:
        // the member cannot change what their administration registered.
        let cut: String = full.chars().take(crate::domain::limits::DISPLAY_NAME_MAX_CHARS).collect();
        Ok(DisplayName::parse(&cut).map_err(AppError::invalid)?.as_str().to_string())
    }
}

pub enum Outcome {
    /// A session was opened: its cookie token.
    SignedIn { user_id: i64, session: String },
    /// A local account has this e-mail: the member must confirm with its
    /// password. `link` is the secret to put in a cookie.
    NeedsLink { link: String, email: String },
}

pub async fn sign_in(db: &Db, id: &VerifiedIdentity) -> AppResult<Outcome> {
    let name = id.display_name()?;
    let email = Email::parse(&id.email)
        .map_err(|_| AppError::invalid(FieldError::new("", "ProConnect n’a pas transmis d’adresse électronique valide.")))?;
    if let Some(user_id) = store::identities::user_for(db, &id.issuer, &id.subject).await? {
        store::transaction!(db, |tx| {
            store::identities::update_claims(tx, user_id, &name, id.organisation.as_deref(), id.siret.as_deref()).await?;
            Ok(store::identities::touch(tx, &id.issuer, &id.subject).await?)
        })?;
        let session = store::sessions::create_with_id_token(db, user_id, Some(&id.id_token)).await?;
        return Ok(Outcome::SignedIn { user_id, session });
    }
    if let Some(local) = store::users::by_email(db, email.as_str()).await? {
        let link = store::sessions::new_token();
        let pending = PendingLink {
            issuer: id.issuer.clone(),
            subject: id.subject.clone(),
            user_id: local.id,
            display_name: name,
            organisation: id.organisation.clone(),
            siret: id.siret.clone(),
            id_token: id.id_token.clone(),
        };
        store::identities::save_pending_link(db, &store::sessions::hash(&link), &pending, crate::domain::limits::PROCONNECT_LINK_TTL_SECONDS).await?;
        return Ok(Outcome::NeedsLink { link, email: local.email });
    }
    let user_id = store::transaction!(db, |tx| {
        let user_id = insert_member(tx, email.as_str(), &name, id).await?;
        store::identities::link(tx, &id.issuer, &id.subject, user_id).await?;
        Ok(user_id)
    })?;
    tracing::info!(member = user_id, "account created through ProConnect");
    let session = store::sessions::create_with_id_token(db, user_id, Some(&id.id_token)).await?;
    Ok(Outcome::SignedIn { user_id, session })
}

async fn insert_member(tx: &mut store::Tx<'_>, email: &str, name: &str, id: &VerifiedIdentity) -> AppResult<i64> {
    store::users::insert_external(tx, email, name, id.organisation.as_deref(), id.siret.as_deref())
        .await
        .on_unique_violation("users.email", || FieldError::new("", "Un compte existe déjà avec cette adresse électronique."))
}

/// The e-mail of the local account a pending link is about (for the confirmation page).
pub async fn pending_link_email(db: &Db, link: &str) -> AppResult<Option<String>> {
    let Some(pending) = store::identities::pending_link(db, &store::sessions::hash(link)).await? else {
        return Ok(None);
    };
    Ok(store::users::by_id(db, pending.user_id).await?.map(|u| u.email))
}

/// Links the waiting identity to the local account once its password is
/// given, and opens a session. A wrong password links nothing.
pub async fn confirm_link(db: &Db, link: &str, password: &str) -> AppResult<String> {
    let hash = store::sessions::hash(link);
    let pending = store::identities::pending_link(db, &hash).await?.ok_or_else(|| {
        AppError::NotFound("Cette demande de liaison a expiré. Reconnectez-vous avec ProConnect.".into())
    })?;
    let user = store::users::by_id(db, pending.user_id).await?.ok_or_else(|| AppError::NotFound("Compte introuvable.".into()))?;
    if user.password_hash.is_none() {
        return Err(AppError::BadCredentials);
    }
    super::auth::check_password(db, &user.email, password, user.password_hash.clone()).await?;
    store::transaction!(db, |tx| {
        store::identities::link(tx, &pending.issuer, &pending.subject, user.id).await?;
        store::identities::update_claims(tx, user.id, &pending.display_name, pending.organisation.as_deref(), pending.siret.as_deref())
            .await?;
        Ok(store::identities::delete_pending_link(tx, &hash).await?)
    })?;
    tracing::info!(member = user.id, "ProConnect identity linked to a local account");
    Ok(store::sessions::create_with_id_token(db, user.id, Some(&pending.id_token)).await?)
}

/// The cookie that carries a pending link's secret between the callback and
/// the confirmation page.
pub const LINK_COOKIE: &str = "jonction_oidc_link";
