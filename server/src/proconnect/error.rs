use http::StatusCode;

/// Why a ProConnect sign-in did not open a session. Each has a status and a
/// French message for the member; details for operators go to the log only.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("provider unreachable: {0}")]
    ProviderUnavailable(String),
    #[error("provider error {code}")]
    ProviderError { code: String },
    #[error("state mismatch")]
    StateMismatch,
    #[error("issuer mismatch: {0:?}")]
    IssuerMismatch(Option<String>),
    #[error("token rejected: {0}")]
    TokenRejected(String),
    #[error("acr {got:?} does not satisfy {required}")]
    AcrInsufficient { required: String, got: Option<String> },
    #[error("organisation or e-mail domain not allowed")]
    NotAllowed,
    #[error("logout state mismatch")]
    LogoutStateMismatch,
    #[error("ProConnect is not configured")]
    NotConfigured,
}

impl LoginError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::ProviderUnavailable(_) => StatusCode::BAD_GATEWAY,
            Self::ProviderError { code } if code == "access_denied" => StatusCode::FORBIDDEN,
            Self::ProviderError { code } if code == "login_required" => StatusCode::UNAUTHORIZED,
            Self::ProviderError { .. } => StatusCode::BAD_GATEWAY,
            Self::StateMismatch | Self::IssuerMismatch(_) | Self::TokenRejected(_) | Self::LogoutStateMismatch => {
                StatusCode::BAD_REQUEST
            }
            Self::AcrInsufficient { .. } | Self::NotAllowed => StatusCode::FORBIDDEN,
            Self::NotConfigured => StatusCode::NOT_FOUND,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Self::ProviderUnavailable(_) => {
                "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes.".into()
            }
            Self::ProviderError { code } => match code.as_str() {
                "access_denied" => "Vous avez refusé ou annulé la connexion avec ProConnect : aucune session n’a été ouverte.".into(),
                "login_required" => "ProConnect demande que vous vous identifiiez à nouveau.".into(),
                _ => format!("ProConnect a refusé la connexion (code « {code} »). Réessayez, ou connectez-vous autrement."),
            },
            Self::StateMismatch => {
                "Cette demande de connexion a expiré ou n’a pas été lancée depuis ce navigateur. Recommencez la connexion.".into()
            }
            Self::IssuerMismatch(_) => "La réponse ne vient pas du fournisseur d’identité attendu : elle a été ignorée.".into(),
            Self::TokenRejected(_) => {
                "La réponse de ProConnect n’a pas pu être vérifiée : aucune session n’a été ouverte. Recommencez la connexion.".into()
            }
            Self::AcrInsufficient { required, got } => format!(
                "Ce forum exige un niveau de garantie d’identité « {required} » ; votre connexion a le niveau « {} ». Connectez-vous avec un moyen d’identification plus fort.",
                got.as_deref().unwrap_or("non précisé")
            ),
            Self::NotAllowed => {
                "Ce forum est réservé à certaines organisations ou adresses électroniques ; la vôtre n’en fait pas partie.".into()
            }
            Self::LogoutStateMismatch => {
                "Le retour de déconnexion de ProConnect n’a pas pu être vérifié. Votre session sur Jonction est bien fermée.".into()
            }
            Self::NotConfigured => "La connexion avec ProConnect n’est pas activée sur ce forum.".into(),
        }
    }
}
