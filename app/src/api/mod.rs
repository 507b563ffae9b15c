//! Server functions, grouped by resource: what pages (and islands) call to
//! read data. Each one is thin: find the database and the viewer, call the
//! domain function, map its error. Mutations are not here: they are plain
//! HTML form posts handled by the server crate (see `server/src/forms`).

pub mod members;
pub mod notify;
pub mod preview;
pub mod search;
pub mod session;
pub mod tags;
pub mod threads;

#[cfg(feature = "ssr")]
pub use ssr_support::*;

#[cfg(feature = "ssr")]
mod ssr_support {
    use crate::domain::Viewer;
    use crate::error::AppError;
    use crate::store::Db;
    use leptos::prelude::*;

    /// The signed-in member of the current request, put in the request's
    /// extensions by the server's session middleware.
    #[derive(Clone, Debug, Default)]
    pub struct CurrentViewer(pub Option<Viewer>);

    /// The signed-in member's unread notifications (capped as
    /// `forum::notifications::unread` caps them), read with the viewer by the
    /// session middleware, so that the header costs no query of its own.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct UnreadCount(pub Option<i64>);

    pub fn db() -> Result<Db, ServerFnError> {
        use_context::<Db>().ok_or_else(|| ServerFnError::new("database missing from context"))
    }

    /// The value of cookie `name` in a request's headers (parsed by the
    /// `cookie` crate; a malformed pair is skipped, not misread).
    pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| cookie::Cookie::split_parse(v).filter_map(Result::ok).collect::<Vec<_>>())
            .find(|c| c.name() == name)
            .map(|c| c.value().to_string())
    }

    /// The unread count the session middleware read with the viewer, if any.
    pub fn unread_read_with_viewer() -> Option<i64> {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<UnreadCount>().and_then(|u| u.0))
    }

    pub fn viewer() -> Option<Viewer> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CurrentViewer>().cloned())
            .and_then(|v| v.0)
    }

    /// Maps a domain error: sets the response status of the page being
    /// rendered and keeps internal details in the log only.
    pub fn fail(e: AppError) -> ServerFnError {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(e.status());
        }
        if e.status().is_server_error() {
            tracing::error!(error = %e, "request failed");
        }
        ServerFnError::ServerError(e.message())
    }
}

/// The text of a server function error, for display.
pub fn error_text(e: &leptos::prelude::ServerFnError) -> String {
    match e {
        leptos::prelude::ServerFnError::ServerError(m) => m.clone(),
        other => other.to_string(),
    }
}
