//! The whole HTTP surface in one place: pages (Leptos routes, GET), form
//! posts (one handler each), server functions (`/api/…`), static files, and
//! the middleware every request goes through.

use crate::forms::{account, admin, auth, posts, subscriptions, threads};
use crate::middleware::{caching, csp, origin, session};
use crate::proconnect::routes as proconnect;
use crate::render;
use crate::state::AppState;
use crate::{page_cache, static_assets};
use app::domain::limits::REQUEST_BODY_MAX_BYTES;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use http::{HeaderValue, StatusCode, header};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::borrow::Cow;
use std::sync::OnceLock;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
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

pub fn build(state: AppState) -> Router {
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
        .layer(from_fn_with_state(state.clone(), caching::cache_and_transport))
        .layer(from_fn_with_state(state.clone(), origin::check_origin))
        .layer(from_fn_with_state(state.clone(), session::load_viewer))
        .layer(DefaultBodyLimit::max(REQUEST_BODY_MAX_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(from_fn_with_state(state.clone(), csp::content_security_policy))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http());
    // Added after the page middleware, so answered without it: a load
    // balancer's probe needs no session, cache or policy.
    pages
        .route("/healthz", get(healthz))
        .layer(from_fn_with_state(state.clone(), static_assets::serve))
        .with_state(state)
}

/// For the load balancer and monitoring: 200 "ok" when this node's database
/// connection accepts writes and its search index is live (the indexer
/// finished a pass over the change log lately); 503 saying why otherwise (a
/// read-only database, a full disk, an unreachable server, a stalled index),
/// so that monitoring sees what members would see on their next post.
/// Probes arriving while one runs share the next one (see `coalesce`).
async fn healthz(State(state): State<AppState>) -> (StatusCode, Cow<'static, str>) {
    use app::domain::limits::SEARCH_STALE_SECONDS;
    if let Err(why) = state.health.run(|| probe(&state.db)).await {
        return (StatusCode::SERVICE_UNAVAILABLE, why.into());
    }
    let stale = state.search.seconds_since_pass();
    if stale > SEARCH_STALE_SECONDS {
        tracing::error!(seconds = stale, "health check failed: the search indexer has not run");
        return (StatusCode::SERVICE_UNAVAILABLE, format!("search index not live: no indexing pass for {stale} s").into());
    }
    (StatusCode::OK, "ok".into())
}

async fn probe(db: &app::store::Db) -> Result<(), &'static str> {
    use app::error::AppError;
    app::store::ping(db).await.map_err(|e| {
        tracing::error!(error = %e, "health check failed");
        match AppError::from(e) {
            AppError::StorageReadOnly(_) => "database not writable: it is read-only",
            AppError::StorageFull(_) => "database not writable: the disk or the database is full",
            AppError::StorageUnavailable(_) | AppError::StorageContention(_) => "database not writable: busy, locked or failing",
            _ => "database unavailable",
        }
    })
}
