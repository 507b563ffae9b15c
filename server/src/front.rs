//! The first thing every request meets, before the router: what needs
//! nothing of the forum's middleware is answered here, without routing,
//! trace span, session lookup, compression or policy, and without cloning
//! the route's stack of services (axum clones it per request). That is a
//! static file (`static_assets`), the health probe, and a page the page
//! cache holds, asked for by a request that carries no session cookie (each
//! cached page carries its headers, made once). Everything else goes to the
//! router.

use crate::state::AppState;
use crate::{health, page_cache, static_assets};
use axum::Router;
use axum::body::Body;
use axum::response::Response;
use http::{Method, Request};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::{Service, ServiceExt};

#[derive(Clone)]
pub struct Front {
    state: AppState,
    router: Router,
}

impl Front {
    pub fn new(state: AppState, router: Router) -> Front {
        Front { state, router }
    }
}

type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl Service<Request<Body>> for Front {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Body>) -> Answer {
        if let Some(file) = static_assets::answer(&self.state.assets, &req) {
            return Box::pin(std::future::ready(Ok(file)));
        }
        let (state, router) = (self.state.clone(), self.router.clone());
        Box::pin(async move {
            // (A body is not `Sync`: only the head is kept across the awaits.)
            let (head, body) = req.into_parts();
            let reads = matches!(head.method, Method::GET | Method::HEAD);
            if reads && head.uri.path() == "/healthz" {
                return Ok(health::healthz(&state).await);
            }
            if let Some(page) = page_cache::answer_early(&state.pages, &head).await {
                return Ok(page);
            }
            router.oneshot(Request::from_parts(head, body)).await
        })
    }
}
