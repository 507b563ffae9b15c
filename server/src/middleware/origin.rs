//! Cross-site request forgery guard. Every state-changing request (any method
//! but GET, HEAD, OPTIONS) must come from one of our own pages: its `Origin`
//! (or, failing that, its `Referer`) must name the host it was sent to, or
//! the configured public URL. Browsers always send `Origin` on form posts
//! and `fetch` calls, so honest requests pass and forged ones do not.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};

pub async fn check_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || carries_its_own_authority(req.uri().path()) {
        return next.run(req).await;
    }
    if is_same_origin(req.headers(), state.config.public_url.as_deref()) {
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-origin request refused");
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Requête refusée : elle ne vient pas d’une page de ce forum. Rechargez la page et réessayez.",
        )
            .into_response()
    }
}

/// A mail's one-click unsubscribe (RFC 8058) is posted by the mail client,
/// without Origin and without the member's cookie: its signed token is the
/// whole authority (`mail::unsubscribe`), so a forged cross-site post can do
/// nothing the link itself could not.
fn carries_its_own_authority(path: &str) -> bool {
    path.starts_with("/unsubscribe/")
}

/// The `host[:port]` part of an absolute URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

pub fn is_same_origin(headers: &http::HeaderMap, public_url: Option<&str>) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok())
        .and_then(authority);
    let Some(claimed) = claimed else { return false };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    host == Some(claimed) || public_url.and_then(authority) == Some(claimed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_host_origin_passes() {
        assert!(is_same_origin(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]), None));
        assert!(is_same_origin(&headers(&[("host", "127.0.0.1:3000"), ("referer", "http://127.0.0.1:3000/new")]), None));
    }

    #[test]
    fn foreign_missing_or_cross_site_origin_is_refused() {
        assert!(!is_same_origin(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")]), None));
        assert!(!is_same_origin(&headers(&[("host", "127.0.0.1:3000")]), None));
        assert!(!is_same_origin(&headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]), None));
        assert!(!is_same_origin(
            &headers(&[("host", "a"), ("origin", "http://a"), ("sec-fetch-site", "cross-site")]),
            None
        ));
    }

    #[test]
    fn public_url_origin_passes_behind_a_proxy() {
        let h = headers(&[("host", "127.0.0.1:3000"), ("origin", "https://jonction.example.fr")]);
        assert!(is_same_origin(&h, Some("https://jonction.example.fr")));
    }
}
