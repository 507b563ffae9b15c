//! Content-Security-Policy. Everything comes from this origin (images too:
//! a page makes the browser contact no third party); the only
//! inline script is Leptos' hydration loader, allowed by the nonce the page
//! was rendered with (handed over in a private header, removed here). Forms
//! may lead to ProConnect: sign-in and sign-out post here and redirect
//! there, and `form-action` also governs those redirects.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};

pub async fn content_security_policy(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let nonce = response
        .headers_mut()
        .remove(app::NONCE_HEADER)
        .and_then(|v| v.to_str().ok().map(str::to_string))
        .filter(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(&b)));
    let script = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    let provider = state
        .proconnect
        .as_ref()
        .and_then(|pc| url::Url::parse(&pc.config.issuer).ok())
        .map(|u| format!(" {}", u.origin().ascii_serialization()))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src {script}; style-src 'self'; img-src 'self' data:; \
         frame-ancestors 'none'; form-action 'self'{provider}; base-uri 'none'; object-src 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}
