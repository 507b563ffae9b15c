//! What the search index is built from: threads' current state, read in
//! batches of many threads, a fixed number of queries per batch. Deleted
//! posts are never read.

use super::{Db, SqlBuilder};
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

/// Which threads one batch of the index is read for: a range of ids (a
/// rebuild walks them all in order) or a set (the threads the change log
/// names). Each batch is a fixed number of queries, whatever its size.
#[derive(Clone, Copy, Debug)]
pub enum Selection<'a> {
    /// Ids in `(after, upto]`.
    Range { after: i64, upto: i64 },
    Ids(&'a [i64]),
}

impl Selection<'_> {
    /// `column` restricted to the selection, with its values bound.
    fn push_filter(&self, qb: &mut SqlBuilder, column: &str) {
        match *self {
            Selection::Range { after, upto } => {
                qb.push(&format!(" {column} > ")).push_bind(after).push(&format!(" AND {column} <= ")).push_bind(upto);
            }
            Selection::Ids(ids) => {
                qb.push(&format!(" {column} IN ("));
                qb.push_binds(ids.iter().copied());
                // An empty set selects nothing (and `IN ()` is not valid SQL).
                if ids.is_empty() {
                    qb.push("NULL");
                }
                qb.push(")");
            }
        }
    }
}

/// The selected threads, by id.
pub async fn threads(db: &Db, sel: Selection<'_>) -> Result<Vec<ThreadSource>, sqlx::Error> {
    let mut qb = SqlBuilder::new(
        "SELECT t.id, t.title, t.status, u.display_name AS author_name, t.resolution_post_id, t.created_at, t.last_activity_at
         FROM threads t JOIN users u ON u.id = t.author_id WHERE",
    );
    sel.push_filter(&mut qb, "t.id");
    qb.push(" ORDER BY t.id");
    qb.query_as().fetch_all(db).await
}

/// A post that is not deleted: its thread, its id, its Markdown.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PostSource {
    pub thread_id: i64,
    pub id: i64,
    pub body_md: String,
}

/// The live posts of the selected threads, by thread then in order.
pub async fn live_posts(db: &Db, sel: Selection<'_>) -> Result<Vec<PostSource>, sqlx::Error> {
    let mut qb = SqlBuilder::new("SELECT thread_id, id, body_md FROM posts WHERE deleted_at IS NULL AND");
    sel.push_filter(&mut qb, "thread_id");
    qb.push(" ORDER BY thread_id, id");
    qb.query_as().fetch_all(db).await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ThreadTagSource {
    pub thread_id: i64,
    #[sqlx(flatten)]
    pub tag: TagSource,
}

/// The tags of the selected threads, by thread.
pub async fn tags(db: &Db, sel: Selection<'_>) -> Result<Vec<ThreadTagSource>, sqlx::Error> {
    let mut qb = SqlBuilder::new(
        "SELECT tt.thread_id, tg.id, tg.kind, tg.slug, tg.name FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id WHERE",
    );
    sel.push_filter(&mut qb, "tt.thread_id");
    qb.push(" ORDER BY tt.thread_id, tg.kind, tg.slug");
    qb.query_as().fetch_all(db).await
}

/// Every merged tag: (the tag it was merged into, its slug, its name).
/// Searching a synonym finds the threads of the tag it stands for.
pub async fn synonyms(db: &Db) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT merged_into, slug, name FROM tags WHERE merged_into IS NOT NULL ORDER BY merged_into, slug")
        .fetch_all(db)
        .await
}

/// The highest thread id among the first `limit` after `after` (where a
/// rebuild's next range ends); `None` past the last thread.
pub async fn range_end(db: &Db, after: i64, limit: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(id) FROM (SELECT id FROM threads WHERE id > $1 ORDER BY id LIMIT $2) AS batch")
        .bind(after)
        .bind(limit)
        .fetch_one(db)
        .await
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
