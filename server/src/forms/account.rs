//! Local accounts by mail: following a link (address proven, new address),
//! asking for and using a password reset, changing address and password,
//! asking for a new verification link.

use super::auth::signed_in;
use crate::extract::{FormPost, SignedIn, see_other};
use crate::middleware::session::SessionToken;
use crate::state::AppState;
use app::domain::Password;
use app::forum::accounts;
use axum::extract::{Path, State};
use axum::response::Response;

/// The token of a link, as its path carries it (anything else finds no link).
fn token_path(token: &str) -> String {
    token.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

#[tracing::instrument(skip_all)]
pub async fn confirm_address(State(state): State<AppState>, Path(token): Path<String>, form: FormPost) -> Response {
    let token = token_path(&token);
    match accounts::confirm_address(&state.db, &token).await {
        Ok((_, session)) => signed_in(&state, &session, "/?welcome=1"),
        Err(e) => form.refuse(&state, &format!("/verify/{token}"), &format!("/verify/{token}"), e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn request_reset(State(state): State<AppState>, form: FormPost) -> Response {
    match accounts::request_reset(&state.db, &state.mail, form.fields.get("email")).await {
        Ok(()) => see_other("/password/forgot?sent=1"),
        Err(e) => form.refuse(&state, "/password/forgot", "/password/forgot", e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn reset_password(State(state): State<AppState>, Path(token): Path<String>, form: FormPost) -> Response {
    let token = token_path(&token);
    let password = Password::parse(form.fields.get("password")).map_err(|e| vec![e]);
    match accounts::reset_password(&state.db, &token, password).await {
        Ok((_, session)) => signed_in(&state, &session, "/?password=reset"),
        Err(e) => form.refuse(&state, &format!("/password/reset/{token}"), &format!("/password/reset/{token}"), e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn change_email(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    let f = &form.fields;
    match accounts::change_email(&state.db, &state.mail, &viewer, f.get("new_email"), f.get("password")).await {
        Ok(_) => see_other("/settings/account?sent=email"),
        Err(e) => form.refuse(&state, "/settings/account", "/settings/account/email", e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn change_password(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    let f = &form.fields;
    let keep = form.parts.extensions.get::<SessionToken>().and_then(|t| t.0.clone()).unwrap_or_default();
    let new = Password::parse(f.get("new_password")).map_err(|e| vec![e]);
    match accounts::change_password(&state.db, &viewer, &keep, f.get("current_password"), new).await {
        Ok(()) => see_other("/settings/account?done=password"),
        Err(e) => form.refuse(&state, "/settings/account", "/settings/account/password", e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn resend_verification(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    match accounts::resend_verification(&state.db, &state.mail, &viewer).await {
        Ok(()) => see_other("/settings/account?sent=verify"),
        Err(e) => form.refuse(&state, "/settings/account", "/settings/account/verify", e).await,
    }
}
