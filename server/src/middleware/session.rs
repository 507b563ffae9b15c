//! Session cookies. The cookie holds a random token; the database row (by
//! its hash) says who it belongs to. Every request gets a `CurrentViewer`
//! extension, which pages, server functions and form handlers read.

use crate::state::AppState;
use app::api::{CurrentViewer, UnreadCount};
use app::domain::limits::{SESSION_SECONDS, UNREAD_COUNT_MAX};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};

pub const COOKIE_NAME: &str = "jonction_session";

/// The session token of the request, if any (needed to end the session).
#[derive(Clone, Debug, Default)]
pub struct SessionToken(pub Option<String>);

pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    app::api::cookie(headers, COOKIE_NAME)
        // A token is 43 base64url characters; anything else is not ours.
        .filter(|v| v.len() == 43 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

pub async fn load_viewer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let token = token_from_headers(req.headers());
    // The header's unread count comes with the viewer: one query per signed-in request.
    let (viewer, unread) = match &token {
        Some(t) => match app::store::sessions::viewer_with_unread(&state.db, t, UNREAD_COUNT_MAX + 1).await {
            Ok(found) => found.unzip(),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return unchecked_session();
            }
        },
        None => (None, None),
    };
    req.extensions_mut().insert(CurrentViewer(viewer));
    req.extensions_mut().insert(UnreadCount(unread));
    req.extensions_mut().insert(SessionToken(token));
    next.run(req).await
}

/// The answer when the database could not say whose session a cookie names:
/// served as a visitor, a member's form would be sent to the sign-in page
/// and their text lost there. Nothing was done; the member is told so.
fn unchecked_session() -> Response {
    let headers = [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::RETRY_AFTER, "1")];
    (StatusCode::SERVICE_UNAVAILABLE, headers, app::error::STORAGE_UNAVAILABLE_MESSAGE).into_response()
}

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Lax (sent on top-level
/// navigations back from an identity provider, never on cross-site POSTs).
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    cookie(COOKIE_NAME, token, "/", SESSION_SECONDS, secure)
}

pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookie(COOKIE_NAME, "", "/", 0, secure)
}

/// Every cookie the forum sets: HttpOnly, SameSite=Lax, `Secure` behind HTTPS.
/// Values are our own base64url tokens (or empty, with Max-Age=0, to clear).
pub fn cookie(name: &str, value: &str, path: &str, max_age: i64, secure: bool) -> HeaderValue {
    let built = cookie::Cookie::build((name, value))
        .path(path)
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(time::Duration::seconds(max_age))
        .secure(secure)
        .build();
    HeaderValue::from_str(&built.to_string()).expect("cookie values are base64url")
}
