//! Sign-in sessions. The cookie carries a random token; the table keeps only
//! its SHA-256, so reading the database does not yield usable cookies.

use super::{Db, now};
use crate::domain::{Role, Viewer, limits::SESSION_DAYS};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a session for `user_id` and returns the cookie token (256 random bits).
pub async fn create(db: &Db, user_id: i64) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let created = now();
    sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash(&token))
        .bind(user_id)
        .bind(created)
        .bind(created + SESSION_DAYS * 86_400)
        .execute(db)
        .await?;
    Ok(token)
}

/// The member a cookie token stands for, if the session exists and has not expired.
pub async fn viewer(db: &Db, token: &str) -> Result<Option<Viewer>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.display_name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND s.expires_at > $2",
    )
    .bind(hash(token))
    .bind(now())
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        let role: String = r.try_get("role")?;
        Ok(Viewer {
            id: r.try_get("id")?,
            name: r.try_get("display_name")?,
            role: Role::parse(&role).unwrap_or(Role::Member),
        })
    })
    .transpose()
}

pub async fn delete(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(hash(token)).execute(db).await?;
    Ok(())
}

pub async fn delete_expired(db: &Db) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now()).execute(db).await?.rows_affected())
}
