//! Sign-in sessions. The cookie carries a random token; the table keeps only
//! its SHA-256, so reading the database does not yield usable cookies.

use super::{Db, now};
use crate::domain::{Viewer, limits::SESSION_SECONDS};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// SHA-256 of a secret token, hex-encoded: what the database keeps instead of the token.
pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 256 random bits, base64url without padding (43 characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Creates a session for `user_id` and returns the cookie token.
pub async fn create(db: &Db, user_id: i64) -> Result<String, sqlx::Error> {
    create_with_id_token(db, user_id, None).await
}

/// A session opened through ProConnect keeps its ID token for the provider's sign-out.
pub async fn create_with_id_token(db: &Db, user_id: i64, id_token: Option<&str>) -> Result<String, sqlx::Error> {
    let token = new_token();
    let created = now();
    sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, expires_at, id_token) VALUES ($1, $2, $3, $4, $5)")
        .bind(hash(&token))
        .bind(user_id)
        .bind(created)
        .bind(created + SESSION_SECONDS)
        .bind(id_token)
        .execute(db)
        .await?;
    Ok(token)
}

/// The ID token a ProConnect session was opened with.
pub async fn id_token(db: &Db, token: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<Option<String>> =
        sqlx::query_scalar("SELECT id_token FROM sessions WHERE id_hash = $1").bind(hash(token)).fetch_optional(db).await?;
    Ok(row.flatten())
}

/// The member a cookie token stands for, if the session exists and has not expired.
pub async fn viewer(db: &Db, token: &str) -> Result<Option<Viewer>, sqlx::Error> {
    // A cap of 0 counts nothing: no notification is read.
    Ok(viewer_with_unread(db, token, 0).await?.map(|(viewer, _)| viewer))
}

#[derive(sqlx::FromRow)]
struct ViewerRow {
    #[sqlx(flatten)]
    viewer: Viewer,
    unread: i64,
}

/// The member a cookie token stands for, with their unread notifications
/// counted up to `unread_cap` (the count `notifications::unread_count`
/// makes, which every signed-in page's header shows): one query, the
/// session middleware's only round trip to the database.
pub async fn viewer_with_unread(db: &Db, token: &str, unread_cap: i64) -> Result<Option<(Viewer, i64)>, sqlx::Error> {
    let row: Option<ViewerRow> = sqlx::query_as(
        "SELECT u.id, u.display_name AS name, u.role, CAST(u.email_verified_at IS NOT NULL AS BOOLEAN) AS verified,
                (SELECT COUNT(*) FROM (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL LIMIT $3) AS capped) AS unread
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND s.expires_at > $2",
    )
    .bind(hash(token))
    .bind(now())
    .bind(unread_cap)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.viewer, r.unread)))
}

pub async fn delete(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(hash(token)).execute(db).await?;
    Ok(())
}

pub async fn delete_expired(db: &Db) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now()).execute(db).await?.rows_affected())
}

/// Ends every session of a member but the one whose token hash is `keep`
/// (their password changed: other devices must sign in again).
pub async fn delete_for_user(tx: &mut super::Tx<'_>, user_id: i64, keep: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep.map(hash).unwrap_or_default())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A new session in the caller's transaction (after a link by mail proved the member).
pub async fn create_in(tx: &mut super::Tx<'_>, user_id: i64) -> Result<String, sqlx::Error> {
    let token = new_token();
    let created = now();
    sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash(&token))
        .bind(user_id)
        .bind(created)
        .bind(created + SESSION_SECONDS)
        .execute(&mut **tx)
        .await?;
    Ok(token)
}
