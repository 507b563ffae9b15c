//! The real binary killed (SIGKILL) while it delivers mail to a real, slow
//! SMTP server, then started again: no mail is lost, and a mail is sent
//! twice only if it was in flight at the kill (accepted by the server, not
//! yet recorded), then with the same Message-ID.

use super::process::{Server, jonction, seeded};
use crate::smtp_sink::Sink;
use crate::support::PASSWORD;
use app::domain::limits::MAIL_SEND_CONCURRENCY;
use app::store::DATABASE_FILE;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

const FOLLOWERS: usize = 24;

/// Verified members following GeoServer, and a verified poster (an
/// administrator made by `create-admin`), written before the server starts.
async fn followers(data_dir: &Path) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jonction"))
        .args(["create-admin", "--email", "poster@ign.example", "--name", "Paul Posteur", "--data-dir"])
        .arg(data_dir)
        .env("JONCTION_ADMIN_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success());
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(data_dir.join(DATABASE_FILE));
    let db = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut addresses = Vec::new();
    for i in 0..FOLLOWERS {
        let email = format!("abonne{i:03}@exemple.fr");
        sqlx::query("INSERT INTO users (email, display_name, role, created_at, email_verified_at) VALUES ($1, $2, 'member', 0, 0)")
            .bind(&email)
            .bind(format!("Abonné {i}"))
            .execute(&db)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO subscriptions (user_id, target, tag_id, level, created_at)
             SELECT u.id, 'tag:' || t.id, t.id, 'watching', 0 FROM users u, tags t WHERE u.email = $1 AND t.slug = 'geoserver'",
        )
        .bind(&email)
        .execute(&db)
        .await
        .unwrap();
        addresses.push(email);
    }
    db.close().await;
    addresses
}

async fn pending(data_dir: &Path) -> i64 {
    super::count_in_file(&data_dir.join(DATABASE_FILE), "SELECT COUNT(*) FROM mails WHERE status = 'pending'").await
}

#[tokio::test]
async fn a_kill_during_delivery_loses_no_mail_and_repeats_only_those_in_flight_with_their_message_id() {
    // It writes the forum's SQLite file directly, before the server starts.
    sqlite_only!();
    let dir = seeded();
    let addresses = followers(dir.path()).await;
    // Each message takes 0.2 s to be accepted: the kill lands mid-delivery.
    let sink = Sink::start(&["--delay", "0.2"]);
    let env = [
        ("JONCTION_SMTP_HOST", "127.0.0.1".to_string()),
        ("JONCTION_SMTP_PORT", sink.port.to_string()),
        ("JONCTION_SMTP_TLS", "none".to_string()),
    ];
    let mut server = Server::start_with(dir.path(), &env).await;
    let r = server.post("/login", &[("email", "poster@ign.example"), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let r = server
        .post(
            "/new",
            &[("title", "Un fil pour les abonnés"), ("body", "Texte."), ("solution", "geoserver"), ("solution_version", ""), ("standard", "wfs"), ("standard_clause", "")],
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);

    let deadline = Instant::now() + Duration::from_secs(60);
    while sink.mails().len() < FOLLOWERS / 3 {
        assert!(Instant::now() < deadline, "delivery did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    std::process::Command::new("kill").arg("-KILL").arg(server.child.id().to_string()).status().unwrap();
    super::process::wait_for_exit(&mut server.child, Duration::from_secs(10));
    let before_restart = sink.mails().len();
    assert!(before_restart < FOLLOWERS, "killed before the end ({before_restart} delivered)");
    drop(server);

    let server = Server::start_with(dir.path(), &env).await;
    let deadline = Instant::now() + Duration::from_secs(120);
    while pending(dir.path()).await > 0 {
        assert!(Instant::now() < deadline, "the restarted server did not finish delivering");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(server);
    let _ = jonction(&["migrate"], dir.path());

    let mut copies: HashMap<String, Vec<String>> = HashMap::new();
    for m in sink.mails() {
        if let Some(to) = m.header("X-Sink-Rcpt-To").filter(|t| t.starts_with("abonne")) {
            copies.entry(to).or_default().push(m.message_id.clone());
        }
    }
    for a in &addresses {
        assert!(copies.contains_key(a), "no mail lost: {a} got nothing");
    }
    let repeated: Vec<_> = copies.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(repeated.len() <= MAIL_SEND_CONCURRENCY, "only mails in flight at the kill repeat: {repeated:?}");
    for (to, ids) in repeated {
        assert!(ids.len() == 2 && ids[0] == ids[1], "{to}: a repeat carries the same Message-ID: {ids:?}");
    }
}
