//! The real `jonction` binary: a clean stop leaves everything in the main
//! database file, `backup` copies a running forum, and damaged or lost data
//! is refused before anything is served.

use super::count_in_file;
use crate::support::PASSWORD;
use app::store::DATABASE_FILE;
use reqwest::{Client, StatusCode, redirect::Policy};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const JONCTION: &str = env!("CARGO_BIN_EXE_jonction");

pub(super) fn jonction(args: &[&str], data_dir: &Path) -> Output {
    Command::new(JONCTION).args(args).arg("--data-dir").arg(data_dir).env("RUST_LOG", "warn").output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Only the main database file, copied elsewhere: what "stop, then copy
/// jonction.sqlite3" gives.
fn copy_main_file_alone(data_dir: &Path) -> (tempfile::TempDir, PathBuf) {
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join(DATABASE_FILE);
    std::fs::copy(data_dir.join(DATABASE_FILE), &copy).unwrap();
    (elsewhere, copy)
}

pub(super) fn seeded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = jonction(&["seed-demo"], dir.path());
    assert!(out.status.success(), "seed-demo: {}", stderr(&out));
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub(super) struct Server {
    pub(super) child: Child,
    pub(super) base: String,
    data_dir: PathBuf,
    client: Client,
    _site: tempfile::TempDir,
}

impl Server {
    /// `jonction serve` on `data_dir`, once `/healthz` answers.
    async fn start(data_dir: &Path) -> Self {
        Self::start_with(data_dir, &[]).await
    }

    /// The same, with more environment (`envs`: mail settings…).
    pub(super) async fn start_with(data_dir: &Path, envs: &[(&str, String)]) -> Self {
        let site = tempfile::tempdir().unwrap();
        let port = free_port();
        let child = Command::new(JONCTION)
            .arg("serve")
            .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("JONCTION_DATA_DIR", data_dir)
            .env("LEPTOS_SITE_ROOT", site.path())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            data_dir: data_dir.to_path_buf(),
            client: Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap(),
            _site: site,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.client.get(format!("{}/healthz", server.base)).send().await.map(|r| r.status()).ok() != Some(StatusCode::OK) {
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    pub(super) async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(format!("{}{path}", self.base)).header("Origin", &self.base).form(form).send().await.unwrap()
    }

    /// Signs up, then posts `n` replies to `thread`: their ids and bodies, each acknowledged (303).
    async fn acknowledged_replies(&self, thread: i64, n: usize) -> Vec<(i64, String)> {
        let r = self
            .post("/signup", &[("display_name", "Anne Martin"), ("email", "anne@ign.example"), ("organisation", "IGN"), ("password", PASSWORD)])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        self.follow_link_mailed_to("anne@ign.example", "/verify/").await;
        let mut replies = Vec::new();
        for i in 0..n {
            let body = format!("Réponse accusée n° {i} avant l’arrêt.");
            let r = self.post(&format!("/t/{thread}/reply"), &[("body", &body)]).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
            let location = r.headers()["location"].to_str().unwrap().to_string();
            replies.push((location.rsplit_once("#p").unwrap().1.parse().unwrap(), body));
        }
        replies
    }

    /// Without SMTP settings the forum writes its mails as `.eml` files in
    /// the data directory's `mail/`: waits for the one to `address`, then
    /// follows its link to `prefix…` (the page, then its button).
    async fn follow_link_mailed_to(&self, address: &str, prefix: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mail = loop {
            let found = std::fs::read_dir(self.data_dir.join("mail"))
                .into_iter()
                .flatten()
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .filter_map(|e| crate::mailbox::Mail::try_parse(&std::fs::read(e.path()).ok()?))
                .find(|m| m.to == address);
            if let Some(m) = found {
                break m;
            }
            assert!(Instant::now() < deadline, "no mail to {address} in {}", self.data_dir.join("mail").display());
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let path = mail.link_path(&self.base, prefix).unwrap_or_else(|| panic!("no {prefix} link: {}", mail.text));
        let page = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(self.post(&path, &[]).await.status(), StatusCode::SEE_OTHER, "the link signs in");
    }

    /// Sends `signal` and waits for the process to exit.
    fn stop(&mut self, signal: &str) -> std::process::ExitStatus {
        let sent = Command::new("kill").arg(format!("-{signal}")).arg(self.child.id().to_string()).status().unwrap();
        assert!(sent.success());
        wait_for_exit(&mut self.child, Duration::from_secs(30))
    }
}

impl Drop for Server {
    /// A failed assertion must not leave a server running (it would hold the
    /// test's output open).
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
    }
}

pub(super) fn wait_for_exit(child: &mut Child, within: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("jonction did not exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

async fn first_thread(db_file: &Path) -> i64 {
    count_in_file(db_file, "SELECT MIN(id) FROM threads").await
}

#[tokio::test]
async fn seed_demo_leaves_the_demo_in_the_main_file_alone() {
    sqlite_only!();
    let dir = seeded();
    let log = dir.path().join(format!("{DATABASE_FILE}-wal"));
    assert!(std::fs::metadata(&log).map_or(true, |m| m.len() == 0), "the write-ahead log was emptied into the main file");
    let (_elsewhere, copy) = copy_main_file_alone(dir.path());
    let threads = count_in_file(&copy, "SELECT COUNT(*) FROM threads").await;
    assert!(threads >= 5, "the demo threads are in the main file, not only in its log: {threads}");
    assert_eq!(threads, count_in_file(&dir.path().join(DATABASE_FILE), "SELECT COUNT(*) FROM threads").await);
}

async fn a_clean_stop_leaves_every_acknowledged_reply_in_the_main_file(signal: &str) {
    let dir = seeded();
    let mut server = Server::start(dir.path()).await;
    let thread = first_thread(&dir.path().join(DATABASE_FILE)).await;
    let replies = server.acknowledged_replies(thread, 20).await;
    let status = server.stop(signal);
    assert!(status.success(), "exit status after {signal}: {status}");
    let log = dir.path().join(format!("{DATABASE_FILE}-wal"));
    assert!(std::fs::metadata(&log).map_or(true, |m| m.len() == 0), "the write-ahead log was emptied into the main file");
    let (_elsewhere, copy) = copy_main_file_alone(dir.path());
    for (id, body) in &replies {
        let sql = format!("SELECT COUNT(*) FROM posts WHERE id = {id} AND body_md = '{}'", body.replace('\'', "''"));
        assert_eq!(count_in_file(&copy, &sql).await, 1, "reply {id} is in the main file after {signal}");
    }
}

#[tokio::test]
async fn after_sigterm_the_main_file_alone_holds_every_acknowledged_reply() {
    sqlite_only!();
    a_clean_stop_leaves_every_acknowledged_reply_in_the_main_file("TERM").await;
}

#[tokio::test]
async fn after_sigint_the_main_file_alone_holds_every_acknowledged_reply() {
    sqlite_only!();
    a_clean_stop_leaves_every_acknowledged_reply_in_the_main_file("INT").await;
}

#[tokio::test]
async fn backup_copies_the_running_forum_checks_the_copy_and_never_overwrites() {
    sqlite_only!();
    let dir = seeded();
    let mut server = Server::start(dir.path()).await;
    let thread = first_thread(&dir.path().join(DATABASE_FILE)).await;
    let replies = server.acknowledged_replies(thread, 5).await;
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("jonction-sauvegarde.sqlite3");
    let file_arg = file.to_str().unwrap();

    let out = jonction(&["backup", file_arg], dir.path());
    assert!(out.status.success(), "backup: {}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.contains(&format!("Sauvegarde écrite dans {file_arg}")), "it says what it wrote: {said}");
    assert_eq!(count_in_file(&file, "SELECT COUNT(*) FROM pragma_quick_check WHERE quick_check = 'ok'").await, 1);
    for (id, body) in &replies {
        let sql = format!("SELECT COUNT(*) FROM posts WHERE id = {id} AND body_md = '{}'", body.replace('\'', "''"));
        assert_eq!(count_in_file(&file, &sql).await, 1, "reply {id} is in the backup");
    }

    let before = std::fs::read(&file).unwrap();
    let out = jonction(&["backup", file_arg], dir.path());
    assert!(!out.status.success(), "a second backup to the same file is refused");
    assert!(stderr(&out).contains("existe déjà"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&file).unwrap(), before, "the first backup is untouched");
    assert!(server.stop("TERM").success());
}

#[tokio::test]
async fn backup_on_postgresql_is_refused_pointing_to_pg_dump_and_writes_nothing() {
    let cluster = postgres_only!();
    let database = crate::nodes::seeded_database(&cluster).await;
    let (dir, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let file = backups.path().join("jonction-sauvegarde.sqlite3");
    let out = Command::new(JONCTION)
        .arg("backup")
        .arg(&file)
        .arg("--data-dir")
        .arg(dir.path())
        .env("DATABASE_URL", &database.url)
        .output()
        .unwrap();
    assert!(!out.status.success(), "backup refuses PostgreSQL");
    assert!(stderr(&out).contains("pg_dump"), "it names the tool to use: {}", stderr(&out));
    assert!(!file.exists(), "no file written");
}

/// Overwrites the page in the middle of the file with bytes that are no page.
fn damage(db_file: &Path) {
    let mut bytes = std::fs::read(db_file).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages > 4, "a seeded database has pages to damage");
    let middle = pages / 2 * 4096;
    let mut x: u32 = 0x2545_f491;
    for b in &mut bytes[middle..middle + 4096] {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *b = (x >> 24) as u8;
    }
    std::fs::write(db_file, bytes).unwrap();
}

/// `jonction serve` on `data_dir` must exit non-zero by itself: what it said
/// on standard error, and the port it was given.
fn serve_must_refuse(data_dir: &Path) -> (String, u16) {
    let port = free_port();
    let mut child = Command::new(JONCTION)
        .arg("serve")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("JONCTION_DATA_DIR", data_dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait_for_exit(&mut child, Duration::from_secs(30));
    assert!(!status.success(), "serve refused to start");
    let mut said = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut said).unwrap();
    (said, port)
}

#[tokio::test]
async fn a_damaged_database_is_refused_by_serve_and_migrate_and_nothing_listens() {
    sqlite_only!();
    let dir = seeded();
    damage(&dir.path().join(DATABASE_FILE));

    let out = jonction(&["migrate"], dir.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("est endommagée (PRAGMA quick_check)"), "{}", stderr(&out));
    assert!(stderr(&out).contains(".recover"), "it says what to do");

    let (said, port) = serve_must_refuse(dir.path());
    assert!(said.contains("est endommagée (PRAGMA quick_check)"), "{said}");
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "nothing listens");
}

#[tokio::test]
async fn an_emptied_or_missing_database_beside_a_forums_log_is_not_made_a_new_forum() {
    sqlite_only!();
    let emptied = tempfile::tempdir().unwrap();
    std::fs::write(emptied.path().join(DATABASE_FILE), b"").unwrap();
    std::fs::write(emptied.path().join(format!("{DATABASE_FILE}-wal")), vec![7u8; 8192]).unwrap();
    let out = jonction(&["migrate"], emptied.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("est vide (0 octet)"), "{}", stderr(&out));
    assert_eq!(std::fs::metadata(emptied.path().join(DATABASE_FILE)).unwrap().len(), 0, "left as found");

    let lost = tempfile::tempdir().unwrap();
    std::fs::write(lost.path().join(format!("{DATABASE_FILE}-wal")), vec![7u8; 8192]).unwrap();
    let (said, _) = serve_must_refuse(lost.path());
    assert!(said.contains("mais pas la base"), "{said}");
    assert!(!lost.path().join(DATABASE_FILE).exists(), "no new forum was created");

    // A new or empty data directory is a new forum.
    let new = tempfile::tempdir().unwrap();
    assert!(jonction(&["migrate"], &new.path().join("data")).status.success());
    let empty_file = tempfile::tempdir().unwrap();
    std::fs::write(empty_file.path().join(DATABASE_FILE), b"").unwrap();
    assert!(jonction(&["migrate"], empty_file.path()).status.success());
}
