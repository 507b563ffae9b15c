use super::{Db, Tx};
use sqlx::Row;

/// Posts shown on one thread page at most; a longer thread shows its first
/// posts and says so (threads here run to tens of posts, not thousands).
pub const POSTS_PER_THREAD_MAX: i64 = 1_000;

#[derive(Debug, Clone)]
pub struct PostRow {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub author_organisation: Option<String>,
    pub parent_id: Option<i64>,
    pub parent_author_name: Option<String>,
    pub is_opening: bool,
    pub body_md: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
}

const POST_SELECT: &str = "SELECT p.id, p.thread_id, p.author_id, u.display_name AS author_name,
        u.organisation AS author_organisation, p.parent_id, pu.display_name AS parent_author_name,
        p.is_opening, p.body_md, p.body_html, p.created_at, p.edited_at, p.deleted_at
    FROM posts p JOIN users u ON u.id = p.author_id
    LEFT JOIN posts pp ON pp.id = p.parent_id LEFT JOIN users pu ON pu.id = pp.author_id";

fn post_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<PostRow, sqlx::Error> {
    Ok(PostRow {
        id: r.try_get("id")?,
        thread_id: r.try_get("thread_id")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        author_organisation: r.try_get("author_organisation")?,
        parent_id: r.try_get("parent_id")?,
        parent_author_name: r.try_get("parent_author_name")?,
        is_opening: r.try_get("is_opening")?,
        body_md: r.try_get("body_md")?,
        body_html: r.try_get("body_html")?,
        created_at: r.try_get("created_at")?,
        edited_at: r.try_get("edited_at")?,
        deleted_at: r.try_get("deleted_at")?,
    })
}

/// Every post of a thread in order, with authors and the author of the post
/// each one answers: one query, whatever the thread's length.
pub async fn for_thread(db: &Db, thread_id: i64) -> Result<Vec<PostRow>, sqlx::Error> {
    let q = format!("{POST_SELECT} WHERE p.thread_id = $1 ORDER BY p.id LIMIT {POSTS_PER_THREAD_MAX}");
    let rows = sqlx::query(&q).bind(thread_id).fetch_all(db).await?;
    rows.iter().map(post_from_row).collect()
}

pub async fn get(db: &Db, id: i64) -> Result<Option<PostRow>, sqlx::Error> {
    let q = format!("{POST_SELECT} WHERE p.id = $1");
    sqlx::query(&q).bind(id).fetch_optional(db).await?.map(|r| post_from_row(&r)).transpose()
}

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx<'_>,
    thread_id: i64,
    author_id: i64,
    parent_id: Option<i64>,
    is_opening: bool,
    body_md: &str,
    body_html: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO posts (thread_id, author_id, parent_id, is_opening, body_md, body_html, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(thread_id)
    .bind(author_id)
    .bind(parent_id)
    .bind(is_opening)
    .bind(body_md)
    .bind(body_html)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get("id")
}

pub async fn update_body(tx: &mut Tx<'_>, id: i64, body_md: &str, body_html: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET body_md = $2, body_html = $3, edited_at = $4 WHERE id = $1")
        .bind(id)
        .bind(body_md)
        .bind(body_html)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Soft delete: the row stays so that replies to it keep their context, but
/// the text is gone from the database, not just hidden.
pub async fn soft_delete(tx: &mut Tx<'_>, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET deleted_at = $2, body_md = '', body_html = '' WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
