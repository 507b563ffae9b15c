use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

pub use crate::components::echo_for;

/// A route parameter as a number: `/t/12-some-title` gives 12.
pub fn param_id(name: &str) -> Option<i64> {
    let raw = use_params_map().read_untracked().get(name)?;
    let digits: String = raw.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

pub fn param(name: &str) -> String {
    use_params_map().read_untracked().get(name).unwrap_or_default()
}

pub fn query(name: &str) -> Option<String> {
    use_query_map().read_untracked().get(name).filter(|v| !v.is_empty())
}

/// Sets the status of the page being rendered (404 for an unknown address…).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(code) {
            r.set_status(code);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A page's loader for the thing its address names by id (`/t/12-…`): `get`
/// it, or, when the address holds no id, answer 404 with `missing`.
pub fn load_by_id<T, Fut, Get>(
    id: Option<i64>,
    missing: &'static str,
    get: Get,
) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = Result<T, ServerFnError>> + Send>> + Send + Sync + 'static
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, ServerFnError>> + Send + 'static,
    Get: Fn(i64) -> Fut + Send + Sync + 'static,
{
    move || match id {
        Some(id) => Box::pin(get(id)),
        None => Box::pin(std::future::ready(Err(not_found(missing)))),
    }
}

/// The error a page's loader gives for an address that names nothing (an id
/// that is not a number): the page answers 404 with `message`.
pub fn not_found(message: &str) -> ServerFnError {
    set_status(404);
    ServerFnError::ServerError(message.to_string())
}

/// Sends the browser elsewhere (302) from a page being rendered on the server,
/// to a path of this forum only.
pub fn redirect(path: &str) {
    let path = crate::domain::SafeNext::parse(path);
    // Not `leptos_axum::redirect`, which only sets the status when the
    // request's Accept names HTML: a page address always redirects.
    #[cfg(feature = "ssr")]
    if let (Some(r), Ok(location)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(path.as_str()))
    {
        r.set_status(http::StatusCode::FOUND);
        r.insert_header(http::header::LOCATION, location);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = path;
}
