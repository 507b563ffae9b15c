use super::Db;
use super::json::{Json, array};
use crate::domain::ThreadStatus;
use crate::domain::views::ReplySummary;

/// `SELECT` of the rows `p` (posts) and `t` (their threads) as one JSON array
/// of `ReplySummary`, newest first (rule 10 in `store`).
fn select_replies(db: &Db) -> String {
    let Json { array, object, .. } = Json::of(db);
    format!(
        "SELECT CAST({array}({object}('post_id', p.id, 'thread_id', p.thread_id, 'thread_title', t.title,
                                      'created_at', p.created_at) ORDER BY p.id DESC) AS TEXT) "
    )
}

/// A member's latest replies (not opening posts, not deleted).
pub async fn replies(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ReplySummary>, sqlx::Error> {
    let sql = format!(
        "{} FROM (SELECT id FROM posts WHERE author_id = $1 AND is_opening = FALSE AND deleted_at IS NULL
                  ORDER BY id DESC LIMIT $2) AS page
         JOIN posts p ON p.id = page.id JOIN threads t ON t.id = p.thread_id",
        select_replies(db)
    );
    array(sqlx::query_scalar(&sql).bind(user_id).bind(limit).fetch_one(db).await?)
}

/// Replies by this member that were marked as the resolution of their
/// thread: one range of an index (`threads.resolution_author_id`).
pub async fn resolutions(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ReplySummary>, sqlx::Error> {
    let sql = format!(
        "{} FROM (SELECT resolution_post_id FROM threads WHERE resolution_author_id = $1 AND status = $2
                  ORDER BY resolution_post_id DESC LIMIT $3) AS page
         JOIN posts p ON p.id = page.resolution_post_id JOIN threads t ON t.id = p.thread_id",
        select_replies(db)
    );
    array(sqlx::query_scalar(&sql).bind(user_id).bind(ThreadStatus::Resolved).bind(limit).fetch_one(db).await?)
}
