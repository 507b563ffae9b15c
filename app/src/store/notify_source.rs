//! What notifications are built from: a thread's tags with their ids (the
//! rules match subscriptions by id), its opening post, and the threads a
//! digest period lists.

use super::Db;
use crate::domain::TagKind;
use crate::domain::views::ThreadSummary;

/// One tag of a thread, by id.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ThreadTag {
    pub thread_id: i64,
    pub tag_id: i64,
    pub kind: TagKind,
    pub name: String,
}

/// The tags of the given threads.
pub async fn thread_tags(db: &Db, thread_ids: &[i64]) -> Result<Vec<ThreadTag>, sqlx::Error> {
    if thread_ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = super::SqlBuilder::new(
        "SELECT tt.thread_id, tg.id AS tag_id, tg.kind, tg.name FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id
         WHERE tt.thread_id IN (",
    );
    qb.push_binds(thread_ids.iter().copied());
    qb.push(") ORDER BY tt.thread_id, tg.kind, tg.id");
    qb.query_as().fetch_all(db).await
}

/// The opening post of a thread (its first).
pub async fn opening_post_id(db: &Db, thread_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM posts WHERE thread_id = $1").bind(thread_id).fetch_one(db).await
}

/// Threads as a digest lists them, with their tags.
async fn summaries_where(db: &Db, condition: &str, start: i64, end: i64, limit: i64) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let sql = format!(
        "{} FROM (SELECT t.id FROM threads t WHERE {condition} ORDER BY t.id LIMIT $3) AS page
         JOIN threads t ON t.id = page.id JOIN users u ON u.id = t.author_id",
        super::summaries::select(db)
    );
    super::summaries::decode(sqlx::query_scalar(&sql).bind(start).bind(end).bind(limit).fetch_one(db).await?, super::summaries::Order::Id)
}

/// Threads started in [start, end), oldest first, at most `limit`.
pub async fn started_between(db: &Db, start: i64, end: i64, limit: i64) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    summaries_where(db, "t.created_at >= $1 AND t.created_at < $2", start, end, limit).await
}

/// Threads marked resolved in [start, end) and still resolved, at most `limit`.
pub async fn resolved_between(db: &Db, start: i64, end: i64, limit: i64) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let condition = "t.status = 'resolved'
           AND EXISTS (SELECT 1 FROM thread_events e WHERE e.thread_id = t.id AND e.kind = 'resolution'
                       AND e.created_at >= $1 AND e.created_at < $2)";
    summaries_where(db, condition, start, end, limit).await
}
