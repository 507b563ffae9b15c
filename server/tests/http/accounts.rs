use crate::support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn health_check_answers_when_the_database_does() {
    let app = TestApp::spawn().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(text(r).await, "ok");
}

#[tokio::test]
async fn health_check_fails_when_the_search_indexer_has_stalled_and_recovers_with_it() {
    let app = TestApp::spawn().await;
    app.stop_indexer().await;
    // As if the stopped indexer's last pass were older than the limit (rather than waiting for it).
    app.search.pretend_last_pass(app::domain::limits::SEARCH_STALE_SECONDS + 5);
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(text(r).await.starts_with("search index not live"));
    // A new indexer (once the stopped one has let the index writer go) marks its pass.
    let indexer = server::workers::indexer::spawn(app.db.clone(), app.search.clone());
    let started = std::time::Instant::now();
    while app.get("/healthz").await.status() != StatusCode::OK {
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "the indexer's next pass makes the node healthy again");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    indexer.abort();
}

#[tokio::test]
async fn sign_up_mails_a_link_that_signs_in_and_the_header_shows_the_member() {
    let app = TestApp::spawn().await;
    let r = app.sign_up("Anne Martin", "anne.martin@ign.example").await;
    assert_eq!(location(&r), "/?welcome=1");
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let home = html(app.get("/").await).await;
    assert_eq!(viewer_name(&home).as_deref(), Some("Anne Martin"));
    assert_eq!(count(&home, ".site-header form[action=\"/logout\"]"), 1);
    assert_eq!(count(&home, "[data-unverified]"), 0, "the address is proven");
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'anne.martin@ign.example'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
}

#[tokio::test]
async fn sign_up_with_a_taken_address_answers_the_same_and_mails_the_owner() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne.martin@ign.example").await;
    let other = app.as_other();
    let r = other
        .post(
            "/signup",
            &[("display_name", "Anne Autre"), ("email", "Anne.Martin@IGN.example"), ("organisation", ""), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "no 409: sign-up does not tell whether an address has an account");
    assert_eq!(location(&r), "/signup?sent=1");
    assert!(r.headers().get("set-cookie").is_none(), "nobody is signed in");
    let fresh = other.post("/signup", &[("display_name", "Bea"), ("email", "bea@ign.example"), ("organisation", ""), ("password", PASSWORD)]).await;
    assert_eq!((fresh.status(), location(&fresh)), (r.status(), location(&r)), "a new address gets the same answer");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE display_name LIKE 'Anne%'").await, 1);
    let notice = app.last_mail_to("anne.martin@ign.example").await.expect("the owner is told");
    assert_eq!(notice.header("X-Jonction-Event").as_deref(), Some("signup_attempt"));
    assert!(notice.link_path(&app.base, "/password/forgot").is_some(), "{}", notice.text);
    assert!(!notice.raw.contains(PASSWORD), "the typed password goes nowhere");
}

#[tokio::test]
async fn an_unverified_account_reads_but_is_told_to_verify_before_it_posts_and_keeps_its_text() {
    let app = TestApp::spawn().await;
    let r = app.post("/signup", &[("display_name", "Léa"), ("email", "lea@ign.example"), ("organisation", ""), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.post("/login", &[("email", "lea@ign.example"), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "an unverified account signs in");
    let home = html(app.get("/").await).await;
    assert_eq!(count(&home, "[data-unverified]"), 1, "told to verify");
    let thread: i64 = app.count("SELECT MIN(id) FROM threads").await;
    let body = "Ma réponse, à garder même si elle est refusée.";
    let r = app.post(&format!("/t/{thread}/reply"), &[("body", body)]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let page = html(r).await;
    assert!(text_of(&page, "#refusal").contains("Confirmez d’abord votre adresse"));
    assert_eq!(text_of(&page, "#reply-body"), body, "the typed text is kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM posts WHERE body_md LIKE 'Ma réponse%'").await, 0);
    // The link in the mail proves the address; the same reply then goes through.
    let r = app.follow_mail_link("lea@ign.example", "/verify/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.post(&format!("/t/{thread}/reply"), &[("body", body)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_short_password_and_a_bad_email_are_refused_with_422() {
    let app = TestApp::spawn().await;
    let r = app
        .post("/signup", &[("display_name", "Bob"), ("email", "pas-une-adresse"), ("organisation", ""), ("password", "court")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(r).await;
    assert!(page.contains("au moins 12 caractères"));
    assert!(page.contains("Saisissez une adresse électronique valide"));
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE display_name = 'Bob'").await, 0);
}

#[tokio::test]
async fn sign_in_checks_the_password_and_rotates_the_session() {
    let app = TestApp::spawn().await;
    let first = app.sign_up("Anne Martin", "anne@ign.example").await;
    let first_cookie = first.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();

    let stranger = app.as_other();
    let r = stranger.post("/login", &[("email", "anne@ign.example"), ("password", "mauvais mot de passe")]).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let page = text(r).await;
    assert!(page.contains("Adresse électronique ou mot de passe incorrect."));
    assert!(page.contains("value=\"anne@ign.example\""));

    // Signing in again (same browser) gives a new session id and ends the old one.
    let r = app.post("/login", &[("email", "anne@ign.example"), ("password", PASSWORD), ("next", "/map")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/map");
    let second_cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert_ne!(first_cookie.split(';').next(), second_cookie.split(';').next());
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn sign_out_ends_the_session_in_the_database() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
    let r = app.post("/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    let home = html(app.get("/").await).await;
    assert_eq!(viewer_name(&home), None, "signed out");
    assert_eq!(count(&home, ".site-header a[href=\"/login\"]"), 1);
}

#[tokio::test]
async fn password_guessing_pauses_after_ten_failures() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    app.post("/logout", &[]).await;
    let guesser = app.as_other();
    for _ in 0..app::domain::limits::LOGIN_FAILURES_MAX {
        let r = guesser.post("/login", &[("email", "anne@ign.example"), ("password", "devinette devinette")]).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused while the address pauses.
    let r = guesser.post("/login", &[("email", "anne@ign.example"), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(text(r).await.contains("Trop de tentatives de connexion"));
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    // The maintenance keeps failures within their window only (none is old yet).
    server::maintenance::run(&app.db).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM login_failures").await, 10);
}

#[tokio::test]
async fn a_successful_sign_in_clears_earlier_failures() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    app.post("/logout", &[]).await;
    for _ in 0..3 {
        app.post("/login", &[("email", "anne@ign.example"), ("password", "devinette devinette")]).await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM login_failures").await, 3);
    let r = app.post("/login", &[("email", "anne@ign.example"), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM login_failures").await, 0);
}

#[tokio::test]
async fn maintenance_sweeps_expired_sessions_and_abandoned_sign_ins_only() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'anne@ign.example'").fetch_one(&app.db).await.unwrap();
    sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ('old', $1, 0, 1)")
        .bind(user)
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query("INSERT INTO oidc_logins (state_hash, nonce, pkce_verifier, next_path, expires_at) VALUES ('s', 'n', 'v', '/', 1)")
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query("INSERT INTO login_failures (email, at) VALUES ('x@ign.example', 1)").execute(&app.db).await.unwrap();
    assert_eq!(server::maintenance::run(&app.db).await.unwrap(), 3);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1, "the live session stays");
    assert_eq!(viewer_name(&html(app.get("/").await).await).as_deref(), Some("Anne Martin"));
}
