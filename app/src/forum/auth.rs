//! Local accounts: sign-up, sign-in, sign-out. Passwords are hashed with
//! argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1, the crate's
//! defaults), on the blocking pool so the async runtime keeps serving.

use crate::domain::limits::{LOGIN_FAILURE_WINDOW_SECONDS, LOGIN_FAILURES_MAX};
use crate::domain::{DisplayName, Email, Parsed, Password, Role, SignUp};
use crate::error::{AppError, AppResult};
use crate::mail::MailSettings;
use crate::mail::account_mail::AccountMail;
use crate::store::{self, Db};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::Argon2;

/// Creates the account, waiting for its address to be proven: a link is
/// mailed to it, and following it signs the member in. The answer is the same
/// whether or not the address had an account (sign-up must not tell): when it
/// had, its owner is mailed instead, and nothing else happens. Refused when
/// the forum requires ProConnect (`local_signup` false).
pub async fn sign_up(db: &Db, mail: &MailSettings, input: Parsed<SignUp>, local_signup: bool) -> AppResult<()> {
    if !local_signup {
        return Err(AppError::Forbidden(
            "La création de compte local est désactivée sur ce forum : connectez-vous avec ProConnect.".into(),
        ));
    }
    let SignUp { name, email, organisation, password } = input.map_err(AppError::Invalid)?;
    // Hashed in both cases, so that the answer takes the same time.
    let hash = hash_password(password).await?;
    if let Some(owner) = store::users::by_email(db, email.as_str()).await? {
        super::accounts::send_link(db, mail, &owner, AccountMail::SignUpAttempt, None).await?;
        return Ok(());
    }
    let mut tx = store::begin(db).await?;
    let inserted = store::users::insert_unverified(&mut tx, email.as_str(), name.as_str(), organisation.as_deref(), &hash).await;
    let id = match inserted {
        Ok(id) => id,
        // Someone signed up with this address a moment ago: same answer.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            tx.rollback().await?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    super::accounts::queue_link(&mut tx, mail, id, name.as_str(), email.as_str(), AccountMail::VerifyEmail, None).await?;
    tx.commit().await?;
    tracing::info!(member = id, "account created; waiting for its address to be confirmed");
    Ok(())
}

/// Checks the credentials and opens a new session (a new token: the session
/// id changes at every sign-in). Unknown e-mail and wrong password give the
/// same answer in about the same time.
pub async fn sign_in(db: &Db, email: &str, password: &str) -> AppResult<String> {
    let Ok(email) = Email::parse(email) else { return Err(AppError::BadCredentials) };
    let user = store::users::by_email(db, email.as_str()).await?;
    let stored_hash = user.as_ref().and_then(|u| u.password_hash.clone());
    check_password(db, email.as_str(), password, stored_hash).await?;
    match user {
        Some(user) => Ok(store::sessions::create(db, user.id).await?),
        None => Err(AppError::BadCredentials),
    }
}

/// Verifies a password for the account at `email`, counting failures: past
/// `LOGIN_FAILURES_MAX` in the window, the address pauses (429) before any
/// hash is computed, which bounds password guessing per account.
pub(crate) async fn check_password(db: &Db, email: &str, password: &str, stored_hash: Option<String>) -> AppResult<()> {
    let since = store::now() - LOGIN_FAILURE_WINDOW_SECONDS;
    if store::login_failures::count_since(db, email, since).await? >= LOGIN_FAILURES_MAX {
        return Err(AppError::TooManyAttempts);
    }
    if verify_password(password.to_string(), stored_hash).await? {
        store::login_failures::clear(db, email).await?;
        Ok(())
    } else {
        store::login_failures::record(db, email).await?;
        Err(AppError::BadCredentials)
    }
}

pub async fn sign_out(db: &Db, token: &str) -> AppResult<()> {
    store::sessions::delete(db, token).await?;
    Ok(())
}

/// Creates the account as administrator, or promotes the existing account
/// with that e-mail and sets its password. Used by `jonction create-admin`.
pub async fn create_admin(db: &Db, email: &str, display_name: &str, password: &str) -> AppResult<i64> {
    let email = Email::parse(email).map_err(AppError::invalid)?;
    let name = DisplayName::parse(display_name).map_err(AppError::invalid)?;
    let password = Password::parse(password).map_err(AppError::invalid)?;
    let hash = hash_password(password).await?;
    match store::users::by_email(db, email.as_str()).await? {
        Some(user) => {
            store::users::set_password_and_role(db, user.id, &hash, Role::Admin).await?;
            Ok(user.id)
        }
        None => Ok(store::users::insert(db, email.as_str(), name.as_str(), None, Some(&hash), Role::Admin, true).await?),
    }
}

pub(crate) async fn hash_password(password: Password) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// A fixed hash to verify against when the account does not exist, so that
/// probing for e-mails costs the same time as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Hh5sV5QK6G6aGg1n1wXW1ZQm5hRrmhqLzq2mP0r8Xk";

async fn verify_password(password: String, stored: Option<String>) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || {
        let has_account = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        let Ok(parsed) = PasswordHash::new(&hash) else { return false };
        let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        ok && has_account
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}
