//! Secrets the forum makes for itself at first start (see the migration).

use super::{Db, now};

/// The secret `name`, created with `make` the first time it is asked for.
/// Processes racing at first start all get the one that was stored.
pub async fn get_or_create(db: &Db, name: &str, make: impl FnOnce() -> String) -> Result<String, sqlx::Error> {
    // Read first: a read-only database (still served) has it already.
    let existing: Option<String> =
        sqlx::query_scalar("SELECT value FROM forum_secrets WHERE name = $1").bind(name).fetch_optional(db).await?;
    if let Some(value) = existing {
        return Ok(value);
    }
    sqlx::query("INSERT INTO forum_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(make())
        .bind(now())
        .execute(db)
        .await?;
    sqlx::query_scalar("SELECT value FROM forum_secrets WHERE name = $1").bind(name).fetch_one(db).await
}
