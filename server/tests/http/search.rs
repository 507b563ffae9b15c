//! The search page through the real server: the header's form, results and
//! facets as elements, escaping of snippets, bounded pages, and the indexer
//! making a new reply searchable within a second.

use crate::support::{TestApp, post_location};
use reqwest::StatusCode;
use scraper::{ElementRef, Html, Selector};
use std::time::{Duration, Instant};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

async fn search(app: &TestApp, q: &str) -> Html {
    let r = app.get(&format!("/search?q={}", app::domain::safe_next::query_encode(q))).await;
    assert_eq!(r.status(), StatusCode::OK, "search {q:?}");
    Html::parse_document(&r.text().await.unwrap())
}

fn hit_ids(doc: &Html) -> Vec<i64> {
    select(doc, "li.search-hit[data-thread-id]").iter().map(|e| e.value().attr("data-thread-id").unwrap().parse().unwrap()).collect()
}

/// Polls the search until `thread` is found; returns how long it took.
async fn until_found(app: &TestApp, q: &str, thread: i64, limit: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if hit_ids(&search(app, q).await).contains(&thread) {
            return started.elapsed();
        }
        assert!(started.elapsed() < limit, "{q:?} did not find thread {thread} within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_new_reply_is_searchable_within_a_second() {
    let app = TestApp::spawn().await;
    let id = app.anne_thread("Limite WFS ignorée", "La limite par défaut est ignorée.").await;
    until_found(&app, "limite ignorée", id, Duration::from_secs(3)).await;
    let r = app.post(&format!("/t/{id}/reply"), &[("body", "Le paramètre zorglubien règle le problème.")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let took = until_found(&app, "zorglubien", id, Duration::from_secs(1)).await;
    eprintln!("reply searchable after {took:?}");
}

#[tokio::test]
async fn every_page_has_the_search_form_and_results_are_elements() {
    let app = TestApp::spawn().await;
    let home = Html::parse_document(&app.get("/").await.text().await.unwrap());
    let form = select(&home, "header form[role=search][method=get][action='/search']");
    assert_eq!(form.len(), 1);
    let input = select(&home, "header form[role=search] input[name=q]")[0];
    let id = input.value().attr("id").unwrap();
    assert_eq!(select(&home, &format!("header label[for='{id}']")).len(), 1, "the input is labelled");

    // The demo threads: facets with counts, each a link adding its filter.
    let doc = search(&app, "").await;
    let total: u64 = select(&doc, "[data-total]")[0].value().attr("data-total").unwrap().parse().unwrap();
    assert!(total > 0 && hit_ids(&doc).len() as u64 == total.min(20));
    for facet in ["solution", "standard", "status", "year"] {
        assert!(!select(&doc, &format!("[data-facet='{facet}'] a[data-facet-value]")).is_empty(), "facet {facet}");
    }
    let geoserver = select(&doc, "a[data-facet-value='solution:geoserver']")[0];
    assert_eq!(geoserver.value().attr("href"), Some("/search?q=solution%3Ageoserver"));
    let count: u64 = select(&doc, "a[data-facet-value='solution:geoserver'] [data-count]")[0].value().attr("data-count").unwrap().parse().unwrap();
    let filtered = search(&app, "solution:geoserver").await;
    let n: u64 = select(&filtered, "[data-total]")[0].value().attr("data-total").unwrap().parse().unwrap();
    assert_eq!(n, count, "the facet's count is what the filter finds");
    let remove = select(&filtered, "a[data-remove-filter]");
    assert_eq!(remove.len(), 1);
    assert_eq!(remove[0].value().attr("href"), Some("/search?q="));
}

#[tokio::test]
async fn snippets_escape_what_members_typed_and_mark_the_words() {
    let app = TestApp::spawn().await;
    let id = app.anne_thread("Balises <b>zqxtitre</b>", "Le flux renvoie <script>alert(1)</script> puis zqxmarqueur <img src=x onerror=alert(2)>.").await;
    until_found(&app, "zqxmarqueur", id, Duration::from_secs(3)).await;
    let doc = search(&app, "zqxmarqueur").await;
    assert_eq!(hit_ids(&doc), vec![id]);
    assert!(select(&doc, "main script, main img, li.search-hit b").is_empty(), "no markup from the message");
    let marks: Vec<String> = select(&doc, "[data-snippet] mark").iter().map(|m| m.text().collect()).collect();
    assert_eq!(marks, vec!["zqxmarqueur"]);
    let snippet: String = select(&doc, "[data-snippet=post]")[0].text().collect();
    assert!(snippet.contains("<script>alert(1)</script>"), "shown as text: {snippet}");
    let title = select(&doc, "title")[0].text().collect::<String>();
    assert_eq!(title, "Recherche : zqxmarqueur – Jonction");
}

#[tokio::test]
async fn syntax_errors_give_a_french_message_and_results_never_a_500() {
    let app = TestApp::spawn().await;
    for q in ["status:fini", "before:hier moissonnage", "\"non fermé", "solution:", "-is:resolved", "EPSG:2154", "((((", "*", "a:b:c"] {
        let doc = search(&app, q).await;
        assert_eq!(select(&doc, "[data-total]").len(), 1, "{q:?} still lists results");
    }
    let doc = search(&app, "status:fini").await;
    let message: String = select(&doc, "[data-search-messages] li")[0].text().collect();
    assert!(message.starts_with("Statut inconnu : « fini »"), "{message}");
    let long = "moissonnage ".repeat(100);
    assert_eq!(select(&search(&app, &long).await, "[data-search-messages] li").len(), 2, "too long and too many terms");
    for bad in ["/search?page=abc", "/search?page=0", "/search?q=&page=51", "/search?q=&page=40"] {
        assert_eq!(app.get(bad).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn a_deleted_reply_disappears_from_results_and_snippets() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let id = app.start_thread("Jeton exposé par erreur", "Un jeton a fuité dans une réponse.").await;
    let r = app.post(&format!("/t/{id}/reply"), &[("body", "Le jeton est qwertysecret42, jeton de production.")]).await;
    let post = post_location(&r, id);
    until_found(&app, "qwertysecret42", id, Duration::from_secs(3)).await;
    assert_eq!(app.post(&format!("/p/{post}/delete"), &[]).await.status(), StatusCode::SEE_OTHER);
    let started = Instant::now();
    while hit_ids(&search(&app, "qwertysecret42").await).contains(&id) {
        assert!(started.elapsed() < Duration::from_secs(1), "still found after deletion");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let doc = search(&app, "jeton").await;
    assert!(hit_ids(&doc).contains(&id));
    let shown: String = select(&doc, "li.search-hit").iter().flat_map(|e| e.text()).collect();
    assert!(!shown.contains("qwertysecret42"), "{shown}");
}
