//! Numbers and paths taken from a request are bounded: an address out of
//! range is a 404 (or a clear refusal), never a panic, a dropped connection
//! or a 500.

use crate::support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn page_numbers_out_of_range_are_404() {
    let app = TestApp::spawn().await;
    for page in ["9223372036854775807", "99999999999999999999", "0", "-1", "abc", "10001", "2"] {
        let r = app.get(&format!("/?page={page}")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "page={page}");
        let doc = scraper::Html::parse_document(&text(r).await);
        let panel = scraper::Selector::parse(".error-panel h1").unwrap();
        assert_eq!(doc.select(&panel).count(), 1, "page={page}: the error panel says so");
    }
    assert_eq!(app.get("/?page=1").await.status(), StatusCode::OK);
    assert_eq!(app.get("/?page=").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn ids_out_of_range_are_404_in_pages_and_forms() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    for path in ["/t/9223372036854775808", "/t/99999999999999999999999", "/u/9223372036854775807", "/p/99999999999999999999/edit"] {
        assert_eq!(app.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    for path in ["/t/99999999999999999999/reply", "/t/abc/reply", "/p/-1/edit", "/p/0/delete", "/admin/members/1e9/role"] {
        let r = app.post(path, &[("body", "texte"), ("role", "admin")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_bad_parent_or_resolution_id_is_refused_not_dropped() {
    let app = TestApp::spawn().await;
    let id = app.anne_thread("Fil", "texte").await;
    let r = app.post(&format!("/t/{id}/reply"), &[("body", "Ma réponse gardée"), ("parent_id", "99999999999999999999")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(r).await.contains("Ma réponse gardée"));
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM posts WHERE thread_id = {id}")).await, 1, "nothing added");
    for post_id in ["", "abc", "0"] {
        let r = app.post(&format!("/t/{id}/resolution"), &[("post_id", post_id)]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "post_id={post_id:?}");
    }
}

#[tokio::test]
async fn a_path_segment_longer_than_a_file_name_is_404() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/pkg/jonction.css").await.status(), StatusCode::OK, "static files are served");
    let long = "a".repeat(300);
    for path in [format!("/{long}"), format!("/pkg/{long}"), format!("/pkg/{long}.js"), format!("/tags/{long}")] {
        assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND, "{}", &path[..20]);
    }
}
