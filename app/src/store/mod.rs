//! The storage layer: the only module that writes SQL. Queries use `$n`
//! placeholders and types SQLite and PostgreSQL share. Functions take the pool
//! (reads) or a transaction (writes that must commit together).

pub mod identities;
pub mod login_failures;
pub mod map;
pub mod members;
pub mod posts;
pub mod sessions;
pub mod tags;
pub mod threads;
pub mod users;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub type Db = sqlx::SqlitePool;
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Sqlite>;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "jonction.sqlite3";

/// Opens (creating if needed) the database in `data_dir` and applies pending migrations.
pub async fn open(data_dir: &Path) -> Result<Db, sqlx::Error> {
    std::fs::create_dir_all(data_dir).map_err(|e| sqlx::Error::Io(e))?;
    let path = data_dir.join(DATABASE_FILE);
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        // WAL lets readers go on while one writer commits; FULL makes a commit
        // durable before we answer "saved".
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Whether the database answers (for `/healthz`).
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(db).await.map(|_| ())
}
