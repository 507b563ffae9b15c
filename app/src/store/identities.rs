//! ProConnect identities, sign-ins under way, and links waiting for confirmation.

use super::{Db, Tx, now};

pub async fn user_for(db: &Db, issuer: &str, subject: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .fetch_optional(db)
        .await
}

pub async fn link(tx: &mut Tx<'_>, issuer: &str, subject: &str, user_id: i64) -> Result<(), sqlx::Error> {
    let at = now();
    sqlx::query(
        "INSERT INTO oidc_identities (issuer, subject, user_id, created_at, last_login_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(issuer)
    .bind(subject)
    .bind(user_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn touch(tx: &mut Tx<'_>, issuer: &str, subject: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE oidc_identities SET last_login_at = $3 WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The claims ProConnect is authoritative for, refreshed at every sign-in;
/// logged as a change only when they differ (names show on many pages).
pub async fn update_claims(
    tx: &mut Tx<'_>,
    user_id: i64,
    display_name: &str,
    organisation: Option<&str>,
    siret: Option<&str>,
) -> Result<(), sqlx::Error> {
    let now_held: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT display_name, organisation, siret FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await?;
    let unchanged = now_held.as_ref().is_some_and(|(name, org, s)| {
        name == display_name && org.as_deref() == organisation && s.as_deref() == siret
    });
    if unchanged {
        return Ok(());
    }
    super::change_log::member_changed(tx, user_id).await?;
    sqlx::query("UPDATE users SET display_name = $2, organisation = $3, siret = $4 WHERE id = $1")
        .bind(user_id)
        .bind(display_name)
        .bind(organisation)
        .bind(siret)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records a sign-in under way, keyed by the hash of its state.
pub async fn start_login(db: &Db, state_hash: &str, nonce: &str, pkce_verifier: &str, next: &str, ttl: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO oidc_logins (state_hash, nonce, pkce_verifier, next_path, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(state_hash)
        .bind(nonce)
        .bind(pkce_verifier)
        .bind(next)
        .bind(now() + ttl)
        .execute(db)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct PendingLogin {
    pub nonce: String,
    pub pkce_verifier: String,
    pub next_path: String,
    pub expires_at: i64,
}

/// Takes (reads and deletes) a sign-in under way; None if unknown or expired.
pub async fn take_login(db: &Db, state_hash: &str) -> Result<Option<PendingLogin>, sqlx::Error> {
    let row: Option<PendingLogin> = sqlx::query_as(
        "DELETE FROM oidc_logins WHERE state_hash = $1 RETURNING nonce, pkce_verifier, next_path, expires_at",
    )
    .bind(state_hash)
    .fetch_optional(db)
    .await?;
    Ok(row.filter(|login| login.expires_at > now()))
}

#[derive(sqlx::FromRow)]
pub struct PendingLink {
    pub issuer: String,
    pub subject: String,
    pub user_id: i64,
    pub display_name: String,
    pub organisation: Option<String>,
    pub siret: Option<String>,
    pub id_token: String,
}

pub async fn save_pending_link(db: &Db, token_hash: &str, link: &PendingLink, ttl: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_pending_links (token_hash, issuer, subject, user_id, display_name, organisation, siret, id_token, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(token_hash)
    .bind(&link.issuer)
    .bind(&link.subject)
    .bind(link.user_id)
    .bind(&link.display_name)
    .bind(&link.organisation)
    .bind(&link.siret)
    .bind(&link.id_token)
    .bind(now() + ttl)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn pending_link(db: &Db, token_hash: &str) -> Result<Option<PendingLink>, sqlx::Error> {
    sqlx::query_as(
        "SELECT issuer, subject, user_id, display_name, organisation, siret, id_token FROM oidc_pending_links
         WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(db)
    .await
}

pub async fn delete_pending_link(tx: &mut Tx<'_>, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM oidc_pending_links WHERE token_hash = $1").bind(token_hash).execute(&mut **tx).await?;
    Ok(())
}

/// Removes sign-ins and links that were never completed.
pub async fn sweep_expired(db: &Db) -> Result<u64, sqlx::Error> {
    let logins = sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= $1").bind(now()).execute(db).await?;
    let links = sqlx::query("DELETE FROM oidc_pending_links WHERE expires_at <= $1").bind(now()).execute(db).await?;
    Ok(logins.rows_affected() + links.rows_affected())
}
