//! The headers every page and form answer carries whoever asks: no MIME
//! sniffing, no framing, a referrer cut to the origin across sites, and,
//! behind HTTPS, `Strict-Transport-Security`. Made once per process; the
//! page cache copies them into each page it keeps, so that a page it answers
//! before this middleware runs carries them as well.

use crate::state::AppState;
use app::domain::limits::HSTS_MAX_AGE_SECONDS;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, HeaderValue, header};

/// The fixed headers of a forum served over HTTPS (`secure`) or not.
pub fn fixed_headers(secure: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    if secure {
        let hsts = format!("max-age={HSTS_MAX_AGE_SECONDS}");
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_str(&hsts).expect("digits"));
    }
    headers
}

/// Adds each fixed header the response does not carry yet.
pub async fn add_fixed_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    for (name, value) in &state.fixed_headers {
        if !headers.contains_key(name) {
            headers.insert(name, value.clone());
        }
    }
    response
}
