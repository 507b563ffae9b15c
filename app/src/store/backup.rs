//! A consistent copy of the live database, taken while the forum runs.

use super::{Backend, Db, backend};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use std::path::{Path, PathBuf};

/// What a backup wrote, once checked.
#[derive(Debug)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub threads: i64,
    pub posts: i64,
    pub members: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "jonction backup copie une base SQLite ; sur PostgreSQL, sauvegardez avec les outils de PostgreSQL \
         (pg_dump -Fc, ou une sauvegarde continue), voir le README"
    )]
    NotSqlite,
    #[error("{0} existe déjà : une sauvegarde n’écrase jamais un fichier. Choisissez un autre nom.")]
    Exists(PathBuf),
    #[error("impossible de créer {path} : {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error("le chemin {0} n’est pas de l’UTF-8 ; choisissez un autre nom")]
    NotUtf8(PathBuf),
    #[error("la copie {path} n’a pas pu être écrite : {source}")]
    Copy { path: PathBuf, source: sqlx::Error },
    #[error("la copie {path} ne passe pas la vérification (PRAGMA quick_check) : {report} ; elle a été supprimée")]
    Check { path: PathBuf, report: String },
}

/// Copies the database into `target` with `VACUUM INTO` (a snapshot: writers
/// go on meanwhile), syncs it to disk, then opens the copy and checks it.
/// Never overwrites: the file is created exclusively first.
pub async fn backup(db: &Db, target: &Path) -> Result<BackupReport, BackupError> {
    if backend(db) != Backend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    let name = target.to_str().ok_or_else(|| BackupError::NotUtf8(target.to_path_buf()))?;
    // Claiming the name atomically: VACUUM INTO accepts an empty file.
    std::fs::OpenOptions::new().write(true).create_new(true).open(target).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            BackupError::Exists(target.to_path_buf())
        } else {
            BackupError::Create { path: target.to_path_buf(), source }
        }
    })?;
    let result = copy_and_check(db, name, target).await;
    if result.is_err() {
        let _ = std::fs::remove_file(target);
    }
    result
}

async fn copy_and_check(db: &Db, name: &str, target: &Path) -> Result<BackupReport, BackupError> {
    let copy_failed = |source| BackupError::Copy { path: target.to_path_buf(), source };
    sqlx::query("VACUUM INTO $1").bind(name).execute(db).await.map_err(copy_failed)?;
    std::fs::File::open(target).and_then(|f| f.sync_all()).map_err(|e| copy_failed(sqlx::Error::Io(e)))?;
    let mut copy =
        SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(target).read_only(true)).await.map_err(copy_failed)?;
    let checked = check_copy(&mut copy).await;
    let _ = copy.close().await;
    let (threads, posts, members) = match checked {
        Ok(Ok(counts)) => counts,
        Ok(Err(report)) => return Err(BackupError::Check { path: target.to_path_buf(), report }),
        Err(e) => return Err(copy_failed(e)),
    };
    let bytes = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
    Ok(BackupReport { path: target.to_path_buf(), bytes, threads, posts, members })
}

/// The copy's quick_check verdict, then what it holds.
async fn check_copy(copy: &mut SqliteConnection) -> Result<Result<(i64, i64, i64), String>, sqlx::Error> {
    let verdict: Vec<String> = sqlx::query_scalar("PRAGMA quick_check").fetch_all(&mut *copy).await?;
    if verdict != ["ok"] {
        return Ok(Err(verdict.join(" ; ")));
    }
    let counts = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM threads), (SELECT COUNT(*) FROM posts), (SELECT COUNT(*) FROM users)",
    )
    .fetch_one(&mut *copy)
    .await?;
    Ok(Ok(counts))
}
