//! What the mail needs of members: their address and whether it may be
//! written to, their notification defaults, and the account changes that
//! links by mail make (address proven, new address, new password).

use super::{Db, Tx, now};

/// A member as a mail recipient.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MailTarget {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "super::Flag")]
    pub verified: bool,
    #[sqlx(try_from = "super::Flag")]
    pub email_notifications: bool,
    #[sqlx(try_from = "super::Flag")]
    pub failed: bool,
}

/// The members among `ids` (at most a fan-out batch), as mail recipients.
pub async fn mail_targets(db: &Db, ids: &[i64]) -> Result<Vec<MailTarget>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = super::SqlBuilder::new(
        "SELECT id, email, display_name, CAST(email_verified_at IS NOT NULL AS BOOLEAN) AS verified,
                CAST(email_notifications AS BOOLEAN) AS email_notifications,
                CAST(email_failed_at IS NOT NULL AS BOOLEAN) AS failed FROM users WHERE id IN (",
    );
    qb.push_binds(ids.iter().copied());
    qb.push(") ORDER BY id");
    qb.query_as().fetch_all(db).await
}

/// A member's notification settings, as /settings/notifications shows them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NotificationSettings {
    pub email: String,
    #[sqlx(try_from = "super::Flag")]
    pub auto_watch: bool,
    #[sqlx(try_from = "super::Flag")]
    pub email_notifications: bool,
    pub email_failed_at: Option<i64>,
    pub email_failure: Option<String>,
    pub email_verified_at: Option<i64>,
}

pub async fn settings(db: &Db, user_id: i64) -> Result<Option<NotificationSettings>, sqlx::Error> {
    sqlx::query_as(
        "SELECT email, CAST(auto_watch AS BOOLEAN) AS auto_watch, CAST(email_notifications AS BOOLEAN) AS email_notifications, email_failed_at, email_failure, email_verified_at FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

pub async fn set_defaults(db: &Db, user_id: i64, auto_watch: bool, email_notifications: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET auto_watch = $2, email_notifications = $3 WHERE id = $1")
        .bind(user_id)
        .bind(auto_watch)
        .bind(email_notifications)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether starting or replying to a thread watches it, for this member.
pub async fn auto_watch(tx: &mut Tx<'_>, user_id: i64) -> Result<bool, sqlx::Error> {
    let on: super::Flag =
        sqlx::query_scalar("SELECT CAST(auto_watch AS BOOLEAN) FROM users WHERE id = $1").bind(user_id).fetch_one(&mut **tx).await?;
    Ok(on.into())
}

/// A permanent delivery failure to `address`, recorded on the member if it
/// is still their address.
pub async fn record_failure(tx: &mut Tx<'_>, user_id: i64, address: &str, why: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET email_failed_at = $3, email_failure = $4 WHERE id = $1 AND email = $2")
        .bind(user_id)
        .bind(address)
        .bind(now())
        .bind(why)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn clear_failure(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET email_failed_at = NULL, email_failure = NULL WHERE id = $1").bind(user_id).execute(db).await?;
    Ok(())
}

pub async fn mark_verified(tx: &mut Tx<'_>, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1")
        .bind(user_id)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The member's new, proven address (a failure recorded on the old one goes with it).
pub async fn set_email(tx: &mut Tx<'_>, user_id: i64, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET email = $2, email_verified_at = $3, email_failed_at = NULL, email_failure = NULL WHERE id = $1",
    )
    .bind(user_id)
    .bind(email)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_password(tx: &mut Tx<'_>, user_id: i64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1").bind(user_id).bind(hash).execute(&mut **tx).await?;
    Ok(())
}

/// Members whose display name is one of `names` (mentions), with their names.
pub async fn by_display_names(db: &Db, names: &[String]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if names.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = super::SqlBuilder::new("SELECT id, display_name FROM users WHERE display_name IN (");
    qb.push_binds(names.iter().cloned());
    qb.push(") ORDER BY id");
    qb.query_as().fetch_all(db).await
}
