//! The mail queue (see its migration): one row per mail to one address,
//! claimed by the delivery worker under a lease, with the outcome recorded.

use super::{Db, Tx, now};

/// A mail to queue, fully formatted.
pub struct NewMail<'a> {
    pub message_id: &'a str,
    pub user_id: Option<i64>,
    pub to_address: &'a str,
    /// What the mail is ("new_thread", "reply", "digest", "verify_email"…), for logs and limits.
    pub kind: &'a str,
    pub event_id: Option<i64>,
    /// At most one mail per key ('event:12:user:40'); `None` for account mails.
    pub dedup_key: Option<String>,
    pub raw: &'a [u8],
}

/// Queues a mail in the caller's transaction; false when a mail with the
/// same key was queued already (nothing is added).
pub async fn insert(tx: &mut Tx<'_>, mail: &NewMail<'_>) -> Result<bool, sqlx::Error> {
    let at = now();
    let done = sqlx::query(
        "INSERT INTO mails (message_id, user_id, to_address, kind, event_id, dedup_key, raw, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(mail.message_id)
    .bind(mail.user_id)
    .bind(mail.to_address)
    .bind(mail.kind)
    .bind(mail.event_id)
    .bind(mail.dedup_key.as_deref())
    .bind(mail.raw)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The newest mail queued to `address`, as it will be sent (tests read its links).
#[cfg(test)]
pub async fn newest_raw_to(db: &Db, address: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT raw FROM mails WHERE to_address = $1 ORDER BY id DESC LIMIT 1").bind(address).fetch_optional(db).await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClaimedMail {
    pub id: i64,
    pub message_id: String,
    pub user_id: Option<i64>,
    pub to_address: String,
    pub raw: Vec<u8>,
    pub attempts: i64,
    pub created_at: i64,
}

/// Claims up to `limit` due mails whose lease is free or has run out, for
/// `lease_seconds`. The conditions are repeated outside the subquery so that,
/// on PostgreSQL too, a row another process claimed meanwhile is not taken.
pub async fn claim(db: &Db, owner: &str, lease_seconds: i64, limit: i64) -> Result<Vec<ClaimedMail>, sqlx::Error> {
    let at = now();
    let mut mails: Vec<ClaimedMail> = sqlx::query_as(
        "UPDATE mails SET lease_owner = $1, lease_until = $2
         WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
           AND id IN (SELECT id FROM mails
                      WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
                      ORDER BY next_attempt_at, id LIMIT $4)
         RETURNING id, message_id, user_id, to_address, raw, attempts, created_at",
    )
    .bind(owner)
    .bind(at + lease_seconds)
    .bind(at)
    .bind(limit)
    .fetch_all(db)
    .await?;
    mails.sort_by_key(|m| m.id);
    Ok(mails)
}

/// The SMTP server accepted the mail: done. Its text is erased (it may hold
/// a sign-in link); the row stays as a record. False when the lease was lost.
pub async fn mark_sent(tx: &mut Tx<'_>, id: i64, owner: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE mails SET status = 'sent', sent_at = $3, raw = $4, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner)
    .bind(now())
    .bind(Vec::<u8>::new())
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A temporary failure: try again at `next_attempt_at`.
pub async fn retry_later(tx: &mut Tx<'_>, id: i64, owner: &str, next_attempt_at: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mails SET attempts = attempts + 1, next_attempt_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner)
    .bind(next_attempt_at)
    .bind(error)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A permanent failure, or retries past their time: given up, with why.
pub async fn mark_failed(tx: &mut Tx<'_>, id: i64, owner: &str, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mails SET status = 'failed', attempts = attempts + 1, last_error = $3, raw = $4, lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner)
    .bind(error)
    .bind(Vec::<u8>::new())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Gives a claimed mail back untried (the lease would run out before a send could end).
pub async fn release(db: &Db, id: i64, owner: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE mails SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
        .bind(id)
        .bind(owner)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether any mail is due and unclaimed: a read, so an idle worker never
/// takes the write lock.
pub async fn any_due(db: &Db) -> Result<bool, sqlx::Error> {
    let at = now();
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM mails WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1) LIMIT 1",
    )
    .bind(at)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Mails of `kinds` queued for `address` since `since` (the account-mail limit).
pub async fn count_to_since(db: &Db, address: &str, kinds: &[&str], since: i64) -> Result<i64, sqlx::Error> {
    let mut qb = super::SqlBuilder::new("SELECT COUNT(*) FROM mails WHERE to_address = ");
    qb.push_bind(address.to_string());
    qb.push(" AND created_at >= ");
    qb.push_bind(since);
    qb.push(" AND kind IN (");
    qb.push_binds(kinds.iter().map(|k| k.to_string()));
    qb.push(")");
    qb.query_scalar().fetch_one(db).await
}

/// (pending, sent, failed) counts.
pub async fn counts(db: &Db) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0)
         FROM mails",
    )
    .fetch_one(db)
    .await
}

/// The earliest time a pending mail is due (for the worker's sleep).
pub async fn next_due(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(next_attempt_at) FROM mails WHERE status = 'pending'").fetch_one(db).await
}

/// Sent or failed mails older than `before`.
pub async fn sweep(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM mails WHERE status <> 'pending' AND created_at < $1").bind(before).execute(db).await?.rows_affected())
}
