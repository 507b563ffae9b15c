//! What the tests inside this crate share: a fresh forum on a real SQLite
//! file in its own temporary directory (opened by `store::open`, so with the
//! migrations production runs), and content written through the storage
//! layer the way the forum functions write it. One copy, for the forum's
//! tests and the search's.

use crate::domain::{Role, TagKind, ThreadStatus, Viewer};
use crate::store::{self, Db, OpenOptions};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

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
    let id = store::users::insert(db, &email, name, None, None, role).await.expect("member");
    Viewer { id, name: name.to_string(), role }
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
