//! Delivery against a real SMTP server on loopback: down then up, 4xx then
//! 2xx, a refused mailbox, retries that give up, and two deliverers (or two
//! fan-outs) on one database never doing the same work twice.

use crate::smtp_sink::{Sink, free_port};
use crate::support::*;
use app::mail::delivery::{Delivery, RetryPolicy};
use app::mail::transport::{SmtpSettings, TlsMode, Transport};
use reqwest::StatusCode;

fn delivery_to(app: &TestApp, port: u16, policy: RetryPolicy) -> Delivery {
    let settings = SmtpSettings { host: "127.0.0.1".into(), port: Some(port), tls: TlsMode::None, user: None, password: None };
    let mut d = Delivery::new(app.db.clone(), Transport::smtp(&settings).unwrap(), app.mail.from.clone());
    d.policy = policy;
    d
}

/// Retries at once (no wait), gives up after an hour.
const AT_ONCE: RetryPolicy = RetryPolicy { first_delay_seconds: 0, max_delay_seconds: 0, give_up_after_seconds: 3_600 };

/// (status, attempts, last_error) of the mail to `address`.
async fn row(app: &TestApp, address: &str) -> (String, i64, Option<String>) {
    sqlx::query_as("SELECT status, attempts, last_error FROM mails WHERE to_address = $1 ORDER BY id DESC LIMIT 1")
        .bind(address)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_mail_waits_while_the_server_is_down_and_goes_once_it_is_up_with_its_message_id() {
    let app = TestApp::spawn().await;
    app.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    let queued = app.last_mail_to("vera@geoserver.example").await.unwrap();
    let port = free_port();
    let d = delivery_to(&app, port, AT_ONCE);
    let pass = d.deliver_due().await.unwrap();
    assert_eq!((pass.sent, pass.retried), (0, 1), "nothing listens yet");
    let (status, attempts, error) = row(&app, "vera@geoserver.example").await;
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(error.is_some(), "why is recorded");

    let sink = Sink::start_on(port, &[]);
    assert_eq!(d.deliver_due().await.unwrap().sent, 1);
    let got = sink.mails();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].message_id, queued.message_id, "the Message-ID fixed when the mail was queued");
    assert_eq!(got[0].header("X-Sink-Rcpt-To").as_deref(), Some("vera@geoserver.example"));
    assert_eq!(row(&app, "vera@geoserver.example").await.0, "sent");
    assert_eq!(app.count("SELECT COUNT(*) FROM mails WHERE status = 'sent' AND LENGTH(raw) = 0").await, 1, "its link is erased");
    assert_eq!(d.deliver_due().await.unwrap().handled(), 0, "sent once");
}

#[tokio::test]
async fn temporary_refusals_are_retried_until_the_server_accepts_and_it_arrives_once() {
    let app = TestApp::spawn().await;
    app.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    let sink = Sink::start(&["--tempfail", "2"]);
    let d = delivery_to(&app, sink.port, AT_ONCE);
    assert_eq!(d.deliver_due().await.unwrap().retried, 1);
    assert!(row(&app, "vera@geoserver.example").await.2.unwrap().contains("451"), "the 451 is recorded");
    assert_eq!(d.deliver_due().await.unwrap().retried, 1);
    assert_eq!(d.deliver_due().await.unwrap().sent, 1);
    assert_eq!(sink.mails().len(), 1);
    assert_eq!(row(&app, "vera@geoserver.example").await.1, 3, "three attempts");
}

#[tokio::test]
async fn retries_give_up_after_their_bounded_time_and_say_why() {
    let app = TestApp::spawn().await;
    app.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    let d = delivery_to(&app, free_port(), RetryPolicy { first_delay_seconds: 60, max_delay_seconds: 60, give_up_after_seconds: 30 });
    assert_eq!(d.deliver_due().await.unwrap().failed, 1);
    let (status, _, error) = row(&app, "vera@geoserver.example").await;
    assert_eq!(status, "failed");
    assert!(error.unwrap().starts_with("abandonné après 1 tentatives"));
}

#[tokio::test]
async fn a_refused_mailbox_fails_the_mail_is_recorded_on_the_address_and_stops_its_mail() {
    let app = TestApp::spawn().await;
    let vera = app.as_other();
    vera.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    vera.post("/subscriptions", &[("tag", "geoserver"), ("level", "watching"), ("next", "/")]).await;
    let sink = Sink::start(&["--reject", "vera@geoserver.example"]);
    let d = delivery_to(&app, sink.port, AT_ONCE);
    assert_eq!(d.deliver_due().await.unwrap().failed, 1);
    assert!(row(&app, "vera@geoserver.example").await.2.unwrap().contains("550"));
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'vera@geoserver.example' AND email_failed_at IS NOT NULL").await, 1);

    app.sign_up("Anne Martin", "anne@ign.example").await;
    app.start_thread("Un fil", "Texte.").await;
    let done = app.fan_out().await;
    assert_eq!(done.mails, 0, "no more mail to a refused address");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications").await, 1, "the in-app notification still comes");
    let settings = html(vera.get("/settings/notifications").await).await;
    assert_eq!(count(&settings, "[data-mail-failure]"), 1, "the member is told why");
    let r = vera.post("/settings/notifications/resume", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&html(vera.get("/settings/notifications").await).await, "[data-mail-failure]"), 0);
}

/// `n` verified members who follow GeoServer, made directly in the database.
async fn followers(app: &TestApp, n: usize) -> Vec<String> {
    let mut addresses = Vec::new();
    for i in 0..n {
        let email = format!("abonne{i:03}@exemple.fr");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, role, created_at, email_verified_at) VALUES ($1, $2, 'member', 0, 0) RETURNING id",
        )
        .bind(&email)
        .bind(format!("Abonné {i}"))
        .fetch_one(&app.db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO subscriptions (user_id, target, tag_id, level, created_at)
             SELECT $1, 'tag:' || id, id, 'watching', 0 FROM tags WHERE slug = 'geoserver'",
        )
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
        addresses.push(email);
    }
    addresses
}

#[tokio::test]
async fn two_fan_outs_and_two_deliverers_on_one_database_never_send_a_mail_twice() {
    let app = TestApp::spawn().await;
    let addresses = followers(&app, 30).await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    app.start_thread("Un fil pour trente", "Texte.").await;
    // Two processes expand the same events, in small batches, at the same time.
    let mut one = app::mail::fanout::Fanout::new(app.db.clone(), app.mail.clone());
    let mut two = app::mail::fanout::Fanout::new(app.db.clone(), app.mail.clone());
    (one.batch, two.batch) = (7, 7);
    let (a, b) = tokio::join!(one.expand_all(), two.expand_all());
    assert_eq!(a.unwrap().mails + b.unwrap().mails, 30);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications").await, 30);

    let sink = Sink::start(&[]);
    let (mut d1, mut d2) = (delivery_to(&app, sink.port, AT_ONCE), delivery_to(&app, sink.port, AT_ONCE));
    (d1.batch, d2.batch) = (4, 4);
    loop {
        let (p1, p2) = tokio::join!(d1.deliver_due(), d2.deliver_due());
        if p1.unwrap().handled() + p2.unwrap().handled() == 0 {
            break;
        }
    }
    let mut got: Vec<String> =
        sink.mails().iter().filter_map(|m| m.header("X-Sink-Rcpt-To")).filter(|r| r.starts_with("abonne")).collect();
    got.sort();
    assert_eq!(got, addresses, "each follower exactly once");
}
