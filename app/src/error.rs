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
    #[error("base de données : {0}")]
    Database(#[from] sqlx::Error),
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

/// A unique-constraint violation, so callers can turn it into a 409.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}
