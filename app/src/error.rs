//! The one error type of the domain and storage layers. Every variant knows
//! its HTTP status and its message for the member, in French; the server maps
//! it to a response in one place.

use crate::domain::FieldError;
use http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that does not parse: shown next to the fields, status 422.
    #[error("saisie invalide")]
    Invalid(Vec<FieldError>),
    /// Input that conflicts with something saved (an e-mail already used): 409.
    #[error("conflit")]
    Conflict(FieldError),
    #[error("connexion requise")]
    SignInRequired,
    #[error("identifiants incorrects")]
    BadCredentials,
    #[error("interdit : {0}")]
    Forbidden(String),
    #[error("trop de tentatives")]
    TooManyAttempts,
    #[error("introuvable : {0}")]
    NotFound(String),
    /// The disk or the database is full: nothing was saved (507).
    #[error("stockage plein : {0}")]
    StorageFull(sqlx::Error),
    /// The database accepts no writes (a read-only file or mount): 503.
    #[error("base en lecture seule : {0}")]
    StorageReadOnly(sqlx::Error),
    /// The database is busy, locked, failing to read or write, or closed: 503.
    #[error("base indisponible : {0}")]
    StorageUnavailable(sqlx::Error),
    /// The transaction was aborted for a conflict with another one (a
    /// serialisation failure or a deadlock on PostgreSQL): retried by
    /// `store::transaction`, then 503 if it still fails.
    #[error("transaction en conflit : {0}")]
    StorageContention(sqlx::Error),
    /// Any other database error (a bug, a broken constraint): 500.
    #[error("base de données : {0}")]
    Database(sqlx::Error),
    #[error("erreur interne : {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn invalid(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::SignInRequired | Self::BadCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            Self::StorageFull(_) => StatusCode::INSUFFICIENT_STORAGE,
            Self::StorageReadOnly(_) | Self::StorageUnavailable(_) | Self::StorageContention(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Database(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The messages to show the member. Internal details are never shown.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            Self::Invalid(errors) => errors.clone(),
            Self::Conflict(e) => vec![e.clone()],
            Self::SignInRequired => vec![FieldError::new("", "Connectez-vous pour continuer.")],
            Self::BadCredentials => {
                vec![FieldError::new("", "Adresse électronique ou mot de passe incorrect.")]
            }
            Self::Forbidden(m) | Self::NotFound(m) => vec![FieldError::new("", m.clone())],
            Self::TooManyAttempts => vec![FieldError::new(
                "",
                "Trop de tentatives de connexion échouées pour cette adresse. Réessayez dans 15 minutes.",
            )],
            Self::StorageFull(_) => vec![FieldError::new("", STORAGE_FULL_MESSAGE)],
            Self::StorageReadOnly(_) => vec![FieldError::new("", STORAGE_READ_ONLY_MESSAGE)],
            Self::StorageUnavailable(_) | Self::StorageContention(_) => vec![FieldError::new("", STORAGE_UNAVAILABLE_MESSAGE)],
            Self::Database(_) | Self::Internal(_) => vec![FieldError::new(
                "",
                "Une erreur est survenue de notre côté ; rien n’a été enregistré. Réessayez dans un instant.",
            )],
        }
    }

    pub fn message(&self) -> String {
        self.field_errors().into_iter().map(|e| e.message).collect::<Vec<_>>().join(" ")
    }
}

pub const STORAGE_FULL_MESSAGE: &str =
    "Le serveur manque d’espace disque : votre saisie n’a pas été enregistrée. Copiez-la, puis réessayez dans quelques minutes.";
pub const STORAGE_READ_ONLY_MESSAGE: &str =
    "Le forum est en lecture seule pour le moment : votre saisie n’a pas été enregistrée. Copiez-la, puis réessayez plus tard.";
pub const STORAGE_UNAVAILABLE_MESSAGE: &str =
    "La base de données du forum est momentanément indisponible : votre saisie n’a pas été enregistrée. Copiez-la, puis réessayez dans un instant.";

/// The one place a database error becomes a member-facing failure: by
/// SQLite's primary result code (the low byte of the extended code), or by
/// PostgreSQL's SQLSTATE.
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(code) = sqlite_code(&e) {
            return match code {
                SQLITE_FULL => Self::StorageFull(e),
                SQLITE_READONLY => Self::StorageReadOnly(e),
                SQLITE_BUSY | SQLITE_LOCKED | SQLITE_IOERR | SQLITE_CANTOPEN => Self::StorageUnavailable(e),
                _ => Self::Database(e),
            };
        }
        if let Some(state) = postgres_state(&e) {
            return match state {
                // disk_full
                "53100" => Self::StorageFull(e),
                // read_only_sql_transaction: a standby, or default_transaction_read_only
                "25006" => Self::StorageReadOnly(e),
                // serialization_failure, deadlock_detected
                "40001" | "40P01" => Self::StorageContention(e),
                // lock_not_available, query_canceled (statement timeout), and the
                // classes of connection failures (08), insufficient resources
                // (53: too many connections, out of memory), operator intervention
                // (57: shutdown, crash) and system errors (58: I/O)
                "55P03" | "57014" => Self::StorageUnavailable(e),
                s if ["08", "53", "57", "58"].iter().any(|class| s.starts_with(class)) => Self::StorageUnavailable(e),
                _ => Self::Database(e),
            };
        }
        match e {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => Self::StorageUnavailable(e),
            e => Self::Database(e),
        }
    }
}

/// PostgreSQL's SQLSTATE of a database error (`23505`, `40001`…).
pub fn postgres_state(e: &sqlx::Error) -> Option<&str> {
    match e {
        sqlx::Error::Database(db) => db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().map(|pg| pg.code()),
        _ => None,
    }
}

pub const SQLITE_BUSY: i32 = 5;
pub const SQLITE_LOCKED: i32 = 6;
pub const SQLITE_READONLY: i32 = 8;
pub const SQLITE_IOERR: i32 = 10;
pub const SQLITE_CORRUPT: i32 = 11;
pub const SQLITE_FULL: i32 = 13;
pub const SQLITE_CANTOPEN: i32 = 14;
pub const SQLITE_NOTADB: i32 = 26;

/// SQLite's primary result code of a database error (`SQLITE_IOERR_WRITE`,
/// 778, is `SQLITE_IOERR`, 10).
pub fn sqlite_code(e: &sqlx::Error) -> Option<i32> {
    match e {
        sqlx::Error::Database(db) if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() => {
            db.code()?.parse::<i32>().ok().map(|code| code & 0xff)
        }
        _ => None,
    }
}

/// Turns the violation of one unique constraint into a 409 on a form field,
/// in the manner of realworld-axum-sqlx's `on_constraint`: the database
/// decides (no check-then-insert race), the member reads which field clashes.
pub trait OnUniqueViolation<T> {
    /// `column` is the constrained column as `table.column` ("users.email"):
    /// SQLite names it in its message, PostgreSQL's default constraint name
    /// is `table_column_key`. Any other error converts as usual.
    fn on_unique_violation(self, column: &str, conflict: impl FnOnce() -> FieldError) -> AppResult<T>;
}

impl<T> OnUniqueViolation<T> for Result<T, sqlx::Error> {
    fn on_unique_violation(self, column: &str, conflict: impl FnOnce() -> FieldError) -> AppResult<T> {
        self.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() && violates(db.as_ref(), column) => {
                AppError::Conflict(conflict())
            }
            _ => e.into(),
        })
    }
}

fn violates(db: &dyn sqlx::error::DatabaseError, column: &str) -> bool {
    let pg_name = format!("{}_key", column.replace('.', "_"));
    db.constraint() == Some(pg_name.as_str()) || db.message().ends_with(&format!("failed: {column}"))
}

#[cfg(test)]
mod tests {
    //! Real errors from SQLite in memory, not hand-made codes: the mapping
    //! must hold for what SQLite actually reports.
    use super::*;

    #[tokio::test]
    async fn a_unique_violation_on_the_named_column_is_a_conflict_on_its_field() {
        let mut conn = memory().await;
        conn.execute("CREATE TABLE users (email TEXT UNIQUE, name TEXT UNIQUE)").await.unwrap();
        conn.execute("INSERT INTO users VALUES ('a@b.fr', 'A')").await.unwrap();
        let again = sqlx::query("INSERT INTO users VALUES ('a@b.fr', 'B')").execute(&mut conn).await;
        let e = again.on_unique_violation("users.email", || FieldError::new("email", "déjà pris")).unwrap_err();
        assert!(matches!(&e, AppError::Conflict(f) if f.field == "email"), "{e:?}");
        let other = sqlx::query("INSERT INTO users VALUES ('c@d.fr', 'A')").execute(&mut conn).await;
        let e = other.on_unique_violation("users.email", || FieldError::new("email", "déjà pris")).unwrap_err();
        assert!(matches!(e, AppError::Database(_)), "another column's violation is not this conflict: {e:?}");
    }
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{Connection, Executor, SqliteConnection};

    async fn memory() -> SqliteConnection {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)").await.unwrap();
        conn
    }

    async fn failing(conn: &mut SqliteConnection, sql: &str) -> sqlx::Error {
        conn.execute(sql).await.expect_err(sql)
    }

    #[tokio::test]
    async fn a_full_database_is_507_with_its_message() {
        let mut conn = memory().await;
        conn.execute("PRAGMA max_page_count = 1").await.unwrap();
        let e = failing(&mut conn, "INSERT INTO t (b) VALUES (zeroblob(100000))").await;
        assert_eq!(sqlite_code(&e), Some(SQLITE_FULL));
        let e = AppError::from(e);
        assert!(matches!(e, AppError::StorageFull(_)));
        assert_eq!((e.status(), e.message()), (StatusCode::INSUFFICIENT_STORAGE, STORAGE_FULL_MESSAGE.to_string()));
    }

    #[tokio::test]
    async fn a_read_only_database_is_503_with_its_message() {
        let mut conn = memory().await;
        conn.execute("PRAGMA query_only = 1").await.unwrap();
        let e = AppError::from(failing(&mut conn, "INSERT INTO t (b) VALUES (1)").await);
        assert!(matches!(e, AppError::StorageReadOnly(_)));
        assert_eq!((e.status(), e.message()), (StatusCode::SERVICE_UNAVAILABLE, STORAGE_READ_ONLY_MESSAGE.to_string()));
    }

    #[tokio::test]
    async fn a_locked_database_is_503_unavailable() {
        let path = std::env::temp_dir().join(format!("jonction-error-test-{}.sqlite3", std::process::id()));
        let options = SqliteConnectOptions::new().filename(&path).create_if_missing(true).busy_timeout(std::time::Duration::ZERO);
        let mut writer = SqliteConnection::connect_with(&options).await.unwrap();
        let mut other = SqliteConnection::connect_with(&options).await.unwrap();
        writer.execute("BEGIN IMMEDIATE").await.unwrap();
        let e = AppError::from(failing(&mut other, "BEGIN IMMEDIATE").await);
        writer.execute("ROLLBACK").await.unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(matches!(e, AppError::StorageUnavailable(_)), "{e:?}");
        assert_eq!((e.status(), e.message()), (StatusCode::SERVICE_UNAVAILABLE, STORAGE_UNAVAILABLE_MESSAGE.to_string()));
    }

    #[tokio::test]
    async fn an_extended_code_counts_by_its_primary_code_and_other_errors_stay_500() {
        let mut conn = memory().await;
        conn.execute("INSERT INTO t (id) VALUES (1)").await.unwrap();
        let e = failing(&mut conn, "INSERT INTO t (id) VALUES (1)").await;
        // SQLITE_CONSTRAINT_PRIMARYKEY, 1555, is SQLITE_CONSTRAINT, 19.
        assert_eq!(e.as_database_error().and_then(|d| d.code()).as_deref(), Some("1555"));
        assert_eq!(sqlite_code(&e), Some(19));
        let e = AppError::from(e);
        assert!(matches!(e, AppError::Database(_)));
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn a_closed_or_exhausted_pool_is_503_unavailable() {
        for e in [sqlx::Error::PoolTimedOut, sqlx::Error::PoolClosed] {
            assert_eq!(AppError::from(e).status(), StatusCode::SERVICE_UNAVAILABLE);
        }
        assert_eq!(AppError::from(sqlx::Error::RowNotFound).status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
