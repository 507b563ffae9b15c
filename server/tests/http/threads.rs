use crate::support::*;
use reqwest::StatusCode;


#[tokio::test]
async fn starting_a_thread_needs_sign_in() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .post(format!("{}/new", app.base))
        .header("Origin", &app.base)
        .header("Referer", format!("{}/new", app.base))
        .form(&[("title", "Titre"), ("body", "corps"), ("solution", "geoserver"), ("standard", "wfs")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=/new", "back to the form's page after signing in");
    assert_eq!(app.count("SELECT COUNT(*) FROM threads WHERE title = 'Titre'").await, 0);
    let r = app.get("/new").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert!(location(&r).starts_with("/login"));
}

#[tokio::test]
async fn a_tagged_thread_is_shown_with_versions_clauses_and_safe_markdown() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let id = app.start_thread("GeoServer ignore la limite par défaut", "**gras** <script>alert(1)</script>").await;
    let r = app.get(&format!("/t/{id}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = html(r).await;
    assert_eq!(text_of(&doc, "h1#thread-title"), "GeoServer ignore la limite par défaut");
    assert_eq!(text_of(&doc, "article[data-post] .post-body strong"), "gras");
    assert_eq!(count(&doc, ".post-body script"), 0, "no script survives");
    assert_eq!(tag_detail(&doc, "geoserver").as_deref(), Some("2.25"));
    assert_eq!(tag_detail(&doc, "wfs").as_deref(), Some("/req/core/fc-limit-default"));
    assert_eq!(attr_of(&doc, ".thread__status [data-status]", "data-status").as_deref(), Some("open"));
}

#[tokio::test]
async fn bad_thread_input_is_refused_with_422_and_everything_typed_is_kept() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let before = app.count("SELECT COUNT(*) FROM threads").await;
    let long_title = "t".repeat(201);
    let cases: [(&str, &str, &str, &str, &str); 5] = [
        ("", "Le corps tapé", "geoserver", "wfs", "Le titre est obligatoire."),
        (&long_title, "Le corps tapé", "geoserver", "wfs", "Le titre dépasse 200 caractères"),
        ("Un titre", "   ", "geoserver", "wfs", "Le message est vide."),
        ("Un titre", "Le corps tapé", "", "wfs", "Choisissez au moins une solution."),
        ("Un titre", "Le corps tapé", "logiciel-inconnu", "wfs", "Solution inconnue : « logiciel-inconnu »."),
    ];
    for (title, body, solution, standard, message) in cases {
        let r = app
            .post("/new", &[("title", title), ("body", body), ("solution", solution), ("solution_version", "9.9"), ("standard", standard), ("standard_clause", "/req/x")])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        let doc = html(r).await;
        assert!(texts_of(&doc, ".error-summary li").iter().any(|m| m.starts_with(message)), "missing {message:?}");
        assert_eq!(select(&doc, "textarea#body")[0].text().collect::<String>(), body, "body kept for {message:?}");
        assert_eq!(attr_of(&doc, "input#title", "value").unwrap_or_default(), title, "title kept for {message:?}");
        assert_eq!(attr_of(&doc, "#solution_version-1", "value").as_deref(), Some("9.9"), "version kept for {message:?}");
        assert_eq!(attr_of(&doc, "#standard_clause-1", "value").as_deref(), Some("/req/x"), "clause kept for {message:?}");
        assert_eq!(attr_of(&doc, "#standard-1 option[selected]", "value").as_deref(), Some(standard), "standard kept");
    }
    let huge = "x".repeat(app::domain::limits::BODY_MAX_CHARS + 1);
    let r = app.post("/new", &[("title", "Un titre"), ("body", &huge), ("solution", "geoserver"), ("standard", "wfs")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT COUNT(*) FROM threads").await, before, "nothing saved");
}

#[tokio::test]
async fn preview_renders_the_markdown_and_saves_nothing() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let before = app.count("SELECT COUNT(*) FROM threads").await;
    let r = app
        .post("/new", &[("title", "Mon titre"), ("body", "*italique*"), ("solution", "qgis"), ("standard", "wms"), ("intent", "preview")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = html(r).await;
    assert_eq!(text_of(&doc, ".preview .post-body em"), "italique");
    assert_eq!(attr_of(&doc, "input#title", "value").as_deref(), Some("Mon titre"));
    assert_eq!(attr_of(&doc, "#solution-1 option[selected]", "value").as_deref(), Some("qgis"));
    assert_eq!(app.count("SELECT COUNT(*) FROM threads").await, before);
}

#[tokio::test]
async fn an_unknown_thread_is_a_404_page() {
    let app = TestApp::spawn().await;
    let r = app.get("/t/999999").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(text_of(&html(r).await, ".error-panel h1"), "Ce fil n’existe pas.");
    let r = app.get("/nulle-part").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn replies_are_threaded_quoted_and_counted() {
    let app = TestApp::spawn().await;
    let (id, _bruno, first) = app.answered_thread("Limite WFS", "La limite par défaut est ignorée.", "Quelle version exacte ?").await;
    let r = app.post(&format!("/t/{id}/reply"), &[("body", "La 2.25.1."), ("parent_id", &first.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let doc = html(app.get(&format!("/t/{id}")).await).await;
    assert_eq!(text_of(&doc, &format!(".post__in-reply[data-parent=\"{first}\"]")), "En réponse à Bruno Petit");
    assert_eq!(attr_of(&doc, ".thread__meta [data-replies]", "data-replies").as_deref(), Some("2"));

    let quote = html(app.get(&format!("/t/{id}?quote={first}")).await).await;
    let quoted = select(&quote, "textarea#reply-body")[0].text().collect::<String>();
    assert!(quoted.contains("> Quelle version exacte ?"), "quoted text prefilled: {quoted:?}");
    assert_eq!(attr_of(&quote, "#reply input[name=parent_id]", "value"), Some(first.to_string()));

    // A parent from another thread is refused, nothing is added.
    let other = app.start_thread("Autre fil", "Autre").await;
    let r = app.post(&format!("/t/{other}/reply"), &[("body", "Réponse égarée"), ("parent_id", &first.to_string())]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select(&html(r).await, "textarea#reply-body")[0].text().collect::<String>(), "Réponse égarée", "typed reply kept");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM posts WHERE thread_id = {other}")).await, 1);
}

#[tokio::test]
async fn only_the_author_edits_and_deletes_a_post() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let id = app.start_thread("Fil d’Anne", "Texte initial").await;
    let post: i64 = sqlx::query_scalar(&format!("SELECT id FROM posts WHERE thread_id = {id}")).fetch_one(&app.db).await.unwrap();

    let bruno = app.as_other();
    bruno.sign_up("Bruno Petit", "bruno@camptocamp.example").await;
    let r = bruno.post(&format!("/p/{post}/edit"), &[("body", "Vandalisme")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(text_of(&html(r).await, ".error-panel h1"), "Vous ne pouvez modifier ou supprimer que vos propres messages.");
    let r = bruno.post(&format!("/p/{post}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: String = sqlx::query_scalar(&format!("SELECT body_md FROM posts WHERE id = {post}")).fetch_one(&app.db).await.unwrap();
    assert_eq!(body, "Texte initial");

    let r = app.post(&format!("/p/{post}/edit"), &[("body", "   ")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post(&format!("/p/{post}/edit"), &[("body", "Texte corrigé")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = html(app.get(&format!("/t/{id}")).await).await;
    let card = format!("article[data-post=\"{post}\"]");
    assert_eq!(text_of(&doc, &format!("{card} .post-body")), "Texte corrigé");
    assert_eq!(count(&doc, &format!("{card} [data-edited]")), 1, "marked as edited");

    let r = app.post(&format!("/p/{post}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = html(app.get(&format!("/t/{id}")).await).await;
    assert_eq!(count(&doc, &format!("{card}[data-deleted]")), 1, "shown as deleted");
    assert_eq!(count(&doc, &format!("{card} .post-body")), 0, "its text is gone");
    let r = app.post("/p/999999/edit", &[("body", "x")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_author_resolves_and_others_cannot_change_the_status() {
    let app = TestApp::spawn().await;
    let (id, bruno, answer) = app
        .answered_thread("Axes inversés", "Lat/lon inversés en EPSG:4326.", "Utilisez urn:ogc:def:crs:EPSG::4326 : ordre lat/lon imposé.")
        .await;

    let r = bruno.post(&format!("/t/{id}/status"), &[("status", "wont_fix"), ("duplicate_of", "")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = bruno.post(&format!("/t/{id}/resolution"), &[("post_id", &answer.to_string())]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = app.post(&format!("/t/{id}/status"), &[("status", "resolved"), ("duplicate_of", "")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "resolved needs an answer");
    let r = app.post(&format!("/t/{id}/status"), &[("status", "duplicate"), ("duplicate_of", "999999")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(r).await.contains("Le fil n° 999999 n’existe pas"));
    let r = app.post(&format!("/t/{id}/status"), &[("status", "confirmed"), ("duplicate_of", "")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let r = app.post(&format!("/t/{id}/resolution"), &[("post_id", &answer.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&format!("/t/{id}")).await).await;
    let doc = scraper::Html::parse_document(&page);
    assert_eq!(attr_of(&doc, ".thread__status [data-status]", "data-status").as_deref(), Some("resolved"));
    assert!(text_of(&doc, ".resolution .post-body").starts_with("Utilisez urn:ogc:def:crs:EPSG::4326"));
    let resolution_at = page.find("id=\"resolution-title\"").expect("resolution section");
    let discussion_at = page.find("aria-label=\"Discussion\"").unwrap();
    assert!(resolution_at < discussion_at, "resolution shown at the top");
    assert_eq!(texts_of(&doc, ".events li").last().map(|e| e.contains("a marqué une réponse comme résolution")), Some(true));

    // The resolution cannot be deleted while it is one.
    let r = bruno.post(&format!("/p/{answer}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    let member = html(app.get(&format!("/u/{}", answer_author(&app, answer).await)).await).await;
    assert_eq!(texts_of(&member, "[data-list=resolutions] li a"), ["Axes inversés"]);
}

async fn answer_author(app: &TestApp, post: i64) -> i64 {
    sqlx::query_scalar(&format!("SELECT author_id FROM posts WHERE id = {post}")).fetch_one(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_locked_thread_refuses_replies_and_keeps_the_text() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let bruno = app.as_other();
    bruno.sign_up("Bruno Petit", "bruno@camptocamp.example").await;
    let id = bruno.start_thread("Fil à verrouiller", "Texte").await;

    let r = bruno.post(&format!("/t/{id}/lock"), &[("locked", "1")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "members cannot lock");
    let r = admin.post(&format!("/t/{id}/lock"), &[("locked", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let r = bruno.post(&format!("/t/{id}/reply"), &[("body", "Ma réponse tardive")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let doc = html(r).await;
    assert!(text_of(&doc, "#refusal li").starts_with("Ce fil est verrouillé"));
    assert_eq!(text_of(&doc, "#refused-body"), "Ma réponse tardive", "the text is kept");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM posts WHERE thread_id = {id}")).await, 1);
}
