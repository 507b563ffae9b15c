//! The status workflow, duplicates, the resolution and locking: who may, and
//! the history each change leaves.

use super::{Forum, invalid_fields, refused};
use crate::domain::post_input::parse_resolution;
use crate::domain::{StatusChange, ThreadEventKind, ThreadStatus, Viewer};
use crate::forum::threads;
use crate::testing;
use http::StatusCode;

async fn status_of(f: &Forum, thread: i64) -> ThreadStatus {
    threads::thread_page(&f.db, None, thread, crate::domain::PageNumber::FIRST).await.unwrap().summary.status
}

/// (actor, event) of a thread's history, oldest first.
async fn history(f: &Forum, thread: i64) -> Vec<(String, ThreadEventKind)> {
    let page = threads::thread_page(&f.db, None, thread, crate::domain::PageNumber::FIRST).await.unwrap();
    page.events.into_iter().map(|e| (e.actor_name, e.kind)).collect()
}

async fn change(f: &Forum, viewer: &Viewer, thread: i64, status: &str, duplicate_of: &str) -> crate::error::AppResult<()> {
    threads::change_status(&f.db, viewer, thread, StatusChange::parse(status, duplicate_of).map_err(|e| vec![e])).await
}

#[tokio::test]
async fn the_author_or_a_moderator_moves_a_thread_through_its_workflow() {
    let f = Forum::new().await;
    change(&f, &f.author, f.thread, "confirmed", "").await.unwrap();
    assert_eq!(status_of(&f, f.thread).await, ThreadStatus::Confirmed);
    change(&f, &f.moderator, f.thread, "needs_info", "").await.unwrap();
    assert_eq!(status_of(&f, f.thread).await, ThreadStatus::NeedsInfo);
    refused(change(&f, &f.stranger, f.thread, "wont_fix", "").await, StatusCode::FORBIDDEN);
    // Who may is checked before what was chosen.
    refused(change(&f, &f.stranger, f.thread, "resolved", "").await, StatusCode::FORBIDDEN);
    assert_eq!(invalid_fields(change(&f, &f.author, f.thread, "resolved", "").await), ["status"]);
    refused(change(&f, &f.author, f.thread + 100, "confirmed", "").await, StatusCode::NOT_FOUND);
    assert_eq!(status_of(&f, f.thread).await, ThreadStatus::NeedsInfo, "refusals change nothing");
    assert_eq!(
        history(&f, f.thread).await,
        [
            (f.author.name.clone(), ThreadEventKind::Status(ThreadStatus::Confirmed)),
            (f.moderator.name.clone(), ThreadEventKind::Status(ThreadStatus::NeedsInfo)),
        ]
    );
}

#[tokio::test]
async fn a_duplicate_names_another_thread_that_exists() {
    let f = Forum::new().await;
    let (original, _) = f.thread_by(&f.stranger, "Pagination WFS : doublons", &[]).await;
    assert_eq!(invalid_fields(change(&f, &f.author, f.thread, "duplicate", &f.thread.to_string()).await), ["duplicate_of"]);
    assert_eq!(invalid_fields(change(&f, &f.author, f.thread, "duplicate", &(original + 100).to_string()).await), ["duplicate_of"]);
    assert!(history(&f, f.thread).await.is_empty());

    change(&f, &f.author, f.thread, "duplicate", &format!("#{original}")).await.unwrap();
    let page = threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await.unwrap();
    assert_eq!(page.summary.status, ThreadStatus::Duplicate);
    assert_eq!(page.duplicate_of, Some((original, "Pagination WFS : doublons".to_string())));
    assert_eq!(history(&f, f.thread).await, [(f.author.name.clone(), ThreadEventKind::Duplicate { of: original })]);
}

#[tokio::test]
async fn the_author_marks_the_reply_that_resolved_the_thread() {
    let f = Forum::new().await;
    let mark = |viewer, post: i64| threads::mark_resolution(&f.db, viewer, f.thread, parse_resolution(&post.to_string()));
    refused(mark(&f.stranger, f.answer).await, StatusCode::FORBIDDEN);
    mark(&f.author, f.answer).await.unwrap();
    let page = threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await.unwrap();
    assert_eq!(page.summary.status, ThreadStatus::Resolved);
    assert_eq!(page.resolution.map(|p| p.id), Some(f.answer));
    assert_eq!(history(&f, f.thread).await, [(f.author.name.clone(), ThreadEventKind::Resolution { post_id: f.answer })]);

    let later = testing::reply(&f.db, f.thread, f.author.id, "Finalement, autre chose.").await;
    mark(&f.moderator, later).await.unwrap();
    let page = threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await.unwrap();
    assert_eq!(page.resolution.map(|p| p.id), Some(later), "a moderator may too");
}

#[tokio::test]
async fn only_a_live_reply_of_the_thread_can_be_its_resolution() {
    let f = Forum::new().await;
    let (_, elsewhere) = f.thread_by(&f.stranger, "Un autre fil", &[]).await;
    let deleted = testing::reply(&f.db, f.thread, f.stranger.id, "Retiré.").await;
    testing::delete(&f.db, deleted).await;
    for post in [f.opening, elsewhere, deleted] {
        let result = threads::mark_resolution(&f.db, &f.author, f.thread, Ok(post)).await;
        assert_eq!(invalid_fields(result), ["post_id"], "post {post}");
    }
    refused(threads::mark_resolution(&f.db, &f.author, f.thread, Ok(f.answer + 100)).await, StatusCode::NOT_FOUND);
    refused(threads::mark_resolution(&f.db, &f.author, f.thread + 100, Ok(f.answer)).await, StatusCode::NOT_FOUND);
    assert_eq!(invalid_fields(threads::mark_resolution(&f.db, &f.author, f.thread, parse_resolution("x")).await), ["post_id"]);
    refused(threads::mark_resolution(&f.db, &f.stranger, f.thread, parse_resolution("x")).await, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&f, f.thread).await, ThreadStatus::Open);
}

#[tokio::test]
async fn only_moderators_lock_and_unlock() {
    let f = Forum::new().await;
    for member in [&f.author, &f.stranger] {
        refused(threads::set_locked(&f.db, member, f.thread, true).await, StatusCode::FORBIDDEN);
    }
    refused(threads::set_locked(&f.db, &f.moderator, f.thread + 100, true).await, StatusCode::NOT_FOUND);
    threads::set_locked(&f.db, &f.moderator, f.thread, true).await.unwrap();
    assert!(threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await.unwrap().summary.locked);
    threads::set_locked(&f.db, &f.admin, f.thread, false).await.unwrap();
    assert!(!threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await.unwrap().summary.locked);
    assert_eq!(
        history(&f, f.thread).await,
        [(f.moderator.name.clone(), ThreadEventKind::Lock), (f.admin.name.clone(), ThreadEventKind::Unlock)]
    );
}

#[tokio::test]
async fn a_history_row_this_code_does_not_know_is_an_error_not_a_guess() {
    let f = Forum::new().await;
    sqlx::query("INSERT INTO thread_events (thread_id, actor_id, kind, detail, created_at) VALUES ($1, $2, 'renamed', '', 0)")
        .bind(f.thread)
        .bind(f.author.id)
        .execute(&f.db)
        .await
        .unwrap();
    refused(threads::thread_page(&f.db, None, f.thread, crate::domain::PageNumber::FIRST).await, StatusCode::INTERNAL_SERVER_ERROR);
}
