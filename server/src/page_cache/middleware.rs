//! The page cache in the request path, twice. Before the router
//! (`answer_early`, called by `front`), a request that carries no session
//! cookie is answered from the cache before any middleware runs (no trace
//! span, session lookup, compression or policy: the cached page carries its
//! headers, made once). Inside the session middleware (`serve`), the pages
//! rendered for anonymous visitors are stored (its policy turns the scripts'
//! hashes into the page's own), and the cache answers a request whose cookie
//! names no session.

use super::scripts::nonce_to_hashes;
use super::spliced::take_markers;
use super::{PageCache, cacheable, spliceable};
use crate::middleware::session::token_from_headers;
use crate::state::AppState;
use app::api::{CurrentViewer, UnreadCount};
use app::components::viewer_region::regions_for;
use app::components::{Region, RegionRecorder};
use std::sync::Arc;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};

/// The cached page a GET or HEAD without a session cookie asks for, if the
/// cache holds it as the forum shows it now (called before the router, by `front`).
pub async fn answer_early(cache: &PageCache, req: &http::request::Parts) -> Option<Response> {
    if !cache.enabled() || !matches!(req.method, Method::GET | Method::HEAD) || token_from_headers(&req.headers).is_some() {
        return None;
    }
    cacheable(req.uri.path())?;
    cache.catch_up().await?;
    let key = cache_key(&req.uri);
    let page = cache.get(key)?;
    Some(respond(cache, &page, key, &req.headers))
}

/// A page's key in the cache: its path and query, as asked.
fn cache_key(uri: &http::Uri) -> &str {
    uri.path_and_query().map_or_else(|| uri.path(), |pq| pq.as_str())
}

pub async fn serve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let cache = &state.pages;
    if !cache.enabled() {
        return next.run(req).await;
    }
    let method = req.method().clone();
    // A POST's change needs nothing here: whatever it committed is in the log
    // before its answer leaves, and the GET that follows (the redirect) reads
    // the log before anything is served or stored. Waiting for the log while
    // holding a rendered answer (a refused form) only delays it.
    if method != Method::GET && method != Method::HEAD {
        return next.run(req).await;
    }
    let Some(reader) = req.extensions().get::<CurrentViewer>().cloned() else {
        return next.run(req).await;
    };
    let unread = req.extensions().get::<UnreadCount>().and_then(|u| u.0);
    let member = reader.0.map(|viewer| Member { viewer, unread });
    let path = req.uri().path();
    let Some((shows, searched)) = cacheable(path).filter(|_| member.is_none() || spliceable(req.uri())) else {
        return next.run(req).await;
    };
    let Some(applied) = cache.catch_up().await else {
        return next.run(req).await;
    };
    let key = cache_key(req.uri()).to_string();
    let headers = req.headers().clone();
    if let Some(page) = cache.get(&key) {
        return match &member {
            Some(m) => m.answer(&state, &page, &key).await,
            None => respond(cache, &page, &key, &headers),
        };
    }
    // What the search index held before the render: a page is never newer than it says.
    let index_version = searched.then(|| cache.search.applied_change());
    // Rendered as anyone not signed in sees it, its regions noted (`spliced`).
    let recorder = RegionRecorder::default();
    req.extensions_mut().insert(recorder.clone());
    if member.is_some() {
        req.extensions_mut().insert(CurrentViewer(None));
        req.extensions_mut().insert(UnreadCount(None));
        req.headers_mut().remove(header::COOKIE);
    }
    let response = next.run(req).await;
    if method == Method::HEAD || !storable(&response) {
        return match &member {
            // (An error page, say: never the anonymous header to a member.)
            Some(m) if method == Method::GET => m.answer_unstored(&state, response, &recorder).await,
            _ => response,
        };
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let nonce = parts.headers.get(app::NONCE_HEADER).and_then(|v| v.to_str().ok());
    let hashed = std::str::from_utf8(&bytes).ok().zip(nonce).and_then(|(html, nonce)| nonce_to_hashes(html, nonce));
    let unmarked = hashed.and_then(|(html, hashes)| take_markers(&html, &recorder.regions()).map(|(html, placed)| (html, placed, hashes)));
    let (Some((html, placed, hashes)), Some(content_type)) = (unmarked, parts.headers.get(header::CONTENT_TYPE).cloned()) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let page = cache.new_page(shows, index_version, content_type, state.csp.with_scripts(&hashes), &state.fixed_headers, html.into(), placed);
    let page = match cache.admit(key.clone(), page, applied) {
        Ok(page) => page,
        // Not kept (a change arrived meanwhile, or too large): answered all the same.
        Err(page) => Arc::new(page),
    };
    match &member {
        Some(m) => m.answer(&state, &page, &key).await,
        None => respond(cache, &page, &key, &headers),
    }
}

/// A signed-in reader of a page made of the anonymous one (`spliced`).
struct Member {
    viewer: app::domain::Viewer,
    unread: Option<i64>,
}

impl Member {
    /// The page with this member's regions: those whose HTML depends only on
    /// their rights are taken from what the page kept for those rights
    /// (`Region::rights_key`), the others rendered now (and kept where they may be).
    async fn answer(&self, state: &AppState, page: &super::Page, key: &str) -> Response {
        let keys: Vec<Option<u8>> = page.regions.iter().map(|(r, _)| r.rights_key(Some(&self.viewer))).collect();
        let mut kept = page.shared_regions(&keys);
        let missing: Vec<Region> =
            page.regions.iter().zip(&kept).filter(|(_, k)| k.is_none()).map(|((r, _), _)| r.clone()).collect();
        let rendered = match regions_for(&state.db, &missing, Some(&self.viewer), self.unread, state.auth_options()).await {
            Ok(html) => html,
            Err(e) => return failed(e),
        };
        let mut grew = false;
        let mut rendered = rendered.into_iter();
        for (i, slot) in kept.iter_mut().enumerate() {
            if slot.is_none() {
                let html: Arc<str> = rendered.next().unwrap_or_default().into();
                if let Some(k) = keys[i] {
                    grew |= page.keep_shared(i, k, &html);
                }
                *slot = Some(html);
            }
        }
        if grew {
            state.pages.grew(page, key);
        }
        let html: Vec<Arc<str>> = kept.into_iter().flatten().collect();
        page.respond_to_member(&html)
    }

    /// A page not kept (an error page…) made theirs the same way, its nonce left to the policy middleware.
    async fn answer_unstored(&self, state: &AppState, response: Response, recorder: &RegionRecorder) -> Response {
        let (parts, body) = response.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let Some((html, placed)) = std::str::from_utf8(&bytes).ok().and_then(|html| take_markers(html, &recorder.regions())) else {
            return Response::from_parts(parts, Body::from(bytes));
        };
        let regions: Vec<Region> = placed.iter().map(|(r, _)| r.clone()).collect();
        match regions_for(&state.db, &regions, Some(&self.viewer), self.unread, state.auth_options()).await {
            Ok(mine) => Response::from_parts(parts, Body::from(super::spliced::splice(html.as_bytes(), &placed, &mine))),
            Err(e) => failed(e),
        }
    }
}

fn failed(e: app::error::AppError) -> Response {
    tracing::error!(error = ?e, "page cache: a member's regions could not be read");
    e.status().into_response()
}

/// A 200 page for everyone: no cookie set, nothing but HTML.
fn storable(response: &Response) -> bool {
    response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"))
}

fn respond(cache: &PageCache, page: &super::Page, key: &str, headers: &http::HeaderMap) -> Response {
    let (response, compressed_now) = page.respond(headers);
    if compressed_now {
        cache.grew(page, key);
    }
    response
}
