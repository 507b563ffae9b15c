//! The storage layer: the only module that writes SQL. Queries use `$n`
//! placeholders and types SQLite and PostgreSQL share. Functions take the pool
//! (reads) or a transaction (writes that must commit together).

pub mod account_tokens;
pub mod change_log;
pub mod change_probe;
mod facets;
pub mod identities;
pub mod imports;
pub mod lists;
pub mod login_failures;
pub mod mails;
pub mod notify_source;
pub mod map;
pub mod members;
pub mod notifications;
pub mod outbox;
pub mod posts;
pub mod search_source;
pub mod secrets;
pub mod sessions;
pub mod subscriptions;
pub mod tags;
pub mod threads;
pub mod user_mail;
pub mod users;

pub use health::ping;
pub use open::{OpenError, OpenOptions, PageLimit, open};
pub use tx::{Tx, begin};

pub mod backup;
mod health;
mod open;
mod tx;

pub type Db = sqlx::SqlitePool;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "jonction.sqlite3";

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Ends every use of the database: copies the write-ahead log into the main
/// file and empties it (`wal_checkpoint(TRUNCATE)`), then closes the pool, so
/// that the main file alone holds everything acknowledged. Every subcommand
/// ends with it.
pub async fn close(db: Db) -> Result<(), sqlx::Error> {
    let checkpoint = checkpoint(&db).await;
    // Closing waits for checked-out connections; the last one to close also
    // checkpoints and removes the -wal and -shm files.
    db.close().await;
    checkpoint
}

async fn checkpoint(db: &Db) -> Result<(), sqlx::Error> {
    let (busy, log_frames, checkpointed): (i64, i64, i64) =
        match sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(db).await {
            Ok(row) => row,
            // A read-only connection cannot write the main file; whoever wrote the log will.
            Err(e) if crate::error::sqlite_code(&e) == Some(crate::error::SQLITE_READONLY) => return Ok(()),
            Err(e) => return Err(e),
        };
    if busy != 0 {
        tracing::warn!(log_frames, checkpointed, "WAL checkpoint incomplete: another connection is still reading");
    }
    Ok(())
}
