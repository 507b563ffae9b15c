//! Unsubscribe links: a token signed with the forum's key (HMAC-SHA256), so
//! that the link works without signing in and cannot be forged or turned to
//! another member's subscription. It names the member, what the mail came
//! from, and when it expires.

use crate::domain::Level;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What following the link stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The subscription the mail came from.
    Subscription(i64),
    /// A mail outside any subscription (a mention): the thread is muted.
    Thread(i64),
    /// A digest: every subscription at that digest level.
    Digest(Level),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsubscribe {
    pub user_id: i64,
    pub source: Source,
    pub expires_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Not a token of this forum (altered, truncated, signed with another key).
    Invalid,
    Expired,
}

/// The key the forum signs with (from `forum_secrets`).
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(***)")
    }
}

impl SigningKey {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(payload.as_bytes());
        mac
    }

    pub fn sign(&self, u: &Unsubscribe) -> String {
        let source = match u.source {
            Source::Subscription(id) => format!("s{id}"),
            Source::Thread(id) => format!("t{id}"),
            Source::Digest(level) => format!("d{}", level.as_str()),
        };
        let payload = format!("1.{}.{source}.{}", u.user_id, u.expires_at);
        let signature = self.mac(&payload).finalize().into_bytes();
        format!("{}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(signature))
    }

    /// The request a token stands for, if this forum signed it and it has not expired at `now`.
    pub fn verify(&self, token: &str, now: i64) -> Result<Unsubscribe, TokenError> {
        let (payload, signature) = token.split_once('.').ok_or(TokenError::Invalid)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| TokenError::Invalid)?;
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| TokenError::Invalid)?;
        let payload = String::from_utf8(payload).map_err(|_| TokenError::Invalid)?;
        self.mac(&payload).verify_slice(&signature).map_err(|_| TokenError::Invalid)?;
        let parts: Vec<&str> = payload.split('.').collect();
        let ["1", user, source, expires] = parts[..] else { return Err(TokenError::Invalid) };
        let user_id = user.parse().map_err(|_| TokenError::Invalid)?;
        let expires_at: i64 = expires.parse().map_err(|_| TokenError::Invalid)?;
        let source = match source.split_at_checked(1) {
            Some(("s", id)) => Source::Subscription(id.parse().map_err(|_| TokenError::Invalid)?),
            Some(("t", id)) => Source::Thread(id.parse().map_err(|_| TokenError::Invalid)?),
            Some(("d", level)) => Source::Digest(Level::parse(level).filter(|l| l.is_digest()).ok_or(TokenError::Invalid)?),
            _ => return Err(TokenError::Invalid),
        };
        if expires_at <= now {
            return Err(TokenError::Expired);
        }
        Ok(Unsubscribe { user_id, source, expires_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::new(b"0123456789abcdef0123456789abcdef".to_vec())
    }

    #[test]
    fn a_signed_token_round_trips_and_expires() {
        let u = Unsubscribe { user_id: 7, source: Source::Subscription(42), expires_at: 1_000 };
        let token = key().sign(&u);
        assert!(token.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)), "fits a path: {token}");
        assert_eq!(key().verify(&token, 999), Ok(u));
        assert_eq!(key().verify(&token, 1_000), Err(TokenError::Expired));
        for source in [Source::Thread(3), Source::Digest(Level::Weekly)] {
            let u = Unsubscribe { user_id: 7, source, expires_at: 10 };
            assert_eq!(key().verify(&key().sign(&u), 0), Ok(u));
        }
    }

    #[test]
    fn an_altered_or_foreign_token_is_refused() {
        let token = key().sign(&Unsubscribe { user_id: 7, source: Source::Subscription(42), expires_at: 1_000 });
        // Another member's id in the payload, with the signature kept.
        let (_, signature) = token.split_once('.').unwrap();
        let forged = format!("{}.{signature}", URL_SAFE_NO_PAD.encode("1.8.s42.1000"));
        assert_eq!(key().verify(&forged, 0), Err(TokenError::Invalid));
        let other_key = SigningKey::new(b"another key".to_vec());
        assert_eq!(other_key.verify(&token, 0), Err(TokenError::Invalid));
        for junk in ["", ".", "abc", "abc.def", &token[..token.len() - 2]] {
            assert_eq!(key().verify(junk, 0), Err(TokenError::Invalid), "{junk}");
        }
        let muted = key().sign(&Unsubscribe { user_id: 7, source: Source::Digest(Level::Daily), expires_at: 5 });
        assert_eq!(key().verify(&muted, 0).unwrap().source, Source::Digest(Level::Daily));
    }
}
