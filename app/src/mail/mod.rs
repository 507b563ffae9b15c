//! Mail: the only code that builds or sends mail (a sibling of `store` and
//! `search`). Pieces:
//! - `message`: one mail built with lettre, headers made safe (`headers`),
//!   HTML and plain text framed by `layout`;
//! - `forum_mail`, `digest_mail`, `account_mail`: what each mail says;
//! - `unsubscribe`: the signed links that need no sign-in;
//! - `fanout`: an outbox event expanded into in-app notifications and one
//!   queued mail per recipient (the rules are `domain::recipients`);
//! - `delivery`: queued mails claimed under a lease and sent, with retries;
//! - `transport`: SMTP (lettre, tokio, rustls) or `.eml` files.
//!
//! The flow: a change writes an `outbox` row in its own transaction; the
//! fan-out worker expands it later, in short batches; the delivery worker
//! sends. Nothing of this runs in the request that made the change.

pub mod account_mail;
pub mod delivery;
pub mod digest_mail;
pub mod fanout;
pub mod forum_mail;
pub mod headers;
pub mod layout;
pub mod message;
pub mod transport;
pub mod unsubscribe;

use crate::store::{self, Db};
use base64::Engine;
use rand::RngCore;
pub use unsubscribe::SigningKey;

/// What every mail needs to know about the forum.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// The sender's address (`--mail-from`).
    pub from: lettre::Address,
    /// The forum's external base URL, without a trailing slash: every link in a mail starts with it.
    pub public_url: String,
    /// The host part of Message-IDs and of the List-Id.
    pub host: String,
    /// The key of unsubscribe links.
    pub key: SigningKey,
}

/// The name under which the key of unsubscribe links is kept in `forum_secrets`.
const UNSUBSCRIBE_KEY: &str = "unsubscribe_hmac_key";

impl MailSettings {
    /// Settings for a forum at `public_url`, mail sent from `from` (default:
    /// `jonction@` the forum's host), with the signing key read from the
    /// database (made at first start).
    pub async fn load(db: &Db, public_url: &str, from: Option<&str>) -> Result<Self, String> {
        let public_url = public_url.trim_end_matches('/').to_string();
        let host = public_url
            .split_once("://")
            .map(|(_, rest)| rest.split(['/', ':', '?', '#']).next().unwrap_or(rest))
            .filter(|h| !h.is_empty())
            .ok_or_else(|| format!("adresse publique du forum invalide : {public_url}"))?
            .to_string();
        let from = from.map(str::to_string).unwrap_or_else(|| format!("jonction@{}", mail_domain(&host)));
        let from: lettre::Address = from.parse().map_err(|e| format!("adresse d’expédition invalide ({from}) : {e}"))?;
        let fresh = || {
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            base64::engine::general_purpose::STANDARD.encode(bytes)
        };
        let key = match store::secrets::get_or_create(db, UNSUBSCRIBE_KEY, fresh).await {
            Ok(key) => key,
            // A database that accepts no writes yet (read-only) queues no mail
            // either: a key for this process alone signs nothing that lasts.
            Err(e) => {
                tracing::warn!(error = %e, "the unsubscribe links' key could not be stored; using one for this process only");
                fresh()
            }
        };
        let key = base64::engine::general_purpose::STANDARD.decode(key).map_err(|e| format!("clé des liens de désabonnement : {e}"))?;
        Ok(Self { from, public_url, host, key: SigningKey::new(key) })
    }

    /// An absolute link to a path of the forum.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// `List-Id` (RFC 2919): one list per forum, so members can filter its mail.
    pub fn list_id(&self) -> String {
        format!("Jonction <jonction.{}>", self.host)
    }
}

/// The domain of the default sender: the forum's host, unless it is an IP
/// address or a name without a dot (a test on 127.0.0.1), which no mailbox
/// domain can be; then `localhost.localdomain`.
fn mail_domain(host: &str) -> String {
    if host.contains('.') && !host.chars().all(|c| c.is_ascii_digit() || c == '.') {
        host.to_string()
    } else {
        "localhost.localdomain".to_string()
    }
}
