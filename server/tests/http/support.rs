//! Spawns the real router on a fresh database and a random port, with the
//! demo taxonomy and threads loaded, and drives it like a browser would
//! (cookies kept, redirects not followed so each answer can be checked). The
//! database is a SQLite file in the test's directory, or, when the run sets
//! `JONCTION_TEST_DATABASE_URL`, a fresh PostgreSQL database of its own
//! (`app::store::testing`).

#![allow(dead_code)]

/// Ends a test that exercises SQLite itself (its files, pragmas, full disk)
/// when the run is on PostgreSQL, saying so.
macro_rules! sqlite_only {
    () => {
        if app::store::testing::on_postgres() {
            eprintln!("SQLite only: not run on PostgreSQL");
            return;
        }
    };
}

/// Ends a test of several server processes on one PostgreSQL database when
/// the run is on SQLite (`scripts/test.sh` runs the suite on both).
macro_rules! postgres_only {
    () => {
        match app::store::testing::postgres_cluster() {
            Some(cluster) => cluster,
            None => {
                eprintln!("PostgreSQL only: not run on SQLite");
                return;
            }
        }
    };
}

use app::store::{Db, OpenOptions};
use reqwest::{Client, Response, StatusCode, redirect::Policy};
use server::{AppState, Config};
use std::sync::Arc;

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub client: Client,
    dir: Arc<tempfile::TempDir>,
    pub search: app::search::SearchIndex,
    pub mail: Arc<app::mail::MailSettings>,
    /// The indexer worker, stopped when the last handle on this app goes.
    indexer: Arc<StopOnDrop>,
    /// The PostgreSQL database made for this test, dropped with the last handle.
    database: Option<Arc<app::store::testing::TestDatabase>>,
}

/// Aborts the indexer task (and so releases the index writer) on drop.
struct StopOnDrop(tokio::task::JoinHandle<()>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| None, true).await
    }

    /// The app as if served behind `public_url` (a reverse proxy with HTTPS).
    pub async fn spawn_public(public_url: &str) -> Self {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        Self::start(dir, &OpenOptions::default(), |_| None, true, Some(public_url.to_string())).await
    }

    /// The app with ProConnect configured by `proconnect(public_url)`.
    pub async fn spawn_with(
        proconnect: impl FnOnce(&str) -> Option<server::proconnect::ProConnectConfig>,
        local_signup: bool,
    ) -> Self {
        Self::start(Arc::new(tempfile::tempdir().expect("temp dir")), &OpenOptions::default(), proconnect, local_signup, None)
            .await
    }

    /// The app with its static files as `scripts/build.sh` leaves them:
    /// content-hashed names listed in `pkg/asset-manifest.txt`, each with its
    /// brotli and gzip forms (here: marked copies, to tell which one is sent).
    pub async fn spawn_built_site() -> Self {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let pkg = dir.path().join("site/pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        let files = [
            ("jonction.js", "jonction.0123456789abcdef.js"),
            ("jonction_bg.wasm", "jonction.0123456789abcdef_bg.wasm"),
            ("jonction.css", "jonction.fedcba9876543210.css"),
            ("favicon.svg", "favicon.00112233aabbccdd.svg"),
        ];
        let mut manifest = String::new();
        // The bundle weighs megabytes in each form, as a large build's would: more
        // than a socket takes at once.
        let filler = |plain: &str| -> Vec<u8> {
            let len = if plain.ends_with(".wasm") { 3_000_000 } else { 0 };
            (0..len).map(|i| (i * 31 % 251) as u8).collect()
        };
        for (plain, hashed) in files {
            for (suffix, form) in [("", "identity"), (".br", "brotli"), (".gz", "gzip")] {
                std::fs::write(pkg.join(format!("{hashed}{suffix}")), [format!("{form} of {plain}").into_bytes(), filler(plain)].concat())
                    .unwrap();
            }
            manifest.push_str(&format!("{plain} {hashed}\n"));
        }
        std::fs::write(pkg.join("asset-manifest.txt"), manifest).unwrap();
        Self::start(dir, &OpenOptions::default(), |_| None, true, None).await
    }

    /// The app on `dir`'s database opened with `options`, the demo content
    /// loaded if the forum is new: a restart when `dir` was served before.
    pub async fn spawn_with_options(dir: Arc<tempfile::TempDir>, options: &OpenOptions) -> Self {
        Self::start(dir, options, |_| None, true, None).await
    }

    async fn start(
        dir: Arc<tempfile::TempDir>,
        options: &OpenOptions,
        proconnect: impl FnOnce(&str) -> Option<server::proconnect::ProConnectConfig>,
        local_signup: bool,
        public_url: Option<String>,
    ) -> Self {
        let (db, database) = app::store::testing::open(dir.path(), options).await.expect("database");
        let threads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM threads").fetch_one(&db).await.unwrap();
        if threads == 0 {
            server::demo::seed(&db).await.expect("demo content");
        }
        // A real site root, so that static files are served from disk as in production.
        std::fs::create_dir_all(dir.path().join("site/pkg")).unwrap();
        std::fs::write(dir.path().join("site/pkg/jonction.css"), "body {}").unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
        let addr = listener.local_addr().unwrap();
        let config = Config {
            data_dir: dir.path().to_path_buf(),
            site_root: dir.path().join("site"),
            addr,
            public_url,
            local_signup,
            page_cache_bytes: app::domain::limits::PAGE_CACHE_DEFAULT_BYTES,
        };
        let proconnect = proconnect(&format!("http://{addr}")).map(|c| Arc::new(server::proconnect::ProConnect::new(c)));
        let search = app::search::SearchIndex::open(&db, dir.path()).await.expect("search index");
        let indexer = Arc::new(StopOnDrop(server::workers::indexer::spawn(db.clone(), search.clone())));
        let mail = Arc::new(app::mail::MailSettings::load(&db, &format!("http://{addr}"), None).await.expect("mail settings"));
        let state = AppState::new(db.clone(), config, proconnect, search.clone(), mail.clone()).expect("site root");
        // As `jonction serve` listens: static files go out by `sendfile`.
        let listener = server::sendfile::Listener::new(listener, state.assets.region.clone());
        tokio::spawn(async move { axum::serve(listener, server::router::build(state)).await.unwrap() });
        Self {
            base: format!("http://{addr}"),
            db,
            client: Self::browser(),
            dir,
            search,
            mail,
            indexer,
            database: database.map(Arc::new),
        }
    }

    /// A fresh cookie jar: another person using the forum.
    pub fn browser() -> Client {
        Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
    }

    pub fn as_other(&self) -> Self {
        Self {
            base: self.base.clone(),
            db: self.db.clone(),
            client: Self::browser(),
            dir: self.dir.clone(),
            search: self.search.clone(),
            mail: self.mail.clone(),
            indexer: self.indexer.clone(),
            database: self.database.clone(),
        }
    }

    /// Stops this app's search indexer, as a crash of its task would: the
    /// index stops following the change log.
    pub async fn stop_indexer(&self) {
        self.indexer.0.abort();
        // A pass under way on another thread ends first.
        while !self.indexer.0.is_finished() {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    /// The data directory, to open it again or read its files.
    /// The PostgreSQL database's address when the run is on PostgreSQL, for
    /// another `jonction` process (`DATABASE_URL`) on the same forum.
    pub fn database_url(&self) -> Option<String> {
        self.database.as_ref().map(|d| d.url.clone())
    }

    pub fn data_dir(&self) -> Arc<tempfile::TempDir> {
        self.dir.clone()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    /// A form post as the browser sends it from one of our pages (same Origin).
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("Origin", &self.base)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Signs up as a person would: the form, then the link of the mail sent
    /// to the address (its page, then its button). Returns the last answer:
    /// 303 to `/?welcome=1`, with the session cookie.
    pub async fn sign_up(&self, name: &str, email: &str) -> Response {
        let r = self
            .post(
                "/signup",
                &[("display_name", name), ("email", email), ("organisation", "CRIGE PACA"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-up of {email} failed");
        assert_eq!(location(&r), "/signup?sent=1");
        self.follow_mail_link(email, "/verify/").await
    }

    /// Follows the link to `prefix…` in the last mail queued to `address`:
    /// GETs its page (200), then posts its form with `form`. Returns the POST's answer.
    pub async fn follow_mail_link_with(&self, address: &str, prefix: &str, form: &[(&str, &str)]) -> Response {
        let mail = self.last_mail_to(address).await.unwrap_or_else(|| panic!("no mail to {address}"));
        let path = mail.link_path(&self.base, prefix).unwrap_or_else(|| panic!("no {prefix} link in the mail to {address}"));
        assert_eq!(self.get(&path).await.status(), StatusCode::OK, "the page of {path}");
        self.post(&path, form).await
    }

    pub async fn follow_mail_link(&self, address: &str, prefix: &str) -> Response {
        self.follow_mail_link_with(address, prefix, &[]).await
    }

    /// Every mail queued to `address` (still waiting for delivery), oldest first.
    pub async fn mails_to(&self, address: &str) -> Vec<crate::mailbox::Mail> {
        let raws: Vec<Vec<u8>> =
            sqlx::query_scalar("SELECT raw FROM mails WHERE to_address = $1 AND status = 'pending' ORDER BY id")
                .bind(address)
                .fetch_all(&self.db)
                .await
                .unwrap();
        raws.iter().map(|r| crate::mailbox::Mail::parse(r)).collect()
    }

    /// The forum's mails queued to `address` (not the account mails: links, notices).
    pub async fn forum_mails_to(&self, address: &str) -> Vec<crate::mailbox::Mail> {
        let account = ["verify_email", "reset_password", "change_email", "signup_attempt"];
        self.mails_to(address).await.into_iter().filter(|m| !m.header("X-Jonction-Event").is_some_and(|e| account.contains(&e.as_str()))).collect()
    }

    pub async fn last_mail_to(&self, address: &str) -> Option<crate::mailbox::Mail> {
        self.mails_to(address).await.pop()
    }

    /// Expands every waiting outbox event into notifications and queued mails,
    /// as the fan-out worker does.
    pub async fn fan_out(&self) -> app::mail::fanout::Expanded {
        app::mail::fanout::Fanout::new(self.db.clone(), self.mail.clone()).expand_all().await.expect("fan-out")
    }

    /// Starts a thread tagged GeoServer 2.25 × WFS and returns its id.
    pub async fn start_thread(&self, title: &str, body: &str) -> i64 {
        let r = self
            .post(
                "/new",
                &[
                    ("title", title),
                    ("body", body),
                    ("solution", "geoserver"),
                    ("solution_version", "2.25"),
                    ("solution", ""),
                    ("solution_version", ""),
                    ("standard", "wfs"),
                    ("standard_clause", "/req/core/fc-limit-default"),
                    ("intent", "publish"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        location_id(&r, "/t/")
    }

    /// Anne Martin signs up in this browser and starts a thread; its id.
    pub async fn anne_thread(&self, title: &str, body: &str) -> i64 {
        self.sign_up("Anne Martin", "anne@ign.example").await;
        self.start_thread(title, body).await
    }

    /// Anne's thread (`anne_thread`) answered by Bruno Petit from another
    /// browser: (thread id, Bruno's browser, his reply's id).
    pub async fn answered_thread(&self, title: &str, body: &str, answer: &str) -> (i64, TestApp, i64) {
        let id = self.anne_thread(title, body).await;
        let bruno = self.as_other();
        bruno.sign_up("Bruno Petit", "bruno@camptocamp.example").await;
        let r = bruno.post(&format!("/t/{id}/reply"), &[("body", answer)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "Bruno's answer");
        (id, bruno, post_location(&r, id))
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.db).await.unwrap()
    }
}

pub const PASSWORD: &str = "une phrase de passe solide";

pub fn location(r: &Response) -> String {
    r.headers().get("location").expect("a redirect").to_str().unwrap().to_string()
}

/// The number after `prefix` in the redirect's Location (`/t/12-titre` → 12).
pub fn location_id(r: &Response, prefix: &str) -> i64 {
    let loc = location(r);
    let rest = loc.strip_prefix(prefix).unwrap_or_else(|| panic!("{loc} does not start with {prefix}"));
    rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

/// The post a reply, an edit or a deletion led back to: `/t/{thread}…#p{post}`
/// (the page of the thread that shows the post) gives `post`.
pub fn post_location(r: &Response, thread: i64) -> i64 {
    let loc = location(r);
    let rest = loc.strip_prefix(&format!("/t/{thread}")).unwrap_or_else(|| panic!("{loc} is not on thread {thread}"));
    assert!(!rest.starts_with(|c: char| c.is_ascii_digit()), "{loc} is not on thread {thread}");
    loc.rsplit_once("#p").unwrap_or_else(|| panic!("{loc} names no post")).1.parse().unwrap()
}

pub async fn text(r: Response) -> String {
    r.text().await.unwrap()
}

/// The page as a browser would parse it: assertions look at its elements.
pub async fn html(r: Response) -> scraper::Html {
    scraper::Html::parse_document(&r.text().await.unwrap())
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&scraper::Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}"))).collect()
}

/// The number of elements matching `css`.
pub fn count(doc: &scraper::Html, css: &str) -> usize {
    select(doc, css).len()
}

/// The text of the one element matching `css` (panics if there is not exactly one).
pub fn text_of(doc: &scraper::Html, css: &str) -> String {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "one {css}, found {}", found.len());
    found[0].text().collect::<String>().trim().to_string()
}

/// The texts of every element matching `css`, in order.
pub fn texts_of(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css).iter().map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

/// Attribute `name` of the one element matching `css`.
pub fn attr_of(doc: &scraper::Html, css: &str, name: &str) -> Option<String> {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "one {css}, found {}", found.len());
    found[0].value().attr(name).map(str::to_string)
}

/// Who the header says is signed in, if anyone.
pub fn viewer_name(doc: &scraper::Html) -> Option<String> {
    select(doc, ".site-header .viewer-name").first().map(|e| e.text().collect::<String>().trim().to_string())
}

impl TestApp {
    /// Another browser, signed in as the forum's administrator.
    pub async fn admin(&self) -> TestApp {
        let admin = self.as_other();
        app::forum::auth::create_admin(&self.db, "admin@cicclo.example", "Admin", PASSWORD).await.unwrap();
        let r = admin.post("/login", &[("email", "admin@cicclo.example"), ("password", PASSWORD)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "the administrator signs in");
        admin
    }
}

/// The version or clause shown beside tag `slug` in the thread's header.
pub fn tag_detail(doc: &scraper::Html, slug: &str) -> Option<String> {
    let href = format!("/tags/{slug}");
    select(doc, ".thread__header .tags li")
        .into_iter()
        .find(|li| li.select(&scraper::Selector::parse("a").unwrap()).any(|a| a.value().attr("href") == Some(&href)))
        .and_then(|li| li.select(&scraper::Selector::parse(".tag__detail").unwrap()).next())
        .map(|d| d.text().collect::<String>().trim().to_string())
}
