//! The change log (see its migrations): written inside the transaction of each
//! change by the store functions below it, read in order by the indexer (and
//! whatever else derives from the database).
//!
//! Readers keep a *position*: the last row's `position` they applied; reading
//! on from it never skips a row, even one whose transaction commits later.
//! On SQLite the position is the row's id (one writer at a time: ids grow in
//! commit order). On PostgreSQL it is the id of the transaction that wrote the
//! row, and only rows of transactions older than any that may still write
//! here are handed out (see migrations/postgres/20261202000001_change_log.sql):
//! a row appears to readers once its transaction and every older one writing
//! to this database have ended (usually at once; at worst, when the oldest
//! open write transaction ends).

use super::{Backend, Db, Tx, backend, now};

/// What happened; stored as its snake-case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    ThreadCreated,
    PostCreated,
    PostEdited,
    PostDeleted,
    StatusChanged,
    LockChanged,
    TagMerged,
    TagRenamed,
    TagCreated,
    /// A member's name, organisation or role changed (shown beside their posts and on their page).
    MemberChanged,
    /// Who follows a thread (`thread_id`), a tag or a pair (no thread) changed:
    /// the number of followers shows on that thread's or tag's page.
    FollowersChanged,
    /// An import transaction created the thread or added messages to it.
    ThreadImported,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ThreadCreated => "thread_created",
            Self::PostCreated => "post_created",
            Self::PostEdited => "post_edited",
            Self::PostDeleted => "post_deleted",
            Self::StatusChanged => "status_changed",
            Self::LockChanged => "lock_changed",
            Self::TagMerged => "tag_merged",
            Self::TagRenamed => "tag_renamed",
            Self::TagCreated => "tag_created",
            Self::MemberChanged => "member_changed",
            Self::FollowersChanged => "followers_changed",
            Self::ThreadImported => "thread_imported",
        }
    }

    /// The kind a stored name stands for; `None` for a name this version does not know.
    pub fn parse(name: &str) -> Option<ChangeKind> {
        use ChangeKind::*;
        [ThreadCreated, PostCreated, PostEdited, PostDeleted, StatusChanged, LockChanged, TagMerged, TagRenamed, TagCreated, MemberChanged, FollowersChanged,
            ThreadImported]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct ChangeRow {
    /// Where a reader stands once it applied this row.
    pub position: i64,
    pub id: i64,
    pub kind: String,
    pub thread_id: Option<i64>,
    pub tag_id: Option<i64>,
}

pub(super) async fn thread_changed(tx: &mut Tx<'_>, kind: ChangeKind, thread_id: i64, post_id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO change_log (kind, thread_id, post_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(kind.as_str())
        .bind(thread_id)
        .bind(post_id)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A change to a post, logged under the post's thread.
pub(super) async fn post_changed(tx: &mut Tx<'_>, kind: ChangeKind, post_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO change_log (kind, thread_id, post_id, created_at) SELECT $1, thread_id, id, $3 FROM posts WHERE id = $2",
    )
    .bind(kind.as_str())
    .bind(post_id)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A change to a tag that touches every thread carrying it.
pub(super) async fn tag_changed(tx: &mut Tx<'_>, kind: ChangeKind, tag_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO change_log (kind, tag_id, created_at) VALUES ($1, $2, $3)")
        .bind(kind.as_str())
        .bind(tag_id)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A change to a member that touches every page showing their name.
pub(super) async fn member_changed(tx: &mut Tx<'_>, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO change_log (kind, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(ChangeKind::MemberChanged.as_str())
        .bind(user_id)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Who follows something changed: a thread (`thread_id`), or a tag or a
/// pair (`None`); `user_id` is the member who followed or stopped.
pub(super) async fn followers_changed(tx: &mut Tx<'_>, user_id: i64, thread_id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO change_log (kind, thread_id, user_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(ChangeKind::FollowersChanged.as_str())
        .bind(thread_id)
        .bind(user_id)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// PostgreSQL: the oldest transaction that may still add rows to the log,
/// from the statement's own snapshot: the oldest of the transactions running
/// when it was taken, leaving out those seen running in another database
/// (they cannot write here; a role that may not see other sessions' details
/// leaves none out), or, with none running, the next transaction id. Every
/// row of an older transaction is committed and visible, or never will be.
const POSTGRES_HORIZON: &str = "SELECT COALESCE(MIN(r.x), pg_snapshot_xmax(pg_current_snapshot())::text::bigint) AS txid
    FROM (SELECT x::text::bigint AS x FROM pg_snapshot_xip(pg_current_snapshot()) AS x) r
    WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                      WHERE a.datname IS DISTINCT FROM current_database()
                        AND a.backend_xid::text::bigint = r.x % 4294967296)";

/// The rows after position `after`, in position order: at most `limit`
/// positions' worth (a transaction's rows are never split).
pub async fn after(db: &Db, after: i64, limit: i64) -> Result<Vec<ChangeRow>, sqlx::Error> {
    let sql = match backend(db) {
        Backend::Sqlite => {
            "SELECT id AS position, id, kind, thread_id, tag_id FROM change_log WHERE id > $1 ORDER BY id LIMIT $2".to_string()
        }
        Backend::Postgres => format!(
            "WITH horizon AS ({POSTGRES_HORIZON})
             SELECT txid AS position, id, kind, thread_id, tag_id FROM change_log
             WHERE txid IN (SELECT DISTINCT c.txid FROM change_log c, horizon h
                            WHERE c.txid > $1 AND c.txid < h.txid ORDER BY c.txid LIMIT $2)
             ORDER BY txid, id"
        ),
    };
    sqlx::query_as(&sql).bind(after).bind(limit).fetch_all(db).await
}

/// A committed row of the log, and whether `after` still holds it back
/// (`held`: on PostgreSQL, an older write transaction has not ended yet).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommittedRow {
    #[sqlx(flatten)]
    pub row: ChangeRow,
    #[sqlx(try_from = "super::Flag")]
    pub held: bool,
}

/// Every committed row after position `after`, in position order, at most
/// `limit`, with those `after` would still hold back: for a reader that may
/// act on a change as soon as it is acknowledged, and again when it is handed
/// out (the page cache drops the pages a row touches: dropping twice is
/// harmless). Its position must not move past a held row.
pub async fn committed_after(db: &Db, after: i64, limit: i64) -> Result<Vec<CommittedRow>, sqlx::Error> {
    let sql = match backend(db) {
        // One writer at a time: nothing committed is ever held back.
        Backend::Sqlite => "SELECT id AS position, id, kind, thread_id, tag_id, CAST(0 AS BOOLEAN) AS held
             FROM change_log WHERE id > $1 ORDER BY id LIMIT $2"
            .to_string(),
        Backend::Postgres => format!(
            "WITH horizon AS ({POSTGRES_HORIZON})
             SELECT c.txid AS position, c.id, c.kind, c.thread_id, c.tag_id, c.txid >= h.txid AS held
             FROM change_log c, horizon h WHERE c.txid > $1 ORDER BY c.txid, c.id LIMIT $2"
        ),
    };
    sqlx::query_as(&sql).bind(after).bind(limit).fetch_all(db).await
}

/// The position of the latest row a reader may take now (0 when none).
pub async fn last_id(db: &Db) -> Result<i64, sqlx::Error> {
    let sql = match backend(db) {
        Backend::Sqlite => "SELECT COALESCE(MAX(id), 0) FROM change_log".to_string(),
        Backend::Postgres => format!(
            "WITH horizon AS ({POSTGRES_HORIZON})
             SELECT COALESCE(MAX(c.txid), 0) FROM change_log c, horizon h WHERE c.txid < h.txid"
        ),
    };
    sqlx::query_scalar(&sql).fetch_one(db).await
}

#[cfg(test)]
mod tests {
    //! Two transactions committing out of id order: a reader never moves past
    //! a row that is not yet committed. On SQLite the second transaction
    //! waits for the first (one writer at a time); on PostgreSQL it commits
    //! first, and the reader must hold back until the first has ended.
    use super::*;
    use crate::store::{begin, testing};
    use std::time::Duration;

    /// Reads on from `position`, returning the thread ids read and the new position.
    async fn read_on(db: &Db, position: i64) -> (Vec<i64>, i64) {
        let rows = after(db, position, 100).await.unwrap();
        let last = rows.last().map_or(position, |r| r.position);
        (rows.into_iter().filter_map(|r| r.thread_id).collect(), last)
    }

    /// `first` logs thread 1 (before the other logs, or after it when
    /// `first_logs_last`), `second` logs thread 2 and commits; then `first`
    /// commits. Everything is read once, in the order the reader may apply it.
    async fn out_of_order(first_logs_last: bool) {
        let (db, _dir) = testing::database().await;
        let start = last_id(&db).await.unwrap();
        let mut first = begin(&db).await.unwrap();
        // Holds a transaction id from its first write, whatever it logs next.
        sqlx::query("INSERT INTO login_failures (email, at) VALUES ('premier@exemple.fr', 0)").execute(&mut *first).await.unwrap();
        if !first_logs_last {
            thread_changed(&mut first, ChangeKind::PostCreated, 1, None).await.unwrap();
        }
        let other = db.clone();
        let second = tokio::spawn(async move {
            let mut tx = begin(&other).await.unwrap();
            thread_changed(&mut tx, ChangeKind::PostCreated, 2, None).await.unwrap();
            tx.commit().await.unwrap();
        });
        tokio::time::sleep(Duration::from_millis(300)).await; // PostgreSQL: the second has committed
        if first_logs_last {
            thread_changed(&mut first, ChangeKind::PostCreated, 1, None).await.unwrap();
        }
        let committed: Vec<(Option<i64>, bool)> =
            committed_after(&db, start, 100).await.unwrap().iter().map(|r| (r.row.thread_id, r.held)).collect();
        let expected: &[(Option<i64>, bool)] = if testing::on_postgres() { &[(Some(2), true)] } else { &[] };
        assert_eq!(committed, expected, "what is committed, the second held back behind the older transaction");
        let (early, position) = read_on(&db, start).await;
        assert!(early.is_empty(), "read {early:?} while an older transaction was still writing");
        first.commit().await.unwrap();
        second.await.unwrap();
        let (rest, end) = read_on(&db, position).await;
        let mut all = early;
        all.extend(rest);
        all.sort();
        assert_eq!(all, [1, 2], "both changes read, none skipped");
        assert_eq!(end, last_id(&db).await.unwrap());
        assert!(after(&db, end, 100).await.unwrap().is_empty());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_change_committed_before_an_older_one_is_not_read_past_it() {
        out_of_order(false).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_change_logged_late_by_an_older_transaction_is_not_skipped() {
        out_of_order(true).await;
    }

    #[tokio::test]
    async fn a_transaction_in_another_database_does_not_hold_the_reader_back() {
        if !testing::on_postgres() {
            return; // SQLite: one file, one database
        }
        let (db, _dir) = testing::database().await;
        let (elsewhere, _other_dir) = testing::database().await;
        let mut open = begin(&elsewhere).await.unwrap();
        sqlx::query("INSERT INTO login_failures (email, at) VALUES ('ailleurs@exemple.fr', 0)").execute(&mut *open).await.unwrap();
        let start = last_id(&db).await.unwrap();
        let mut tx = begin(&db).await.unwrap();
        thread_changed(&mut tx, ChangeKind::PostCreated, 3, None).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(read_on(&db, start).await.0, [3]);
        open.rollback().await.unwrap();
    }

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for name in ["thread_created", "post_created", "post_edited", "post_deleted", "status_changed", "lock_changed",
            "tag_merged", "tag_renamed", "tag_created", "member_changed", "followers_changed", "thread_imported"] {
            assert_eq!(ChangeKind::parse(name).map(ChangeKind::as_str), Some(name));
        }
        assert_eq!(ChangeKind::parse("thread_split"), None);
    }
}
