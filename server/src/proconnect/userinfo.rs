//! The userinfo answer of ProConnect: a JWT signed with the algorithm
//! registered for the client (RS256 or ES256), or plain JSON when none is.
//! The `openidconnect` crate's userinfo verifier only accepts RS256, so the
//! JWT is checked here: signature with the provider's key named by `kid`,
//! then `iss`, `aud`, `exp`, and `sub` equal to the ID token's.

use super::config::SigningAlg;
use base64::Engine;
use openidconnect::core::{CoreJsonWebKey, CoreJwsSigningAlgorithm};
use openidconnect::JsonWebKey;
use serde::Deserialize;

/// The claims Jonction uses, as ProConnect names them.
#[derive(Debug, Clone, Deserialize)]
pub struct UserInfo {
    pub sub: String,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub usual_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub siret: Option<String>,
    #[serde(default)]
    pub organization_label: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Registered {
    iss: String,
    aud: Audience,
    exp: i64,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, client_id: &str) -> bool {
        match self {
            Self::One(a) => a == client_id,
            Self::Many(list) => list.iter().any(|a| a == client_id),
        }
    }
}

pub struct Expected<'a> {
    pub alg: SigningAlg,
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub subject: &'a str,
    pub now: i64,
}

fn b64(part: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).map_err(|e| format!("base64: {e}"))
}

/// Verifies a userinfo JWT against the provider's keys and returns its claims.
pub fn verify_jwt(jwt: &str, keys: &[CoreJsonWebKey], expected: &Expected<'_>) -> Result<UserInfo, String> {
    let mut parts = jwt.trim().split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("not a compact JWS".into());
    };
    let header: Header = serde_json::from_slice(&b64(h)?).map_err(|e| format!("header: {e}"))?;
    if header.alg != expected.alg.as_str() {
        return Err(format!("userinfo signed with {} instead of {}", header.alg, expected.alg.as_str()));
    }
    let alg = match expected.alg {
        SigningAlg::Rs256 => CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        SigningAlg::Es256 => CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    };
    let signature = b64(s)?;
    let message = format!("{h}.{p}");
    let candidates: Vec<&CoreJsonWebKey> = keys
        .iter()
        .filter(|k| match (&header.kid, k.key_id()) {
            (Some(kid), Some(id)) => id.as_str() == kid,
            (None, _) => true,
            (Some(_), None) => false,
        })
        .collect();
    if !candidates.iter().any(|k| k.verify_signature(&alg, message.as_bytes(), &signature).is_ok()) {
        return Err("userinfo signature does not verify with the provider's keys".into());
    }
    let payload = b64(p)?;
    let registered: Registered = serde_json::from_slice(&payload).map_err(|e| format!("claims: {e}"))?;
    if registered.iss != expected.issuer {
        return Err(format!("userinfo iss {:?}", registered.iss));
    }
    if !registered.aud.contains(expected.client_id) {
        return Err("userinfo aud does not name this client".into());
    }
    if registered.exp <= expected.now {
        return Err("userinfo expired".into());
    }
    let info: UserInfo = serde_json::from_slice(&payload).map_err(|e| format!("claims: {e}"))?;
    if info.sub != expected.subject {
        return Err("userinfo sub differs from the ID token's".into());
    }
    Ok(info)
}

/// Plain JSON userinfo (no signing algorithm registered): only `sub` is checked.
pub fn from_json(body: &[u8], subject: &str) -> Result<UserInfo, String> {
    let info: UserInfo = serde_json::from_slice(body).map_err(|e| format!("userinfo JSON: {e}"))?;
    if info.sub != subject {
        return Err("userinfo sub differs from the ID token's".into());
    }
    Ok(info)
}
