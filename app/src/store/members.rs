use super::Db;
use crate::domain::views::ReplySummary;
use sqlx::Row;

fn reply_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<ReplySummary, sqlx::Error> {
    Ok(ReplySummary {
        post_id: r.try_get("id")?,
        thread_id: r.try_get("thread_id")?,
        thread_title: r.try_get("title")?,
        created_at: r.try_get("created_at")?,
    })
}

/// A member's latest replies (not opening posts, not deleted).
pub async fn replies(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ReplySummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.thread_id, t.title, p.created_at FROM posts p JOIN threads t ON t.id = p.thread_id
         WHERE p.author_id = $1 AND p.is_opening = FALSE AND p.deleted_at IS NULL
         ORDER BY p.id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter().map(reply_from_row).collect()
}

/// Replies by this member that were marked as the resolution of their thread.
pub async fn resolutions(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ReplySummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.thread_id, t.title, p.created_at FROM threads t JOIN posts p ON p.id = t.resolution_post_id
         WHERE p.author_id = $1 AND t.status = 'resolved' ORDER BY p.id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter().map(reply_from_row).collect()
}
