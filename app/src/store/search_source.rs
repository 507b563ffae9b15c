//! What the search index is built from: a thread's current state, read in a
//! fixed number of queries. Deleted posts are never read.

use super::Db;
use crate::domain::{TagKind, ThreadStatus};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ThreadSource {
    pub id: i64,
    pub title: String,
    pub status: ThreadStatus,
    pub author_name: String,
    pub resolution_post_id: Option<i64>,
    pub created_at: i64,
    pub last_activity_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TagSource {
    pub id: i64,
    pub kind: TagKind,
    pub slug: String,
    pub name: String,
}

pub async fn thread(db: &Db, id: i64) -> Result<Option<ThreadSource>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.title, t.status, u.display_name AS author_name, t.resolution_post_id, t.created_at, t.last_activity_at
         FROM threads t JOIN users u ON u.id = t.author_id WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The thread's posts that are not deleted: (id, Markdown), in order.
pub async fn live_posts(db: &Db, thread_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, body_md FROM posts WHERE thread_id = $1 AND deleted_at IS NULL ORDER BY id")
        .bind(thread_id)
        .fetch_all(db)
        .await
}

pub async fn tags(db: &Db, thread_id: i64) -> Result<Vec<TagSource>, sqlx::Error> {
    sqlx::query_as(
        "SELECT tg.id, tg.kind, tg.slug, tg.name FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id WHERE tt.thread_id = $1",
    )
    .bind(thread_id)
    .fetch_all(db)
    .await
}

/// Tags merged into `tag_id`: (slug, name). Searching a synonym finds the thread.
pub async fn synonyms(db: &Db, tag_id: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT slug, name FROM tags WHERE merged_into = $1 ORDER BY slug").bind(tag_id).fetch_all(db).await
}

/// Thread ids after `after`, in order, at most `limit` (a rebuild walks them all).
pub async fn thread_ids(db: &Db, after: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM threads WHERE id > $1 ORDER BY id LIMIT $2").bind(after).bind(limit).fetch_all(db).await
}

pub async fn threads_with_tag(db: &Db, tag_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT thread_id FROM thread_tags WHERE tag_id = $1").bind(tag_id).fetch_all(db).await
}

/// A tag given as a slug, a name (any case) or a synonym, as the tag it stands for today.
pub async fn resolve_tag(db: &Db, kind: TagKind, text: &str) -> Result<Option<TagSource>, sqlx::Error> {
    let found: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, merged_into FROM tags WHERE kind = $1 AND (slug = LOWER($2) OR LOWER(name) = LOWER($2))
         ORDER BY merged_into IS NOT NULL, id LIMIT 1",
    )
    .bind(kind)
    .bind(text)
    .fetch_optional(db)
    .await?;
    let Some((id, merged_into)) = found else { return Ok(None) };
    sqlx::query_as("SELECT id, kind, slug, name FROM tags WHERE id = $1")
        .bind(merged_into.unwrap_or(id))
        .fetch_optional(db)
        .await
}
