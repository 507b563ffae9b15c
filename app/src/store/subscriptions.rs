//! Subscriptions: what members follow, and at what level.

use super::change_log;
use super::{Db, Tx, begin, now};
use crate::domain::recipients::Candidate;
use crate::domain::{Level, Target};

#[derive(Clone, Debug, sqlx::FromRow)]
struct Row {
    id: i64,
    user_id: i64,
    level: Level,
    tag_id: Option<i64>,
    standard_id: Option<i64>,
    thread_id: Option<i64>,
}

impl Row {
    fn candidate(self) -> Option<Candidate> {
        let target = match (self.thread_id, self.tag_id, self.standard_id) {
            (Some(thread), _, _) => Target::Thread(thread),
            (None, Some(solution), Some(standard)) => Target::Pair { solution, standard },
            (None, Some(tag), None) => Target::Tag(tag),
            _ => return None,
        };
        Some(Candidate { user_id: self.user_id, subscription_id: self.id, target, level: self.level })
    }
}

fn ids(target: Target) -> (Option<i64>, Option<i64>, Option<i64>) {
    match target {
        Target::Tag(t) => (Some(t), None, None),
        Target::Pair { solution, standard } => (Some(solution), Some(standard), None),
        Target::Thread(t) => (None, None, Some(t)),
    }
}

/// Follows `target` at `level`, or changes the level of the existing subscription.
pub async fn set(db: &Db, user_id: i64, target: Target, level: Level) -> Result<(), sqlx::Error> {
    let (tag, standard, thread) = ids(target);
    let mut tx = begin(db).await?;
    sqlx::query(
        "INSERT INTO subscriptions (user_id, target, tag_id, standard_id, thread_id, level, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (user_id, target) DO UPDATE SET level = excluded.level",
    )
    .bind(user_id)
    .bind(target.key())
    .bind(tag)
    .bind(standard)
    .bind(thread)
    .bind(level)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    // The number of followers shows on the target's page (muted ones do not count).
    change_log::followers_changed(&mut tx, user_id, thread).await?;
    tx.commit().await
}

/// Watches a thread unless the member already chose a level for it (a
/// muted thread stays muted). In the transaction of the post.
pub async fn watch_unless_set(tx: &mut Tx<'_>, user_id: i64, thread_id: i64) -> Result<(), sqlx::Error> {
    let target = Target::Thread(thread_id);
    sqlx::query(
        "INSERT INTO subscriptions (user_id, target, thread_id, level, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, target) DO NOTHING",
    )
    .bind(user_id)
    .bind(target.key())
    .bind(thread_id)
    .bind(Level::Watching)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn remove(db: &Db, user_id: i64, target: Target) -> Result<bool, sqlx::Error> {
    let mut tx = begin(db).await?;
    let r = sqlx::query("DELETE FROM subscriptions WHERE user_id = $1 AND target = $2")
        .bind(user_id)
        .bind(target.key())
        .execute(&mut *tx)
        .await?;
    let removed = r.rows_affected() == 1;
    if removed {
        change_log::followers_changed(&mut tx, user_id, ids(target).2).await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// Removes subscription `id` if it is `user_id`'s.
pub async fn remove_by_id(db: &Db, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = begin(db).await?;
    let thread: Option<Option<i64>> =
        sqlx::query_scalar("DELETE FROM subscriptions WHERE id = $1 AND user_id = $2 RETURNING thread_id")
            .bind(id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(thread) = thread {
        change_log::followers_changed(&mut tx, user_id, thread).await?;
    }
    tx.commit().await?;
    Ok(thread.is_some())
}

/// Removes every subscription of `user_id` at `level` (a digest's link).
pub async fn remove_level(db: &Db, user_id: i64, level: Level) -> Result<u64, sqlx::Error> {
    let mut tx = begin(db).await?;
    let mut threads: Vec<Option<i64>> =
        sqlx::query_scalar("DELETE FROM subscriptions WHERE user_id = $1 AND level = $2 RETURNING thread_id")
            .bind(user_id)
            .bind(level)
            .fetch_all(&mut *tx)
            .await?;
    let removed = threads.len() as u64;
    // Each thread followed, and one row for the tags and pairs (lists pages).
    threads.sort_unstable();
    threads.dedup();
    for thread in threads {
        change_log::followers_changed(&mut tx, user_id, thread).await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// One subscription, as the unsubscribe page names it.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<(i64, Candidate)>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, user_id, level, tag_id, standard_id, thread_id FROM subscriptions WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|r| r.candidate().map(|c| (c.user_id, c))))
}

pub async fn level(db: &Db, user_id: i64, target: Target) -> Result<Option<Level>, sqlx::Error> {
    sqlx::query_scalar("SELECT level FROM subscriptions WHERE user_id = $1 AND target = $2")
        .bind(user_id)
        .bind(target.key())
        .fetch_optional(db)
        .await
}

/// Members who follow `target` (muted ones are not followers).
pub async fn follower_count(db: &Db, target: Target) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE target = $1 AND level <> 'muted'")
        .bind(target.key())
        .fetch_one(db)
        .await
}

pub async fn count_for_user(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE user_id = $1").bind(user_id).fetch_one(db).await
}

/// Every subscription that may concern thread `thread_id`: to the thread,
/// or to one of its tags, a tag since merged into one of them included (its
/// id is read as the tag it became). The rules (`domain::recipients`) decide.
pub async fn candidates_for_thread(db: &Db, thread_id: i64) -> Result<Vec<Candidate>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.user_id, s.level, COALESCE(a.merged_into, a.id) AS tag_id,
                COALESCE(b.merged_into, b.id) AS standard_id, s.thread_id
         FROM subscriptions s LEFT JOIN tags a ON a.id = s.tag_id LEFT JOIN tags b ON b.id = s.standard_id
         WHERE s.thread_id = $1
            OR s.tag_id IN (SELECT tg.id FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id OR tg.merged_into = tt.tag_id
                            WHERE tt.thread_id = $1)
         ORDER BY s.user_id, s.id",
    )
    .bind(thread_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(Row::candidate).collect())
}

/// Every subscription of the members who hold at least one at `level` (a
/// digest's level), tags read as the tag they became, by member.
pub async fn of_members_with_level(db: &Db, level: Level) -> Result<Vec<Candidate>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.user_id, s.level, COALESCE(a.merged_into, a.id) AS tag_id,
                COALESCE(b.merged_into, b.id) AS standard_id, s.thread_id
         FROM subscriptions s LEFT JOIN tags a ON a.id = s.tag_id LEFT JOIN tags b ON b.id = s.standard_id
         WHERE s.user_id IN (SELECT user_id FROM subscriptions WHERE level = $1)
         ORDER BY s.user_id, s.id",
    )
    .bind(level)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(Row::candidate).collect())
}

/// A member's subscription as the settings page lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListedRow {
    pub id: i64,
    pub level: Level,
    pub tag_slug: Option<String>,
    pub tag_name: Option<String>,
    pub tag_kind: Option<crate::domain::TagKind>,
    pub standard_slug: Option<String>,
    pub standard_name: Option<String>,
    pub thread_id: Option<i64>,
    pub thread_title: Option<String>,
}

pub async fn for_user(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ListedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.level, a.slug AS tag_slug, a.name AS tag_name, a.kind AS tag_kind,
                b.slug AS standard_slug, b.name AS standard_name, s.thread_id, th.title AS thread_title
         FROM subscriptions s LEFT JOIN tags a ON a.id = s.tag_id LEFT JOIN tags b ON b.id = s.standard_id
         LEFT JOIN threads th ON th.id = s.thread_id
         WHERE s.user_id = $1 ORDER BY s.thread_id IS NOT NULL, s.standard_id IS NOT NULL, a.name, s.id LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await
}
