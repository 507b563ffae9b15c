//! `/auth/proconnect/…`: the browser's round trips to ProConnect.
//!
//! Sign-in: `POST login` → provider → `GET callback` (state checked against
//! a cookie of this browser and a single-use row, `iss` checked, tokens
//! verified) → session, or the page asking to confirm a link with an
//! existing local account. Sign-out: `POST /logout` ends the local session
//! and sends the browser to the provider, which comes back to `GET logged-out`.

use super::{LoginError, ProConnect};
use crate::extract::{FormPost, see_other};
use crate::middleware::session::{SessionToken, session_cookie};
use crate::render::page_with_echo;
use crate::state::AppState;
use app::domain::{FieldError, FormEcho, SafeNext};
use app::forum::identity::{self, Outcome};
use app::store;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::header::SET_COOKIE;
use http::request::Parts;
use http::HeaderValue;
use serde::Deserialize;
use std::sync::Arc;

pub const STATE_COOKIE: &str = "jonction_oidc_state";
pub use app::forum::identity::LINK_COOKIE;
pub const LOGOUT_COOKIE: &str = "jonction_oidc_logout";
use app::domain::limits::{PROCONNECT_LINK_TTL_SECONDS, PROCONNECT_LOGIN_TTL_SECONDS as LOGIN_TTL_SECONDS};

/// A short-lived cookie for the ProConnect round trips. `SameSite=Lax`: it
/// must be sent on the top-level redirect back from the provider.
fn flow_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    crate::middleware::session::cookie(name, value, "/auth/proconnect", max_age, secure)
}

fn cookie(parts: &Parts, name: &str) -> Option<String> {
    app::api::cookie(&parts.headers, name)
}

/// 303 to the identity provider: the only redirect that leaves the forum,
/// to an address built from the provider's own discovery document.
fn to_provider(url: &str) -> Response {
    axum::response::Redirect::to(url).into_response()
}

fn provider(state: &AppState) -> Result<Arc<ProConnect>, LoginError> {
    state.proconnect.clone().ok_or(LoginError::NotConfigured)
}

/// The error page: what went wrong, in French, and the way back. No session.
pub async fn failure(state: &AppState, parts: &Parts, error: LoginError) -> Response {
    match error.status().is_server_error() {
        true => tracing::warn!(error = %error, "ProConnect sign-in failed"),
        false => tracing::info!(error = %error, "ProConnect sign-in refused"),
    }
    let echo = FormEcho {
        action: "/auth/proconnect".into(),
        values: vec![],
        errors: vec![FieldError::new("", error.message())],
        preview_html: None,
    };
    let mut response = page_with_echo(state, parts, "/auth/proconnect/error", echo, error.status()).await;
    let secure = state.config.secure_cookies();
    response.headers_mut().append(SET_COOKIE, flow_cookie(STATE_COOKIE, "", 0, secure));
    response
}

/// Starts a sign-in: remembers state, nonce and PKCE verifier, sends the browser to ProConnect.
#[tracing::instrument(skip_all)]
pub async fn login(State(state): State<AppState>, form: FormPost) -> Response {
    let result = async {
        let pc = provider(&state)?;
        let start = pc.start().await?;
        let next = SafeNext::parse(form.fields.get("next"));
        store::identities::start_login(
            &state.db,
            &store::sessions::hash(&start.state),
            &start.nonce,
            &start.pkce_verifier,
            next.as_str(),
            LOGIN_TTL_SECONDS,
        )
        .await
        .map_err(|e| LoginError::ProviderUnavailable(format!("database: {e}")))?;
        Ok::<_, LoginError>(start)
    }
    .await;
    match result {
        Ok(start) => {
            let mut response = to_provider(&start.url);
            let cookie = flow_cookie(STATE_COOKIE, &start.state, LOGIN_TTL_SECONDS, state.config.secure_cookies());
            response.headers_mut().insert(SET_COOKIE, cookie);
            response
        }
        Err(e) => failure(&state, &form.parts, e).await,
    }
}

#[derive(Deserialize, Default)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    error: Option<String>,
}

/// The provider's answer. Nothing is trusted until every check has passed;
/// any failure opens no session.
#[tracing::instrument(skip_all)]
pub async fn callback(State(state): State<AppState>, parts: Parts, Query(q): Query<CallbackQuery>) -> Response {
    match complete_callback(&state, &parts, q).await {
        Ok((outcome, next)) => {
            let secure = state.config.secure_cookies();
            let mut response = match outcome {
                Outcome::SignedIn { user_id, session } => {
                    tracing::info!(member = user_id, "signed in with ProConnect");
                    // A session this browser held before is ended: the id changes at sign-in.
                    if let Some(old) = parts.extensions.get::<SessionToken>().and_then(|t| t.0.clone()) {
                        let _ = store::sessions::delete(&state.db, &old).await;
                    }
                    let mut r = see_other(&next);
                    r.headers_mut().append(SET_COOKIE, session_cookie(&session, secure));
                    r
                }
                Outcome::NeedsLink { link, .. } => {
                    let mut r = see_other("/auth/proconnect/link");
                    r.headers_mut().append(SET_COOKIE, flow_cookie(LINK_COOKIE, &link, PROCONNECT_LINK_TTL_SECONDS, secure));
                    r
                }
            };
            response.headers_mut().append(SET_COOKIE, flow_cookie(STATE_COOKIE, "", 0, secure));
            response
        }
        Err(e) => failure(&state, &parts, e).await,
    }
}

async fn complete_callback(state: &AppState, parts: &Parts, q: CallbackQuery) -> Result<(Outcome, String), LoginError> {
    let pc = provider(state)?;
    // The state must be the one this browser was given, and still pending.
    let returned = q.state.ok_or(LoginError::StateMismatch)?;
    if cookie(parts, STATE_COOKIE).as_deref() != Some(returned.as_str()) {
        return Err(LoginError::StateMismatch);
    }
    let pending = store::identities::take_login(&state.db, &store::sessions::hash(&returned))
        .await
        .map_err(|e| LoginError::ProviderUnavailable(format!("database: {e}")))?
        .ok_or(LoginError::StateMismatch)?;
    if let Some(code) = q.error {
        return Err(LoginError::ProviderError { code });
    }
    // RFC 9207: the answer names its issuer, which must be ours (mix-up attacks).
    if q.iss.as_deref() != Some(pc.config.issuer.as_str()) {
        return Err(LoginError::IssuerMismatch(q.iss));
    }
    let code = q.code.ok_or_else(|| LoginError::TokenRejected("no code".into()))?;
    let verified = pc.complete(&code, &pending.nonce, &pending.pkce_verifier).await?;
    let outcome = identity::sign_in(&state.db, &verified)
        .await
        .map_err(|e| LoginError::TokenRejected(e.message()))?;
    Ok((outcome, pending.next_path))
}

/// Confirms the link of a ProConnect identity to an existing local account
/// with that account's password.
#[tracing::instrument(skip_all)]
pub async fn confirm_link(State(state): State<AppState>, form: FormPost) -> Response {
    let Some(link) = cookie(&form.parts, LINK_COOKIE) else {
        return failure(&state, &form.parts, LoginError::StateMismatch).await;
    };
    match identity::confirm_link(&state.db, &link, form.fields.get("password")).await {
        Ok(session) => {
            let secure = state.config.secure_cookies();
            let mut response = see_other("/");
            response.headers_mut().append(SET_COOKIE, session_cookie(&session, secure));
            response.headers_mut().append(SET_COOKIE, flow_cookie(LINK_COOKIE, "", 0, secure));
            response
        }
        Err(e) => form.refuse(&state, "/auth/proconnect/link", "/auth/proconnect/link", e).await,
    }
}

#[derive(Deserialize)]
pub struct LoggedOutQuery {
    state: Option<String>,
}

/// Where ProConnect sends the browser back after its sign-out: the state must
/// be the one this browser was sent with.
pub async fn logged_out(State(state): State<AppState>, parts: Parts, Query(q): Query<LoggedOutQuery>) -> Response {
    let expected = cookie(&parts, LOGOUT_COOKIE);
    if expected.is_none() || q.state != expected {
        return failure(&state, &parts, LoginError::LogoutStateMismatch).await;
    }
    let mut response = see_other("/");
    response.headers_mut().append(SET_COOKIE, flow_cookie(LOGOUT_COOKIE, "", 0, state.config.secure_cookies()));
    response.into_response()
}

/// After the local session has ended: the redirect to the provider's
/// sign-out, with the cookie that will let us check its return.
pub async fn provider_logout(state: &AppState, id_token: &str) -> Option<Response> {
    let pc = state.proconnect.clone()?;
    let logout_state = ProConnect::new_state();
    match pc.end_session_url(id_token, &logout_state).await {
        Ok(url) => {
            let mut response = to_provider(&url);
            response.headers_mut().append(
                SET_COOKIE,
                flow_cookie(LOGOUT_COOKIE, &logout_state, LOGIN_TTL_SECONDS, state.config.secure_cookies()),
            );
            Some(response)
        }
        Err(e) => {
            tracing::warn!(error = %e, "ProConnect sign-out unavailable; local session ended");
            None
        }
    }
}
