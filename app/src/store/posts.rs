use super::change_log::{self, ChangeKind};
use super::{Db, Tx};

use crate::domain::limits::POSTS_PER_PAGE;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostRow {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub author_organisation: Option<String>,
    pub parent_id: Option<i64>,
    pub parent_author_name: Option<String>,
    #[sqlx(try_from = "super::Flag")]
    pub is_opening: bool,
    pub body_md: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    /// Position in the thread, from 1 (the opening post).
    pub seq: i64,
}

const POST_SELECT: &str = "SELECT p.id, p.thread_id, p.author_id, u.display_name AS author_name,
        u.organisation AS author_organisation, p.parent_id, pu.display_name AS parent_author_name,
        CAST(p.is_opening AS BOOLEAN) AS is_opening, p.body_md, p.body_html, p.created_at, p.edited_at, p.deleted_at, p.seq
    FROM posts p JOIN users u ON u.id = p.author_id
    LEFT JOIN posts pp ON pp.id = p.parent_id LEFT JOIN users pu ON pu.id = pp.author_id";

/// Page `page` of a thread's posts in order, with authors and the author of
/// the post each one answers: one range of an index, whatever the thread's
/// length. With them, in the same query, the thread's post `also` when it
/// is not on this page (its resolution, shown above every page): a second
/// query cost a page of a long thread a tenth more than a thread of 50 posts.
/// An `OR` of the two would have read the thread's every post; each arm of
/// the `UNION ALL` reads its own index.
pub async fn page_of_thread(db: &Db, thread_id: i64, page: i64, also: Option<i64>) -> Result<Vec<PostRow>, sqlx::Error> {
    let first = (page - 1) * POSTS_PER_PAGE + 1;
    let q = format!(
        "SELECT * FROM ({POST_SELECT} WHERE p.thread_id = $1 AND p.seq BETWEEN $2 AND $3
                        UNION ALL
                        {POST_SELECT} WHERE p.id = $4 AND p.thread_id = $1 AND NOT (p.seq BETWEEN $2 AND $3)) AS page
         ORDER BY seq"
    );
    // Ids start at 1: 0 names no post.
    let also = also.unwrap_or(0);
    sqlx::query_as(&q).bind(thread_id).bind(first).bind(first + POSTS_PER_PAGE - 1).bind(also).fetch_all(db).await
}

/// Where a post is: (thread id, thread title, position in the thread).
pub async fn location(db: &Db, id: i64) -> Result<Option<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT p.thread_id, t.title, p.seq FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn get(db: &Db, id: i64) -> Result<Option<PostRow>, sqlx::Error> {
    let q = format!("{POST_SELECT} WHERE p.id = $1");
    sqlx::query_as(&q).bind(id).fetch_optional(db).await
}

/// The thread a post belongs to (it never changes): the row a change to the
/// post locks first (`threads::lock`).
pub async fn thread_of(tx: &mut Tx<'_>, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT thread_id FROM posts WHERE id = $1").bind(id).fetch_optional(&mut **tx).await
}

/// What a change to a post decides on, read once its thread is locked.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostState {
    pub thread_id: i64,
    pub author_id: i64,
    #[sqlx(try_from = "super::Flag")]
    pub is_opening: bool,
    pub deleted_at: Option<i64>,
}

pub async fn state(tx: &mut Tx<'_>, id: i64) -> Result<Option<PostState>, sqlx::Error> {
    sqlx::query_as("SELECT thread_id, author_id, CAST(is_opening AS BOOLEAN) AS is_opening, deleted_at FROM posts WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
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
    // The next position in the thread (see the migration `post_positions`);
    // unique, so concurrent writers could not share one.
    let id = sqlx::query_scalar(
        "INSERT INTO posts (thread_id, author_id, parent_id, is_opening, body_md, body_html, created_at, seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(MAX(seq), 0) + 1 FROM posts WHERE thread_id = $1))
         RETURNING id",
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
    change_log::thread_changed(tx, ChangeKind::PostCreated, thread_id, Some(id)).await?;
    Ok(id)
}

pub async fn update_body(tx: &mut Tx<'_>, id: i64, body_md: &str, body_html: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET body_md = $2, body_html = $3, edited_at = $4 WHERE id = $1")
        .bind(id)
        .bind(body_md)
        .bind(body_html)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    change_log::post_changed(tx, ChangeKind::PostEdited, id).await
}

/// Soft delete: the row stays so that replies to it keep their context, but
/// the text is gone from the database, not just hidden.
pub async fn soft_delete(tx: &mut Tx<'_>, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET deleted_at = $2, body_md = '', body_html = '' WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    change_log::post_changed(tx, ChangeKind::PostDeleted, id).await
}
