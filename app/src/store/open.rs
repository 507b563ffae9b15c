//! Opening the database, with the checks that keep a damaged or lost
//! database from being served or silently replaced by a new, empty forum.

use super::{DATABASE_FILE, Db, MIGRATOR};
use crate::domain::limits::{DB_BUSY_TIMEOUT_SECONDS, DB_POOL_MAX_CONNECTIONS, QUICK_CHECK_MAX_ERRORS};
use crate::error::{SQLITE_CORRUPT, SQLITE_NOTADB, sqlite_code};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Executor, SqliteConnection};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// How to open the database. The defaults are production's.
#[derive(Clone, Debug, Default)]
pub struct OpenOptions {
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

    async fn apply(&self, conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
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
}

/// Opens the database in `data_dir` (creating a new forum in a new or empty
/// directory), refuses a damaged or lost one, and applies pending migrations.
pub async fn open(data_dir: &Path, options: &OpenOptions) -> Result<Db, OpenError> {
    let path = data_dir.join(DATABASE_FILE);
    if !options.read_only {
        std::fs::create_dir_all(data_dir).map_err(|source| OpenError::DataDir { dir: data_dir.to_path_buf(), source })?;
    }
    refuse_lost_database(data_dir, &path)?;
    let connect = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(!options.read_only)
        .read_only(options.read_only)
        // WAL lets readers go on while one writer commits; FULL makes a commit
        // durable before we answer "saved".
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(DB_BUSY_TIMEOUT_SECONDS));
    let mut pool = SqlitePoolOptions::new().max_connections(DB_POOL_MAX_CONNECTIONS);
    if let Some(limit) = &options.max_page_count {
        let (on_connect, on_acquire) = (limit.clone(), limit.clone());
        pool = pool
            .after_connect(move |conn, _| {
                let limit = on_connect.clone();
                Box::pin(async move { limit.apply(conn).await })
            })
            .before_acquire(move |conn, _| {
                let limit = on_acquire.clone();
                Box::pin(async move { limit.apply(conn).await.map(|_| true) })
            });
    }
    let db = pool.connect_with(connect).await.map_err(|e| damaged_or(e, &path))?;
    check_integrity(&db, &path).await?;
    MIGRATOR.run(&db).await?;
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
