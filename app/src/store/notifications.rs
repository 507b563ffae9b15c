//! In-app notifications: written by the fan-out, read at /notifications.

use super::{Db, Tx, now};

pub struct NewNotification<'a> {
    pub user_id: i64,
    pub event_id: i64,
    pub kind: &'a str,
    pub reason: &'a str,
    pub thread_id: i64,
    pub post_id: Option<i64>,
    pub actor_id: Option<i64>,
    /// The event's detail (the thread event of a status change).
    pub detail: &'a str,
}

/// Adds the notification unless this event already notified this member.
pub async fn insert(tx: &mut Tx<'_>, n: &NewNotification<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, event_id, kind, reason, thread_id, post_id, actor_id, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (user_id, event_id) DO NOTHING",
    )
    .bind(n.user_id)
    .bind(n.event_id)
    .bind(n.kind)
    .bind(n.reason)
    .bind(n.thread_id)
    .bind(n.post_id)
    .bind(n.actor_id)
    .bind(n.detail)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub reason: String,
    pub kind: String,
    pub thread_id: i64,
    pub thread_title: String,
    pub post_id: Option<i64>,
    pub actor_name: Option<String>,
    pub detail: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// A page of a member's notifications, newest first, and how many there are.
pub async fn page(db: &Db, user_id: i64, limit: i64, offset: i64) -> Result<(Vec<NotificationRow>, i64), sqlx::Error> {
    let total = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1").bind(user_id).fetch_one(db).await?;
    let rows = sqlx::query_as(
        "SELECT n.id, n.reason, n.kind, n.thread_id, t.title AS thread_title, n.post_id, u.display_name AS actor_name,
                n.detail, n.created_at, n.read_at
         FROM notifications n JOIN threads t ON t.id = n.thread_id LEFT JOIN users u ON u.id = n.actor_id
         WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(user_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    Ok((rows, total))
}

/// Unread notifications of a member, counted up to `cap` (the count is bounded work).
pub async fn unread_count(db: &Db, user_id: i64, cap: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT $2) AS unread",
    )
    .bind(user_id)
    .bind(cap)
    .fetch_one(db)
    .await
}

/// Marks one of the member's notifications read; false when it is not theirs.
pub async fn mark_read(db: &Db, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .bind(now())
        .execute(db)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn mark_all_read(db: &Db, user_id: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .bind(now())
        .execute(db)
        .await?;
    Ok(r.rows_affected())
}

/// Read notifications older than `before`.
pub async fn sweep(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM notifications WHERE read_at IS NOT NULL AND created_at < $1")
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}
