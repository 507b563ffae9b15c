//! The cache of pages rendered for anonymous visitors: never older than the
//! last acknowledged change (made here, through another connection to the
//! same file, or by another `jonction` process), never a signed-in view,
//! 304 for a matching ETag, and the strict script policy on every page it serves.

use crate::support::*;
use reqwest::{Response, StatusCode};

fn etag(r: &Response) -> Option<String> {
    r.headers().get("etag").map(|v| v.to_str().unwrap().to_string())
}

fn header(r: &Response, name: &str) -> String {
    r.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

/// The ids of the posts the page shows.
fn posts(doc: &scraper::Html) -> Vec<String> {
    select(doc, "article[data-post]").iter().map(|e| e.value().attr("data-post").unwrap().to_string()).collect()
}

/// A page served from the cache: asked twice, the second answer is the
/// stored one (same validator).
async fn cached(app: &TestApp, path: &str) -> String {
    let first = app.get(path).await;
    assert_eq!(first.status(), StatusCode::OK, "{path}");
    let tag = etag(&first).unwrap_or_else(|| panic!("{path}: anonymous pages carry an ETag"));
    assert_eq!(etag(&app.get(path).await).as_deref(), Some(tag.as_str()), "{path} served again as stored");
    tag
}

#[tokio::test]
async fn a_change_is_shown_at_once_to_anonymous_and_signed_in_readers() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Fil suivi par le cache", "Premier message").await;
    let reader = app.as_other();
    let path = format!("/t/{thread}");
    cached(&reader, &path).await;
    cached(&reader, "/").await;

    let r = app.post(&format!("/t/{thread}/reply"), &[("body", "Une réponse toute neuve"), ("parent_id", "")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let reply = location(&r).rsplit("#p").next().unwrap().to_string();

    let anonymous = html(reader.get(&path).await).await;
    assert!(posts(&anonymous).contains(&reply), "the anonymous page shows the reply at once");
    let member = html(app.get(&path).await).await;
    assert!(posts(&member).contains(&reply), "the signed-in page too");
    let home = html(reader.get("/").await).await;
    let row = format!(".thread-row[data-thread=\"{thread}\"] [data-replies]");
    assert_eq!(attr_of(&home, &row, "data-replies").as_deref(), Some("1"), "the list counts the reply at once");

    let r = app.post(&format!("/t/{thread}/status"), &[("status", "confirmed"), ("duplicate_of", "")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), path, "the change was acknowledged");
    let page = html(reader.get(&path).await).await;
    assert_eq!(attr_of(&page, ".thread__status [data-status]", "data-status").as_deref(), Some("confirmed"));
}

#[tokio::test]
async fn a_change_written_by_another_connection_to_the_database_is_shown_at_once() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Fil écrit d’ailleurs", "Premier message").await;
    let path = format!("/t/{thread}");
    let reader = app.as_other();
    let before = cached(&reader, &path).await;

    // Another pool on the same database: what `jonction import-mbox` or another node does.
    let (elsewhere, _) = app::store::testing::open(app.data_dir().path(), &app::store::OpenOptions::default()).await.unwrap();
    let anne = app::store::users::by_email(&elsewhere, "anne@ign.example").await.unwrap().unwrap();
    let viewer = app::domain::Viewer { id: anne.id, name: anne.display_name, role: anne.role, verified: true };
    let input = app::domain::ReplyInput::parse("Écrit par un autre processus", "");
    let post = app::forum::threads::reply(&elsewhere, &viewer, thread, input).await.unwrap();
    elsewhere.close().await;

    let r = reader.get(&path).await;
    assert_ne!(etag(&r).as_deref(), Some(before.as_str()));
    assert!(posts(&html(r).await).contains(&post.to_string()), "the reply committed elsewhere is shown at once");
}

#[tokio::test]
async fn a_role_changed_by_another_jonction_process_is_shown_at_once() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let anne = app::store::users::by_email(&app.db, "anne@ign.example").await.unwrap().unwrap();
    let path = format!("/u/{}", anne.id);
    let reader = app.as_other();
    cached(&reader, &path).await;
    let role = |doc: &scraper::Html| attr_of(doc, "[data-role]", "data-role");
    assert_eq!(role(&html(reader.get(&path).await).await).as_deref(), Some("member"));

    let mut create_admin = std::process::Command::new(env!("CARGO_BIN_EXE_jonction"));
    create_admin.args(["create-admin", "--email", "anne@ign.example", "--data-dir"]).arg(app.data_dir().path());
    if let Some(url) = app.database_url() {
        create_admin.env("DATABASE_URL", url);
    }
    let out = create_admin.env("JONCTION_ADMIN_PASSWORD", PASSWORD).env("RUST_LOG", "warn").output().unwrap();
    assert!(out.status.success(), "create-admin: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(role(&html(reader.get(&path).await).await).as_deref(), Some("admin"), "the other process's change is shown");
}

#[tokio::test]
async fn a_new_follower_is_counted_at_once_on_cached_thread_and_tag_pages() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let reader = app.as_other();
    let followers = |doc: &scraper::Html| attr_of(doc, ".subscribe__count[data-subscribers]", "data-subscribers");
    for (path, field, value) in [("/t/1", "thread", "1"), ("/tags/geoserver", "tag", "geoserver")] {
        cached(&reader, path).await;
        let before: i64 = followers(&html(reader.get(path).await).await).unwrap().parse().unwrap();
        let r = app.post("/subscriptions", &[(field, value), ("level", "watching"), ("next", "/")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        let after = followers(&html(reader.get(path).await).await);
        assert_eq!(after, Some((before + 1).to_string()), "{path}: the anonymous page counts the new follower");
        let r = app.post("/subscriptions", &[(field, value), ("level", "none"), ("next", "/")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(followers(&html(reader.get(path).await).await), Some(before.to_string()), "{path}: and one fewer");
    }
}

#[tokio::test]
async fn a_members_thread_page_is_never_stored_nor_shown_to_anyone_else() {
    let app = TestApp::spawn().await;
    let reader = app.as_other();
    cached(&reader, "/t/1").await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let r = app.get("/t/1").await;
    assert_eq!(etag(&r), None, "no validator on a member's page");
    assert_eq!(header(&r, "cache-control"), "private, no-store");
    let doc = html(r).await;
    assert_eq!(viewer_name(&doc).as_deref(), Some("Anne Martin"), "the member's own page, not the cached one");
    assert_eq!(count(&doc, "section#reply form"), 1, "with the reply form");
    assert_eq!(count(&doc, ".site-header .unread-link[data-unread]"), 1, "and the member's unread count");
    let again = html(reader.get("/t/1").await).await;
    assert_eq!(viewer_name(&again), None, "the anonymous page never shows a member");
    assert_eq!(count(&again, "section#reply form"), 0);
    assert_eq!(count(&again, ".site-header .unread-link"), 0);
}

#[tokio::test]
async fn a_matching_etag_is_answered_304_until_the_page_changes() {
    let app = TestApp::spawn().await;
    let tag = cached(&app, "/t/1").await;
    assert_eq!(header(&app.get("/t/1").await, "cache-control"), "no-cache", "browsers revalidate every time");
    let r = app.client.get(format!("{}/t/1", app.base)).header("If-None-Match", &tag).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(etag(&r).as_deref(), Some(tag.as_str()));
    assert!(r.bytes().await.unwrap().is_empty());

    let admin = app.admin().await;
    assert_eq!(admin.post("/t/1/lock", &[("locked", "1")]).await.status(), StatusCode::SEE_OTHER);
    let r = app.client.get(format!("{}/t/1", app.base)).header("If-None-Match", &tag).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "the page changed: the old validator no longer matches");
    assert_ne!(etag(&r).as_deref(), Some(tag.as_str()));
}

/// Every inline script of the page is allowed by the policy, by nonce or by
/// hash, and the policy allows nothing else inline.
pub(crate) fn policy_and_page_agree(policy: &str, page: &str) {
    use base64::Engine;
    use sha2::Digest;
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let script_src = policy.split(';').map(str::trim).find(|d| d.starts_with("script-src")).unwrap();
    let doc = scraper::Html::parse_document(page);
    let scripts = select(&doc, "script");
    assert!(!scripts.is_empty(), "Leptos' loader is inline");
    let nonces: Vec<&str> = script_src.split(' ').filter(|s| s.starts_with("'nonce-")).collect();
    let hashes: Vec<&str> = script_src.split(' ').filter(|s| s.starts_with("'sha256-")).collect();
    assert!(nonces.len() + hashes.len() >= 1, "{script_src}");
    for script in scripts {
        let text: String = script.text().collect();
        let by_nonce = script.value().attr("nonce").is_some_and(|n| nonces.contains(&format!("'nonce-{n}'").as_str()));
        let digest = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()));
        let by_hash = hashes.contains(&format!("'sha256-{digest}'").as_str());
        assert!(by_nonce || by_hash, "an inline script the policy does not allow: {script_src}");
    }
}

#[tokio::test]
async fn cached_pages_keep_the_strict_script_policy_without_a_shared_nonce() {
    let app = TestApp::spawn().await;
    for path in ["/t/1", "/", "/map", "/tags/geoserver", "/search?q=geoserver"] {
        let mut seen = Vec::new();
        for _ in 0..2 {
            let r = app.get(path).await;
            let policy = header(&r, "content-security-policy");
            assert!(!policy.contains("'nonce-"), "{path}: a page served to many carries no nonce: {policy}");
            assert!(policy.contains("'sha256-"), "{path}: {policy}");
            let page = text(r).await;
            assert!(!page.contains(" nonce=\""), "{path}: no nonce attribute left in the page");
            policy_and_page_agree(&policy, &page);
            seen.push(policy);
        }
        assert_eq!(seen[0], seen[1], "{path}");
    }
    app.sign_up("Anne Martin", "anne@ign.example").await;
    // A page never cached (a member's own form) gets a fresh nonce each time.
    let (first, second) = (app.get("/new").await, app.get("/new").await);
    let policies = [header(&first, "content-security-policy"), header(&second, "content-security-policy")];
    assert!(policies[0].contains("'nonce-") && policies[0] != policies[1], "a member's unshared pages get a fresh nonce each");
    policy_and_page_agree(&policies[1], &text(second).await);
}

#[tokio::test]
async fn compressed_forms_of_a_cached_page_hold_the_same_page() {
    use std::io::Read;
    let app = TestApp::spawn().await;
    let plain = app.get("/t/1").await;
    let tag = etag(&plain).unwrap();
    let plain = plain.bytes().await.unwrap();
    let r = app.client.get(format!("{}/t/1", app.base)).header("Accept-Encoding", "br, gzip").send().await.unwrap();
    assert_eq!(header(&r, "content-encoding"), "br");
    assert_eq!(etag(&r).as_deref(), Some(tag.as_str()), "one page, one validator");
    let mut back = Vec::new();
    brotli::Decompressor::new(&r.bytes().await.unwrap()[..], 4096).read_to_end(&mut back).unwrap();
    assert_eq!(back, plain);
    let r = app.client.get(format!("{}/t/1", app.base)).header("Accept-Encoding", "gzip").send().await.unwrap();
    assert_eq!(header(&r, "content-encoding"), "gzip");
    let mut back = Vec::new();
    flate2::read::GzDecoder::new(&r.bytes().await.unwrap()[..]).read_to_end(&mut back).unwrap();
    assert_eq!(back, plain);
}

#[tokio::test]
async fn pages_served_from_the_cache_carry_every_fixed_header_and_a_304_their_policy() {
    // Answered before the router and its middleware: the page carries them itself.
    let app = TestApp::spawn_public("https://jonction.example.fr").await;
    let tag = cached(&app, "/t/1").await;
    let r = app.get("/t/1").await;
    assert_eq!(header(&r, "x-content-type-options"), "nosniff");
    assert_eq!(header(&r, "x-frame-options"), "DENY");
    assert_eq!(header(&r, "referrer-policy"), "strict-origin-when-cross-origin");
    assert_eq!(header(&r, "strict-transport-security"), "max-age=31536000");
    assert!(header(&r, "content-type").starts_with("text/html"));
    let policy = header(&r, "content-security-policy");
    policy_and_page_agree(&policy, &text(r).await);
    // A browser updates the page it kept with the headers of a 304: the policy
    // there must be the page's own, allowing its scripts by their hashes.
    let r = app.client.get(format!("{}/t/1", app.base)).header("If-None-Match", &tag).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&r, "content-security-policy"), policy);
    assert_eq!(header(&r, "x-frame-options"), "DENY");
}

#[tokio::test]
async fn a_cookie_naming_no_session_gets_the_anonymous_page() {
    let app = TestApp::spawn().await;
    let tag = cached(&app, "/t/1").await;
    let unknown = format!("jonction_session={}", "A".repeat(43));
    let r = app.client.get(format!("{}/t/1", app.base)).header("Cookie", unknown).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(etag(&r).as_deref(), Some(tag.as_str()), "the cached page, found after the session lookup");
    let doc = html(r).await;
    assert_eq!(viewer_name(&doc), None);
    assert_eq!(count(&doc, ".site-header .unread-link"), 0);
}

/// PostgreSQL hands a change-log row to readers once every older write
/// transaction has ended (`store::change_log`): a change acknowledged while
/// another member's longer transaction is still open must be shown all the same.
#[tokio::test]
async fn a_change_acknowledged_while_an_older_transaction_is_open_is_shown_at_once() {
    let _cluster = postgres_only!();
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Fil pendant une longue transaction", "Premier message").await;
    let reader = app.as_other();
    let path = format!("/t/{thread}");
    cached(&reader, &path).await;

    // An older transaction that has written (it holds a transaction id) and stays open.
    let mut older = app::store::begin(&app.db).await.unwrap();
    let _: i64 = sqlx::query_scalar("SELECT txid_current()").fetch_one(&mut *older).await.unwrap();

    let r = app.post(&format!("/t/{thread}/status"), &[("status", "confirmed"), ("duplicate_of", "")]).await;
    assert_eq!(location(&r), path, "the change was acknowledged");
    let page = html(reader.get(&path).await).await;
    assert_eq!(attr_of(&page, ".thread__status [data-status]", "data-status").as_deref(), Some("confirmed"));
    older.rollback().await.unwrap();

    // The cache goes on following the log once the older transaction ended.
    cached(&reader, &path).await;
    let r = app.post(&format!("/t/{thread}/status"), &[("status", "open"), ("duplicate_of", "")]).await;
    assert_eq!(location(&r), path);
    let page = html(reader.get(&path).await).await;
    assert_eq!(attr_of(&page, ".thread__status [data-status]", "data-status").as_deref(), Some("open"));
}
