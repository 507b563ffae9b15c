//! A member's notifications: the sentence each event makes, the list's pages,
//! and the header's unread count, capped.

use super::{Forum, refused};
use crate::domain::limits::{NOTIFICATIONS_PER_PAGE, UNREAD_COUNT_MAX};
use crate::domain::{PageNumber, ThreadEventKind, ThreadStatus};
use crate::forum::notifications::{page, unread};
use crate::store::{self, notifications::NewNotification};
use http::StatusCode;

/// Tells the thread's author of event `event`, by the stranger who answered.
async fn notify(f: &Forum, event: i64, kind: &str, reason: &str, detail: &str) {
    let mut tx = store::begin(&f.db).await.unwrap();
    let n = NewNotification {
        user_id: f.author.id,
        event_id: event,
        kind,
        reason,
        thread_id: f.thread,
        post_id: None,
        actor_id: Some(f.stranger.id),
        detail,
    };
    store::notifications::insert(&mut tx, &n).await.unwrap();
    tx.commit().await.unwrap();
}

fn stored(e: ThreadEventKind) -> String {
    let (kind, detail) = e.stored();
    format!("{kind}:{detail}")
}

#[tokio::test]
async fn each_event_makes_its_own_sentence() {
    let f = Forum::new().await;
    let resolution = stored(ThreadEventKind::Resolution { post_id: f.answer });
    let status = stored(ThreadEventKind::Status(ThreadStatus::Confirmed));
    let duplicate = stored(ThreadEventKind::Duplicate { of: 42 });
    let cases = [
        ("reply_created", "mention", "", "vous a mentionné dans"),
        ("thread_created", "tag", "", "a ouvert"),
        ("reply_created", "thread", "", "a répondu dans"),
        ("status_changed", "thread", resolution.as_str(), "a marqué la résolution de"),
        ("status_changed", "thread", status.as_str(), "a passé au statut « Confirmé » le fil"),
        ("status_changed", "thread", duplicate.as_str(), "a marqué comme doublon du fil n° 42 le fil"),
        ("status_changed", "thread", "lock:", "a modifié"),
    ];
    for (event, (kind, reason, detail, _)) in cases.iter().enumerate() {
        notify(&f, event as i64 + 1, kind, reason, detail).await;
    }
    let list = page(&f.db, &f.author, PageNumber::FIRST).await.unwrap();
    // Newest first.
    let texts: Vec<String> = list.items.iter().rev().map(|i| i.text.clone()).collect();
    let expected: Vec<String> = cases.iter().map(|(.., action)| format!("{} {action}", f.stranger.name)).collect();
    assert_eq!(texts, expected);
}

/// The pages of the author's list, checking its unread count is `unread`.
async fn pages(f: &Forum, unread: i64) -> i64 {
    let p = page(&f.db, &f.author, PageNumber::FIRST).await.unwrap();
    assert_eq!(p.unread, unread.min(UNREAD_COUNT_MAX + 1), "{unread} unread");
    p.pages
}

#[tokio::test]
async fn the_list_has_as_many_pages_as_it_needs_and_no_more() {
    let f = Forum::new().await;
    assert_eq!(pages(&f, 0).await, 1, "an empty list is one page");
    refused(page(&f.db, &f.author, PageNumber::parse(Some("2")).unwrap()).await, StatusCode::NOT_FOUND);
    for event in 1..=NOTIFICATIONS_PER_PAGE {
        notify(&f, event, "reply_created", "thread", "").await;
    }
    assert_eq!(pages(&f, NOTIFICATIONS_PER_PAGE).await, 1, "a full page");
    refused(page(&f.db, &f.author, PageNumber::parse(Some("2")).unwrap()).await, StatusCode::NOT_FOUND);
    notify(&f, NOTIFICATIONS_PER_PAGE + 1, "reply_created", "thread", "").await;
    assert_eq!(pages(&f, NOTIFICATIONS_PER_PAGE + 1).await, 2, "one more makes a second page");
    let second = page(&f.db, &f.author, PageNumber::parse(Some("2")).unwrap()).await.unwrap();
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.page, 2);
}

#[tokio::test]
async fn the_unread_count_stops_one_past_its_cap() {
    let f = Forum::new().await;
    for event in 1..=UNREAD_COUNT_MAX + 5 {
        notify(&f, event, "reply_created", "thread", "").await;
    }
    // One past the cap, so that the header says « 99+ ».
    assert_eq!(unread(&f.db, &f.author).await.unwrap(), UNREAD_COUNT_MAX + 1);
    assert_eq!(unread(&f.db, &f.stranger).await.unwrap(), 0);
}
