//! The change log (see its migration): written inside the transaction of each
//! change by the store functions below it, read in order by the indexer.

use super::{Db, Tx, now};

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

/// The changes after `after`, oldest first, at most `limit`.
pub async fn after(db: &Db, after: i64, limit: i64) -> Result<Vec<ChangeRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, kind, thread_id, tag_id FROM change_log WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(db)
        .await
}

/// The id of the latest change (0 when none).
pub async fn last_id(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM change_log").fetch_one(db).await
}

#[cfg(test)]
mod tests {
    use super::ChangeKind;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for name in ["thread_created", "post_created", "post_edited", "post_deleted", "status_changed", "lock_changed",
            "tag_merged", "tag_renamed", "tag_created", "member_changed", "followers_changed", "thread_imported"] {
            assert_eq!(ChangeKind::parse(name).map(ChangeKind::as_str), Some(name));
        }
        assert_eq!(ChangeKind::parse("thread_split"), None);
    }
}
