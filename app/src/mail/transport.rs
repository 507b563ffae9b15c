//! How mail leaves the forum: SMTP (lettre over tokio, TLS by rustls), or,
//! when no SMTP server is configured, `.eml` files in a directory (the data
//! directory's `mail/`), so a fresh install works and shows what it would send.

use crate::domain::limits::SMTP_TIMEOUT_SECONDS;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// How the SMTP connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// STARTTLS on a plain connection (port 587 by default); required, never skipped.
    StartTls,
    /// TLS from the first byte (SMTPS, port 465 by default).
    Tls,
    /// No encryption (port 25 by default): only for a server on loopback.
    None,
}

impl TlsMode {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "starttls" => Some(Self::StartTls),
            "tls" => Some(Self::Tls),
            "none" => Some(Self::None),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: Option<u16>,
    pub tls: TlsMode,
    pub user: Option<String>,
    pub password: Option<String>,
}

/// The password never appears in logs or debug output.
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

#[derive(Clone)]
pub enum Transport {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, describe: String },
    Files { transport: AsyncFileTransport<Tokio1Executor>, dir: PathBuf },
}

/// Why a send failed, as the retry policy needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// Worth retrying: the server unreachable, a timeout, a 4xx answer.
    Temporary(String),
    /// A 5xx answer: retrying will not help. `code` is the SMTP code.
    Permanent { code: Option<u16>, message: String },
}

impl SendError {
    /// A permanent refusal of the mailbox itself (550, 551, 553): recorded on the member's address.
    pub fn refuses_mailbox(&self) -> bool {
        matches!(self, Self::Permanent { code: Some(550 | 551 | 553), .. })
    }

    pub fn message(&self) -> &str {
        match self {
            Self::Temporary(m) | Self::Permanent { message: m, .. } => m,
        }
    }
}

impl Transport {
    pub fn smtp(s: &SmtpSettings) -> Result<Self, String> {
        let builder = match s.tls {
            TlsMode::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host).map_err(|e| e.to_string())?,
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).map_err(|e| e.to_string())?,
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
        };
        let mut builder = builder.timeout(Some(Duration::from_secs(SMTP_TIMEOUT_SECONDS)));
        if let Some(port) = s.port {
            builder = builder.port(port);
        }
        if let Some(user) = &s.user {
            builder = builder.credentials(Credentials::new(user.clone(), s.password.clone().unwrap_or_default()));
        }
        let describe = format!("SMTP {}:{} ({:?}{})", s.host, s.port.map(|p| p.to_string()).unwrap_or_else(|| "défaut".into()), s.tls, if s.user.is_some() { ", authentifié" } else { "" });
        Ok(Self::Smtp { transport: builder.build(), describe })
    }

    /// `.eml` files written into `dir` (created if absent).
    pub fn files(dir: PathBuf) -> Result<Self, String> {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{} : {e}", dir.display()))?;
        Ok(Self::Files { transport: AsyncFileTransport::<Tokio1Executor>::new(&dir), dir })
    }

    /// For the start-up log (never the password).
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp { describe, .. } => describe.clone(),
            Self::Files { dir, .. } => format!("fichiers .eml dans {}", dir.display()),
        }
    }

    pub async fn send(&self, from: &Address, to: &str, raw: &[u8]) -> Result<(), SendError> {
        let to: Address = to.parse().map_err(|_| SendError::Permanent { code: None, message: format!("adresse invalide : {to}") })?;
        let envelope = Envelope::new(Some(from.clone()), vec![to])
            .map_err(|e| SendError::Permanent { code: None, message: e.to_string() })?;
        match self {
            Self::Smtp { transport, .. } => transport.send_raw(&envelope, raw).await.map(|_| ()).map_err(|e| {
                let code = e.status().and_then(|c| c.to_string().parse::<u16>().ok());
                if e.is_permanent() {
                    SendError::Permanent { code, message: e.to_string() }
                } else {
                    SendError::Temporary(e.to_string())
                }
            }),
            Self::Files { transport, .. } => {
                transport.send_raw(&envelope, raw).await.map(|_| ()).map_err(|e| SendError::Temporary(e.to_string()))
            }
        }
    }
}
