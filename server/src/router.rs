//! The whole HTTP surface in one place: pages (Leptos routes, GET), form
//! posts (one handler each), server functions (`/api/…`), static files, and
//! the middleware every request goes through (after `front`).

use crate::forms::{account, admin, auth, posts, subscriptions, threads};
use crate::front::Front;
use crate::middleware::{caching, csp, fixed, origin, session};
use crate::proconnect::routes as proconnect;
use crate::state::AppState;
use crate::{health, page_cache, render};
use app::domain::limits::REQUEST_BODY_MAX_BYTES;
use axum::extract::{DefaultBodyLimit, State};
use axum::middleware::from_fn_with_state;
use axum::routing::{IntoMakeService, get, post};
use axum::{Router, ServiceExt};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::OnceLock;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// The pages' routes, listed once per process. Listing them runs the app with
/// resource loading suspended through a flag global to the process
/// (leptos_server's `SuppressResourceLoad`, leptos issue #4773): a page
/// rendered meanwhile by another router of the same process would wait forever
/// for its data. Listing once, before any router exists, leaves no such moment.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// The service `axum::serve` runs: `front`, then the router.
pub fn build(state: AppState) -> IntoMakeService<Front> {
    Front::new(state.clone(), pages(state)).into_make_service()
}

fn pages(state: AppState) -> Router {
    let routes = page_routes();
    let options = state.leptos.clone();
    let pages: Router<AppState> = Router::new()
        .route("/signup", post(auth::sign_up))
        .route("/login", post(auth::sign_in))
        .route("/logout", post(auth::sign_out))
        .route("/new", post(threads::new_thread))
        .route("/t/{id}/reply", post(threads::reply))
        .route("/t/{id}/status", post(threads::change_status))
        .route("/t/{id}/resolution", post(threads::mark_resolution))
        .route("/t/{id}/lock", post(threads::lock))
        .route("/p/{id}", get(posts::permalink))
        .route("/p/{id}/edit", post(posts::edit))
        .route("/p/{id}/delete", post(posts::delete))
        .route("/admin/tags", post(admin::create_tag))
        .route("/admin/tags/{slug}/edit", post(admin::edit_tag))
        .route("/admin/tags/{slug}/merge", post(admin::merge_tag))
        .route("/admin/members/{id}/role", post(admin::set_role))
        .route("/verify/{token}", post(account::confirm_address))
        .route("/password/forgot", post(account::request_reset))
        .route("/password/reset/{token}", post(account::reset_password))
        .route("/settings/account/email", post(account::change_email))
        .route("/settings/account/password", post(account::change_password))
        .route("/settings/account/verify", post(account::resend_verification))
        .route("/subscriptions", post(subscriptions::change))
        .route("/settings/notifications", post(subscriptions::defaults))
        .route("/settings/notifications/resume", post(subscriptions::resume_mail))
        .route("/notifications/{id}/read", post(subscriptions::mark_read))
        .route("/notifications/read-all", post(subscriptions::mark_all_read))
        .route("/unsubscribe/{token}", post(subscriptions::unsubscribe))
        .route("/auth/proconnect/login", post(proconnect::login))
        .route("/auth/proconnect/callback", get(proconnect::callback))
        .route("/auth/proconnect/link", post(proconnect::confirm_link))
        .route("/auth/proconnect/logged-out", get(proconnect::logged_out))
        .leptos_routes_with_context(&state, routes, render::leptos_context(&state), move || app::shell(options.clone()))
        .fallback(render::fallback)
        .layer(from_fn_with_state(state.clone(), page_cache::serve))
        .layer(axum::middleware::from_fn(caching::private_when_personal))
        .layer(from_fn_with_state(state.clone(), origin::check_origin))
        .layer(from_fn_with_state(state.clone(), session::load_viewer))
        .layer(DefaultBodyLimit::max(REQUEST_BODY_MAX_BYTES))
        .layer(from_fn_with_state(state.clone(), fixed::add_fixed_headers))
        .layer(from_fn_with_state(state.clone(), csp::content_security_policy))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http());
    // Added after the page middleware, so answered without it: a load
    // balancer's probe needs no session, cache or policy (`front` answers
    // its GETs before the router).
    pages.route("/healthz", get(|State(state): State<AppState>| async move { health::healthz(&state).await })).with_state(state)
}
