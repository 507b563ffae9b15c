use crate::extract::{FormPost, see_other};
use crate::middleware::session::{SessionToken, clear_cookie, session_cookie};
use crate::state::AppState;
use app::domain::SafeNext;
use app::domain::SignUp;
use app::forum::auth;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header::SET_COOKIE;

pub(crate) fn signed_in(state: &AppState, token: &str, to: &str) -> Response {
    let mut response = see_other(to);
    response.headers_mut().insert(SET_COOKIE, session_cookie(token, state.config.secure_cookies()));
    response
}

#[tracing::instrument(skip_all)]
pub async fn sign_up(State(state): State<AppState>, form: FormPost) -> Response {
    let f = &form.fields;
    let input = SignUp::parse(f.get("display_name"), f.get("email"), f.get("organisation"), f.get("password"));
    // The same answer whether or not the address had an account: the mail tells its owner.
    match auth::sign_up(&state.db, &state.mail, input, state.config.local_signup).await {
        Ok(()) => see_other("/signup?sent=1"),
        Err(e) => form.refuse(&state, "/signup", "/signup", e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn sign_in(State(state): State<AppState>, form: FormPost) -> Response {
    let f = &form.fields;
    match auth::sign_in(&state.db, f.get("email"), f.get("password")).await {
        Ok(token) => {
            // A session the browser held before signing in is ended: the id changes at sign-in.
            if let Some(old) = form.parts.extensions.get::<SessionToken>().and_then(|t| t.0.clone()) {
                let _ = auth::sign_out(&state.db, &old).await;
            }
            signed_in(&state, &token, SafeNext::parse(f.get("next")).as_str())
        }
        Err(e) => form.refuse(&state, "/login", "/login", e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn sign_out(State(state): State<AppState>, form: FormPost) -> Response {
    let mut id_token = None;
    if let Some(token) = form.parts.extensions.get::<SessionToken>().and_then(|t| t.0.clone()) {
        // A ProConnect session also ends at the provider: keep its ID token for the hint.
        id_token = app::store::sessions::id_token(&state.db, &token).await.ok().flatten();
        if let Err(e) = auth::sign_out(&state.db, &token).await {
            return form.refuse(&state, "/", "/logout", e).await;
        }
    }
    let provider = match &id_token {
        Some(t) => crate::proconnect::routes::provider_logout(&state, t).await,
        None => None,
    };
    let mut response = provider.unwrap_or_else(|| see_other("/"));
    response.headers_mut().append(SET_COOKIE, clear_cookie(state.config.secure_cookies()));
    response.into_response()
}
