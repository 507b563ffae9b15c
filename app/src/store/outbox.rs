//! The transactional outbox (see its migration): events written inside the
//! transaction of the change that causes them, claimed under a lease and
//! expanded by the fan-out worker (`mail::fanout`).

use super::{Db, Tx, now};

/// What happened; stored as its snake-case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxKind {
    ThreadCreated,
    ReplyCreated,
    StatusChanged,
    /// A daily or weekly digest period that has ended.
    Digest,
}

impl OutboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ThreadCreated => "thread_created",
            Self::ReplyCreated => "reply_created",
            Self::StatusChanged => "status_changed",
            Self::Digest => "digest",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::ThreadCreated, Self::ReplyCreated, Self::StatusChanged, Self::Digest].into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub detail: String,
    /// The last recipient (member id) already handled.
    pub done_up_to: i64,
}

/// Records an event in the transaction of the change itself.
pub async fn record(
    tx: &mut Tx<'_>,
    kind: OutboxKind,
    thread_id: i64,
    post_id: Option<i64>,
    actor_id: i64,
    detail: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (kind, thread_id, post_id, actor_id, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(thread_id)
    .bind(post_id)
    .bind(actor_id)
    .bind(detail)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}

/// Schedules the digest of a period once, however many processes ask
/// (`key` is the period's key). True when this call scheduled it.
pub async fn schedule_digest(db: &Db, key: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO outbox (kind, detail, dedup_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(OutboxKind::Digest.as_str())
    .bind(key)
    .bind(format!("digest:{key}"))
    .bind(now())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether an event waits, unclaimed: a read, so an idle worker never takes
/// the write lock.
pub async fn any_waiting(db: &Db) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM outbox WHERE done_at IS NULL AND (lease_until IS NULL OR lease_until < $1) LIMIT 1")
            .bind(now())
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}

/// Claims the oldest event not yet expanded whose lease is free or has run
/// out. The conditions are repeated outside the subquery so that, on
/// PostgreSQL too, a row another process claimed meanwhile is not taken.
pub async fn claim(db: &Db, owner: &str, lease_seconds: i64) -> Result<Option<OutboxRow>, sqlx::Error> {
    let at = now();
    sqlx::query_as(
        "UPDATE outbox SET lease_owner = $1, lease_until = $2
         WHERE done_at IS NULL AND (lease_until IS NULL OR lease_until < $3)
           AND id = (SELECT id FROM outbox WHERE done_at IS NULL AND (lease_until IS NULL OR lease_until < $3) ORDER BY id LIMIT 1)
         RETURNING id, kind, thread_id, post_id, actor_id, detail, done_up_to",
    )
    .bind(owner)
    .bind(at + lease_seconds)
    .bind(at)
    .fetch_optional(db)
    .await
}

/// Inside a fan-out batch's transaction: records that every recipient up to
/// `cursor` was handled (and the event done when `done`), and renews the
/// lease. False when the lease is no longer ours: the caller rolls back.
pub async fn advance(
    tx: &mut Tx<'_>,
    id: i64,
    owner: &str,
    cursor: i64,
    done: bool,
    lease_seconds: i64,
) -> Result<bool, sqlx::Error> {
    let at = now();
    let r = sqlx::query(
        "UPDATE outbox SET done_up_to = $3, lease_until = $4, done_at = $5 WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner)
    .bind(cursor)
    .bind(at + lease_seconds)
    .bind(done.then_some(at))
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Gives the event back (after a failure) for a later try.
pub async fn release(db: &Db, id: i64, owner: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
        .bind(id)
        .bind(owner)
        .execute(db)
        .await?;
    Ok(())
}

/// Events not yet fully expanded.
pub async fn pending(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE done_at IS NULL").fetch_one(db).await
}

/// Expanded events older than `before` (they are history only).
pub async fn sweep(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM outbox WHERE done_at IS NOT NULL AND done_at < $1").bind(before).execute(db).await?.rows_affected())
}
