//! Starting a thread, replying, editing and deleting: who may, the lock rule,
//! and what is saved.

use super::{Forum, invalid_fields, refused};
use crate::domain::limits::{TAG_DETAIL_MAX_CHARS, TAGS_PER_KIND_MAX};
use crate::domain::{Body, Parsed, ReplyInput, TagKind};
use crate::forum::threads::{self, NewThreadInput};
use crate::testing;
use http::StatusCode;

fn new_thread(solutions: &[(&str, &str)], standards: &[(&str, &str)]) -> NewThreadInput {
    let pairs = |rows: &[(&str, &str)]| rows.iter().map(|(s, d)| (s.to_string(), d.to_string())).collect();
    NewThreadInput {
        title: "  Couches   WMS invisibles ".into(),
        body: "Les couches sont **invisibles**.".into(),
        solutions: pairs(solutions),
        standards: pairs(standards),
    }
}

/// (slug, detail) of a thread's tags, as its page shows them.
async fn tags_of(f: &Forum, thread: i64) -> Vec<(String, String)> {
    let page = threads::thread_page(&f.db, None, thread, crate::domain::PageNumber::FIRST).await.unwrap();
    page.summary.tags.into_iter().map(|t| (t.slug, t.detail)).collect()
}

/// A message as the edit form hands it over.
fn body(text: &str) -> Parsed<Body> {
    Body::parse("body", text).map_err(|e| vec![e])
}

fn reply_input(body: &str, parent: Option<i64>) -> Parsed<ReplyInput> {
    ReplyInput::parse(body, &parent.map(|p| p.to_string()).unwrap_or_default())
}

#[tokio::test]
async fn a_thread_starts_with_its_opening_post_and_its_tags() {
    let f = Forum::new().await;
    let input = new_thread(&[(" geoserver ", "2.25.1"), ("", "")], &[("wfs", "")]);
    let id = threads::create_thread(&f.db, &f.author, &input).await.unwrap();
    let page = threads::thread_page(&f.db, None, id, crate::domain::PageNumber::FIRST).await.unwrap();
    assert_eq!(page.summary.title, "Couches WMS invisibles");
    assert_eq!(page.summary.author_id, f.author.id);
    assert_eq!(page.posts.len(), 1);
    assert!(page.posts[0].is_opening);
    assert_eq!(page.posts[0].body_md, "Les couches sont **invisibles**.");
    assert!(page.posts[0].body_html.contains("<strong>invisibles</strong>"), "{}", page.posts[0].body_html);
    assert_eq!(tags_of(&f, id).await, [("geoserver".into(), "2.25.1".into()), ("wfs".into(), String::new())]);
}

#[tokio::test]
async fn every_problem_with_a_new_thread_is_reported_at_once() {
    let f = Forum::new().await;
    let empty = NewThreadInput { title: " ".into(), body: "\n".into(), ..Default::default() };
    let fields = invalid_fields(threads::create_thread(&f.db, &f.author, &empty).await);
    assert_eq!(fields, ["title", "body", "solution", "standard"]);
    let no_standard = new_thread(&[("geoserver", "")], &[("", "")]);
    assert_eq!(invalid_fields(threads::create_thread(&f.db, &f.author, &no_standard).await), ["standard"]);
}

#[tokio::test]
async fn a_tag_must_exist_and_be_of_its_kind() {
    let f = Forum::new().await;
    let input = new_thread(&[("wfs", "")], &[("inconnue", "")]);
    let e = refused(threads::create_thread(&f.db, &f.author, &input).await, StatusCode::UNPROCESSABLE_ENTITY);
    // One message a field: an unknown tag is not also reported as missing.
    assert_eq!(
        e.field_errors().into_iter().map(|e| (e.field, e.message)).collect::<Vec<_>>(),
        [
            ("solution".to_string(), "Solution inconnue : « wfs ».".to_string()),
            ("standard".to_string(), "Norme inconnue : « inconnue ».".to_string()),
        ]
    );
}

#[tokio::test]
async fn a_tag_chosen_twice_counts_once_up_to_three_of_a_kind() {
    let f = Forum::new().await;
    let twice = new_thread(&[("geoserver", "2.24"), ("geoserver", "2.25"), ("qgis", "")], &[("wfs", "")]);
    let id = threads::create_thread(&f.db, &f.author, &twice).await.unwrap();
    let solutions: Vec<_> = tags_of(&f, id).await.into_iter().filter(|(s, _)| s != "wfs").collect();
    assert_eq!(solutions, [("geoserver".into(), "2.24".into()), ("qgis".into(), String::new())]);

    testing::tag(&f.db, "mapserver", TagKind::Solution, "MapServer").await;
    testing::tag(&f.db, "qgis-server", TagKind::Solution, "QGIS Server").await;
    let three = new_thread(&[("geoserver", ""), ("qgis", ""), ("mapserver", "")], &[("wfs", "")]);
    assert!(threads::create_thread(&f.db, &f.author, &three).await.is_ok(), "{TAGS_PER_KIND_MAX} are allowed");
    let four = new_thread(&[("geoserver", ""), ("qgis", ""), ("mapserver", ""), ("qgis-server", "")], &[("wfs", "")]);
    assert_eq!(invalid_fields(threads::create_thread(&f.db, &f.author, &four).await), ["solution"]);
}

#[tokio::test]
async fn a_merged_tag_is_saved_as_the_tag_it_was_merged_into() {
    let f = Forum::new().await;
    let old = testing::tag(&f.db, "geoserveur", TagKind::Solution, "GeoServeur").await;
    testing::merge(&f.db, old, f.geoserver).await;
    let id = threads::create_thread(&f.db, &f.author, &new_thread(&[("geoserveur", "")], &[("csw", "")])).await.unwrap();
    assert_eq!(tags_of(&f, id).await, [("geoserver".into(), String::new()), ("csw".into(), String::new())]);
}

#[tokio::test]
async fn a_version_or_clause_too_long_is_reported_on_its_own_field() {
    let f = Forum::new().await;
    let long = "v".repeat(TAG_DETAIL_MAX_CHARS + 1);
    let input = new_thread(&[("geoserver", &long)], &[("wfs", &long)]);
    let fields = invalid_fields(threads::create_thread(&f.db, &f.author, &input).await);
    assert!(fields.contains(&"solution_version".to_string()) && fields.contains(&"standard_clause".to_string()), "{fields:?}");
}

#[tokio::test]
async fn a_reply_may_answer_a_post_of_its_own_thread() {
    let f = Forum::new().await;
    let id = threads::reply(&f.db, &f.author, f.thread, reply_input("Merci, c’était ça.", Some(f.answer))).await.unwrap();
    let page = threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await.unwrap();
    let post = page.posts.iter().find(|p| p.id == id).unwrap();
    assert_eq!(post.parent, Some((f.answer, f.stranger.name.clone())));
    assert!(!post.is_opening);
    assert_eq!(post.body_md, "Merci, c’était ça.");
    assert_eq!(page.summary.reply_count, 2);

    let (other, other_opening) = f.thread_by(&f.author, "Un autre fil", &[]).await;
    let elsewhere = threads::reply(&f.db, &f.author, f.thread, reply_input("Hors sujet", Some(other_opening))).await;
    assert_eq!(invalid_fields(elsewhere), ["parent_id"]);
    let missing = threads::reply(&f.db, &f.author, f.thread, reply_input("Perdu", Some(other_opening + 100))).await;
    assert_eq!(invalid_fields(missing), ["parent_id"]);
    assert_eq!(threads::thread_page(&f.db, None, other, crate::domain::PageNumber::FIRST).await.unwrap().posts.len(), 1, "nothing saved");
}

#[tokio::test]
async fn a_reply_needs_a_thread_and_a_text() {
    let f = Forum::new().await;
    refused(threads::reply(&f.db, &f.author, f.thread + 100, reply_input("Bonjour", None)).await, StatusCode::NOT_FOUND);
    assert_eq!(invalid_fields(threads::reply(&f.db, &f.author, f.thread, reply_input("  ", None)).await), ["body"]);
}

#[tokio::test]
async fn in_a_locked_thread_only_moderators_reply() {
    let f = Forum::new().await;
    f.lock(f.thread).await;
    for member in [&f.author, &f.stranger] {
        refused(threads::reply(&f.db, member, f.thread, reply_input("Encore moi", None)).await, StatusCode::FORBIDDEN);
        // Who may write is checked before what was typed.
        refused(threads::reply(&f.db, member, f.thread, reply_input("", None)).await, StatusCode::FORBIDDEN);
    }
    for moderator in [&f.moderator, &f.admin] {
        assert!(threads::reply(&f.db, moderator, f.thread, reply_input("Fil clos.", None)).await.is_ok());
    }
}

#[tokio::test]
async fn an_author_or_a_moderator_edits_a_post() {
    let f = Forum::new().await;
    let edit = |viewer, post, text: &str| threads::edit_post(&f.db, viewer, post, body(text));
    assert_eq!(edit(&f.stranger, f.answer, "Passez en **2.25.2**.").await.unwrap(), f.thread);
    assert_eq!(edit(&f.moderator, f.opening, "Corrigé par la modération.").await.unwrap(), f.thread);
    refused(edit(&f.author, f.answer, "Pas le mien").await, StatusCode::FORBIDDEN);
    refused(edit(&f.author, f.answer, "").await, StatusCode::FORBIDDEN);
    assert_eq!(invalid_fields(edit(&f.stranger, f.answer, " ").await), ["body"]);

    let page = threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await.unwrap();
    let answer = page.posts.iter().find(|p| p.id == f.answer).unwrap();
    assert_eq!(answer.body_md, "Passez en **2.25.2**.");
    assert!(answer.body_html.contains("<strong>2.25.2</strong>"), "{}", answer.body_html);
    assert!(answer.edited_at.is_some());
    assert_eq!(page.posts[0].body_md, "Corrigé par la modération.");
}

#[tokio::test]
async fn the_edit_form_gets_the_text_only_for_who_may_edit() {
    let f = Forum::new().await;
    let text = threads::post_for_edit(&f.db, &f.stranger, f.answer).await.unwrap();
    assert_eq!(text, (f.thread, "Passez en 2.25.1.".to_string()));
    refused(threads::post_for_edit(&f.db, &f.author, f.answer).await, StatusCode::FORBIDDEN);
    refused(threads::post_for_edit(&f.db, &f.author, f.answer + 100).await, StatusCode::NOT_FOUND);
    testing::delete(&f.db, f.answer).await;
    refused(threads::post_for_edit(&f.db, &f.stranger, f.answer).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn in_a_locked_thread_only_moderators_change_messages() {
    let f = Forum::new().await;
    f.lock(f.thread).await;
    refused(threads::edit_post(&f.db, &f.author, f.opening, body("Modifié")).await, StatusCode::FORBIDDEN);
    refused(threads::delete_post(&f.db, &f.stranger, f.answer).await, StatusCode::FORBIDDEN);
    assert!(threads::edit_post(&f.db, &f.moderator, f.opening, body("Modifié")).await.is_ok());
    assert!(threads::delete_post(&f.db, &f.moderator, f.answer).await.is_ok());
}

#[tokio::test]
async fn a_deleted_post_loses_its_text_and_stays_in_place() {
    let f = Forum::new().await;
    refused(threads::delete_post(&f.db, &f.author, f.answer).await, StatusCode::FORBIDDEN);
    assert_eq!(threads::delete_post(&f.db, &f.stranger, f.answer).await.unwrap(), f.thread);
    let page = threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await.unwrap();
    let answer = page.posts.iter().find(|p| p.id == f.answer).unwrap();
    assert!(answer.deleted);
    assert_eq!((answer.body_md.as_str(), answer.body_html.as_str()), ("", ""));
    refused(threads::delete_post(&f.db, &f.stranger, f.answer).await, StatusCode::NOT_FOUND);
    refused(threads::delete_post(&f.db, &f.moderator, f.answer + 100).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_resolution_cannot_be_deleted_while_it_is_one() {
    let f = Forum::new().await;
    let other = testing::reply(&f.db, f.thread, f.stranger.id, "Autre piste.").await;
    testing::resolve(&f.db, f.thread, f.answer).await;
    let e = refused(threads::delete_post(&f.db, &f.stranger, f.answer).await, StatusCode::CONFLICT);
    assert!(e.message().contains("résolution du fil"), "{}", e.message());
    assert!(threads::delete_post(&f.db, &f.stranger, other).await.is_ok(), "another reply of a resolved thread may go");

    testing::set_status(&f.db, f.thread, crate::domain::ThreadStatus::Confirmed, None).await;
    assert!(threads::delete_post(&f.db, &f.stranger, f.answer).await.is_ok(), "once the thread is reopened");
}
