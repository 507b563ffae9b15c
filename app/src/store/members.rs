use super::Db;
use crate::domain::ThreadStatus;
use crate::domain::views::ReplySummary;

/// A member's latest replies (not opening posts, not deleted).
pub async fn replies(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ReplySummary>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id AS post_id, p.thread_id, t.title AS thread_title, p.created_at
         FROM posts p JOIN threads t ON t.id = p.thread_id
         WHERE p.author_id = $1 AND p.is_opening = FALSE AND p.deleted_at IS NULL
         ORDER BY p.id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Replies by this member that were marked as the resolution of their
/// thread: one range of an index (`threads.resolution_author_id`).
pub async fn resolutions(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ReplySummary>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id AS post_id, p.thread_id, t.title AS thread_title, p.created_at
         FROM threads t JOIN posts p ON p.id = t.resolution_post_id
         WHERE t.resolution_author_id = $1 AND t.status = $2 ORDER BY t.resolution_post_id DESC LIMIT $3",
    )
    .bind(user_id)
    .bind(ThreadStatus::Resolved)
    .bind(limit)
    .fetch_all(db)
    .await
}
