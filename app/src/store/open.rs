//! Opening the database: SQLite in the data directory, with the checks that
//! keep a damaged or lost database from being served or silently replaced by
//! a new, empty forum; or PostgreSQL (`open_postgres.rs`). Then migrations.

use super::{DATABASE_FILE, Db, SQLITE_MIGRATOR};
use crate::domain::limits::{
    DB_ACQUIRE_TIMEOUT_SECONDS, DB_BUSY_TIMEOUT_SECONDS, DB_PAGE_CACHE_KIB, DB_POOL_MAX_CONNECTIONS, DB_RETRY_ATTEMPTS,
    DB_STATEMENT_TIMEOUT_SECONDS, QUICK_CHECK_MAX_ERRORS,
};
use crate::error::{SQLITE_CORRUPT, SQLITE_NOTADB, sqlite_code};
use sqlx::AnyConnection;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Executor};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Which database, and how the pool uses it: the operator's settings
/// (`--database-url`, `--db-…`), defaults in `limits.rs`.
#[derive(Clone, Debug)]
pub struct DbSettings {
    /// `postgres://…` for PostgreSQL; `None` for SQLite in the data directory.
    pub database_url: Option<String>,
    /// Connections this process keeps open at most.
    pub max_connections: u32,
    /// How long a request waits for a free connection before a 503.
    pub acquire_timeout: Duration,
    /// PostgreSQL's `statement_timeout`: a statement (lock waits included)
    /// running longer is cancelled (503). SQLite waits `DB_BUSY_TIMEOUT_SECONDS`
    /// for the write lock.
    pub statement_timeout: Duration,
    /// Attempts of a transaction aborted by a serialisation failure or a deadlock.
    pub retry_attempts: u32,
}

impl Default for DbSettings {
    fn default() -> Self {
        Self {
            database_url: None,
            max_connections: DB_POOL_MAX_CONNECTIONS,
            acquire_timeout: Duration::from_secs(DB_ACQUIRE_TIMEOUT_SECONDS),
            statement_timeout: Duration::from_secs(DB_STATEMENT_TIMEOUT_SECONDS),
            retry_attempts: DB_RETRY_ATTEMPTS,
        }
    }
}

/// How to open the database. The defaults are production's.
#[derive(Clone, Debug, Default)]
pub struct OpenOptions {
    pub settings: DbSettings,
    /// A ceiling on the database's size in pages, applied to every pooled
    /// connection (SQLite keeps it per connection) and changeable while the
    /// pool runs: how tests make the database "full" and give space back.
    pub max_page_count: Option<PageLimit>,
    /// Open without write access, as SQLite does on a read-only file or mount.
    pub read_only: bool,
}

/// A shared, adjustable `PRAGMA max_page_count`. SQLite never lowers it below
/// the pages already used, so `set(1)` means "full as of now".
#[derive(Clone, Debug)]
pub struct PageLimit(Arc<AtomicU32>);

impl PageLimit {
    pub fn new(pages: u32) -> Self {
        Self(Arc::new(AtomicU32::new(pages)))
    }

    pub fn set(&self, pages: u32) {
        self.0.store(pages, Ordering::SeqCst);
    }

    async fn apply(&self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        // A pragma takes no bound parameters; the value is a number we own.
        conn.execute(format!("PRAGMA max_page_count = {}", self.0.load(Ordering::SeqCst)).as_str()).await.map(|_| ())
    }
}

/// Why the database was not opened. The messages are for the operator: what
/// is wrong, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "La base de données {path} est endommagée (PRAGMA quick_check) : {report}\n\
         Jonction refuse de la servir, pour ne pas perdre davantage de messages ni en accepter de nouveaux dans un fichier abîmé.\n\
         Que faire : arrêtez le forum, gardez une copie du fichier abîmé (avec ses -wal et -shm), puis restaurez la dernière \
         sauvegarde (`jonction backup`, voir le README). Sans sauvegarde, tentez une récupération : \
         sqlite3 {path} .recover | sqlite3 récupéré.sqlite3, puis mettez récupéré.sqlite3 à sa place."
    )]
    Damaged { path: PathBuf, report: String },
    #[error(
        "La base de données {path} est vide (0 octet) alors que le répertoire de données contient l’état d’un forum existant : {others}.\n\
         Jonction n’en fait pas un nouveau forum vide. Que faire : restaurez la dernière sauvegarde à la place de ce fichier ; \
         pour vraiment repartir de zéro, videz le répertoire de données."
    )]
    EmptyBesideState { path: PathBuf, others: String },
    #[error(
        "Le répertoire de données contient {journal} mais pas la base {path} : la base a disparu alors que ce journal peut contenir \
         des écritures. Jonction ne crée pas de nouveau forum à sa place. Que faire : remettez la base (la dernière sauvegarde) \
         à côté du journal, ou, si vous voulez vraiment repartir de zéro, supprimez le journal."
    )]
    JournalWithoutDatabase { path: PathBuf, journal: PathBuf },
    #[error("impossible de préparer le répertoire de données {dir} : {source}")]
    DataDir { dir: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Postgres(String),
}

/// Opens the database: PostgreSQL when the settings name one, else SQLite in
/// `data_dir` (creating a new forum in a new or empty directory, refusing a
/// damaged or lost one). Applies pending migrations either way.
pub async fn open(data_dir: &Path, options: &OpenOptions) -> Result<Db, OpenError> {
    sqlx::any::install_default_drivers();
    super::retry::set_attempts(options.settings.retry_attempts);
    match &options.settings.database_url {
        Some(url) => super::open_postgres::open(url, options).await,
        None => open_sqlite(data_dir, options).await,
    }
}

async fn open_sqlite(data_dir: &Path, options: &OpenOptions) -> Result<Db, OpenError> {
    let path = data_dir.join(DATABASE_FILE);
    if !options.read_only {
        std::fs::create_dir_all(data_dir).map_err(|source| OpenError::DataDir { dir: data_dir.to_path_buf(), source })?;
    }
    refuse_lost_database(data_dir, &path)?;
    let url = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(!options.read_only)
        .read_only(options.read_only)
        .to_url_lossy();
    let limit = options.max_page_count.clone();
    let mut pool = AnyPoolOptions::new()
        .max_connections(options.settings.max_connections)
        .acquire_timeout(options.settings.acquire_timeout)
        // No ping before each use: a connection to a local file cannot have
        // been dropped by a server or a network, and the ping was a round
        // trip to the connection's worker thread before every query (8.6 % of
        // the server's CPU on a rendered thread page, `scripts/profile.sh`).
        // A connection that failed is closed rather than pooled (`store::begin`).
        .test_before_acquire(false)
        .after_connect(move |conn, _| {
            let limit = limit.clone();
            Box::pin(async move {
                // WAL lets readers go on while one writer commits; FULL makes a
                // commit durable before we answer "saved". (Foreign keys are on
                // by sqlx's default.)
                conn.execute(
                    format!(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {}; PRAGMA cache_size = -{}",
                        DB_BUSY_TIMEOUT_SECONDS * 1000,
                        DB_PAGE_CACHE_KIB,
                    )
                    .as_str(),
                )
                .await?;
                match limit {
                    Some(limit) => limit.apply(conn).await,
                    None => Ok(()),
                }
            })
        });
    if let Some(limit) = &options.max_page_count {
        let on_acquire = limit.clone();
        pool = pool.before_acquire(move |conn, _| {
            let limit = on_acquire.clone();
            Box::pin(async move { limit.apply(conn).await.map(|_| true) })
        });
    }
    let db = pool.connect_with(AnyConnectOptions::from_url(&url)?).await.map_err(|e| damaged_or(e, &path))?;
    check_integrity(&db, &path).await?;
    SQLITE_MIGRATOR.run(&db).await?;
    Ok(db)
}

/// A missing or emptied database beside the files an existing forum leaves
/// (its write-ahead log, shared memory, rollback journal, or anything else
/// in the data directory) means data was lost, not that the forum is new.
fn refuse_lost_database(data_dir: &Path, path: &Path) -> Result<(), OpenError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() == 0 => {
            let others = forum_state_beside(data_dir);
            if others.is_empty() {
                Ok(())
            } else {
                Err(OpenError::EmptyBesideState { path: path.to_path_buf(), others: others.join(", ") })
            }
        }
        Ok(_) => Ok(()),
        Err(_) => {
            for suffix in ["-wal", "-journal"] {
                let journal = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
                if journal.exists() {
                    return Err(OpenError::JournalWithoutDatabase { path: path.to_path_buf(), journal });
                }
            }
            Ok(())
        }
    }
}

/// Entries of the data directory other than the database itself. Hidden files
/// and a file system's `lost+found` are not a forum's.
fn forum_state_beside(data_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(data_dir) else { return vec![] };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != DATABASE_FILE && name != "lost+found" && !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// `PRAGMA quick_check` reads every page: O(size) at start-up, once.
async fn check_integrity(db: &Db, path: &Path) -> Result<(), OpenError> {
    let verdict = match sqlx::query_scalar::<_, String>(&format!("PRAGMA quick_check({QUICK_CHECK_MAX_ERRORS})")).fetch_all(db).await {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => return Ok(()),
        Ok(rows) => OpenError::Damaged { path: path.to_path_buf(), report: rows.join(" ; ") },
        Err(e) => damaged_or(e, path),
    };
    db.close().await;
    Err(verdict)
}

/// SQLite's "not a database" and "malformed" errors are damage, said as such.
fn damaged_or(e: sqlx::Error, path: &Path) -> OpenError {
    match sqlite_code(&e) {
        Some(SQLITE_CORRUPT | SQLITE_NOTADB) => OpenError::Damaged { path: path.to_path_buf(), report: e.to_string() },
        _ => OpenError::Database(e),
    }
}
