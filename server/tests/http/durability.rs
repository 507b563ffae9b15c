//! "Saved" means saved, at the edges too: a full disk, a read-only database,
//! a commit SQLite rolled back by itself. Every check reads the database file
//! back through a fresh connection, never the server's own pool. The real
//! binary (clean stop, backups, damaged data) is driven in `process`.

mod mail_crash;
mod process;

use crate::support::*;
use app::error::{STORAGE_FULL_MESSAGE, STORAGE_READ_ONLY_MESSAGE, STORAGE_UNAVAILABLE_MESSAGE};
use app::store::{self, OpenOptions, PageLimit};
use reqwest::StatusCode;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use std::path::Path;
use std::sync::Arc;

/// Plenty: a few hundred megabytes of 4 KiB pages.
const ROOMY: u32 = 100_000;

/// How many rows `sql` counts in the database file, as a new process would
/// see it (the write-ahead log included).
pub async fn count_in_file(path: &Path, sql: &str) -> i64 {
    let mut conn = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(path).read_only(true)).await.unwrap();
    let n = sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    n
}

fn database_of(app: &TestApp) -> std::path::PathBuf {
    app.data_dir().path().join(store::DATABASE_FILE)
}

/// Over a page of text, so the row needs new pages whatever room is left in the last one.
fn long_reply(tag: &str) -> String {
    format!("{tag} : {}", "GeoServer renvoie 1000 objets au lieu de 10. ".repeat(200).trim_end())
}

/// A `<textarea>` of the parsed page holds exactly the typed text: the
/// refused text is in the form again.
fn textarea_holds(page: &str, text: &str) -> bool {
    let doc = scraper::Html::parse_document(page);
    let areas = scraper::Selector::parse("textarea").unwrap();
    doc.select(&areas).any(|t| t.text().collect::<String>() == text)
}

#[tokio::test]
async fn a_reply_on_a_full_disk_is_refused_with_507_kept_in_the_form_and_saved_once_space_returns() {
    sqlite_only!();
    let limit = PageLimit::new(ROOMY);
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let app = TestApp::spawn_with_options(dir.clone(), &OpenOptions { max_page_count: Some(limit.clone()), ..Default::default() }).await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Limite par défaut ignorée", "Premier message").await;
    let file = database_of(&app);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);

    limit.set(1); // full as of now: no new page can be added
    let refused = long_reply("refusée");
    for _ in 0..3 {
        // Repeated: a failure must not leave a connection behind that fakes the next commit.
        let r = app.post(&format!("/t/{thread}/reply"), &[("body", &refused)]).await;
        assert_eq!(r.status(), StatusCode::INSUFFICIENT_STORAGE);
        let page = text(r).await;
        assert!(page.contains(STORAGE_FULL_MESSAGE), "the member is told nothing was saved");
        assert!(textarea_holds(&page, &refused), "the typed text is in the form again");
    }
    let sql_refused = format!("SELECT COUNT(*) FROM posts WHERE body_md = '{refused}'");
    assert_eq!(count_in_file(&file, &sql_refused).await, 0);
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(text(r).await, "database not writable: the disk or the database is full");

    limit.set(ROOMY); // space came back; no restart
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK, "the health check sees the space come back");
    let mut saved = Vec::new();
    for i in 0..3 {
        let body = long_reply(&format!("enregistrée {i}"));
        let r = app.post(&format!("/t/{thread}/reply"), &[("body", &body)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let post = location(&r).rsplit_once("#p").unwrap().1.parse::<i64>().unwrap();
        saved.push((post, body));
    }
    let distinct: std::collections::BTreeSet<_> = saved.iter().map(|(id, _)| id).collect();
    assert_eq!(distinct.len(), saved.len(), "every acknowledged reply has its own id");
    for (post, body) in &saved {
        let sql = format!("SELECT COUNT(*) FROM posts WHERE id = {post} AND body_md = '{body}'");
        assert_eq!(count_in_file(&file, &sql).await, 1, "reply {post} is in the file");
    }

    // A restart: the server's pool closed, the file opened again from scratch.
    store::close(app.db.clone()).await.unwrap();
    let reopened = store::open(dir.path(), &OpenOptions::default()).await.unwrap();
    for (post, body) in &saved {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE id = $1 AND body_md = $2")
            .bind(post)
            .bind(body)
            .fetch_one(&reopened)
            .await
            .unwrap();
        assert_eq!(n, 1, "reply {post} survived the restart");
    }
    store::close(reopened).await.unwrap();
}

#[tokio::test]
async fn a_read_only_database_refuses_posts_with_503_and_the_health_check_says_so() {
    sqlite_only!();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let writable = TestApp::spawn_with_options(dir.clone(), &OpenOptions::default()).await;
    writable.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = writable.start_thread("Limite par défaut ignorée", "Premier message").await;
    let mut read_only = TestApp::spawn_with_options(dir.clone(), &OpenOptions { read_only: true, ..Default::default() }).await;
    read_only.client = writable.client.clone(); // the same member, signed in
    let r = read_only.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "seen before any post fails");
    assert_eq!(text(r).await, "database not writable: it is read-only");

    let typed = "Une réponse tapée pendant que la base est en lecture seule.";
    let r = read_only.post(&format!("/t/{thread}/reply"), &[("body", typed)]).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let page = text(r).await;
    assert!(page.contains(STORAGE_READ_ONLY_MESSAGE));
    assert!(textarea_holds(&page, typed));
    let sql = format!("SELECT COUNT(*) FROM posts WHERE body_md = '{typed}'");
    assert_eq!(count_in_file(&database_of(&writable), &sql).await, 0);

    let r = read_only.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(text(r).await, "database not writable: it is read-only");
    let r = writable.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(text(r).await, "ok");
}

/// The root cause of the lost replies: after a transaction SQLite rolled
/// back by itself (a full disk, an I/O error, here a trigger's
/// `RAISE(ROLLBACK)`), sqlx's `Transaction` left its connection counted as
/// inside a transaction, and the next commits on it were RELEASEs of a
/// savepoint that committed nothing.
#[tokio::test]
async fn after_a_transaction_sqlite_rolled_back_by_itself_every_acknowledged_commit_is_in_the_file() {
    sqlite_only!();
    let dir = tempfile::tempdir().unwrap();
    let db = store::open(dir.path(), &OpenOptions::default()).await.unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse AFTER INSERT ON login_failures WHEN NEW.email LIKE 'refused%'
         BEGIN SELECT RAISE(ROLLBACK, 'refused by the test'); END",
    )
    .execute(&db)
    .await
    .unwrap();
    let insert = "INSERT INTO login_failures (email, at) VALUES ($1, 0)";
    for refused in 0..3 {
        let mut tx = store::begin(&db).await.unwrap();
        let e = sqlx::query(insert).bind(format!("refused{refused}")).execute(&mut *tx).await.unwrap_err();
        assert!(e.to_string().contains("refused by the test"), "{e}");
        assert!(tx.commit().await.is_err(), "SQLite rolled the transaction back: there is nothing to commit");
    }
    let commits = 2 * app::domain::limits::DB_POOL_MAX_CONNECTIONS;
    for kept in 0..commits {
        let mut tx = store::begin(&db).await.unwrap();
        sqlx::query(insert).bind(format!("kept{kept}")).execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
    }
    let file = dir.path().join(store::DATABASE_FILE);
    assert_eq!(count_in_file(&file, "SELECT COUNT(*) FROM login_failures WHERE email LIKE 'kept%'").await, i64::from(commits));
    assert_eq!(count_in_file(&file, "SELECT COUNT(*) FROM login_failures WHERE email LIKE 'refused%'").await, 0);
    // And no pooled connection was left inside a transaction (which would hold the write lock).
    let mut other = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&file)).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut other).await.expect("the write lock is free");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    store::close(db).await.unwrap();
}

/// A connection of the pool, however long the server's own work keeps them all.
async fn take_connection(db: &store::Db) -> sqlx::pool::PoolConnection<sqlx::Any> {
    loop {
        if let Ok(conn) = db.acquire().await {
            return conn;
        }
    }
}

/// A member whose session the database cannot check for now (every pooled
/// connection busy past the wait) is told that nothing was saved: answered as
/// a visitor, their reply would go to the sign-in page and its text be lost.
#[tokio::test]
async fn a_member_whose_session_cannot_be_checked_for_now_gets_a_503_not_the_sign_in_page() {
    let mut options = OpenOptions::default();
    options.settings.max_connections = 3;
    options.settings.acquire_timeout = std::time::Duration::from_secs(2);
    let app = TestApp::spawn_with_options(Arc::new(tempfile::tempdir().unwrap()), &options).await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Fil pendant une base occupée", "Premier message").await;
    let reply = [("body", "Une réponse envoyée pendant que la base est occupée"), ("parent_id", "")];

    let held = [take_connection(&app.db).await, take_connection(&app.db).await, take_connection(&app.db).await];
    let r = app.post(&format!("/t/{thread}/reply"), &reply).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers().get("location"), None, "not sent to the sign-in page");
    assert_eq!(r.text().await.unwrap(), STORAGE_UNAVAILABLE_MESSAGE);
    drop(held);

    let posts = |app: &TestApp| {
        let db = app.db.clone();
        async move { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM posts WHERE thread_id = $1").bind(thread).fetch_one(&db).await.unwrap() }
    };
    assert_eq!(posts(&app).await, 1, "nothing was saved");
    let r = app.post(&format!("/t/{thread}/reply"), &reply).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sent again once the database answers, the reply is taken");
    assert_eq!(posts(&app).await, 2);
}
