//! Content-Security-Policy. Everything comes from this origin (images too:
//! a page makes the browser contact no third party); the only inline scripts
//! are Leptos' own (the hydration loader and its resource tables), allowed by
//! the nonce the page was rendered with (handed over in a private header,
//! removed here), or, on a page served from the page cache (which cannot
//! carry a per-response nonce), by their hashes: the cache sets that policy
//! itself, once per page, and this middleware leaves it. Forms may lead to
//! ProConnect: sign-in and sign-out post here and redirect there, and
//! `form-action` also governs those redirects.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};

/// The policy, made once: only the scripts' sources differ between pages.
pub struct Policy {
    /// Up to the script sources, and from the end of them.
    before_scripts: String,
    after_scripts: String,
}

impl Policy {
    /// The policy of a forum whose sign-in may lead to `issuer` (ProConnect).
    pub fn new(issuer: Option<&str>) -> Policy {
        let provider = issuer
            .and_then(|i| url::Url::parse(i).ok())
            .map(|u| format!(" {}", u.origin().ascii_serialization()))
            .unwrap_or_default();
        Policy {
            before_scripts: "default-src 'self'; script-src 'self'".to_string(),
            after_scripts: format!(
                " 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
                 frame-ancestors 'none'; form-action 'self'{provider}; base-uri 'none'; object-src 'none'"
            ),
        }
    }

    /// The policy allowing, beside this origin's scripts, the inline ones
    /// `sources` names: `'nonce-…'` or `'sha256-…'`, space-separated; if any
    /// is something else, none is allowed.
    pub fn with_scripts(&self, sources: &str) -> HeaderValue {
        let source = |s: &str| {
            let value = s.strip_prefix("'nonce-").or_else(|| s.strip_prefix("'sha256-")).and_then(|v| v.strip_suffix('\''));
            value.is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(&b)))
        };
        let safe = sources.split_whitespace().all(source);
        let sources = if safe && !sources.trim().is_empty() { format!(" {}", sources.trim()) } else { String::new() };
        HeaderValue::from_str(&format!("{}{sources}{}", self.before_scripts, self.after_scripts))
            .expect("a policy of ASCII characters")
    }
}

pub async fn content_security_policy(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let nonce = response.headers_mut().remove(app::NONCE_HEADER);
    if response.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        return response;
    }
    let nonce = nonce
        .and_then(|v| v.to_str().ok().map(str::to_string))
        .filter(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(&b)))
        .map(|n| format!("'nonce-{n}'"))
        .unwrap_or_default();
    let policy = state.csp.with_scripts(&nonce);
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
    response
}

#[cfg(test)]
mod tests {
    use super::Policy;

    #[test]
    fn only_quoted_base64_sources_are_added() {
        let policy = Policy::new(Some("https://auth.agentconnect.gouv.fr/api/v2"));
        let with = policy.with_scripts("'sha256-AbC+/=' 'nonce-x_y-z'");
        assert_eq!(
            with.to_str().unwrap(),
            "default-src 'self'; script-src 'self' 'sha256-AbC+/=' 'nonce-x_y-z' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; frame-ancestors 'none'; form-action 'self' https://auth.agentconnect.gouv.fr; \
             base-uri 'none'; object-src 'none'"
        );
        for bad in ["'unsafe-inline'", "'sha256-x'; script-src *", "'nonce-a' *", "'nonce-'"] {
            let refused = policy.with_scripts(bad);
            assert!(refused.to_str().unwrap().starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"), "{bad}");
        }
    }
}
