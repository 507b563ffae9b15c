//! The OpenID Connect exchanges with ProConnect.

use super::config::{ProConnectConfig, SigningAlg};
use super::error::LoginError;
use super::userinfo::{self, Expected, UserInfo};
use app::forum::identity::VerifiedIdentity;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreJwsSigningAlgorithm};
use openidconnect::{
    AccessTokenHash, AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, ProviderMetadataWithLogout, RedirectUrl, Scope, TokenResponse, reqwest,
};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// How long discovered metadata and keys are trusted before being fetched again.
const DISCOVERY_TTL: Duration = Duration::from_secs(600);
/// Timeout of every call to the provider.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

/// The client as built from discovery: authorization endpoint known, token
/// and userinfo endpoints as the provider announced them.
type OidcClient = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

pub struct ProConnect {
    pub config: ProConnectConfig,
    http: reqwest::Client,
    discovered: RwLock<Option<(Instant, Arc<ProviderMetadataWithLogout>)>>,
}

/// A sign-in about to start: where to send the browser, and what to keep.
pub struct AuthorizationStart {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// 256 random bits, base64url: 43 characters (ProConnect wants at least 32).
fn random_value() -> String {
    app::store::sessions::new_token()
}

impl ProConnect {
    pub fn new(config: ProConnectConfig) -> Self {
        let http = reqwest::Client::builder()
            // Following redirects from the provider would open the door to SSRF.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(HTTP_TIMEOUT)
            .build()
            .expect("HTTP client");
        Self { config, http, discovered: RwLock::new(None) }
    }

    /// The provider's metadata and keys, from discovery, cached for a while.
    async fn metadata(&self) -> Result<Arc<ProviderMetadataWithLogout>, LoginError> {
        if let Some((at, meta)) = self.discovered.read().await.as_ref() {
            if at.elapsed() < DISCOVERY_TTL {
                return Ok(meta.clone());
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|e| LoginError::ProviderUnavailable(e.to_string()))?;
        let meta = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| LoginError::ProviderUnavailable(format!("discovery: {e}")))?;
        let meta = Arc::new(meta);
        *self.discovered.write().await = Some((Instant::now(), meta.clone()));
        Ok(meta)
    }

    fn client(&self, meta: &ProviderMetadataWithLogout) -> Result<OidcClient, LoginError> {
        let redirect = RedirectUrl::new(self.config.redirect_uri()).map_err(|e| LoginError::TokenRejected(e.to_string()))?;
        Ok(CoreClient::from_provider_metadata(
            meta.clone(),
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.0.clone())),
        )
        .set_redirect_uri(redirect)
        // ProConnect refuses HTTP Basic: the secret goes in the request body.
        .set_auth_type(AuthType::RequestBody))
    }

    /// The authorization URL, with only the parameters ProConnect accepts:
    /// response_type, client_id, redirect_uri, scope, state, nonce, claims
    /// (the essential `acr`), and PKCE.
    pub async fn start(&self) -> Result<AuthorizationStart, LoginError> {
        let meta = self.metadata().await?;
        let client = self.client(&meta)?;
        let (state, nonce) = (random_value(), random_value());
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (state_c, nonce_c) = (state.clone(), nonce.clone());
        let mut request = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, move || CsrfToken::new(state_c), move || Nonce::new(nonce_c))
            .set_pkce_challenge(challenge);
        for scope in self.config.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        if let Some(claims) = self.acr_claims_parameter() {
            request = request.add_extra_param("claims", claims);
        }
        let (url, _, _) = request.url();
        Ok(AuthorizationStart { url: url.to_string(), state, nonce, pkce_verifier: verifier.secret().clone() })
    }

    /// `{"id_token":{"acr":{"essential":true,"values":[…]}}}` with every
    /// level at or above the required one.
    fn acr_claims_parameter(&self) -> Option<String> {
        let required = self.config.required_acr.as_deref()?;
        let values: Vec<String> = match required.strip_prefix("eidas").and_then(|n| n.parse::<u8>().ok()) {
            Some(level) => (level..=3).map(|l| format!("eidas{l}")).collect(),
            None => vec![required.to_string()],
        };
        Some(serde_json::json!({ "id_token": { "acr": { "essential": true, "values": values } } }).to_string())
    }

    /// Exchanges the code, verifies the ID token (signature with the pinned
    /// algorithm, iss, aud, exp, nonce, acr) and the userinfo, and returns who signed in.
    pub async fn complete(&self, code: &str, nonce: &str, pkce_verifier: &str) -> Result<VerifiedIdentity, LoginError> {
        let meta = self.metadata().await?;
        let client = self.client(&meta)?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| LoginError::ProviderUnavailable(format!("token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|e| LoginError::TokenRejected(format!("token endpoint: {e}")))?;
        let id_token = token.id_token().ok_or_else(|| LoginError::TokenRejected("no id_token".into()))?;
        let alg = match self.config.id_token_alg {
            SigningAlg::Rs256 => CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            SigningAlg::Es256 => CoreJwsSigningAlgorithm::EcdsaP256Sha256,
        };
        let verifier = client.id_token_verifier().set_allowed_algs(vec![alg]);
        let claims = id_token
            .claims(&verifier, &Nonce::new(nonce.to_string()))
            .map_err(|e| LoginError::TokenRejected(format!("id_token: {e}")))?;
        // When the ID token carries `at_hash`, the access token must be the one it was issued with.
        if let Some(expected) = claims.access_token_hash() {
            let actual = id_token
                .signing_alg()
                .and_then(|alg| id_token.signing_key(&verifier).map(|key| (alg, key)))
                .map_err(|e| LoginError::TokenRejected(format!("at_hash: {e}")))
                .and_then(|(alg, key)| {
                    AccessTokenHash::from_token(token.access_token(), alg, key)
                        .map_err(|e| LoginError::TokenRejected(format!("at_hash: {e}")))
                })?;
            if actual != *expected {
                return Err(LoginError::TokenRejected("access token does not match at_hash".into()));
            }
        }
        let acr = claims.auth_context_ref().map(|a| a.as_str().to_string());
        if !self.config.acr_satisfied(acr.as_deref()) {
            return Err(LoginError::AcrInsufficient {
                required: self.config.required_acr.clone().unwrap_or_default(),
                got: acr,
            });
        }
        let subject = claims.subject().as_str().to_string();
        let info = self.userinfo(&meta, token.access_token().secret(), &subject).await?;
        let email = info
            .email
            .clone()
            .or_else(|| claims.email().map(|e| e.as_str().to_string()))
            .ok_or_else(|| LoginError::TokenRejected("no email claim".into()))?;
        if !self.config.allows(info.siret.as_deref(), &email) {
            return Err(LoginError::NotAllowed);
        }
        Ok(VerifiedIdentity {
            issuer: self.config.issuer.clone(),
            subject,
            given_name: info.given_name.unwrap_or_default(),
            usual_name: info.usual_name.unwrap_or_default(),
            email,
            organisation: info.organization_label.filter(|o| !o.trim().is_empty()),
            siret: info.siret.filter(|s| !s.trim().is_empty()),
            id_token: id_token.to_string(),
        })
    }

    async fn userinfo(&self, meta: &ProviderMetadataWithLogout, access_token: &str, subject: &str) -> Result<UserInfo, LoginError> {
        let url = meta
            .userinfo_endpoint()
            .ok_or_else(|| LoginError::ProviderUnavailable("no userinfo endpoint".into()))?;
        let response = self
            .http
            .get(url.url().clone())
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(|e| LoginError::ProviderUnavailable(format!("userinfo: {e}")))?;
        if !response.status().is_success() {
            return Err(LoginError::TokenRejected(format!("userinfo status {}", response.status())));
        }
        let is_jwt = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/jwt"));
        let body = response.bytes().await.map_err(|e| LoginError::ProviderUnavailable(format!("userinfo: {e}")))?;
        match (self.config.userinfo_alg, is_jwt) {
            (Some(alg), true) => {
                let jwt = std::str::from_utf8(&body).map_err(|_| LoginError::TokenRejected("userinfo not UTF-8".into()))?;
                let expected = Expected {
                    alg,
                    issuer: &self.config.issuer,
                    client_id: &self.config.client_id,
                    subject,
                    now: app::store::now(),
                };
                userinfo::verify_jwt(jwt, meta.jwks().keys(), &expected).map_err(LoginError::TokenRejected)
            }
            (None, false) => userinfo::from_json(&body, subject).map_err(LoginError::TokenRejected),
            (Some(_), false) => Err(LoginError::TokenRejected("userinfo is not a signed JWT".into())),
            (None, true) => Err(LoginError::TokenRejected("userinfo is a JWT but no algorithm is configured".into())),
        }
    }

    /// The provider's sign-out URL for a session opened with `id_token`.
    pub async fn end_session_url(&self, id_token: &str, state: &str) -> Result<String, LoginError> {
        let meta = self.metadata().await?;
        let endpoint = meta
            .additional_metadata()
            .end_session_endpoint
            .clone()
            .ok_or_else(|| LoginError::ProviderUnavailable("no end_session_endpoint".into()))?;
        let mut url = endpoint.url().clone();
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token)
            .append_pair("state", state)
            .append_pair("post_logout_redirect_uri", &self.config.post_logout_redirect_uri());
        Ok(url.to_string())
    }

    pub fn new_state() -> String {
        random_value()
    }
}

