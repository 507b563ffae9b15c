//! Posting under concurrent writers, over HTTP as members do it: each writer
//! signs up through `/signup` and follows the link of the verification mail
//! (read from the nodes' mail directories: no SMTP server given, the forum
//! writes `.eml` files there), which signs it in; one writer in
//! `per_thread` starts a thread through
//! `/new`, then the writers reply through `/t/{id}/reply` (the real forms,
//! with the `Origin` header the origin check wants), several writers to each
//! thread, all at once. The time of each reply is from sending the form to
//! its `303` (the commit is done by then: "saved" only after the commit).

use reqwest::{Client, StatusCode, header};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a verification mail may take to be written by a node.
const MAIL_WAIT: Duration = Duration::from_secs(60);

pub struct Options {
    /// The forum's URL (a node, or the load balancer in front of several).
    pub base: String,
    pub writers: usize,
    /// Replies each writer posts.
    pub replies: usize,
    /// Writers replying to the same thread.
    pub per_thread: usize,
    /// Where the nodes write their mails (`DATA_DIR/mail` of each).
    pub mail_dirs: Vec<PathBuf>,
}

pub struct Report {
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
}

struct Writer {
    cookie: String,
    thread: String,
}

pub async fn run(options: &Options) -> anyhow::Result<Report> {
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(options.writers).build()?;
    let run_id = std::process::id();
    let signing_up: Vec<_> = (0..options.writers)
        .map(|w| {
            let (client, base, dirs) = (client.clone(), options.base.clone(), options.mail_dirs.clone());
            tokio::spawn(async move { sign_up(&client, &base, &dirs, &format!("banc-{run_id}-{w}@jonction.example")).await })
        })
        .collect();
    let mut writers = Vec::with_capacity(options.writers);
    for (w, signed_up) in signing_up.into_iter().enumerate() {
        let cookie = signed_up.await??;
        let thread = if w % options.per_thread == 0 {
            start_thread(&client, &options.base, &cookie, w).await?
        } else {
            writers.last().map(|prev: &Writer| prev.thread.clone()).unwrap_or_default()
        };
        writers.push(Writer { cookie, thread });
    }
    let started = Instant::now();
    let tasks: Vec<_> = writers
        .into_iter()
        .enumerate()
        .map(|(w, writer)| {
            let (client, base, replies) = (client.clone(), options.base.clone(), options.replies);
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(replies);
                for i in 0..replies {
                    let body = format!("Réponse **{i}** du rédacteur {w}, avec un peu de `code` et un [lien](https://www.ogc.org/).");
                    let sent = Instant::now();
                    let status = post(&client, &base, &format!("/t/{}/reply", writer.thread), &writer.cookie, &[("body", &body), ("parent_id", "")])
                        .await?
                        .status();
                    anyhow::ensure!(status == StatusCode::SEE_OTHER, "a reply was answered {status}");
                    latencies.push(sent.elapsed());
                }
                anyhow::Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    Ok(Report { latencies, elapsed: started.elapsed() })
}

async fn post(client: &Client, base: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> anyhow::Result<reqwest::Response> {
    let mut request = client.post(format!("{base}{path}")).header(header::ORIGIN, base).form(form);
    if !cookie.is_empty() {
        request = request.header(header::COOKIE, cookie);
    }
    Ok(request.send().await?)
}

/// Signs up `email` and follows its verification link; the session cookie
/// (`name=value`) the forum set then.
async fn sign_up(client: &Client, base: &str, mail_dirs: &[PathBuf], email: &str) -> anyhow::Result<String> {
    let form = [("display_name", "Banc d’essai"), ("email", email), ("organisation", ""), ("password", "une phrase de passe solide")];
    let r = post(client, base, "/signup", "", &form).await?;
    anyhow::ensure!(r.status() == StatusCode::SEE_OTHER, "sign-up answered {}", r.status());
    let started = Instant::now();
    let link = loop {
        if let Some(link) = mail_dirs.iter().find_map(|dir| verification_link(dir, email)) {
            break link;
        }
        anyhow::ensure!(started.elapsed() < MAIL_WAIT, "no verification mail to {email} in {mail_dirs:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let r = post(client, base, &link, "", &[]).await?;
    anyhow::ensure!(r.status() == StatusCode::SEE_OTHER, "the verification link answered {}", r.status());
    r.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .find(|c| c.starts_with("jonction_session="))
        .ok_or_else(|| anyhow::anyhow!("no session cookie after the verification link"))
}

/// The path of the `/verify/…` link in a mail to `email` written in `dir`.
fn verification_link(dir: &Path, email: &str) -> Option<String> {
    std::fs::read_dir(dir).ok()?.flatten().find_map(|entry| {
        let raw = std::fs::read(entry.path()).ok()?;
        let mail = mail_parser::MessageParser::default().parse(&raw)?;
        mail.to()?.first()?.address().filter(|a| *a == email)?;
        let text = mail.body_text(0)?;
        let at = text.find("/verify/")?;
        Some(text[at..].chars().take_while(|c| !c.is_whitespace()).collect())
    })
}

/// Starts a thread as the member of `cookie`; its id.
async fn start_thread(client: &Client, base: &str, cookie: &str, w: usize) -> anyhow::Result<String> {
    let title = format!("Fil du banc d’essai n° {w}");
    let form = [
        ("title", title.as_str()),
        ("body", "Premier message."),
        ("solution", "geoserver"),
        ("solution_version", "2.25"),
        ("standard", "wfs"),
        ("standard_clause", ""),
        ("intent", "publish"),
    ];
    let r = post(client, base, "/new", cookie, &form).await?;
    let location = r.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()).unwrap_or_default();
    let after = location.rsplit_once("/t/").map_or("", |(_, rest)| rest);
    let id: String = after.chars().take_while(char::is_ascii_digit).collect();
    anyhow::ensure!(r.status() == StatusCode::SEE_OTHER && !id.is_empty(), "new thread answered {} ({location})", r.status());
    Ok(id)
}
