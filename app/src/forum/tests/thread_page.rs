//! What the thread page offers each viewer: the same rules as the functions
//! that act (authorisation and the lock rule), decided once in the domain.

use super::{Forum, refused};
use crate::domain::views::{PostView, ThreadPage};
use crate::domain::{ThreadStatus, Viewer};
use crate::forum::threads;
use crate::testing;
use http::StatusCode;

async fn page(f: &Forum, viewer: Option<&Viewer>) -> ThreadPage {
    threads::thread_page(&f.db, viewer, f.thread, crate::domain::PageNumber::FIRST).await.unwrap()
}

fn post(page: &ThreadPage, id: i64) -> &PostView {
    page.posts.iter().find(|p| p.id == id).expect("the post is on the page")
}

/// (thread-wide) can_reply, can_change_status, can_lock.
fn offers(page: &ThreadPage) -> (bool, bool, bool) {
    (page.rights.can_reply, page.rights.can_change_status, page.rights.can_lock)
}

/// (can_edit, can_mark_resolution) of a post.
fn post_offers(page: &ThreadPage, id: i64) -> (bool, bool) {
    let p = post(page, id);
    (p.rights.can_edit, p.rights.can_mark_resolution)
}

#[tokio::test]
async fn each_viewer_is_offered_what_they_may_do() {
    let f = Forum::new().await;
    let nobody = page(&f, None).await;
    assert_eq!(offers(&nobody), (false, false, false));
    assert_eq!((post_offers(&nobody, f.opening), post_offers(&nobody, f.answer)), ((false, false), (false, false)));

    let author = page(&f, Some(&f.author)).await;
    assert_eq!(offers(&author), (true, true, false));
    // The opening post is never a resolution; the answer is someone else's.
    assert_eq!((post_offers(&author, f.opening), post_offers(&author, f.answer)), ((true, false), (false, true)));

    let stranger = page(&f, Some(&f.stranger)).await;
    assert_eq!(offers(&stranger), (true, false, false));
    assert_eq!((post_offers(&stranger, f.opening), post_offers(&stranger, f.answer)), ((false, false), (true, false)));

    for moderator in [&f.moderator, &f.admin] {
        let p = page(&f, Some(moderator)).await;
        assert_eq!(offers(&p), (true, true, true));
        assert_eq!((post_offers(&p, f.opening), post_offers(&p, f.answer)), ((true, false), (true, true)));
    }
}

#[tokio::test]
async fn a_locked_thread_offers_writing_to_moderators_only() {
    let f = Forum::new().await;
    f.lock(f.thread).await;
    let author = page(&f, Some(&f.author)).await;
    assert_eq!(offers(&author), (false, true, false), "the author still manages the status");
    assert_eq!(post_offers(&author, f.opening), (false, false));
    assert_eq!(post_offers(&page(&f, Some(&f.stranger)).await, f.answer), (false, false));
    let moderator = page(&f, Some(&f.moderator)).await;
    assert_eq!(offers(&moderator), (true, true, true));
    assert_eq!(post_offers(&moderator, f.answer), (true, true));
}

#[tokio::test]
async fn a_deleted_post_offers_nothing_and_shows_no_text() {
    let f = Forum::new().await;
    testing::delete(&f.db, f.answer).await;
    let p = page(&f, Some(&f.moderator)).await;
    let answer = post(&p, f.answer);
    assert!(answer.deleted);
    assert!(!post(&p, f.opening).deleted);
    assert_eq!((answer.rights.can_edit, answer.rights.can_mark_resolution), (false, false));
    assert!(answer.body_html.is_empty());
}

#[tokio::test]
async fn the_resolution_is_shown_while_the_thread_is_resolved() {
    let f = Forum::new().await;
    assert_eq!(page(&f, None).await.resolution, None);
    testing::resolve(&f.db, f.thread, f.answer).await;
    let resolved = page(&f, Some(&f.author)).await;
    assert_eq!(resolved.resolution.as_ref().map(|p| p.id), Some(f.answer));
    assert!(!post(&resolved, f.answer).rights.can_mark_resolution, "it already is the resolution");
    // A thread moved back keeps no resolution, even if the row still names one.
    sqlx::query("UPDATE threads SET status = $1 WHERE id = $2")
        .bind(ThreadStatus::Confirmed)
        .bind(f.thread)
        .execute(&f.db)
        .await
        .unwrap();
    assert_eq!(page(&f, None).await.resolution, None);
}

#[tokio::test]
async fn the_page_carries_the_thread_and_its_posts_in_order() {
    let f = Forum::new().await;
    let p = page(&f, None).await;
    assert_eq!(p.summary.title, super::THREAD_TITLE);
    assert_eq!(p.posts.iter().map(|p| p.id).collect::<Vec<_>>(), [f.opening, f.answer]);
    assert_eq!(post(&p, f.answer).author.name, f.stranger.name);
    assert_eq!(post(&p, f.answer).parent, None);
    assert_eq!(p.duplicate_of, None);
    refused(threads::thread_page(&f.db, None, f.thread + 100, crate::domain::PageNumber::FIRST).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_long_thread_is_read_in_pages_with_its_resolution_on_each() {
    use crate::domain::PageNumber;
    use crate::domain::limits::POSTS_PER_PAGE;
    let f = Forum::new().await;
    // The opening post and the fixture's answer, then enough replies for one post on a second page.
    let mut last = f.answer;
    for i in 0..POSTS_PER_PAGE - 1 {
        last = testing::reply(&f.db, f.thread, f.author.id, &format!("Relance n° {i}.")).await;
    }
    testing::resolve(&f.db, f.thread, f.answer).await;
    let at = |n: &str| threads::thread_page(&f.db, None, f.thread, PageNumber::parse(Some(n)).unwrap());
    let first = at("1").await.unwrap();
    assert_eq!((first.page, first.pages, first.posts.len() as i64), (1, 2, POSTS_PER_PAGE));
    assert_eq!(first.resolution.as_ref().map(|p| p.id), Some(f.answer));
    let second = at("2").await.unwrap();
    assert_eq!(second.posts.iter().map(|p| p.id).collect::<Vec<_>>(), [last]);
    assert_eq!(second.resolution.as_ref().map(|p| p.id), Some(f.answer), "written on page 1, shown on page 2");
    let e = refused(at("3").await, StatusCode::NOT_FOUND);
    assert_eq!(e.message(), "Ce fil n’a que 2 page(s).");
    // Each post's address is the page that shows it.
    let href = crate::forum::thread_page::post_href(&f.db, last).await.unwrap();
    assert_eq!(href, format!("{}?page=2#p{last}", crate::domain::views::thread_href(f.thread, super::THREAD_TITLE)));
}
