//! The stylesheet, the icon and the browser bundle under names that change
//! with their content: kept a year by browsers, sent in the compressed form
//! made at build time, never compressed per request, and asked for by pages
//! under those names.

use crate::support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn hashed_files_are_immutable_and_sent_as_built() {
    let app = TestApp::spawn_built_site().await;
    let page = text(app.get("/").await).await;
    assert!(page.contains("href=\"/pkg/jonction.fedcba9876543210.css\""), "the page asks for the hashed stylesheet");
    assert!(page.contains("/pkg/jonction.0123456789abcdef.js"), "and for the hashed bundle");
    assert!(page.contains("/pkg/jonction.0123456789abcdef_bg.wasm"));
    assert!(page.contains("href=\"/pkg/favicon.00112233aabbccdd.svg\""));

    let get = |accept: &'static str| {
        app.client.get(format!("{}/pkg/jonction.0123456789abcdef_bg.wasm", app.base)).header("Accept-Encoding", accept).send()
    };
    let dir = app.data_dir();
    let pkg = dir.path().join("site/pkg");
    for (accept, coding, file) in [
        ("gzip, deflate, br", Some("br"), "jonction.0123456789abcdef_bg.wasm.br"),
        ("gzip", Some("gzip"), "jonction.0123456789abcdef_bg.wasm.gz"),
        ("identity", None, "jonction.0123456789abcdef_bg.wasm"),
    ] {
        let r = get(accept).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(r.headers()["content-type"], "application/wasm");
        assert_eq!(r.headers().get("content-encoding").map(|v| v.to_str().unwrap()), coding, "{accept}");
        assert_eq!(r.headers()["vary"], "accept-encoding");
        assert!(r.headers().get("set-cookie").is_none());
        // Megabytes: more than the socket takes in one write, sent in pieces.
        let body = r.bytes().await.unwrap();
        let built = std::fs::read(pkg.join(file)).unwrap();
        assert!(body == built, "{file}: the file made at build time, as it is ({} bytes of {})", body.len(), built.len());
    }
    let css = app.get("/pkg/jonction.fedcba9876543210.css").await;
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(css.headers()["x-content-type-options"], "nosniff");
    assert_eq!(app.get("/pkg/jonction.ffffffffffffffff.css").await.status(), StatusCode::NOT_FOUND, "another hash names nothing");
}
