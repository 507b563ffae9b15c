//! No typed text becomes markup: closing-tag payloads in every field that a
//! page shows in its `<title>`, in a `<textarea>` or in an attribute, checked
//! on the parsed element tree (what a browser would build), not on strings.

use crate::support::*;
use reqwest::StatusCode;
use scraper::Html;

/// Would close `<title>` and send every visitor elsewhere.
const TITLE_PAYLOAD: &str = r#"</title><meta http-equiv="refresh" content="0;url=https://evil.example/">"#;
/// Would close the editor and plant a button that changes a member's role.
const TEXTAREA_PAYLOAD: &str = r#"</textarea><input type="hidden" name="role" value="admin"><button formaction="/admin/members/1/role">Valider</button><textarea>"#;
/// Would close an attribute's quotes.
const ATTRIBUTE_PAYLOAD: &str = r#""><meta http-equiv="refresh" content="0"><x-injected y=""#;

/// The page holds none of the elements the payloads would create.
fn assert_inert(doc: &Html, page: &str) {
    for css in ["meta[http-equiv]", "input[name=role]", "button[formaction]", "x-injected", "head textarea", "body title"] {
        assert!(select(doc, css).is_empty(), "{page}: injected {css}");
    }
    assert_eq!(select(doc, "title").len(), 1, "{page}: one title");
}

fn title_text(doc: &Html) -> String {
    select(doc, "title")[0].text().collect()
}

fn textarea_text(doc: &Html, css: &str) -> String {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "one {css}");
    found[0].text().collect()
}

async fn page(app: &TestApp, path: &str) -> Html {
    let r = app.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    html(r).await
}

#[tokio::test]
async fn a_thread_title_a_display_name_and_a_tag_name_stay_text_in_the_title() {
    let app = TestApp::spawn().await;
    app.sign_up(TITLE_PAYLOAD, "anne@ign.example").await;
    let id = app.start_thread(TITLE_PAYLOAD, "corps").await;
    let member: i64 = app.count("SELECT id FROM users WHERE email = 'anne@ign.example'").await;

    for path in [format!("/t/{id}"), format!("/u/{member}")] {
        let doc = page(&app, &path).await;
        assert_inert(&doc, &path);
        assert_eq!(title_text(&doc), format!("{TITLE_PAYLOAD} – Jonction"), "{path}: the title shows the text as typed");
    }
    // The header (the viewer's name) and the lists show it as text as well.
    let doc = page(&app, "/").await;
    assert_inert(&doc, "/");
    assert_eq!(select(&doc, ".viewer-name")[0].text().collect::<String>(), TITLE_PAYLOAD);

    let admin = app.admin().await;
    let r = admin
        .post("/admin/tags", &[("slug", "piege"), ("kind", "solution"), ("name", TITLE_PAYLOAD), ("description", TEXTAREA_PAYLOAD), ("url", "")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = page(&app, "/tags/piege").await;
    assert_inert(&doc, "/tags/piege");
    assert_eq!(title_text(&doc), format!("{TITLE_PAYLOAD} – Jonction"));

    // The tag's description in its edit form on /admin/tags.
    let doc = page(&admin, "/admin/tags").await;
    assert_inert(&doc, "/admin/tags");
    assert_eq!(textarea_text(&doc, "#piege-description"), TEXTAREA_PAYLOAD);
}

#[tokio::test]
async fn a_message_stays_text_in_every_editor_it_is_shown_in() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let id = app.start_thread("Fil ordinaire", TEXTAREA_PAYLOAD).await;
    let post: i64 = app.count(&format!("SELECT id FROM posts WHERE thread_id = {id}")).await;

    // Quoting it in a reply.
    let doc = page(&app, &format!("/t/{id}?quote={post}")).await;
    assert_inert(&doc, "quote");
    let quoted = textarea_text(&doc, "#reply-body");
    assert!(quoted.contains(&format!("> {TEXTAREA_PAYLOAD}")), "quoted as typed: {quoted:?}");

    // Editing it.
    let doc = page(&app, &format!("/p/{post}/edit")).await;
    assert_inert(&doc, "edit");
    assert_eq!(textarea_text(&doc, "#body"), TEXTAREA_PAYLOAD);

    // A previewed reply and a refused new thread give it back in their editors.
    let r = app.post(&format!("/t/{id}/reply"), &[("body", TEXTAREA_PAYLOAD), ("parent_id", ""), ("intent", "preview")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = Html::parse_document(&text(r).await);
    assert_inert(&doc, "preview");
    assert_eq!(textarea_text(&doc, "#reply-body"), TEXTAREA_PAYLOAD);

    let r = app
        .post("/new", &[("title", ATTRIBUTE_PAYLOAD), ("body", TEXTAREA_PAYLOAD), ("solution", ""), ("solution_version", ATTRIBUTE_PAYLOAD), ("standard", "wfs")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = Html::parse_document(&text(r).await);
    assert_inert(&doc, "refused /new");
    assert_eq!(textarea_text(&doc, "#body"), TEXTAREA_PAYLOAD);
    let title = select(&doc, "input#title");
    assert_eq!(title[0].value().attr("value"), Some(ATTRIBUTE_PAYLOAD), "an attribute keeps the text as typed");
    assert_eq!(select(&doc, "input#solution_version-1")[0].value().attr("value"), Some(ATTRIBUTE_PAYLOAD));
}

#[tokio::test]
async fn a_first_blank_line_of_a_message_survives_the_editor() {
    // The HTML parser drops one newline after <textarea>: the editor adds one, so none of the text is lost.
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let id = app.start_thread("Fil ordinaire", "texte").await;
    let r = app.post(&format!("/t/{id}/reply"), &[("body", "\n\nindenté"), ("parent_id", ""), ("intent", "preview")]).await;
    let doc = Html::parse_document(&text(r).await);
    assert_eq!(textarea_text(&doc, "#reply-body"), "\n\nindenté");
}
