//! Failed password sign-ins, counted per e-mail over a sliding window.

use super::{Db, now};

pub async fn record(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (email, at) VALUES ($1, $2)").bind(email).bind(now()).execute(db).await?;
    Ok(())
}

pub async fn count_since(db: &Db, email: &str, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at > $2")
        .bind(email)
        .bind(since)
        .fetch_one(db)
        .await
}

pub async fn clear(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(email).execute(db).await?;
    Ok(())
}

pub async fn sweep(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM login_failures WHERE at <= $1").bind(before).execute(db).await?.rows_affected())
}
