use crate::support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_home_page_filters_by_tag_and_status_and_paginates() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    for i in 0..26 {
        app.start_thread(&format!("Fil de charge {i:02}"), "texte").await;
    }
    let page = text(app.get("/?solution=geoserver&standard=wfs").await).await;
    assert!(page.contains("Fil de charge 25") && !page.contains("Fil de charge 00"), "newest first, 25 a page");
    assert!(page.contains("Page suivante"));
    let page2 = text(app.get("/?solution=geoserver&standard=wfs&page=2").await).await;
    assert!(page2.contains("Fil de charge 00") && page2.contains("Page précédente"));

    let filtered = text(app.get("/?solution=prodige").await).await;
    assert!(!filtered.contains("Fil de charge"));
    let resolved = text(app.get("/?status=resolved").await).await;
    assert!(!resolved.contains("Fil de charge"));
    let unknown = app.get("/?solution=inconnue").await;
    assert_eq!(unknown.status(), StatusCode::OK);
    assert!(text(unknown).await.contains("Aucun fil ne correspond."));
}

#[tokio::test]
async fn tag_pages_and_the_map_count_open_and_resolved_threads() {
    let app = TestApp::spawn().await;
    let r = app.get("/tags/geoserver").await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = text(r).await;
    assert!(page.contains("<h1>GeoServer</h1>") && page.contains("Fils ouverts") && page.contains("Fils résolus"));
    assert_eq!(app.get("/tags/inconnue").await.status(), StatusCode::NOT_FOUND);

    app.sign_up("Anne Martin", "anne@ign.example").await;
    let before = text(app.get("/map").await).await;
    app.start_thread("Nouveau problème GeoServer × WFS", "texte").await;
    let after = text(app.get("/map").await).await;
    assert!(after.contains("Carte de l’interopérabilité"));
    assert!(after.contains("/?solution=geoserver&amp;standard=wfs") || after.contains("/?solution=geoserver&standard=wfs"));
    assert_ne!(before, after, "the new thread shows on the map");
}

#[tokio::test]
async fn moderators_merge_tags_and_threads_follow() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let id = app.start_thread("Fil sur GeoServer", "texte").await;

    // A member cannot curate tags.
    let r = app.post("/admin/tags", &[("slug", "geo-server"), ("kind", "solution"), ("name", "Geo Server"), ("description", ""), ("url", "")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let admin = app.as_other();
    app::forum::auth::create_admin(&app.db, "admin@cicclo.example", "Admin", PASSWORD).await.unwrap();
    admin.post("/login", &[("email", "admin@cicclo.example"), ("password", PASSWORD)]).await;
    let r = admin.post("/admin/tags", &[("slug", "Geo Server"), ("kind", "solution"), ("name", "x"), ("description", ""), ("url", "ftp://x")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin.post("/admin/tags", &[("slug", "geoserver"), ("kind", "solution"), ("name", "Doublon"), ("description", ""), ("url", "")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = admin.post("/admin/tags", &[("slug", "gs"), ("kind", "solution"), ("name", "GS"), ("description", "abrégé"), ("url", "")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Move the thread onto the new tag by merging geoserver into gs.
    let r = admin.post("/admin/tags/geoserver/merge", &[("into", "wfs")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "kinds must match");
    let r = admin.post("/admin/tags/geoserver/merge", &[("into", "gs")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let thread = text(app.get(&format!("/t/{id}")).await).await;
    assert!(thread.contains("/tags/gs") && thread.contains("2.25"), "thread moved with its version");
    let old = text(app.get("/tags/geoserver").await).await;
    assert!(old.contains("<h1>GS</h1>") && old.contains("Synonymes : geoserver"));
    let filtered = text(app.get("/?solution=geoserver").await).await;
    assert!(filtered.contains("Fil sur GeoServer"), "the old slug still filters");
}

#[tokio::test]
async fn administrators_change_roles_but_not_their_own() {
    let app = TestApp::spawn().await;
    let admin_id = app::forum::auth::create_admin(&app.db, "admin@cicclo.example", "Admin", PASSWORD).await.unwrap();
    app.post("/login", &[("email", "admin@cicclo.example"), ("password", PASSWORD)]).await;
    let bruno = app.as_other();
    bruno.sign_up("Bruno Petit", "bruno@camptocamp.example").await;
    let bruno_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'bruno@camptocamp.example'").fetch_one(&app.db).await.unwrap();

    let r = bruno.post(&format!("/admin/members/{admin_id}/role"), &[("role", "member")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app.post(&format!("/admin/members/{admin_id}/role"), &[("role", "member")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app.post(&format!("/admin/members/{bruno_id}/role"), &[("role", "moderator")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let role: String = sqlx::query_scalar(&format!("SELECT role FROM users WHERE id = {bruno_id}")).fetch_one(&app.db).await.unwrap();
    assert_eq!(role, "moderator");
    assert!(text(bruno.get("/").await).await.contains("href=\"/admin/tags\""), "moderator sees tag curation");
}
