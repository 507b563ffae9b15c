//! ProConnect settings. Everything is configuration: the host (integration,
//! production, RIE, or a local test provider), the client, the scopes, the
//! required eIDAS level, and who may sign in.

use anyhow::{Context, bail};
use std::fmt;

/// Signature algorithms registered with ProConnect for the ID token and the userinfo JWT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigningAlg {
    Rs256,
    Es256,
}

impl SigningAlg {
    pub fn parse(s: &str) -> anyhow::Result<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "RS256" => Ok(Self::Rs256),
            "ES256" => Ok(Self::Es256),
            other => bail!("unsupported signature algorithm {other:?} (RS256 or ES256)"),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Es256 => "ES256",
        }
    }
}

/// The client secret: never printed, never logged.
#[derive(Clone)]
pub struct ClientSecret(pub String);

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(***)")
    }
}

#[derive(Clone, Debug)]
pub struct ProConnectConfig {
    /// e.g. `https://fca.integ01.dev-agentconnect.fr/api/v2`
    pub issuer: String,
    pub client_id: String,
    pub client_secret: ClientSecret,
    /// The forum's external base URL, without trailing slash.
    pub public_url: String,
    pub scopes: Vec<String>,
    /// The eIDAS level required (`eidas1`, `eidas2`, `eidas3`); None: no requirement.
    pub required_acr: Option<String>,
    pub id_token_alg: SigningAlg,
    /// None: userinfo is plain JSON (no signing algorithm registered).
    pub userinfo_alg: Option<SigningAlg>,
    /// SIRET (14 digits) or SIREN (9 digits) allowed to sign in; empty: all.
    pub allowed_organisations: Vec<String>,
    /// E-mail domains allowed to sign in; empty: all.
    pub allowed_email_domains: Vec<String>,
}

pub const DEFAULT_SCOPES: &str = "openid given_name usual_name email uid siret organization_label idp_id";

impl ProConnectConfig {
    pub fn redirect_uri(&self) -> String {
        format!("{}/auth/proconnect/callback", self.public_url)
    }
    pub fn post_logout_redirect_uri(&self) -> String {
        format!("{}/auth/proconnect/logged-out", self.public_url)
    }

    /// Whether the eIDAS level `acr` meets the requirement (eidas1 < eidas2 < eidas3).
    pub fn acr_satisfied(&self, acr: Option<&str>) -> bool {
        let level = |s: &str| s.strip_prefix("eidas").and_then(|n| n.parse::<u8>().ok());
        match &self.required_acr {
            None => true,
            Some(required) => match (acr.and_then(level), level(required)) {
                (Some(got), Some(need)) => got >= need,
                _ => acr == Some(required.as_str()),
            },
        }
    }

    /// Whether the organisation and e-mail are allowed by the restrictions.
    pub fn allows(&self, siret: Option<&str>, email: &str) -> bool {
        let org_ok = self.allowed_organisations.is_empty()
            || siret.is_some_and(|s| self.allowed_organisations.iter().any(|allowed| s.starts_with(allowed.as_str())));
        let domain = email.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase()).unwrap_or_default();
        let domain_ok = self.allowed_email_domains.is_empty()
            || self.allowed_email_domains.iter().any(|d| domain == *d || domain.ends_with(&format!(".{d}")));
        org_ok && domain_ok
    }
}

/// Splits a comma or space separated list, dropping empties.
pub fn list(raw: &str) -> Vec<String> {
    raw.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Builds the configuration from the raw settings; None when no issuer is set
/// (the forum then runs with local accounts only).
#[allow(clippy::too_many_arguments)]
pub fn from_settings(
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    client_secret_file: Option<std::path::PathBuf>,
    public_url: Option<String>,
    scopes: &str,
    acr: Option<String>,
    id_token_alg: &str,
    userinfo_alg: &str,
    allowed_organisations: &str,
    allowed_email_domains: &str,
) -> anyhow::Result<Option<ProConnectConfig>> {
    let Some(issuer) = issuer.filter(|i| !i.trim().is_empty()) else { return Ok(None) };
    let client_id = client_id.filter(|c| !c.is_empty()).context("PROCONNECT_CLIENT_ID is required with PROCONNECT_ISSUER")?;
    let secret = match (client_secret, client_secret_file) {
        (_, Some(path)) => std::fs::read_to_string(&path)
            .with_context(|| format!("reading PROCONNECT_CLIENT_SECRET_FILE {}", path.display()))?
            .trim()
            .to_string(),
        (Some(s), None) => s,
        (None, None) => bail!("PROCONNECT_CLIENT_SECRET or PROCONNECT_CLIENT_SECRET_FILE is required"),
    };
    let public_url = public_url
        .context("JONCTION_PUBLIC_URL is required with ProConnect: the redirect URIs are derived from it")?
        .trim_end_matches('/')
        .to_string();
    let mut scopes = list(scopes);
    if !scopes.iter().any(|s| s == "openid") {
        scopes.insert(0, "openid".into());
    }
    for organisation in list(allowed_organisations) {
        if !(organisation.len() == 9 || organisation.len() == 14) || !organisation.bytes().all(|b| b.is_ascii_digit()) {
            bail!("PROCONNECT_ALLOWED_ORGANISATIONS: {organisation:?} is neither a SIREN (9 digits) nor a SIRET (14 digits)");
        }
    }
    Ok(Some(ProConnectConfig {
        issuer: issuer.trim_end_matches('/').to_string(),
        client_id,
        client_secret: ClientSecret(secret),
        public_url,
        scopes,
        required_acr: acr.filter(|a| !a.trim().is_empty()),
        id_token_alg: SigningAlg::parse(id_token_alg)?,
        userinfo_alg: if userinfo_alg.trim().is_empty() || userinfo_alg.eq_ignore_ascii_case("none") {
            None
        } else {
            Some(SigningAlg::parse(userinfo_alg)?)
        },
        allowed_organisations: list(allowed_organisations),
        allowed_email_domains: list(allowed_email_domains).into_iter().map(|d| d.to_ascii_lowercase()).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ProConnectConfig {
        from_settings(
            Some("https://fca.integ01.dev-agentconnect.fr/api/v2".into()),
            Some("client".into()),
            Some("secret".into()),
            None,
            Some("https://jonction.example.fr/".into()),
            "given_name email",
            Some("eidas2".into()),
            "ES256",
            "RS256",
            "130025265, 21310555400017",
            "ign.fr",
        )
        .unwrap()
        .unwrap()
    }

    #[test]
    fn redirect_uris_come_from_the_public_url() {
        let c = config();
        assert_eq!(c.redirect_uri(), "https://jonction.example.fr/auth/proconnect/callback");
        assert_eq!(c.post_logout_redirect_uri(), "https://jonction.example.fr/auth/proconnect/logged-out");
        assert_eq!(c.scopes, ["openid", "given_name", "email"]);
        assert_eq!(format!("{:?}", c.client_secret), "ClientSecret(***)");
    }

    #[test]
    fn acr_levels_are_ordered() {
        let c = config();
        assert!(!c.acr_satisfied(Some("eidas1")));
        assert!(c.acr_satisfied(Some("eidas2")));
        assert!(c.acr_satisfied(Some("eidas3")));
        assert!(!c.acr_satisfied(None));
    }

    #[test]
    fn restrictions_match_siren_prefixes_and_email_domains() {
        let c = config();
        assert!(c.allows(Some("13002526500013"), "a@ign.fr"));
        assert!(c.allows(Some("21310555400017"), "a@sub.ign.fr"));
        assert!(!c.allows(Some("99999999999999"), "a@ign.fr"));
        assert!(!c.allows(None, "a@ign.fr"));
        assert!(!c.allows(Some("13002526500013"), "a@evil-ign.fr"));
    }

    #[test]
    fn no_issuer_means_local_accounts_only_and_bad_settings_are_refused() {
        assert!(from_settings(None, None, None, None, None, DEFAULT_SCOPES, None, "RS256", "", "", "").unwrap().is_none());
        let missing_url = from_settings(Some("https://x/api/v2".into()), Some("c".into()), Some("s".into()), None, None, DEFAULT_SCOPES, None, "RS256", "", "", "");
        assert!(missing_url.is_err());
        let bad_siret = from_settings(
            Some("https://x/api/v2".into()), Some("c".into()), Some("s".into()), None, Some("https://f".into()),
            DEFAULT_SCOPES, None, "RS256", "", "123", "",
        );
        assert!(bad_siret.is_err());
        assert!(SigningAlg::parse("HS256").is_err());
    }
}
