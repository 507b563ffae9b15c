//! « Fils semblables » on `/new` without JavaScript: the button looks for
//! threads like the one being written, keeps everything typed, saves nothing.

use crate::support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_similar_threads_button_lists_threads_like_the_one_being_written() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let doc = html(app.get("/new").await).await;
    assert_eq!(attr_of(&doc, "#similar-threads [data-similar-count]", "data-similar-count").as_deref(), Some("0"));

    let threads = app.count("SELECT COUNT(*) FROM threads").await;
    let expected: i64 = app.count("SELECT id FROM threads WHERE title LIKE 'Le moissonnage CSW de Prodige%'").await;
    let title = "Moissonnage CSW de Prodige impossible depuis geOrchestra";
    let r = app
        .post("/new", &[("title", title), ("body", "UnknownHostException au moissonnage"), ("solution", "prodige"), ("intent", "similar")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = html(r).await;
    let listed: Vec<i64> = select(&doc, "#similar-threads li[data-thread]")
        .iter()
        .map(|li| li.value().attr("data-thread").unwrap().parse().unwrap())
        .collect();
    assert_eq!(listed.first(), Some(&expected), "the same problem, already discussed, comes first: {listed:?}");
    assert!(listed.len() <= app::domain::limits::SIMILAR_THREADS_MAX);
    assert_eq!(attr_of(&doc, "input#title", "value").as_deref(), Some(title), "what was typed is kept");
    assert_eq!(attr_of(&doc, "#solution-1 option[selected]", "value").as_deref(), Some("prodige"));
    assert_eq!(count(&doc, ".error-summary"), 0, "nothing is refused");
    assert_eq!(app.count("SELECT COUNT(*) FROM threads").await, threads, "nothing is saved");
}
