//! Local accounts finished, by links sent by mail: proving a new account's
//! address, resetting a password, changing the address (proven at the new
//! one) and the password. Links are single-use, expire (limits.rs), are
//! stored hashed, and all of a member's are revoked when the password or the
//! address changes. Asking for a reset answers the same whether or not the
//! address has an account.

use super::auth::{check_password, hash_password};
use crate::domain::limits::{
    ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR, CHANGE_EMAIL_TTL_SECONDS, RESET_PASSWORD_TTL_SECONDS, VERIFY_EMAIL_TTL_SECONDS,
};
use crate::domain::notify_views::{AccountLink, AccountPage};
use crate::domain::{Email, FieldError, Parsed, Password, Viewer};
use crate::error::{AppError, AppResult, OnUniqueViolation};
use crate::mail::MailSettings;
use crate::mail::account_mail::{self, AccountMail};
use crate::store::account_tokens::Purpose;
use crate::store::mails::NewMail;
use crate::store::users::UserRow;
use crate::store::{self, Db, Tx, now};

/// Queues an account mail in the caller's transaction, with a fresh link
/// (the member's earlier link of the same purpose is revoked).
pub(crate) async fn queue_link(
    tx: &mut Tx<'_>,
    mail: &MailSettings,
    user_id: i64,
    name: &str,
    address: &str,
    kind: AccountMail,
    new_email: Option<&str>,
) -> AppResult<()> {
    let link = match kind {
        AccountMail::VerifyEmail => Some((Purpose::VerifyEmail, VERIFY_EMAIL_TTL_SECONDS, "/verify/")),
        AccountMail::ConfirmNewEmail => Some((Purpose::ChangeEmail, CHANGE_EMAIL_TTL_SECONDS, "/verify/")),
        AccountMail::ResetPassword => Some((Purpose::ResetPassword, RESET_PASSWORD_TTL_SECONDS, "/password/reset/")),
        AccountMail::SignUpAttempt => None,
    };
    let path = match link {
        Some((purpose, ttl, prefix)) => {
            store::account_tokens::revoke(tx, user_id, purpose).await?;
            let token = store::account_tokens::create(tx, user_id, purpose, new_email, ttl).await?;
            format!("{prefix}{token}")
        }
        None => "/password/forgot".to_string(),
    };
    let out = account_mail::compose(mail, kind, name, address, &path).map_err(|e| AppError::Internal(e.to_string()))?;
    let queued = NewMail {
        message_id: &out.message_id,
        user_id: Some(user_id),
        to_address: address,
        kind: kind.kind(),
        event_id: None,
        dedup_key: None,
        raw: &out.raw,
    };
    store::mails::insert(tx, &queued).await?;
    Ok(())
}

/// Sends `member` an account mail (to `new_email` when confirming a change),
/// unless that address already received `ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR`
/// in the last hour: then nothing is sent, and the caller answers the same.
pub(crate) async fn send_link(db: &Db, mail: &MailSettings, member: &UserRow, kind: AccountMail, new_email: Option<&str>) -> AppResult<()> {
    let address = new_email.unwrap_or(&member.email);
    let recent = store::mails::count_to_since(db, address, &AccountMail::ALL_KINDS, now() - 3_600).await?;
    if recent >= ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR {
        tracing::warn!(member = member.id, kind = kind.kind(), "account mail not sent: hourly limit for this address reached");
        return Ok(());
    }
    // Someone signs up again with an address waiting for its proof: a new link, not the notice.
    let kind = match kind {
        AccountMail::SignUpAttempt if store::user_mail::settings(db, member.id).await?.is_some_and(|s| s.email_verified_at.is_none()) => {
            AccountMail::VerifyEmail
        }
        k => k,
    };
    let mut tx = store::begin(db).await?;
    queue_link(&mut tx, mail, member.id, &member.display_name, address, kind, new_email).await?;
    tx.commit().await?;
    Ok(())
}

fn link_invalid() -> AppError {
    AppError::NotFound("Ce lien n’est plus valable : il a déjà servi, a expiré, ou a été remplacé par un plus récent.".into())
}

/// What a link does, for the page that asks to confirm it (reading only:
/// mail scanners follow links, so only the form's POST uses it).
pub async fn link_page(db: &Db, token: &str) -> AppResult<AccountLink> {
    let Some(row) = store::account_tokens::peek(db, token).await? else { return Ok(AccountLink::Invalid) };
    let Some(user) = store::users::by_id(db, row.user_id).await? else { return Ok(AccountLink::Invalid) };
    Ok(match row.purpose {
        Purpose::VerifyEmail => AccountLink::VerifyEmail { email: user.email },
        Purpose::ChangeEmail => AccountLink::ChangeEmail { new_email: row.new_email.unwrap_or_default() },
        Purpose::ResetPassword => AccountLink::ResetPassword { email: user.email },
    })
}

/// Follows a link proving an address (a new account's, or a new one for an
/// existing account); the member is then signed in: returns the session token.
pub async fn confirm_address(db: &Db, token: &str) -> AppResult<(i64, String)> {
    let mut tx = store::begin(db).await?;
    let Some(row) = store::account_tokens::take(&mut tx, token).await? else {
        tx.rollback().await?;
        return Err(link_invalid());
    };
    match (row.purpose, row.new_email) {
        (Purpose::VerifyEmail, _) => store::user_mail::mark_verified(&mut tx, row.user_id).await?,
        (Purpose::ChangeEmail, Some(new_email)) => {
            store::user_mail::set_email(&mut tx, row.user_id, &new_email).await.on_unique_violation("users.email", || {
                FieldError::new("", "Cette adresse est devenue celle d’un autre compte entre-temps : choisissez-en une autre.")
            })?;
            // The old address's links must not act on the account any more.
            store::account_tokens::revoke_all(&mut tx, row.user_id).await?;
        }
        _ => {
            tx.rollback().await?;
            return Err(link_invalid());
        }
    }
    let session = store::sessions::create_in(&mut tx, row.user_id).await?;
    tx.commit().await?;
    tracing::info!(member = row.user_id, "address confirmed by its link");
    Ok((row.user_id, session))
}

/// « Mot de passe oublié » : a link to the account at that address, if there
/// is one; the answer is the same either way.
pub async fn request_reset(db: &Db, mail: &MailSettings, email: &str) -> AppResult<()> {
    let email = Email::parse(email).map_err(AppError::invalid)?;
    if let Some(member) = store::users::by_email(db, email.as_str()).await? {
        send_link(db, mail, &member, AccountMail::ResetPassword, None).await?;
    }
    Ok(())
}

/// Sets a new password through a reset link. The member proved they read
/// the address's mail, so it counts as verified; every other session and
/// link ends, and a new session opens: returns its token.
pub async fn reset_password(db: &Db, token: &str, password: Parsed<Password>) -> AppResult<(i64, String)> {
    // Checked before the password, so that a mistyped one does not use the link up.
    match store::account_tokens::peek(db, token).await? {
        Some(row) if row.purpose == Purpose::ResetPassword => {}
        _ => return Err(link_invalid()),
    }
    let hash = hash_password(password.map_err(AppError::Invalid)?).await?;
    let mut tx = store::begin(db).await?;
    let Some(row) = store::account_tokens::take(&mut tx, token).await?.filter(|r| r.purpose == Purpose::ResetPassword) else {
        tx.rollback().await?;
        return Err(link_invalid());
    };
    store::user_mail::set_password(&mut tx, row.user_id, &hash).await?;
    store::user_mail::mark_verified(&mut tx, row.user_id).await?;
    store::account_tokens::revoke_all(&mut tx, row.user_id).await?;
    store::sessions::delete_for_user(&mut tx, row.user_id, None).await?;
    let session = store::sessions::create_in(&mut tx, row.user_id).await?;
    tx.commit().await?;
    tracing::info!(member = row.user_id, "password reset by its link");
    Ok((row.user_id, session))
}

async fn member(db: &Db, viewer: &Viewer) -> AppResult<UserRow> {
    store::users::by_id(db, viewer.id).await?.ok_or(AppError::SignInRequired)
}

pub async fn account_page(db: &Db, viewer: &Viewer) -> AppResult<AccountPage> {
    let m = member(db, viewer).await?;
    Ok(AccountPage { email: m.email, verified: viewer.verified, has_password: m.password_hash.is_some() })
}

/// A new link to prove the member's address.
pub async fn resend_verification(db: &Db, mail: &MailSettings, viewer: &Viewer) -> AppResult<()> {
    if viewer.verified {
        return Err(AppError::invalid(FieldError::new("", "Votre adresse est déjà confirmée.")));
    }
    send_link(db, mail, &member(db, viewer).await?, AccountMail::VerifyEmail, None).await
}

fn needs_password() -> AppError {
    AppError::Forbidden("Votre compte se connecte par ProConnect : son adresse et son mot de passe se gèrent chez votre fournisseur d’identité.".into())
}

/// Asks to change the address: the current password, then a link to the new
/// address; until it is followed the account keeps its address. Returns the
/// new address.
pub async fn change_email(db: &Db, mail: &MailSettings, viewer: &Viewer, new_email: &str, password: &str) -> AppResult<String> {
    let m = member(db, viewer).await?;
    if m.password_hash.is_none() {
        return Err(needs_password());
    }
    let new_email = Email::parse(new_email).map_err(|e| AppError::invalid(FieldError::new("new_email", e.message)))?;
    if new_email.as_str() == m.email {
        return Err(AppError::invalid(FieldError::new("new_email", "C’est déjà l’adresse de votre compte.")));
    }
    check_password(db, &m.email, password, m.password_hash.clone())
        .await
        .map_err(|e| match e {
            AppError::BadCredentials => AppError::invalid(FieldError::new("password", "Mot de passe incorrect.")),
            other => other,
        })?;
    send_link(db, mail, &m, AccountMail::ConfirmNewEmail, Some(new_email.as_str())).await?;
    Ok(new_email.as_str().to_string())
}

/// Changes the password: the current one, then the new one. Every link and
/// every other session of the member ends; `keep_session` (this browser's) stays.
pub async fn change_password(db: &Db, viewer: &Viewer, keep_session: &str, current: &str, new: Parsed<Password>) -> AppResult<()> {
    let m = member(db, viewer).await?;
    if m.password_hash.is_none() {
        return Err(needs_password());
    }
    check_password(db, &m.email, current, m.password_hash.clone())
        .await
        .map_err(|e| match e {
            AppError::BadCredentials => AppError::invalid(FieldError::new("current_password", "Mot de passe actuel incorrect.")),
            other => other,
        })?;
    let new = new.map_err(|errors| {
        AppError::Invalid(errors.into_iter().map(|e| FieldError::new("new_password", e.message)).collect())
    })?;
    let hash = hash_password(new).await?;
    let mut tx = store::begin(db).await?;
    store::user_mail::set_password(&mut tx, m.id, &hash).await?;
    store::account_tokens::revoke_all(&mut tx, m.id).await?;
    store::sessions::delete_for_user(&mut tx, m.id, Some(keep_session)).await?;
    tx.commit().await?;
    tracing::info!(member = m.id, "password changed");
    Ok(())
}
