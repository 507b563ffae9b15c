//! Imported mailing-list messages (see the migration `mail_imports`): the
//! lookups the importer's threading needs, and its writes, each inside the
//! import's transaction.

use super::Tx;
use super::facets::{self, Threads};
use super::change_log::{self, ChangeKind};
use crate::domain::ThreadStatus;
use crate::domain::mail_archive::{KnownPost, KnownThread};

/// The imported post a message key names, if that message was imported
/// (inside an import's transaction, or on the pool).
pub async fn known_post<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    message_key: &str,
) -> Result<Option<KnownPost>, sqlx::Error> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT p.thread_id, p.id FROM import_messages m JOIN posts p ON p.id = m.post_id WHERE m.message_key = $1",
    )
    .bind(message_key)
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|(thread_id, post_id)| KnownPost { thread_id, post_id }))
}

/// The imported thread of `list` with this subject key whose latest message is the most recent.
pub async fn thread_with_subject(tx: &mut Tx<'_>, list: &str, subject_key: &str) -> Result<Option<KnownThread>, sqlx::Error> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT thread_id, last_message_at FROM import_threads WHERE list_name = $1 AND subject_key = $2
         ORDER BY last_message_at DESC LIMIT 1",
    )
    .bind(list)
    .bind(subject_key)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(thread_id, last_message_at)| KnownThread { thread_id, last_message_at }))
}

/// The imported member stored under `key` (`imported:` and the address's hash).
pub async fn member(tx: &mut Tx<'_>, key: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(key).fetch_optional(&mut **tx).await
}

/// An imported member: no password (cannot sign in), a plain member.
pub async fn insert_member(tx: &mut Tx<'_>, key: &str, display_name: &str, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES ($1, $2, NULL, $3, $4) RETURNING id",
    )
    .bind(key)
    .bind(display_name)
    .bind(crate::domain::Role::Member)
    .bind(at)
    .fetch_one(&mut **tx)
    .await
}

/// A thread from an archive: archived, dated by its first message, with where it came from.
pub async fn insert_thread(tx: &mut Tx<'_>, title: &str, author_id: i64, list: &str, subject_key: &str, at: i64) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO threads (title, author_id, status, created_at, last_activity_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(title)
    .bind(author_id)
    .bind(ThreadStatus::Archived)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO import_threads (thread_id, list_name, subject_key, last_message_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(list)
        .bind(subject_key)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    // In every list that shows it (its list's tag, added next, refreshes its rows).
    facets::enter(tx, Threads::One(id)).await?;
    Ok(id)
}

/// An imported message as a post, and the key that finds it again. (The
/// change log gets one row per thread and transaction: `thread_imported`.)
pub struct ImportedPost<'a> {
    pub thread_id: i64,
    pub author_id: i64,
    pub parent_id: Option<i64>,
    pub is_opening: bool,
    pub text: &'a str,
    pub html: &'a str,
    pub at: i64,
    pub message_key: &'a str,
}

pub async fn insert_post(tx: &mut Tx<'_>, p: &ImportedPost<'_>) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO posts (thread_id, author_id, parent_id, is_opening, body_md, body_html, created_at, seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(MAX(seq), 0) + 1 FROM posts WHERE thread_id = $1))
         RETURNING id",
    )
    .bind(p.thread_id)
    .bind(p.author_id)
    .bind(p.parent_id)
    .bind(p.is_opening)
    .bind(p.text)
    .bind(p.html)
    .bind(p.at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO import_messages (message_key, post_id) VALUES ($1, $2)")
        .bind(p.message_key)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// A reply added to an imported thread: one more reply; its latest activity
/// (and the subject window's reference) move forward only, since archives
/// are not read in date order.
pub async fn extend_thread(tx: &mut Tx<'_>, thread_id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE threads SET reply_count = reply_count + 1,
                last_activity_at = CASE WHEN last_activity_at < $2 THEN $2 ELSE last_activity_at END
         WHERE id = $1",
    )
    .bind(thread_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    facets::follow_activity(tx, thread_id).await?;
    sqlx::query(
        "UPDATE import_threads SET last_message_at = CASE WHEN last_message_at < $2 THEN $2 ELSE last_message_at END
         WHERE thread_id = $1",
    )
    .bind(thread_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Logs that an import transaction created or extended the thread.
pub async fn thread_imported(tx: &mut Tx<'_>, thread_id: i64) -> Result<(), sqlx::Error> {
    change_log::thread_changed(tx, ChangeKind::ThreadImported, thread_id, None).await
}

#[cfg(test)]
mod tests {
    use sqlx::Connection;
    use sqlx::migrate::Migrator;

    /// The migration that adds `archived` rebuilds `threads` with foreign
    /// keys off: an existing forum keeps every thread, post, tag and event,
    /// and foreign keys are on again afterwards.
    #[tokio::test]
    async fn adding_the_archived_status_keeps_an_existing_forum_whole() {
        let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:").await.unwrap();
        let all = &crate::store::SQLITE_MIGRATOR;
        let before = all.migrations.iter().filter(|m| m.description != "mail imports").cloned().collect::<Vec<_>>();
        assert_eq!(before.len() + 1, all.migrations.len());
        Migrator { migrations: before.into(), ..Migrator::DEFAULT }.run_direct(&mut conn).await.unwrap();
        for sql in [
            "INSERT INTO users (id, email, display_name, created_at) VALUES (1, 'a@b.fr', 'A', 0)",
            "INSERT INTO tags (id, slug, kind, name, created_at) VALUES (1, 'wfs', 'standard', 'WFS', 0)",
            "INSERT INTO threads (id, title, author_id, status, created_at, last_activity_at) VALUES (1, 'T', 1, 'confirmed', 0, 5)",
            "INSERT INTO threads (id, title, author_id, status, duplicate_of, created_at, last_activity_at) VALUES (2, 'D', 1, 'duplicate', 1, 0, 6)",
            "INSERT INTO posts (id, thread_id, author_id, is_opening, body_md, body_html, created_at) VALUES (1, 1, 1, TRUE, 'x', 'x', 0)",
            "INSERT INTO thread_tags (thread_id, tag_id) VALUES (1, 1)",
            "INSERT INTO thread_events (thread_id, actor_id, kind, created_at) VALUES (1, 1, 'status', 0)",
        ] {
            sqlx::query(sql).execute(&mut conn).await.unwrap();
        }
        all.run_direct(&mut conn).await.unwrap();
        let counts: (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM threads), (SELECT COUNT(*) FROM posts), (SELECT COUNT(*) FROM thread_tags),
                    (SELECT COUNT(*) FROM thread_events), (SELECT duplicate_of FROM threads WHERE id = 2)",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(counts, (2, 1, 1, 1, 1));
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut conn).await.unwrap();
        assert_eq!(foreign_keys, 1);
        assert!(sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut conn).await.unwrap().is_empty());
        sqlx::query("UPDATE threads SET status = 'archived' WHERE id = 1").execute(&mut conn).await.unwrap();
        assert!(sqlx::query("UPDATE threads SET status = 'closed' WHERE id = 1").execute(&mut conn).await.is_err(), "the CHECK still holds");
        // Deleting a thread still cascades to its posts: the new table is the one they reference.
        sqlx::query("DELETE FROM threads WHERE id = 2").execute(&mut conn).await.unwrap();
        sqlx::query("DELETE FROM threads WHERE id = 1").execute(&mut conn).await.unwrap();
        let posts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(&mut conn).await.unwrap();
        assert_eq!(posts, 0);
    }
}
