//! An in-process identity provider for the failure cases a real provider
//! cannot be made to produce: it signs ID tokens and userinfo JWTs with
//! faults on demand (bad signature, wrong iss/aud, expired, wrong nonce,
//! another sub) and refuses HTTP Basic client authentication like ProConnect.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "jonction-test";
pub const CLIENT_SECRET: &str = "un-secret-de-test-qui-ne-sort-pas";

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Alg {
    Rs256,
    Es256,
}

/// What the next tokens get wrong (or nothing).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum IdFault {
    #[default]
    None,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    Expired,
    WrongNonce,
    /// `at_hash` of another access token (a substituted token).
    WrongAccessTokenHash,
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum UserinfoFault {
    #[default]
    None,
    BadSignature,
    OtherSubject,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub sub: String,
    pub given_name: String,
    pub usual_name: String,
    pub email: String,
    pub siret: String,
    pub organization_label: String,
    pub acr: String,
}

impl Default for Person {
    fn default() -> Self {
        Self {
            sub: "sub-camille-0001".into(),
            given_name: "Camille".into(),
            usual_name: "Dupont".into(),
            email: "camille.dupont@dinum.example".into(),
            siret: "13002526500013".into(),
            organization_label: "Direction interministérielle du numérique".into(),
            acr: "eidas1".into(),
        }
    }
}

#[derive(Default)]
struct Inner {
    alg: Option<Alg>,
    id_fault: IdFault,
    userinfo_fault: UserinfoFault,
    person: Person,
    /// code → nonce given at the authorization step.
    codes: HashMap<String, String>,
    basic_attempts: usize,
    token_requests: usize,
}

#[derive(Clone)]
pub struct FakeProvider {
    pub issuer: String,
    inner: Arc<Mutex<Inner>>,
    keys: Arc<Keys>,
}

struct Keys {
    rsa: rsa::RsaPrivateKey,
    rsa_impostor: rsa::RsaPrivateKey,
    ec: p256::ecdsa::SigningKey,
    ec_impostor: p256::ecdsa::SigningKey,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl FakeProvider {
    pub async fn start(alg: Alg) -> Self {
        let keys = Keys {
            rsa: rsa::RsaPrivateKey::from_pkcs8_pem(include_str!("keys/rsa.pem")).unwrap(),
            rsa_impostor: rsa::RsaPrivateKey::from_pkcs8_pem(include_str!("keys/rsa-impostor.pem")).unwrap(),
            ec: p256::ecdsa::SigningKey::from_pkcs8_pem(include_str!("keys/ec.pem")).unwrap(),
            ec_impostor: p256::ecdsa::SigningKey::from_pkcs8_pem(include_str!("keys/ec-impostor.pem")).unwrap(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}/api/v2", listener.local_addr().unwrap());
        let inner = Inner { alg: Some(alg), ..Default::default() };
        let fake = Self { issuer, inner: Arc::new(Mutex::new(inner)), keys: Arc::new(keys) };
        let router = Router::new()
            .route("/api/v2/.well-known/openid-configuration", get(discovery))
            .route("/api/v2/jwks", get(jwks))
            .route("/api/v2/token", post(token))
            .route("/api/v2/userinfo", get(userinfo))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        fake
    }

    pub fn set_id_fault(&self, f: IdFault) {
        self.inner.lock().unwrap().id_fault = f;
    }
    pub fn set_userinfo_fault(&self, f: UserinfoFault) {
        self.inner.lock().unwrap().userinfo_fault = f;
    }
    pub fn set_person(&self, p: Person) {
        self.inner.lock().unwrap().person = p;
    }
    pub fn basic_attempts(&self) -> usize {
        self.inner.lock().unwrap().basic_attempts
    }
    pub fn token_requests(&self) -> usize {
        self.inner.lock().unwrap().token_requests
    }

    /// The member signed in at the provider: a code bound to the nonce the forum sent.
    pub fn issue_code(&self, nonce: &str) -> String {
        let code = format!("code-{}", self.inner.lock().unwrap().codes.len() + 1);
        self.inner.lock().unwrap().codes.insert(code.clone(), nonce.to_string());
        code
    }

    fn sign(&self, claims: &Value, impostor: bool) -> String {
        let alg = self.inner.lock().unwrap().alg.unwrap();
        let (name, kid) = match alg {
            Alg::Rs256 => ("RS256", "rsa-1"),
            Alg::Es256 => ("ES256", "ec-1"),
        };
        let header = json!({ "alg": name, "kid": kid, "typ": "JWT" });
        let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
        let signature = match (alg, impostor) {
            (Alg::Rs256, false) => rsa_sign(&self.keys.rsa, &input),
            (Alg::Rs256, true) => rsa_sign(&self.keys.rsa_impostor, &input),
            (Alg::Es256, false) => ec_sign(&self.keys.ec, &input),
            (Alg::Es256, true) => ec_sign(&self.keys.ec_impostor, &input),
        };
        format!("{input}.{}", b64(&signature))
    }
}

fn rsa_sign(key: &rsa::RsaPrivateKey, input: &str) -> Vec<u8> {
    rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key.clone()).sign(input.as_bytes()).to_vec()
}

fn ec_sign(key: &p256::ecdsa::SigningKey, input: &str) -> Vec<u8> {
    let sig: p256::ecdsa::Signature = key.sign(input.as_bytes());
    sig.to_bytes().to_vec()
}

const ACCESS_TOKEN: &str = "access-token-0001";

/// OpenID Connect's `at_hash` for SHA-256 algorithms: the left half of the hash, base64url.
fn at_hash(access_token: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(access_token.as_bytes());
    b64(&digest[..16])
}

fn now() -> i64 {
    app::store::now()
}

async fn discovery(State(f): State<FakeProvider>) -> Json<Value> {
    let i = &f.issuer;
    Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "end_session_endpoint": format!("{i}/session/end"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "userinfo_signing_alg_values_supported": ["RS256", "ES256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "scopes_supported": ["openid", "given_name", "usual_name", "email", "siret", "organization_label", "uid", "idp_id"],
        "claims_parameter_supported": true,
        "authorization_response_iss_parameter_supported": true
    }))
}

async fn jwks(State(f): State<FakeProvider>) -> Json<Value> {
    let public = f.keys.rsa.to_public_key();
    let point = p256::EncodedPoint::from(f.keys.ec.verifying_key());
    Json(json!({ "keys": [
        { "kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256",
          "n": b64(&public.n().to_bytes_be()), "e": b64(&public.e().to_bytes_be()) },
        { "kty": "EC", "kid": "ec-1", "use": "sig", "alg": "ES256", "crv": "P-256",
          "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap()) }
    ]}))
}

fn oauth_error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

async fn token(State(f): State<FakeProvider>, headers: HeaderMap, Form(form): Form<HashMap<String, String>>) -> Response {
    let mut inner = f.inner.lock().unwrap();
    inner.token_requests += 1;
    // Like ProConnect: HTTP Basic client authentication is refused.
    if headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Basic")) {
        inner.basic_attempts += 1;
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    if form.get("client_id").map(String::as_str) != Some(CLIENT_ID)
        || form.get("client_secret").map(String::as_str) != Some(CLIENT_SECRET)
    {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    if form.get("code_verifier").is_none_or(|v| v.len() < 43) {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let Some(nonce) = form.get("code").and_then(|c| inner.codes.remove(c)) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    let p = inner.person.clone();
    let fault = inner.id_fault;
    drop(inner);
    let t = now();
    let claims = json!({
        "iss": if fault == IdFault::WrongIssuer { "https://autre-fournisseur.example/api/v2".to_string() } else { f.issuer.clone() },
        "sub": p.sub,
        "aud": if fault == IdFault::WrongAudience { "un-autre-client" } else { CLIENT_ID },
        "exp": if fault == IdFault::Expired { t - 600 } else { t + 60 },
        "iat": if fault == IdFault::Expired { t - 4200 } else { t },
        "auth_time": t,
        "nonce": if fault == IdFault::WrongNonce { "un-autre-nonce-de-trente-deux-caracteres".to_string() } else { nonce },
        "acr": p.acr,
        "amr": ["pwd"],
        "at_hash": at_hash(if fault == IdFault::WrongAccessTokenHash { "un-autre-jeton" } else { ACCESS_TOKEN }),
    });
    let id_token = f.sign(&claims, fault == IdFault::BadSignature);
    Json(json!({
        "access_token": ACCESS_TOKEN,
        "token_type": "Bearer",
        "expires_in": 60,
        "id_token": id_token,
        "scope": "openid given_name usual_name email siret organization_label"
    }))
    .into_response()
}

async fn userinfo(State(f): State<FakeProvider>, headers: HeaderMap) -> Response {
    if headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) != Some(format!("Bearer {ACCESS_TOKEN}").as_str()) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_token");
    }
    let (p, fault) = {
        let inner = f.inner.lock().unwrap();
        (inner.person.clone(), inner.userinfo_fault)
    };
    let claims = json!({
        "iss": f.issuer,
        "aud": CLIENT_ID,
        "exp": now() + 60,
        "iat": now(),
        "sub": if fault == UserinfoFault::OtherSubject { "sub-quelqu-un-d-autre".to_string() } else { p.sub },
        "given_name": p.given_name,
        "usual_name": p.usual_name,
        "email": p.email,
        "uid": "1234",
        "siret": p.siret,
        "organization_label": p.organization_label,
        "idp_id": "fia1v2",
    });
    let jwt = f.sign(&claims, fault == UserinfoFault::BadSignature);
    ([(header::CONTENT_TYPE, "application/jwt; charset=utf-8")], jwt).into_response()
}
