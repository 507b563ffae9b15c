//! What the tests inside this crate share: a fresh forum on a real SQLite
//! file in its own temporary directory (opened by `store::open`, so with the
//! migrations production runs), and content written through the storage
//! layer the way the forum functions write it. One copy, for the forum's
//! tests and the search's.

use crate::domain::{Parsed, Role, SignUp, TagKind, ThreadStatus, Viewer};
use crate::forum::{accounts, auth};
use crate::mail::{MailSettings, SigningKey};
use crate::store::{self, Backend, Db, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

/// The migration `name` in the dialect of `db`, from the statement that
/// starts with `from` to its end: what a store test runs again to compare a
/// value the forum keeps up to date with what the migration computes.
pub fn migration_from(db: &Db, name: &str, from: &str) -> String {
    let dialect = match store::backend(db) {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(dialect).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let at = text.find(from).unwrap_or_else(|| panic!("{} has no statement starting {from:?}", path.display()));
    text[at..].to_string()
}

/// A directory of its own under the system's temporary directory, empty.
pub fn temp_dir() -> PathBuf {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("jonction-test-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A new, migrated forum database; its directory goes when it is dropped.
pub struct TempForum {
    pub db: Db,
    pub dir: PathBuf,
}

impl TempForum {
    pub async fn new() -> Self {
        let dir = temp_dir();
        let db = store::open(&dir, &OpenOptions::default()).await.expect("a fresh forum database");
        Self { db, dir }
    }
}

impl Drop for TempForum {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A member without a password (`name` gives the e-mail), as the viewer a
/// request would carry.
pub async fn member(db: &Db, name: &str, role: Role) -> Viewer {
    let email = format!("{}@example.fr", name.to_lowercase().replace(' ', "."));
    let id = store::users::insert(db, &email, name, None, None, role, true).await.expect("member");
    Viewer { id, name: name.to_string(), role, verified: true }
}

/// The settings the tests' mails are composed with.
pub fn mail_settings() -> MailSettings {
    MailSettings {
        from: "jonction@jonction.example.fr".parse().unwrap(),
        public_url: "https://jonction.example.fr".into(),
        host: "jonction.example.fr".into(),
        key: SigningKey::new(b"test key".to_vec()),
    }
}

/// The path of the first link starting with `prefix` in the newest mail
/// queued to `address` (quoted-printable soft breaks undone).
pub async fn mailed_link(db: &Db, address: &str, prefix: &str) -> Option<String> {
    let raw = store::mails::newest_raw_to(db, address).await.unwrap()?;
    let text = String::from_utf8_lossy(&raw).replace("=\r\n", "");
    let at = text.find(prefix)?;
    let tail = &text[at + prefix.len()..];
    let token: String = tail.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    Some(format!("{prefix}{token}"))
}

/// Signs up as a visitor would and follows the link mailed to the address:
/// returns the new member's id and session.
pub async fn sign_up_confirmed(db: &Db, input: Parsed<SignUp>) -> (i64, String) {
    let email = input.as_ref().expect("a valid sign-up").email.as_str().to_string();
    auth::sign_up(db, &mail_settings(), input, true).await.expect("sign-up");
    let link = mailed_link(db, &email, "/verify/").await.expect("a verification link in the mail");
    accounts::confirm_address(db, &link["/verify/".len()..]).await.expect("the link confirms the address")
}

pub async fn tag(db: &Db, slug: &str, kind: TagKind, name: &str) -> i64 {
    store::tags::insert(db, slug, kind, name, "", None).await.expect("tag")
}

/// A thread with its opening post and tags (no version or clause); returns
/// (thread id, opening post id).
pub async fn thread(db: &Db, author: i64, title: &str, body: &str, tags: &[i64]) -> (i64, i64) {
    let mut tx = store::begin(db).await.unwrap();
    let id = store::threads::insert(&mut tx, title, author, store::now()).await.unwrap();
    let opening = store::posts::insert(&mut tx, id, author, None, true, body, "", store::now()).await.unwrap();
    for t in tags {
        store::threads::add_tag(&mut tx, id, *t, "").await.unwrap();
    }
    tx.commit().await.unwrap();
    (id, opening)
}

pub async fn reply(db: &Db, thread: i64, author: i64, body: &str) -> i64 {
    let mut tx = store::begin(db).await.unwrap();
    let id = store::posts::insert(&mut tx, thread, author, None, false, body, "", store::now()).await.unwrap();
    store::threads::touch_for_reply(&mut tx, thread, store::now()).await.unwrap();
    tx.commit().await.unwrap();
    id
}

pub async fn resolve(db: &Db, thread: i64, post: i64) {
    set_status(db, thread, ThreadStatus::Resolved, Some(post)).await;
}

pub async fn set_status(db: &Db, thread: i64, status: ThreadStatus, resolution: Option<i64>) {
    let mut tx = store::begin(db).await.unwrap();
    store::threads::set_status(&mut tx, thread, status, None, resolution, store::now()).await.unwrap();
    tx.commit().await.unwrap();
}

pub async fn delete(db: &Db, post: i64) {
    let mut tx = store::begin(db).await.unwrap();
    store::posts::soft_delete(&mut tx, post, store::now()).await.unwrap();
    tx.commit().await.unwrap();
}

pub async fn merge(db: &Db, from: i64, into: i64) {
    let mut tx = store::begin(db).await.unwrap();
    store::tags::merge(&mut tx, from, into).await.unwrap();
    tx.commit().await.unwrap();
}
