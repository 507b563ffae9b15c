use crate::support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_post_from_another_site_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let threads = app.count("SELECT COUNT(*) FROM threads").await;
    for origin in [Some("http://evil.example"), None] {
        let mut req = app.client.post(format!("{}/new", app.base)).form(&[
            ("title", "Forgé"),
            ("body", "x"),
            ("solution", "geoserver"),
            ("standard", "wfs"),
        ]);
        if let Some(o) = origin {
            req = req.header("Origin", o);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "origin {origin:?}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM threads").await, threads);
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = TestApp::spawn().await;
    let r = app.get("/").await;
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn an_oversized_request_body_is_refused() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let huge = "a".repeat(app::domain::limits::REQUEST_BODY_MAX_BYTES + 1);
    let r = app.post("/new", &[("title", "t"), ("body", &huge)]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_request_body_just_under_the_limit_reaches_the_form() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    // The whole form (both fields, encoded) stays under the limit: the form answers, about
    // the message's own length, instead of the body limit.
    let long = "a".repeat(256 * 1024 - 100); // README: requests up to 256 KiB
    let r = app.post("/new", &[("title", "t"), ("body", &long)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_the_pages_own_hydration_script_may_run_inline() {
    // A member's page, rendered for them: its scripts carry a fresh nonce. (Pages
    // served to anonymous visitors from the page cache allow them by hash:
    // `page_cache.rs`.)
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let r = app.get("/settings/account").await;
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(!r.headers().contains_key(app::NONCE_HEADER), "the private header does not leave the server");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let page = text(r).await;
    let nonce = page.split("<script type=\"module\" nonce=\"").nth(1).and_then(|s| s.split('"').next()).expect("nonce on the loader");
    assert!(csp.contains(&format!("'nonce-{nonce}'")), "{csp}");
    let again = app.get("/settings/account").await;
    assert!(!again.headers()["content-security-policy"].to_str().unwrap().contains(nonce), "a fresh nonce per page");
}

#[tokio::test]
async fn images_come_from_this_forum_only() {
    let app = TestApp::spawn().await;
    let csp = app.get("/").await.headers()["content-security-policy"].to_str().unwrap().to_string();
    let img = csp.split(';').map(str::trim).find(|d| d.starts_with("img-src")).expect("img-src");
    assert_eq!(img, "img-src 'self' data:", "{csp}");

    app.sign_up("Anne Martin", "anne@ign.example").await;
    let id = app.start_thread("Capture", "![capture](https://tracker.example/pixel.png)").await;
    let doc = scraper::Html::parse_document(&text(app.get(&format!("/t/{id}")).await).await);
    let images = scraper::Selector::parse(".post-body img").unwrap();
    assert_eq!(doc.select(&images).count(), 0, "no remote image in a message");
    let links = scraper::Selector::parse(".post-body a[href=\"https://tracker.example/pixel.png\"]").unwrap();
    assert_eq!(doc.select(&links).count(), 1, "the image is offered as a link");
}

#[tokio::test]
async fn signed_in_pages_are_never_stored_by_caches() {
    let app = TestApp::spawn().await;
    let anonymous = app.get("/").await;
    assert!(anonymous.headers().get("cache-control").is_none_or(|v| !v.to_str().unwrap().contains("private")));
    let r = app.sign_up("Anne Martin", "anne@ign.example").await;
    assert_eq!(r.headers()["cache-control"], "private, no-store", "the answer that opens a session");
    for path in ["/", "/t/1", "/map"] {
        assert_eq!(app.get(path).await.headers()["cache-control"], "private, no-store", "{path}");
    }
    assert!(app.get("/").await.headers().get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
}

#[tokio::test]
async fn behind_https_browsers_are_told_to_keep_to_it() {
    let app = TestApp::spawn_public("https://jonction.example.fr").await;
    let r = app.get("/").await;
    assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
}
