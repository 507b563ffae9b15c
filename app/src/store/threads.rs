use super::change_log::{self, ChangeKind};
use super::facets::{self, Threads};
use super::{Db, Tx};
use crate::domain::{
    ThreadEventKind, ThreadStatus,
    limits::THREAD_EVENTS_MAX,
    views::ThreadSummary,
};
use super::builder::SqlBuilder;
use std::collections::HashMap;

pub use super::lists::{ListPage, ListQuery, by_author, list, list_page};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ThreadRow {
    #[sqlx(flatten)]
    pub summary: ThreadSummary,
    pub author_organisation: Option<String>,
    pub duplicate_of: Option<i64>,
    pub duplicate_title: Option<String>,
    pub resolution_post_id: Option<i64>,
    /// The mailing list an imported thread came from.
    pub source_list: Option<String>,
}

pub async fn get(db: &Db, id: i64) -> Result<Option<ThreadRow>, sqlx::Error> {
    let row: Option<ThreadRow> = sqlx::query_as(
        "SELECT t.id, t.title, t.status, CAST(t.locked AS BOOLEAN) AS locked, t.author_id, u.display_name AS author_name,
                u.organisation AS author_organisation, t.reply_count, t.created_at, t.last_activity_at,
                t.duplicate_of, d.title AS duplicate_title, t.resolution_post_id, it.list_name AS source_list
         FROM threads t JOIN users u ON u.id = t.author_id LEFT JOIN threads d ON d.id = t.duplicate_of
         LEFT JOIN import_threads it ON it.thread_id = t.id
         WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(mut thread) = row else { return Ok(None) };
    thread.summary.tags = super::summaries::tags(db, id).await?;
    Ok(Some(thread))
}

/// What a change to a thread decides on, read with the thread's row locked
/// until the transaction ends: every change to a thread or its posts takes
/// this lock first, so they apply one after another, as on SQLite, and each
/// decides on the state the previous one left.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LockedThread {
    pub author_id: i64,
    #[sqlx(try_from = "super::Flag")]
    pub locked: bool,
    pub status: ThreadStatus,
    pub resolution_post_id: Option<i64>,
}

pub async fn lock(tx: &mut Tx<'_>, id: i64) -> Result<Option<LockedThread>, sqlx::Error> {
    let sql = format!(
        "SELECT author_id, CAST(locked AS BOOLEAN) AS locked, status, resolution_post_id FROM threads WHERE id = $1{}",
        tx.for_update()
    );
    sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await
}

pub async fn exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM threads WHERE id = $1").bind(id).fetch_optional(db).await?.is_some())
}

pub async fn insert(tx: &mut Tx<'_>, title: &str, author_id: i64, at: i64) -> Result<i64, sqlx::Error> {
    let id = sqlx::query_scalar(
        "INSERT INTO threads (title, author_id, status, created_at, last_activity_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(title)
    .bind(author_id)
    .bind(ThreadStatus::Open)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    // Its posts and tags are written by the same transaction: the indexer,
    // reading after the commit, sees them all.
    change_log::thread_changed(tx, ChangeKind::ThreadCreated, id, None).await?;
    facets::enter(tx, Threads::One(id)).await?;
    Ok(id)
}

pub async fn add_tag(tx: &mut Tx<'_>, thread_id: i64, tag_id: i64, detail: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO thread_tags (thread_id, tag_id, detail) VALUES ($1, $2, $3)")
        .bind(thread_id)
        .bind(tag_id)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    facets::refresh(tx, thread_id).await
}

/// Records a new reply's effect on the thread's list rows.
pub async fn touch_for_reply(tx: &mut Tx<'_>, thread_id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE threads SET reply_count = reply_count + 1, last_activity_at = $2 WHERE id = $1")
        .bind(thread_id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    facets::touch(tx, thread_id, at).await
}

pub async fn set_status(
    tx: &mut Tx<'_>,
    thread_id: i64,
    status: ThreadStatus,
    duplicate_of: Option<i64>,
    resolution_post_id: Option<i64>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE threads SET status = $2, duplicate_of = $3, resolution_post_id = $4, last_activity_at = $5,
                resolution_author_id = (SELECT author_id FROM posts WHERE id = $4)
         WHERE id = $1",
    )
    .bind(thread_id)
    .bind(status)
    .bind(duplicate_of)
    .bind(resolution_post_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    change_log::thread_changed(tx, ChangeKind::StatusChanged, thread_id, resolution_post_id).await?;
    facets::refresh(tx, thread_id).await
}

pub async fn set_locked(tx: &mut Tx<'_>, thread_id: i64, locked: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE threads SET locked = $2 WHERE id = $1").bind(thread_id).bind(locked).execute(&mut **tx).await?;
    change_log::thread_changed(tx, ChangeKind::LockChanged, thread_id, None).await
}

pub async fn add_event(tx: &mut Tx<'_>, thread_id: i64, actor_id: i64, event: ThreadEventKind, at: i64) -> Result<(), sqlx::Error> {
    let (kind, detail) = event.stored();
    sqlx::query("INSERT INTO thread_events (thread_id, actor_id, kind, detail, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(thread_id)
        .bind(actor_id)
        .bind(kind)
        .bind(detail)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One row of a thread's history as stored; `forum` reads its kind.
#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub actor_name: String,
    pub kind: String,
    pub detail: String,
    pub created_at: i64,
}

/// The workflow history of a thread, oldest first, bounded.
pub async fn events(db: &Db, thread_id: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.display_name AS actor_name, e.kind, e.detail, e.created_at
         FROM thread_events e JOIN users u ON u.id = e.actor_id
         WHERE e.thread_id = $1 ORDER BY e.id LIMIT $2",
    )
    .bind(thread_id)
    .bind(THREAD_EVENTS_MAX)
    .fetch_all(db)
    .await
}

/// The summaries of the given threads with their tags, in the order given
/// (search results); ids that name no thread are left out.
pub async fn summaries(db: &Db, ids: &[i64]) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = SqlBuilder::new(&super::summaries::select(db));
    qb.push("FROM threads t JOIN users u ON u.id = t.author_id WHERE t.id IN (").push_binds(ids.iter().copied()).push(")");
    let rows = super::summaries::decode(qb.query_scalar().fetch_one(db).await?, super::summaries::Order::Id)?;
    let mut by_id: HashMap<i64, ThreadSummary> = rows.into_iter().map(|t| (t.id, t)).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
