//! Rendering Leptos pages from handlers: the page a refused form came from,
//! shown again with what was typed and why it was refused, and the 404 page.

use crate::state::AppState;
use app::domain::limits::PATH_SEGMENT_MAX_BYTES;
use app::domain::FormEcho;
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{Request, StatusCode, request::Parts};
use leptos::prelude::provide_context;

/// Renders the page at `page_path` as the request's viewer would see it,
/// with `echo` available to its forms, and answers with `status`.
pub async fn page_with_echo(state: &AppState, parts: &Parts, page_path: &str, echo: FormEcho, status: StatusCode) -> Response {
    page_with_echo_or_none(state, parts, page_path, Some(echo), status).await
}

async fn page_with_echo_or_none(
    state: &AppState,
    parts: &Parts,
    page_path: &str,
    echo: Option<FormEcho>,
    status: StatusCode,
) -> Response {
    let mut req = Request::builder().method("GET").uri(page_path).body(Body::empty()).expect("valid path");
    *req.headers_mut() = parts.headers.clone();
    *req.extensions_mut() = parts.extensions.clone();
    let mut response = render(state, req, echo).await;
    *response.status_mut() = status;
    response
}

/// What every page render gets in its context: the database, the search
/// index, how members sign in, where the static files are and the mail settings.
pub fn leptos_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let db = state.db.clone();
    let auth = state.auth_options();
    let search = state.search.clone();
    let assets = state.assets.names.clone();
    let mail = state.mail.clone();
    move || {
        provide_context(db.clone());
        provide_context(auth);
        provide_context(search.clone());
        provide_context(assets.clone());
        provide_context(mail.clone());
    }
}

/// Renders the app for `req` (fully, before answering: no JavaScript needed).
pub async fn render(state: &AppState, req: Request<Body>, echo: Option<FormEcho>) -> Response {
    let options = state.leptos.clone();
    let base = leptos_context(state);
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            base();
            if let Some(echo) = echo.clone() {
                provide_context(echo);
            }
        },
        move || app::shell(options.clone()),
    );
    handler(req).await.into_response()
}

/// Anything no route matched: a static file from the site root, or the 404 page.
pub async fn fallback(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request<Body>,
) -> Response {
    use tower::ServiceExt;
    let (parts, body) = req.into_parts();
    // A segment longer than a file name can be is no file: asking the file
    // system would fail ("File name too long") instead of saying "not found".
    let plausible_file = parts.uri.path().split('/').all(|s| s.len() <= PATH_SEGMENT_MAX_BYTES);
    if plausible_file && (parts.method == http::Method::GET || parts.method == http::Method::HEAD) {
        let file_req = Request::from_parts(parts.clone(), Body::empty());
        let served = tower_http::services::ServeDir::new(&state.config.site_root)
            .oneshot(file_req)
            .await
            .map(IntoResponse::into_response);
        let Ok(resp) = served;
        if resp.status() != StatusCode::NOT_FOUND {
            return resp;
        }
    }
    let mut response = render(&state, Request::from_parts(parts, body), None).await;
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

/// The 404 page for a request whose address names nothing (a form posted to
/// `/t/abc/reply`), as its viewer would see it.
pub async fn not_found(state: &AppState, parts: &Parts) -> Response {
    page_with_echo_or_none(state, parts, "/404", None, StatusCode::NOT_FOUND).await
}
