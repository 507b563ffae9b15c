//! Several `jonction serve` processes (the real binary) on one PostgreSQL
//! database, each with its own data directory (its search index): any node
//! serves any request, a post through one is visible through the others at
//! once and searchable on each within seconds, background work runs in one
//! process under a lease that passes on when its holder dies or stops, and
//! migrations started together run once. PostgreSQL runs only.

use crate::support::{PASSWORD, html, select, viewer_name};
use app::store::testing::{self, TestDatabase};
use reqwest::{Client, StatusCode, redirect::Policy};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const JONCTION: &str = env!("CARGO_BIN_EXE_jonction");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One server process with its own data directory.
struct Node {
    child: Child,
    base: String,
    _data: tempfile::TempDir,
}

impl Node {
    async fn start(database: &TestDatabase, lease_seconds: u64) -> Node {
        let data = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(data.path().join("site/pkg")).unwrap();
        let port = free_port();
        let child = Command::new(JONCTION)
            .arg("serve")
            .env("DATABASE_URL", &database.url)
            .env("JONCTION_DATA_DIR", data.path())
            .env("LEPTOS_SITE_ROOT", data.path().join("site"))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("JONCTION_LEASE_SECONDS", lease_seconds.to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let node = Node { child, base: format!("http://127.0.0.1:{port}"), _data: data };
        let deadline = Instant::now() + Duration::from_secs(60);
        while reqwest::get(format!("{}/healthz", node.base)).await.map(|r| r.status()).ok() != Some(StatusCode::OK) {
            assert!(Instant::now() < deadline, "node {} did not start", node.base);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        node
    }

    /// The mails this node delivered (no SMTP server given: `.eml` files in its data directory).
    fn delivered_mails(&self) -> Vec<crate::mailbox::Mail> {
        let dir = self._data.path().join(server::cli::MAIL_DIR);
        let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
        entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter_map(|raw| crate::mailbox::Mail::try_parse(&raw))
            .collect()
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn signal(&mut self, signal: &str) -> std::process::ExitStatus {
        assert!(Command::new("kill").arg(format!("-{signal}")).arg(self.pid().to_string()).status().unwrap().success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the node did not exit after {signal}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
    }
}

/// One browser (one cookie jar) that may send each request to any node:
/// cookies do not depend on the port.
fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
}

/// Signs up through `on` as a person would, then follows the link of the
/// mail, which whichever node claimed it delivered, exactly once.
async fn sign_up(client: &Client, on: &Node, nodes: &[&Node], name: &str, email: &str) {
    let form = [("display_name", name), ("email", email), ("organisation", "IGN"), ("password", PASSWORD)];
    assert_eq!(post(client, on, "/signup", &form).await.status(), StatusCode::SEE_OTHER);
    let started = Instant::now();
    let mail = loop {
        let mut mails: Vec<_> = nodes.iter().flat_map(|n| n.delivered_mails()).filter(|m| m.to.contains(email)).collect();
        if let Some(mail) = mails.pop() {
            assert!(mails.is_empty(), "the mail to {email} was delivered once, by one node");
            break mail;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "no mail to {email} delivered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let path = mail.link_path(&on.base, "/verify/").expect("a link to /verify/ in the mail");
    let r = post(client, on, &path, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the link proves the address and signs in");
}

async fn post(client: &Client, node: &Node, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client.post(format!("{}{path}", node.base)).header("Origin", &node.base).form(form).send().await.unwrap()
}

/// A database seeded with the demo by `jonction seed-demo`, as an operator would.
pub(crate) async fn seeded_database(cluster: &str) -> TestDatabase {
    let database = testing::create_database(cluster).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(JONCTION).args(["seed-demo", "--data-dir"]).arg(data.path()).env("DATABASE_URL", &database.url).output().unwrap();
    assert!(out.status.success(), "seed-demo: {}", String::from_utf8_lossy(&out.stderr));
    database
}

async fn db(database: &TestDatabase) -> app::store::Db {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&database.url).await.unwrap()
}

/// The process id in the name of the maintenance lease's holder, if anyone holds it.
async fn lease_holder_pid(db: &app::store::Db) -> Option<u32> {
    let (holder, _) = app::store::leases::holder(db, server::maintenance::LEASE).await.unwrap()?;
    holder.split(':').nth(1).and_then(|pid| pid.parse().ok())
}

async fn until_lease_held_by(db: &app::store::Db, pid: u32, within: Duration) -> Duration {
    let started = Instant::now();
    while lease_holder_pid(db).await != Some(pid) {
        assert!(started.elapsed() < within, "process {pid} did not take the lease within {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    started.elapsed()
}

#[tokio::test]
async fn any_node_serves_any_request_and_a_post_is_seen_and_searchable_on_the_others() {
    let cluster = postgres_only!();
    let database = seeded_database(&cluster).await;
    let (a, b) = (Node::start(&database, 30).await, Node::start(&database, 30).await);
    let client = browser();
    sign_up(&client, &a, &[&a, &b], "Anne Martin", "anne@ign.example").await;
    let home_b = html(client.get(format!("{}/", b.base)).send().await.unwrap()).await;
    assert_eq!(viewer_name(&home_b).as_deref(), Some("Anne Martin"), "the session opened on A is known to B");

    let r = post(&client, &b, "/new", &[
        ("title", "Pagination zorglub cassée"),
        ("body", "La pagination renvoie des doublons."),
        ("solution", "geoserver"),
        ("solution_version", "2.25"),
        ("standard", "wfs"),
        ("standard_clause", ""),
        ("intent", "publish"),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "posted through B");
    let thread = crate::support::location_id(&r, "/t/");
    let page = html(client.get(format!("{}/t/{thread}", a.base)).send().await.unwrap()).await;
    assert_eq!(select(&page, "article[data-post]").len(), 1, "A shows B's thread at once");

    for node in [&a, &b] {
        let started = Instant::now();
        loop {
            let found = html(client.get(format!("{}/search?q=zorglub", node.base)).send().await.unwrap()).await;
            if select(&found, &format!("li.search-hit[data-thread-id=\"{thread}\"]")).len() == 1 {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "{} did not index the thread", node.base);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    assert_eq!(post(&client, &a, "/logout", &[]).await.status(), StatusCode::SEE_OTHER);
    let home_b = html(client.get(format!("{}/", b.base)).send().await.unwrap()).await;
    assert_eq!(viewer_name(&home_b), None, "signed out on A, signed out on B");
}

#[tokio::test]
async fn a_node_killed_while_posting_loses_no_acknowledged_post_and_its_lease_passes_on() {
    let cluster = postgres_only!();
    let database = seeded_database(&cluster).await;
    let db = db(&database).await;
    let lease_seconds = 3;
    let mut a = Node::start(&database, lease_seconds).await;
    until_lease_held_by(&db, a.pid(), Duration::from_secs(10)).await;
    let b = Node::start(&database, lease_seconds).await;
    let client = browser();
    sign_up(&client, &a, &[&a, &b], "Anne Martin", "anne@ign.example").await;
    let thread: i64 = sqlx::query_scalar("SELECT MIN(id) FROM threads").fetch_one(&db).await.unwrap();

    // Four writers post to A as fast as it answers; A is killed meanwhile.
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (client, base) = (client.clone(), a.base.clone());
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                for i in 0.. {
                    let body = format!("Réponse {w}-{i} avant la panne.");
                    let sent = client.post(format!("{base}/t/{thread}/reply")).header("Origin", &base).form(&[("body", &body)]).send().await;
                    match sent {
                        Ok(r) if r.status() == StatusCode::SEE_OTHER => acknowledged.push(body),
                        Ok(r) => panic!("reply refused with {}", r.status()),
                        Err(_) => break, // the node is gone
                    }
                }
                acknowledged
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let killed_at = Instant::now();
    a.signal("KILL");
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.extend(w.await.unwrap());
    }
    assert!(acknowledged.len() >= 4, "replies were posted before the kill: {}", acknowledged.len());
    for body in &acknowledged {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE body_md = $1").bind(body).fetch_one(&db).await.unwrap();
        assert_eq!(n, 1, "acknowledged reply lost: {body}");
    }
    until_lease_held_by(&db, b.pid(), Duration::from_secs(lease_seconds + 2)).await;
    let since_kill = killed_at.elapsed();
    eprintln!("{} acknowledged replies kept; B took the lease {since_kill:?} after the kill", acknowledged.len());
    assert!(since_kill <= Duration::from_secs(lease_seconds + 2), "within the lease time (and B's next check)");
    let r = client.get(format!("{}/t/{thread}", b.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "B serves on");
}

#[tokio::test]
async fn a_node_stopped_by_sigterm_gives_its_lease_back_at_once() {
    let cluster = postgres_only!();
    let database = seeded_database(&cluster).await;
    let db = db(&database).await;
    let lease_seconds = 30;
    let mut a = Node::start(&database, lease_seconds).await;
    until_lease_held_by(&db, a.pid(), Duration::from_secs(10)).await;
    let b = Node::start(&database, lease_seconds).await;
    assert!(a.signal("TERM").success(), "a clean stop exits 0");
    // Well before the lease would have run out: B checks every third of it.
    until_lease_held_by(&db, b.pid(), Duration::from_secs(lease_seconds / 3 + 2)).await;
}

#[tokio::test]
async fn nodes_migrating_one_new_database_together_apply_each_migration_once() {
    let cluster = postgres_only!();
    let database = testing::create_empty_database(&cluster).await.unwrap();
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let data = tempfile::tempdir().unwrap();
            let child = Command::new(JONCTION)
                .args(["migrate", "--data-dir"])
                .arg(data.path())
                .env("DATABASE_URL", &database.url)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (child, data)
        })
        .collect();
    for (child, _data) in runs {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "migrate: {}", String::from_utf8_lossy(&out.stderr));
    }
    let db = db(&database).await;
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").fetch_one(&db).await.unwrap();
    assert_eq!(applied as usize, app::store::POSTGRES_MIGRATOR.iter().count());
}
