//! A refusal is always seen where the viewer is (the top of the page the
//! form's answer shows), and gives back what was typed, also when the viewer
//! may no longer use the form (the thread was locked meanwhile).

use crate::support::*;
use reqwest::StatusCode;
use scraper::Html;

fn one<'a>(doc: &'a Html, css: &str) -> scraper::ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "one {css}");
    found[0]
}

/// The notice at the top of the page, for the refused form at `action`.
fn notice<'a>(doc: &'a Html, action: &str) -> scraper::ElementRef<'a> {
    let n = one(doc, "#refusal");
    assert_eq!(n.value().attr("data-refused-action"), Some(action));
    n
}


#[tokio::test]
async fn a_reply_refused_because_the_thread_was_locked_keeps_its_text() {
    let app = TestApp::spawn().await;
    let bruno = app.as_other();
    bruno.sign_up("Bruno Petit", "bruno@camptocamp.example").await;
    let id = bruno.start_thread("Fil à verrouiller", "Texte").await;
    let moderator = app.admin().await;
    assert_eq!(moderator.post(&format!("/t/{id}/lock"), &[("locked", "1")]).await.status(), StatusCode::SEE_OTHER);

    let typed = "Ma longue réponse tardive, *pas* perdue.";
    let r = bruno.post(&format!("/t/{id}/reply"), &[("body", typed), ("parent_id", "")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let doc = Html::parse_document(&text(r).await);
    assert_eq!(count(&doc, "#reply form"), 0, "the viewer may no longer reply");
    let n = notice(&doc, &format!("/t/{id}/reply"));
    assert!(n.text().collect::<String>().contains("Ce fil est verrouillé"));
    assert_eq!(one(&doc, "#refused-body").text().collect::<String>(), typed, "the typed text, to copy");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM posts WHERE thread_id = {id}")).await, 1);
}

#[tokio::test]
async fn refused_delete_lock_and_resolution_are_told_at_the_top() {
    let app = TestApp::spawn().await;
    let (id, bruno, answer) = app.answered_thread("Axes inversés", "Lat/lon.", "Utilisez l’URN.").await;

    // Bruno may neither lock nor mark the resolution: no such form is shown to him.
    let r = bruno.post(&format!("/t/{id}/lock"), &[("locked", "1")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let doc = Html::parse_document(&text(r).await);
    assert!(notice(&doc, &format!("/t/{id}/lock")).text().collect::<String>().contains("Seuls les modérateurs"));

    let r = bruno.post(&format!("/t/{id}/resolution"), &[("post_id", &answer.to_string())]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let doc = Html::parse_document(&text(r).await);
    assert!(notice(&doc, &format!("/t/{id}/resolution")).text().collect::<String>().contains("marquer la résolution"));

    // The resolution cannot be deleted while it is one.
    assert_eq!(app.post(&format!("/t/{id}/resolution"), &[("post_id", &answer.to_string())]).await.status(), StatusCode::SEE_OTHER);
    let r = bruno.post(&format!("/p/{answer}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let doc = Html::parse_document(&text(r).await);
    assert!(notice(&doc, &format!("/p/{answer}/delete")).text().collect::<String>().contains("la résolution du fil"));
}

#[tokio::test]
async fn a_refused_reply_whose_form_is_shown_links_to_it() {
    let app = TestApp::spawn().await;
    let id = app.anne_thread("Fil", "texte").await;
    let r = app.post(&format!("/t/{id}/reply"), &[("body", "  "), ("parent_id", "")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = Html::parse_document(&text(r).await);
    notice(&doc, &format!("/t/{id}/reply"));
    assert_eq!(attr_of(&doc, "#refusal a", "href").as_deref(), Some("#reply"), "the notice links to the form");
    assert_eq!(count(&doc, "#reply form"), 1);
}

#[tokio::test]
async fn a_form_the_viewer_may_not_use_still_gives_back_what_was_typed() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let r = app
        .post("/admin/tags", &[("slug", "nouveau"), ("kind", "solution"), ("name", "Nouveau logiciel"), ("description", "Une description soignée"), ("url", "")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let doc = Html::parse_document(&text(r).await);
    notice(&doc, "/admin/tags");
    assert_eq!(one(&doc, "#refused-name").text().collect::<String>(), "Nouveau logiciel");
    assert_eq!(one(&doc, "#refused-description").text().collect::<String>(), "Une description soignée");
}
