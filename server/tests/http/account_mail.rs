//! Local accounts by mail: password reset (the same answer for any address),
//! links single-use, expiring and revoked by a password change, change of
//! address proven at the new one, change of password, and the hourly bound
//! on account mails.

use crate::support::*;
use app::domain::limits::ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR;
use reqwest::StatusCode;

const NEW_PASSWORD: &str = "une autre phrase de passe";

async fn signs_in(app: &TestApp, email: &str, password: &str) -> bool {
    app.as_other().post("/login", &[("email", email), ("password", password)]).await.status() == StatusCode::SEE_OTHER
}

#[tokio::test]
async fn a_reset_answers_the_same_for_any_address_and_its_link_sets_the_password_once() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let stranger = app.as_other();
    let unknown = stranger.post("/password/forgot", &[("email", "personne@ign.example")]).await;
    let known = stranger.post("/password/forgot", &[("email", "Anne@IGN.example")]).await;
    assert_eq!((unknown.status(), location(&unknown)), (known.status(), location(&known)), "the same answer");
    assert_eq!(location(&known), "/password/forgot?sent=1");
    assert_eq!(app.count("SELECT COUNT(*) FROM mails WHERE to_address = 'personne@ign.example'").await, 0);
    let page = html(stranger.get("/password/forgot?sent=1").await).await;
    assert_eq!(count(&page, "[data-reset-sent]"), 1);

    // A password too short is refused and does not use the link up.
    let mail = app.last_mail_to("anne@ign.example").await.unwrap();
    let path = mail.link_path(&app.base, "/password/reset/").expect("a reset link");
    let r = stranger.post(&path, &[("password", "court")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = stranger.post(&path, &[("password", NEW_PASSWORD)]).await;
    assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, "/?password=reset".to_string()));
    assert!(r.headers().get("set-cookie").is_some(), "signed in");
    assert_eq!(viewer_name(&html(app.get("/").await).await), None, "the other sessions ended");
    assert!(signs_in(&app, "anne@ign.example", NEW_PASSWORD).await);
    assert!(!signs_in(&app, "anne@ign.example", PASSWORD).await);
    // Single use.
    let again = stranger.get(&path).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_eq!(count(&html(again).await, "[data-link-invalid]"), 1);
    assert_eq!(stranger.post(&path, &[("password", "encore une phrase de passe")]).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_expired_link_or_one_revoked_by_a_password_change_does_nothing() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    app.as_other().post("/password/forgot", &[("email", "anne@ign.example")]).await;
    let path = app.last_mail_to("anne@ign.example").await.unwrap().link_path(&app.base, "/password/reset/").unwrap();
    sqlx::query("UPDATE account_tokens SET expires_at = 1").execute(&app.db).await.unwrap();
    assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND, "expired");
    assert_eq!(app.as_other().post(&path, &[("password", NEW_PASSWORD)]).await.status(), StatusCode::NOT_FOUND);

    app.as_other().post("/password/forgot", &[("email", "anne@ign.example")]).await;
    let path = app.last_mail_to("anne@ign.example").await.unwrap().link_path(&app.base, "/password/reset/").unwrap();
    assert_eq!(app.get(&path).await.status(), StatusCode::OK);
    let r = app.post("/settings/account/password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)]).await;
    assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, "/settings/account?done=password".to_string()));
    assert_eq!(viewer_name(&html(app.get("/").await).await).as_deref(), Some("Anne Martin"), "this session stays");
    assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND, "the change revoked the link");
    let stored: i64 = app.count("SELECT COUNT(*) FROM account_tokens").await;
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn links_are_stored_hashed() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    app.as_other().post("/password/forgot", &[("email", "anne@ign.example")]).await;
    let path = app.last_mail_to("anne@ign.example").await.unwrap().link_path(&app.base, "/password/reset/").unwrap();
    let token = path.trim_start_matches("/password/reset/");
    let hashes: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM account_tokens").fetch_all(&app.db).await.unwrap();
    assert_eq!(hashes, vec![app::store::sessions::hash(token)]);
}

#[tokio::test]
async fn a_new_address_is_used_only_once_proven_at_that_address() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let r = app.post("/settings/account/email", &[("new_email", "anne.martin@ign.example"), ("password", "mauvais mot de passe")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = html(r).await;
    assert_eq!(attr_of(&page, "#new_email", "value").as_deref(), Some("anne.martin@ign.example"), "what was typed is kept");
    let r = app.post("/settings/account/email", &[("new_email", "anne.martin@ign.example"), ("password", PASSWORD)]).await;
    assert_eq!(location(&r), "/settings/account?sent=email");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'anne@ign.example'").await, 1, "not changed yet");
    let r = app.follow_mail_link("anne.martin@ign.example", "/verify/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'anne.martin@ign.example'").await, 1);
    assert!(signs_in(&app, "anne.martin@ign.example", PASSWORD).await);
    let page = html(app.get("/settings/account").await).await;
    assert_eq!(attr_of(&page, "[data-verified]", "data-verified").as_deref(), Some("true"));
}

#[tokio::test]
async fn account_mails_to_one_address_are_bounded_per_hour() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let stranger = app.as_other();
    for _ in 0..ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR + 3 {
        let r = stranger.post("/password/forgot", &[("email", "anne@ign.example")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "the answer never changes");
    }
    // The verification mail of the sign-up counts too.
    assert_eq!(app.count("SELECT COUNT(*) FROM mails WHERE to_address = 'anne@ign.example'").await, ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR);
}
