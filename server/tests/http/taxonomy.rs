use crate::support::*;
use reqwest::StatusCode;

/// The titles of the threads a list page shows, in order.
fn titles(doc: &scraper::Html) -> Vec<String> {
    texts_of(doc, ".thread-list .thread-row__title")
}

/// (open, resolved) of the map cell for `solution` × `standard`, if the map
/// shows it: the cell holding the link to that pair's threads.
fn cell(doc: &scraper::Html, solution: &str, standard: &str) -> Option<(i64, i64)> {
    let css = format!("td[data-open] > a[href=\"/?solution={solution}&standard={standard}\"]");
    select(doc, &css).first().map(|a| {
        let td = scraper::ElementRef::wrap(a.parent().unwrap()).unwrap();
        let n = |a: &str| td.value().attr(a).unwrap().parse::<i64>().unwrap();
        (n("data-open"), n("data-resolved"))
    })
}

#[tokio::test]
async fn the_home_page_filters_by_tag_and_status_and_paginates() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    for i in 0..26 {
        app.start_thread(&format!("Fil de charge {i:02}"), "texte").await;
    }
    let ours = |doc: &scraper::Html| titles(doc).into_iter().filter(|t| t.starts_with("Fil de charge")).collect::<Vec<_>>();
    let page = html(app.get("/?solution=geoserver&standard=wfs").await).await;
    let first = ours(&page);
    assert_eq!(first.len(), 25, "25 a page");
    assert_eq!(first[0], "Fil de charge 25", "newest first");
    assert_eq!(count(&page, ".pager a[rel=next]"), 1);
    assert_eq!(attr_of(&page, ".list-count", "data-total").unwrap().parse::<i64>().unwrap() >= 26, true);
    let next = select(&page, ".pager a[rel=next]")[0].value().attr("href").unwrap().to_string();
    let page2 = html(app.get(&next).await).await;
    assert!(ours(&page2).contains(&"Fil de charge 00".to_string()));
    assert_eq!(count(&page2, ".pager a[rel=prev]"), 1);

    let filtered = html(app.get("/?solution=prodige").await).await;
    assert!(ours(&filtered).is_empty(), "another solution's list");
    assert!(!titles(&filtered).is_empty(), "the demo's Prodige threads are listed");
    let resolved = html(app.get("/?status=resolved").await).await;
    assert!(ours(&resolved).is_empty());
    assert_eq!(count(&resolved, ".thread-row [data-status]"), count(&resolved, ".thread-row [data-status=resolved]"));
    let unknown = app.get("/?solution=inconnue").await;
    assert_eq!(unknown.status(), StatusCode::OK);
    let unknown = html(unknown).await;
    assert_eq!(attr_of(&unknown, ".list-count", "data-total").as_deref(), Some("0"));
    assert_eq!(count(&unknown, ".thread-row"), 0);
}

#[tokio::test]
async fn tag_pages_and_the_map_count_open_and_resolved_threads() {
    let app = TestApp::spawn().await;
    let r = app.get("/tags/geoserver").await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = html(r).await;
    assert_eq!(text_of(&doc, ".tag-header h1"), "GeoServer");
    let open_before: i64 = attr_of(&doc, "[data-group=open]", "data-total").unwrap().parse().unwrap();
    assert_eq!(count(&doc, "[data-group=resolved]"), 1);
    assert_eq!(app.get("/tags/inconnue").await.status(), StatusCode::NOT_FOUND);

    app.sign_up("Anne Martin", "anne@ign.example").await;
    let before = cell(&html(app.get("/map").await).await, "geoserver", "wfs").unwrap_or((0, 0));
    let id = app.start_thread("Nouveau problème GeoServer × WFS", "texte").await;
    let map = html(app.get("/map").await).await;
    assert_eq!(cell(&map, "geoserver", "wfs"), Some((before.0 + 1, before.1)), "one more open thread in the cell");
    let doc = html(app.get("/tags/geoserver").await).await;
    assert_eq!(attr_of(&doc, "[data-group=open]", "data-total"), Some((open_before + 1).to_string()));

    // Resolving it moves it to the resolved count, on the map and on the tag page.
    let bruno = app.as_other();
    bruno.sign_up("Bruno Petit", "bruno@camptocamp.example").await;
    let r = bruno.post(&format!("/t/{id}/reply"), &[("body", "Corrigé en 2.25.2.")]).await;
    let answer = post_location(&r, id);
    assert_eq!(app.post(&format!("/t/{id}/resolution"), &[("post_id", &answer.to_string())]).await.status(), StatusCode::SEE_OTHER);
    let map = html(app.get("/map").await).await;
    assert_eq!(cell(&map, "geoserver", "wfs"), Some((before.0, before.1 + 1)));
}

#[tokio::test]
async fn a_tag_page_shows_each_groups_latest_threads_and_links_to_all_of_them() {
    use app::domain::limits::TAG_PAGE_THREADS;
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let mut newest = 0;
    for i in 0..=TAG_PAGE_THREADS {
        newest = app.start_thread(&format!("Problème GeoServer n° {i}"), "texte").await;
    }
    let doc = html(app.get("/tags/geoserver").await).await;
    let total: i64 = attr_of(&doc, "[data-group=open]", "data-total").unwrap().parse().unwrap();
    assert!(total > TAG_PAGE_THREADS);
    let shown: Vec<String> =
        select(&doc, "[data-group=open] [data-thread]").iter().map(|e| e.value().attr("data-thread").unwrap().to_string()).collect();
    assert_eq!(shown.len() as i64, TAG_PAGE_THREADS);
    assert_eq!(shown[0], newest.to_string(), "the most recently active first");
    let all = attr_of(&doc, "[data-group=open] a[data-all=open]", "href").unwrap();
    assert_eq!(all, "/?solution=geoserver&status=unsettled");
    // The whole list, page by page, counts them all.
    let list = html(app.get(&all).await).await;
    assert_eq!(attr_of(&list, ".list-count", "data-total"), Some(total.to_string()));
}

#[tokio::test]
async fn moderators_merge_tags_and_threads_follow() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let id = app.start_thread("Fil sur GeoServer", "texte").await;

    // A member cannot curate tags.
    let r = app.post("/admin/tags", &[("slug", "geo-server"), ("kind", "solution"), ("name", "Geo Server"), ("description", ""), ("url", "")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM tags WHERE slug = 'geo-server'").await, 0);

    let admin = app.admin().await;
    let r = admin.post("/admin/tags", &[("slug", "Geo Server"), ("kind", "solution"), ("name", "x"), ("description", ""), ("url", "ftp://x")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin.post("/admin/tags", &[("slug", "geoserver"), ("kind", "solution"), ("name", "Doublon"), ("description", ""), ("url", "")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(text_of(&html(r).await, "#new-slug-error"), "Un tag « geoserver » existe déjà.");
    let r = admin.post("/admin/tags", &[("slug", "gs"), ("kind", "solution"), ("name", "GS"), ("description", "abrégé"), ("url", "")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Move the thread onto the new tag by merging geoserver into gs.
    let r = admin.post("/admin/tags/geoserver/merge", &[("into", "wfs")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "kinds must match");
    let r = admin.post("/admin/tags/geoserver/merge", &[("into", "gs")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let thread = html(app.get(&format!("/t/{id}")).await).await;
    assert_eq!(tag_detail(&thread, "gs").as_deref(), Some("2.25"), "thread moved with its version");
    assert_eq!(tag_detail(&thread, "geoserver"), None);
    let old = html(app.get("/tags/geoserver").await).await;
    assert_eq!(text_of(&old, ".tag-header h1"), "GS");
    assert_eq!(text_of(&old, ".tag-header .hint"), "Synonymes : geoserver");
    let filtered = html(app.get("/?solution=geoserver").await).await;
    assert!(titles(&filtered).contains(&"Fil sur GeoServer".to_string()), "the old slug still filters");
    // The thread's row shows the tag it moved to, and the tag's new name as soon as it is
    // renamed: to a member, and to a visitor whose home page the cache holds.
    let row_tag = |tag: &str| format!("[data-thread=\"{id}\"] [data-tag=\"{tag}\"] a");
    assert_eq!((count(&filtered, &row_tag("gs")), count(&filtered, &row_tag("geoserver"))), (1, 0));
    let visitor = app.as_other();
    for reader in [&app, &visitor] {
        assert_eq!(text_of(&html(reader.get("/").await).await, &row_tag("gs")), "GS");
    }
    let r = admin.post("/admin/tags/gs/edit", &[("name", "GeoServer (OSGeo)"), ("description", ""), ("url", "")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for reader in [&app, &visitor] {
        assert_eq!(text_of(&html(reader.get("/").await).await, &row_tag("gs")), "GeoServer (OSGeo)");
    }
}

#[tokio::test]
async fn administrators_change_roles_but_not_their_own() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let admin_id = app.count("SELECT id FROM users WHERE email = 'admin@cicclo.example'").await;
    let bruno = app.as_other();
    bruno.sign_up("Bruno Petit", "bruno@camptocamp.example").await;
    let bruno_id = app.count("SELECT id FROM users WHERE email = 'bruno@camptocamp.example'").await;

    let r = bruno.post(&format!("/admin/members/{admin_id}/role"), &[("role", "member")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = admin.post(&format!("/admin/members/{admin_id}/role"), &[("role", "member")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = admin.post(&format!("/admin/members/{bruno_id}/role"), &[("role", "superuser")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&html(bruno.get("/").await).await, ".site-nav a[href=\"/admin/tags\"]"), 0, "a member sees no curation");
    let r = admin.post(&format!("/admin/members/{bruno_id}/role"), &[("role", "moderator")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let role: String = sqlx::query_scalar(&format!("SELECT role FROM users WHERE id = {bruno_id}")).fetch_one(&app.db).await.unwrap();
    assert_eq!(role, "moderator");
    assert_eq!(count(&html(bruno.get("/").await).await, ".site-nav a[href=\"/admin/tags\"]"), 1, "moderator sees tag curation");
    let admin_role: String = sqlx::query_scalar(&format!("SELECT role FROM users WHERE id = {admin_id}")).fetch_one(&app.db).await.unwrap();
    assert_eq!(admin_role, "admin", "the administrator's own role is unchanged");
}
