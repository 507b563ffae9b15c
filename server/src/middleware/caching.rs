//! Headers about where a response may be kept: a signed-in member's pages
//! are theirs alone (`Cache-Control: private, no-store`, so no shared cache
//! or back-forward cache keeps a page with their name and forms).

use app::api::CurrentViewer;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};

pub async fn private_when_personal(req: Request, next: Next) -> Response {
    let signed_in = req.extensions().get::<CurrentViewer>().is_some_and(|v| v.0.is_some());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    // A response that opens or ends a session is personal too.
    if signed_in || headers.contains_key(header::SET_COOKIE) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    response
}
