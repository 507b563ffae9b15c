//! Transactions keep their meaning on both databases: concurrent replies,
//! edits, status changes, deletions and locks give the results SQLite gives,
//! where writers run one after another. Each test runs on the backend of the
//! test run (`store::testing`), with real parallel tasks.

use super::threads::{self, NewThreadInput};
use crate::domain::{Body, ReplyInput, Role, StatusChange, TagKind, ThreadEventKind, ThreadStatus, Viewer};
use crate::error::AppError;
use crate::store::{self, Db, testing};
use tokio::task::JoinHandle;

async fn member(db: &Db, name: &str, role: Role) -> Viewer {
    let id = store::users::insert(db, &format!("{name}@exemple.fr"), name, None, None, role, true).await.unwrap();
    Viewer { id, name: name.into(), role, verified: true }
}

struct Forum {
    db: Db,
    _dir: testing::TestDir,
    author: Viewer,
    moderator: Viewer,
    thread: i64,
}

async fn forum() -> Forum {
    let (db, dir) = testing::database().await;
    store::tags::insert(&db, "geoserver", TagKind::Solution, "GeoServer", "", None).await.unwrap();
    store::tags::insert(&db, "wfs", TagKind::Standard, "WFS", "", None).await.unwrap();
    let author = member(&db, "anne", Role::Member).await;
    let moderator = member(&db, "modo", Role::Moderator).await;
    let input = NewThreadInput {
        title: "Limite WFS ignorée".into(),
        body: "La limite par défaut est ignorée.".into(),
        solutions: vec![("geoserver".into(), String::new())],
        standards: vec![("wfs".into(), String::new())],
    };
    let thread = threads::create_thread(&db, &author, &input).await.unwrap();
    Forum { db, _dir: dir, author, moderator, thread }
}

async fn all<T>(tasks: Vec<JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn reply_task(f: &Forum, viewer: &Viewer, text: String) -> JoinHandle<Result<i64, AppError>> {
    let (db, viewer, thread) = (f.db.clone(), viewer.clone(), f.thread);
    tokio::spawn(async move { threads::reply(&db, &viewer, thread, ReplyInput::parse(&text, "")).await })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_replies_are_all_saved_and_counted() {
    let f = forum().await;
    let tasks = (0..24).map(|i| reply_task(&f, &f.author, format!("Réponse {i}"))).collect();
    let ids: Vec<i64> = all(tasks).await.into_iter().map(Result::unwrap).collect();
    let (count, posts): (i64, i64) =
        sqlx::query_as("SELECT reply_count, (SELECT COUNT(*) FROM posts WHERE thread_id = $1) FROM threads WHERE id = $1")
            .bind(f.thread)
            .fetch_one(&f.db)
            .await
            .unwrap();
    assert_eq!((count, posts), (24, 25), "every acknowledged reply is saved and counted once");
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM change_log WHERE kind = 'post_created' AND post_id IN (SELECT id FROM posts WHERE thread_id = $1 AND is_opening = FALSE)")
        .bind(f.thread)
        .fetch_one(&f.db)
        .await
        .unwrap();
    assert_eq!(logged as usize, ids.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replies_racing_a_lock_are_saved_before_it_or_refused() {
    let f = forum().await;
    let mut tasks: Vec<JoinHandle<Result<i64, AppError>>> = (0..8).map(|i| reply_task(&f, &f.author, format!("Avant {i}"))).collect();
    let (db, modo, thread) = (f.db.clone(), f.moderator.clone(), f.thread);
    let lock = tokio::spawn(async move { threads::set_locked(&db, &modo, thread, true).await });
    tasks.extend((0..8).map(|i| reply_task(&f, &f.author, format!("Pendant {i}"))));
    lock.await.unwrap().unwrap();
    let results = all(tasks).await;
    let lock_change: i64 = sqlx::query_scalar("SELECT id FROM change_log WHERE kind = 'lock_changed' AND thread_id = $1")
        .bind(f.thread)
        .fetch_one(&f.db)
        .await
        .unwrap();
    for r in results {
        match r {
            // Saved: it was decided, and logged, before the lock.
            Ok(post) => {
                let logged: i64 = sqlx::query_scalar("SELECT id FROM change_log WHERE kind = 'post_created' AND post_id = $1")
                    .bind(post)
                    .fetch_one(&f.db)
                    .await
                    .unwrap();
                assert!(logged < lock_change, "reply {post} saved after the thread was locked");
            }
            Err(e) => assert!(matches!(e, AppError::Forbidden(_)), "{e:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_status_changes_leave_the_status_of_the_last_recorded_event() {
    let f = forum().await;
    let cycle = [ThreadStatus::NeedsInfo, ThreadStatus::Confirmed, ThreadStatus::WontFix, ThreadStatus::Open];
    let tasks = (0..16)
        .map(|i| {
            let viewer = if i % 2 == 0 { f.author.clone() } else { f.moderator.clone() };
            let (db, thread, status) = (f.db.clone(), f.thread, cycle[i % cycle.len()]);
            tokio::spawn(async move { threads::change_status(&db, &viewer, thread, Ok(StatusChange::To(status))).await })
        })
        .collect();
    for r in all(tasks).await {
        r.unwrap();
    }
    let status: ThreadStatus = sqlx::query_scalar("SELECT status FROM threads WHERE id = $1").bind(f.thread).fetch_one(&f.db).await.unwrap();
    let (kind, detail): (String, String) =
        sqlx::query_as("SELECT kind, detail FROM thread_events WHERE thread_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(f.thread)
            .fetch_one(&f.db)
            .await
            .unwrap();
    assert_eq!(ThreadEventKind::from_stored(&kind, &detail), Some(ThreadEventKind::Status(status)));
    let events: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM thread_events WHERE thread_id = $1").bind(f.thread).fetch_one(&f.db).await.unwrap();
    assert_eq!(events, 16);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reply_deleted_while_marked_as_the_resolution_is_never_a_deleted_resolution() {
    let f = forum().await;
    for round in 0..6 {
        let post = threads::reply(&f.db, &f.author, f.thread, ReplyInput::parse(&format!("Solution {round}"), "")).await.unwrap();
        let (db, viewer, thread) = (f.db.clone(), f.author.clone(), f.thread);
        let delete = tokio::spawn(async move { threads::delete_post(&db, &viewer, post).await });
        let (db, viewer) = (f.db.clone(), f.author.clone());
        let mark = tokio::spawn(async move { threads::mark_resolution(&db, &viewer, thread, Ok(post)).await });
        let (deleted, marked) = (delete.await.unwrap(), mark.await.unwrap());
        assert!(deleted.is_ok() != marked.is_ok(), "exactly one wins: {deleted:?} {marked:?}");
        let (status, resolution, post_deleted): (ThreadStatus, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT t.status, t.resolution_post_id, p.deleted_at FROM threads t JOIN posts p ON p.id = $2 WHERE t.id = $1",
        )
        .bind(f.thread)
        .bind(post)
        .fetch_one(&f.db)
        .await
        .unwrap();
        let resolved_by_it = status == ThreadStatus::Resolved && resolution == Some(post);
        assert_eq!(resolved_by_it, marked.is_ok());
        assert_eq!(post_deleted.is_some(), deleted.is_ok());
        threads::change_status(&f.db, &f.author, f.thread, Ok(StatusChange::To(ThreadStatus::Open))).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_edits_of_one_post_each_apply_whole_and_are_each_logged() {
    let f = forum().await;
    let opening: i64 = sqlx::query_scalar("SELECT id FROM posts WHERE thread_id = $1").bind(f.thread).fetch_one(&f.db).await.unwrap();
    let tasks = (0..12)
        .map(|i| {
            let (db, viewer) = (f.db.clone(), f.author.clone());
            tokio::spawn(async move { threads::edit_post(&db, &viewer, opening, Body::parse("body", &format!("Version {i}")).map_err(|e| vec![e])).await })
        })
        .collect();
    for r in all(tasks).await {
        r.unwrap();
    }
    let (md, html): (String, String) =
        sqlx::query_as("SELECT body_md, body_html FROM posts WHERE id = $1").bind(opening).fetch_one(&f.db).await.unwrap();
    assert!(md.starts_with("Version ") && html.contains(&md), "{md} / {html}");
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM change_log WHERE kind = 'post_edited' AND post_id = $1")
        .bind(opening)
        .fetch_one(&f.db)
        .await
        .unwrap();
    assert_eq!(logged, 12);
}

/// Threads written side by side on different pairs each change the map's
/// counters in their own transaction: the map's text, written again by each
/// one before its commit, still names every counter once all are saved (a
/// text computed before another writer's commit would lose its cells).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_new_threads_leave_the_map_text_with_every_counter() {
    let f = forum().await;
    let solutions = ["qgis", "mapserver", "ckan", "prodige"];
    let standards = ["csw", "wms", "wmts", "inspire"];
    for slug in solutions {
        store::tags::insert(&f.db, slug, TagKind::Solution, slug, "", None).await.unwrap();
    }
    for slug in standards {
        store::tags::insert(&f.db, slug, TagKind::Standard, slug, "", None).await.unwrap();
    }
    let tasks = (0..16)
        .map(|i| {
            let input = NewThreadInput {
                title: format!("Fil {i}"),
                body: "Corps du fil.".into(),
                solutions: vec![(solutions[i % 4].into(), String::new())],
                standards: vec![(standards[i / 4].into(), String::new())],
            };
            let (db, author) = (f.db.clone(), f.author.clone());
            tokio::spawn(async move { threads::create_thread(&db, &author, &input).await })
        })
        .collect();
    for r in all(tasks).await {
        r.unwrap();
    }
    let sorted = |text: String| {
        let mut cells: Vec<String> = text.split(';').filter(|c| !c.is_empty()).map(str::to_string).collect();
        cells.sort();
        cells
    };
    let kept: String = sqlx::query_scalar("SELECT cells FROM map_text").fetch_one(&f.db).await.unwrap();
    let counters: Vec<String> =
        sqlx::query_scalar("SELECT cell FROM map_counts WHERE threads > 0").fetch_all(&f.db).await.unwrap();
    assert_eq!(sorted(kept), sorted(counters.join(";")));
    assert_eq!(counters.len(), 17, "the first thread's pair and one per new thread");
}
