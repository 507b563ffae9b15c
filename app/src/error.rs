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
            Self::StorageReadOnly(_) | Self::StorageUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
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
            Self::StorageUnavailable(_) => vec![FieldError::new("", STORAGE_UNAVAILABLE_MESSAGE)],
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

/// The one place a database error becomes a member-facing failure, by
/// SQLite's primary result code (the low byte of the extended code).
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match sqlite_code(&e) {
            Some(SQLITE_FULL) => Self::StorageFull(e),
            Some(SQLITE_READONLY) => Self::StorageReadOnly(e),
            Some(SQLITE_BUSY | SQLITE_LOCKED | SQLITE_IOERR | SQLITE_CANTOPEN) => Self::StorageUnavailable(e),
            Some(_) => Self::Database(e),
            None => match e {
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed | sqlx::Error::Io(_) => {
                    Self::StorageUnavailable(e)
                }
                e => Self::Database(e),
            },
        }
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
        sqlx::Error::Database(db) => db.code()?.parse::<i32>().ok().map(|code| code & 0xff),
        _ => None,
    }
}

/// A unique-constraint violation, so callers can turn it into a 409.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}
