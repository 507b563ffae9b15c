//! Single-use links sent by mail (see the migration): proving an address,
//! resetting a password, confirming a new address. Only their SHA-256 is kept.

use super::sessions::{hash, new_token};
use super::{Db, Tx, now};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    ChangeEmail,
}

impl Purpose {
    /// Its spelling in the database (the derive's `snake_case`), read back
    /// by `parse` where the `any` driver cannot use the derive.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::ChangeEmail => "change_email",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::VerifyEmail, Self::ResetPassword, Self::ChangeEmail].into_iter().find(|p| p.as_str() == s)
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub user_id: i64,
    pub purpose: Purpose,
    pub new_email: Option<String>,
    pub expires_at: i64,
}

/// Creates a link token for `user_id`, valid `ttl_seconds`; returns the token.
pub async fn create(tx: &mut Tx<'_>, user_id: i64, purpose: Purpose, new_email: Option<&str>, ttl_seconds: i64) -> Result<String, sqlx::Error> {
    let token = new_token();
    let at = now();
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash(&token))
    .bind(user_id)
    .bind(purpose)
    .bind(new_email)
    .bind(at)
    .bind(at + ttl_seconds)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The token's row if it exists and has not expired, without using it (the page that shows the form).
pub async fn peek(db: &Db, token: &str) -> Result<Option<TokenRow>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, purpose, new_email, expires_at FROM account_tokens WHERE token_hash = $1 AND expires_at > $2")
        .bind(hash(token))
        .bind(now())
        .fetch_optional(db)
        .await
}

/// Uses the token: deletes it and returns its row if it had not expired.
/// Two uses racing: only one gets the row.
pub async fn take(tx: &mut Tx<'_>, token: &str) -> Result<Option<TokenRow>, sqlx::Error> {
    let row: Option<TokenRow> =
        sqlx::query_as("DELETE FROM account_tokens WHERE token_hash = $1 RETURNING user_id, purpose, new_email, expires_at")
            .bind(hash(token))
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.filter(|r| r.expires_at > now()))
}

/// Revokes every link of a member (their password or address changed).
pub async fn revoke_all(tx: &mut Tx<'_>, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM account_tokens WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

/// Revokes the member's links of one purpose (a new one replaces them).
pub async fn revoke(tx: &mut Tx<'_>, user_id: i64, purpose: Purpose) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2")
        .bind(user_id)
        .bind(purpose)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn sweep_expired(db: &Db) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM account_tokens WHERE expires_at <= $1").bind(now()).execute(db).await?.rows_affected())
}
