//! Imported threads as members meet them: archived (not counted as open),
//! naming their list, found by search, open to replies; their authors'
//! addresses nowhere (pages, attributes, search index, stored rows); a real
//! person with an imported address gets their own account.

use crate::import::{fixture, import, post_of, thread_page, until_indexed};
use crate::support::{TestApp, attr_of, count, html, location_id, select, text_of, viewer_name};
use reqwest::StatusCode;

/// The fixtures' senders, in both spellings, and their domains.
const ADDRESS_PARTS: [&str; 9] = [
    "marie.dupont",
    "claire.petit",
    "ign.example",
    "crige.example",
    "ville.example",
    "sig.example",
    "region.example",
    "editeur.example",
    "lists.cicclo.example",
];

fn assert_no_address(what: &str, text: &str) {
    for part in ADDRESS_PARTS {
        assert!(!text.contains(part), "{what} shows {part}");
    }
}

#[tokio::test]
async fn no_address_reaches_a_page_an_attribute_the_index_or_a_stored_row() {
    let app = TestApp::spawn().await;
    import(&app, &[fixture("list.mbox"), fixture("2024-March.txt")]).await;
    let threads: Vec<i64> = sqlx::query_scalar("SELECT thread_id FROM import_threads").fetch_all(&app.db).await.unwrap();
    assert_eq!(threads.len(), 7);
    for id in &threads {
        let page = app.get(&format!("/t/{id}")).await.text().await.unwrap();
        assert_no_address(&format!("thread {id}"), &page);
        let doc = until_indexed(&app, *id).await;
        assert_no_address(&format!("index of thread {id}"), &format!("{doc:?}"));
    }
    let authors: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT author_id FROM posts WHERE id IN (SELECT post_id FROM import_messages)")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(authors.len(), 7);
    for id in authors {
        assert_no_address(&format!("member {id}"), &app.get(&format!("/u/{id}")).await.text().await.unwrap());
    }
    assert_no_address("search page", &app.get("/search?q=wmts").await.text().await.unwrap());
    for sql in [
        "SELECT email || display_name FROM users WHERE email LIKE 'imported:%'",
        "SELECT title FROM threads",
        "SELECT body_md || body_html FROM posts",
        "SELECT list_name || subject_key FROM import_threads",
    ] {
        // Every row, joined here (GROUP_CONCAT is SQLite's; the suite also runs on PostgreSQL).
        let stored = sqlx::query_scalar::<_, String>(sql).fetch_all(&app.db).await.unwrap().join(" ");
        assert_no_address(sql, &stored);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email LIKE 'imported:%' AND password_hash IS NULL").await, 7);
}

#[tokio::test]
async fn an_imported_thread_is_archived_names_its_list_and_is_found_by_search() {
    let app = TestApp::spawn().await;
    let map_before = html(app.get("/map").await).await;
    let open_cells_before = select(&map_before, "[data-open]").iter().map(|e| e.value().attr("data-open").unwrap().to_string()).collect::<Vec<_>>();
    import(&app, &[fixture("list.mbox")]).await;
    let a = post_of(&app, "a1@ign.example").await;

    let doc = thread_page(&app, a.thread_id).await;
    assert_eq!(attr_of(&doc, ".thread__source", "data-source-list").as_deref(), Some("geo-list"));
    assert_eq!(attr_of(&doc, ".thread__status [data-status]", "data-status").as_deref(), Some("archived"));
    assert_eq!(count(&doc, ".thread__header .tags a[href='/tags/geonetwork'], .thread__header .tags a[href='/tags/csw']"), 2);
    let started_here = thread_page(&app, 1).await;
    assert_eq!(count(&started_here, "[data-source-list]"), 0, "only imported threads name a list");

    let map = html(app.get("/map").await).await;
    let open_cells = select(&map, "[data-open]").iter().map(|e| e.value().attr("data-open").unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(open_cells, open_cells_before, "archived threads are not open problems");
    let archived = html(app.get("/?status=archived").await).await;
    assert_eq!(count(&archived, "li.thread-row[data-thread]"), 6);

    let started = std::time::Instant::now();
    loop {
        let page = html(app.get("/search?q=moissonnage%20catalogue").await).await;
        let hits: Vec<String> = select(&page, "li.search-hit[data-thread-id]").iter().map(|e| e.value().attr("data-thread-id").unwrap().to_string()).collect();
        // Found, not necessarily first: the demo's first thread is the same problem
        // (« Le moissonnage CSW de Prodige échoue dans geOrchestra ») and may rank above it.
        if hits.contains(&a.thread_id.to_string()) {
            break;
        }
        assert!(started.elapsed().as_secs() < 5, "the imported thread is found by /search within 5 s: {hits:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_real_person_with_an_imported_address_gets_their_own_account_and_may_reply() {
    let app = TestApp::spawn().await;
    import(&app, &[fixture("list.mbox")]).await;
    let a = post_of(&app, "a1@ign.example").await;
    let imported_author: i64 = app.count(&format!("SELECT author_id FROM posts WHERE id = {}", a.post_id)).await;

    let r = app.sign_up("Marie Dupont", "marie.dupont@ign.example").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the address is free for its owner");
    let own: i64 = app.count("SELECT id FROM users WHERE email = 'marie.dupont@ign.example'").await;
    assert_ne!(own, imported_author, "a new account, not the imported member");
    assert_eq!(viewer_name(&html(app.get("/").await).await).as_deref(), Some("Marie Dupont"));
    let doc = thread_page(&app, a.thread_id).await;
    let opening_author = select(&doc, ".post__author")[0].value().attr("href").unwrap().to_string();
    assert_eq!(opening_author, format!("/u/{imported_author}"), "the archive keeps its author");

    let member = html(app.get(&format!("/u/{imported_author}")).await).await;
    assert_eq!(count(&member, "[data-imported-member]"), 1);

    let r = app.post(&format!("/t/{}/reply", a.thread_id), &[("body", "Toujours vrai avec la version 4.4.")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "members may reply to an archived thread");
    assert_eq!(location_id(&r, "/t/"), a.thread_id);
    let doc = thread_page(&app, a.thread_id).await;
    assert_eq!(count(&doc, "article.post[data-post]"), 4);
    assert_eq!(text_of(&doc, ".thread__status [data-status]"), "Archivé", "a reply does not change the status");
}

#[tokio::test]
async fn an_import_with_an_unknown_tag_writes_nothing() {
    let app = TestApp::spawn().await;
    let threads = app.count("SELECT COUNT(*) FROM threads").await;
    let refused = server::import::run(&app.db, &[fixture("list.mbox")], &["nope".into()], Some("geo-list".into())).await;
    assert!(refused.unwrap_err().to_string().contains("Tag inconnu : « nope »"));
    assert_eq!(app.count("SELECT COUNT(*) FROM threads").await, threads);
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email LIKE 'imported:%'").await, 0);
}
