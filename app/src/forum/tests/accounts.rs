//! Local accounts: sign-up, sign-in, the pause after repeated failures,
//! sign-out, and `create-admin`.

use super::{Forum, invalid_fields, refused};
use crate::domain::limits::LOGIN_FAILURES_MAX;
use crate::domain::{Role, SignUp, Viewer};
use crate::forum::{accounts, auth};
use crate::store::{self, Db};
use crate::testing;
use http::StatusCode;

const PASSWORD: &str = "une phrase de passe";

async fn viewer(db: &Db, session: &str) -> Option<Viewer> {
    store::sessions::viewer(db, session).await.unwrap()
}

/// A member who signed up and followed the link mailed to them.
async fn sign_up(db: &Db, email: &str) -> (i64, String) {
    testing::sign_up_confirmed(db, SignUp::parse("Claire Durand", email, "DDT 23", PASSWORD)).await
}

#[tokio::test]
async fn a_new_member_is_signed_in_by_the_link_mailed_to_them() {
    let f = Forum::new().await;
    let (id, session) = sign_up(&f.db, " Claire.Durand@DDT.fr ").await;
    assert_eq!(viewer(&f.db, &session).await, Some(Viewer { id, name: "Claire Durand".into(), role: Role::Member, verified: true }));
    let user = store::users::by_id(&f.db, id).await.unwrap().unwrap();
    assert_eq!((user.email.as_str(), user.organisation.as_deref()), ("claire.durand@ddt.fr", Some("DDT 23")));
    assert_ne!(user.password_hash.as_deref(), Some(PASSWORD), "only a hash is kept");
}

#[tokio::test]
async fn sign_up_refuses_bad_input_and_a_closed_forum_and_keeps_a_taken_address_secret() {
    let f = Forum::new().await;
    let mail = testing::mail_settings();
    let bad = SignUp::parse("", "pas-une-adresse", "", "court");
    assert_eq!(invalid_fields(auth::sign_up(&f.db, &mail, bad, true).await), ["display_name", "email", "password"]);
    // A taken address gets the same answer as a new one; only its owner is told, by mail.
    let taken = SignUp::parse("Anne bis", "anne.autrice@example.fr", "", PASSWORD);
    auth::sign_up(&f.db, &mail, taken, true).await.unwrap();
    let owner = store::users::by_email(&f.db, "anne.autrice@example.fr").await.unwrap().unwrap();
    assert_eq!((owner.id, owner.display_name.as_str()), (f.author.id, f.author.name.as_str()), "the account is untouched");
    assert_eq!(testing::mailed_link(&f.db, "anne.autrice@example.fr", "/password/forgot").await.as_deref(), Some("/password/forgot"));
    let closed = SignUp::parse("Claire Durand", "claire@ddt.fr", "", PASSWORD);
    refused(auth::sign_up(&f.db, &mail, closed, false).await, StatusCode::FORBIDDEN);
    assert!(store::users::by_email(&f.db, "claire@ddt.fr").await.unwrap().is_none());
}

#[tokio::test]
async fn sign_in_needs_the_right_password_for_the_address() {
    let f = Forum::new().await;
    let (id, _) = sign_up(&f.db, "claire@ddt.fr").await;
    let session = auth::sign_in(&f.db, "Claire@DDT.fr", PASSWORD).await.unwrap();
    assert_eq!(viewer(&f.db, &session).await.map(|v| v.id), Some(id));
    for (email, password) in [("claire@ddt.fr", "une autre phrase"), ("personne@ddt.fr", PASSWORD), ("pas une adresse", PASSWORD)] {
        refused(auth::sign_in(&f.db, email, password).await, StatusCode::UNAUTHORIZED);
    }
    // A member without a password (ProConnect only) cannot sign in with one.
    refused(auth::sign_in(&f.db, "anne.autrice@example.fr", PASSWORD).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_pause_the_address_even_for_the_right_password() {
    let f = Forum::new().await;
    sign_up(&f.db, "claire@ddt.fr").await;
    sign_up(&f.db, "autre@ddt.fr").await;
    for _ in 0..LOGIN_FAILURES_MAX {
        refused(auth::sign_in(&f.db, "claire@ddt.fr", "mauvaise phrase").await, StatusCode::UNAUTHORIZED);
    }
    refused(auth::sign_in(&f.db, "claire@ddt.fr", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    assert!(auth::sign_in(&f.db, "autre@ddt.fr", PASSWORD).await.is_ok(), "other addresses are not paused");
}

/// `LOGIN_FAILURES_MAX` failed sign-ins for `email`, `minutes_ago`.
async fn past_failures(db: &Db, email: &str, minutes_ago: i64) {
    for _ in 0..LOGIN_FAILURES_MAX {
        sqlx::query("INSERT INTO login_failures (email, at) VALUES ($1, $2)")
            .bind(email)
            .bind(store::now() - minutes_ago * 60)
            .execute(db)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn failures_count_for_fifteen_minutes() {
    let f = Forum::new().await;
    sign_up(&f.db, "claire@ddt.fr").await;
    sign_up(&f.db, "autre@ddt.fr").await;
    past_failures(&f.db, "claire@ddt.fr", 14).await;
    refused(auth::sign_in(&f.db, "claire@ddt.fr", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    past_failures(&f.db, "autre@ddt.fr", 16).await;
    assert!(auth::sign_in(&f.db, "autre@ddt.fr", PASSWORD).await.is_ok(), "failures older than the window are forgotten");
}

#[tokio::test]
async fn a_success_clears_the_failures() {
    let f = Forum::new().await;
    sign_up(&f.db, "claire@ddt.fr").await;
    for _ in 1..LOGIN_FAILURES_MAX {
        refused(auth::sign_in(&f.db, "claire@ddt.fr", "mauvaise phrase").await, StatusCode::UNAUTHORIZED);
    }
    assert!(auth::sign_in(&f.db, "claire@ddt.fr", PASSWORD).await.is_ok(), "one failure short of the pause");
    for _ in 1..LOGIN_FAILURES_MAX {
        refused(auth::sign_in(&f.db, "claire@ddt.fr", "mauvaise phrase").await, StatusCode::UNAUTHORIZED);
    }
    assert!(auth::sign_in(&f.db, "claire@ddt.fr", PASSWORD).await.is_ok(), "the success before cleared the count");
}

#[tokio::test]
async fn a_session_lasts_thirty_days() {
    let f = Forum::new().await;
    let (_, session) = sign_up(&f.db, "claire@ddt.fr").await;
    let (created, expires): (i64, i64) = sqlx::query_as("SELECT created_at, expires_at FROM sessions WHERE id_hash = $1")
        .bind(store::sessions::hash(&session))
        .fetch_one(&f.db)
        .await
        .unwrap();
    assert_eq!(expires - created, 30 * 24 * 3600);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let f = Forum::new().await;
    let (_, session) = sign_up(&f.db, "claire@ddt.fr").await;
    let other = auth::sign_in(&f.db, "claire@ddt.fr", PASSWORD).await.unwrap();
    assert_ne!(session, other, "each sign-in opens its own session");
    auth::sign_out(&f.db, &session).await.unwrap();
    assert_eq!(viewer(&f.db, &session).await, None);
    assert!(viewer(&f.db, &other).await.is_some());
}

#[tokio::test]
async fn create_admin_makes_a_new_administrator_or_promotes_an_account() {
    let f = Forum::new().await;
    let id = auth::create_admin(&f.db, "Chef@DDT.fr", "Chef de projet", PASSWORD).await.unwrap();
    let session = auth::sign_in(&f.db, "chef@ddt.fr", PASSWORD).await.unwrap();
    assert_eq!(viewer(&f.db, &session).await, Some(Viewer { id, name: "Chef de projet".into(), role: Role::Admin, verified: true }));

    let promoted = auth::create_admin(&f.db, "anne.autrice@example.fr", "ignoré", "une phrase pour Anne").await.unwrap();
    assert_eq!(promoted, f.author.id);
    let session = auth::sign_in(&f.db, "anne.autrice@example.fr", "une phrase pour Anne").await.unwrap();
    assert_eq!(viewer(&f.db, &session).await, Some(Viewer { role: Role::Admin, ..f.author.clone() }));
    refused(auth::create_admin(&f.db, "chef@ddt.fr", "Chef", "court").await, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The session middleware reads the header's unread count with the viewer:
/// the same count as `notifications::unread_count` (unread ones only, capped),
/// and nothing for a session that ended.
#[tokio::test]
async fn the_viewer_comes_with_their_unread_count_capped_and_only_while_signed_in() {
    use store::notifications::{NewNotification, insert};
    let f = Forum::new().await;
    let (id, session) = sign_up(&f.db, "claire@ddt.fr").await;
    let other = testing::member(&f.db, "Paul", Role::Member).await;
    let (thread, _) = testing::thread(&f.db, other.id, "Un fil", "Premier message.", &[]).await;
    let mut tx = store::begin(&f.db).await.unwrap();
    for event_id in 1..=4 {
        let n = NewNotification { user_id: id, event_id, kind: "reply_created", reason: "thread", thread_id: thread, post_id: None, actor_id: None, detail: "" };
        insert(&mut tx, &n).await.unwrap();
    }
    tx.commit().await.unwrap();
    let unread = |cap| store::sessions::viewer_with_unread(&f.db, &session, cap);
    assert_eq!(unread(10).await.unwrap().map(|(v, n)| (v.id, n)), Some((id, 4)));
    assert_eq!(unread(3).await.unwrap().map(|(_, n)| n), Some(3), "capped as the header caps it");
    assert_eq!(store::notifications::unread_count(&f.db, id, 10).await.unwrap(), 4, "the count the notifications page makes");
    store::notifications::mark_all_read(&f.db, id).await.unwrap();
    assert_eq!(unread(10).await.unwrap().map(|(_, n)| n), Some(0));
    auth::sign_out(&f.db, &session).await.unwrap();
    assert!(unread(10).await.unwrap().is_none(), "no viewer once signed out");
}

/// How long each kind of link mailed to `purpose` lives (every such link, in seconds).
async fn link_lifetimes(db: &Db, purpose: &str) -> Vec<i64> {
    sqlx::query_scalar("SELECT expires_at - created_at FROM account_tokens WHERE purpose = $1")
        .bind(purpose)
        .fetch_all(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn mailed_links_last_two_days_to_verify_an_hour_to_reset_and_a_day_to_change_address() {
    let f = Forum::new().await;
    let mail = testing::mail_settings();
    auth::sign_up(&f.db, &mail, SignUp::parse("Claire Durand", "claire@ddt.fr", "DDT 23", PASSWORD), true).await.unwrap();
    assert_eq!(link_lifetimes(&f.db, "verify_email").await, [48 * 3_600]);

    let (_, session) = sign_up(&f.db, "anne@ign.fr").await;
    accounts::request_reset(&f.db, &mail, "anne@ign.fr").await.unwrap();
    assert_eq!(link_lifetimes(&f.db, "reset_password").await, [3_600]);
    let anne = viewer(&f.db, &session).await.unwrap();
    accounts::change_email(&f.db, &mail, &anne, "anne@ign.gouv.fr", PASSWORD).await.unwrap();
    assert_eq!(link_lifetimes(&f.db, "change_email").await, [24 * 3_600]);
}

#[tokio::test]
async fn a_sign_up_the_database_fails_to_save_is_an_error_not_a_silent_success() {
    let f = Forum::new().await;
    // Any failure but a taken address: the database refuses every new account.
    let refuse = match store::backend(&f.db) {
        store::Backend::Sqlite => vec!["CREATE TRIGGER refuse_users BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'refused'); END"],
        store::Backend::Postgres => vec![
            "CREATE FUNCTION refuse_users() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$",
            "CREATE TRIGGER refuse_users BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION refuse_users()",
        ],
    };
    for sql in refuse {
        sqlx::query(sql).execute(&f.db).await.unwrap();
    }
    let claire = SignUp::parse("Claire Durand", "claire@ddt.fr", "", PASSWORD);
    assert!(auth::sign_up(&f.db, &testing::mail_settings(), claire, true).await.is_err());
    assert!(testing::mailed_link(&f.db, "claire@ddt.fr", "/verify/").await.is_none());
}

#[tokio::test]
async fn an_address_someone_signed_up_with_a_moment_before_gets_the_same_answer() {
    let f = Forum::new().await;
    // The race: between the lookup of the address and the insert, another
    // sign-up takes it. A trigger writes that other row just before the insert,
    // which then breaks the address's uniqueness, as the race would.
    let race = match store::backend(&f.db) {
        store::Backend::Sqlite => vec![
            "CREATE TRIGGER race BEFORE INSERT ON users WHEN NEW.display_name = 'Claire Durand'
             BEGIN INSERT INTO users (email, display_name, created_at) VALUES (NEW.email, 'Autre', 0); END",
        ],
        store::Backend::Postgres => vec![
            "CREATE FUNCTION race() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
               IF NEW.display_name = 'Claire Durand' THEN
                 INSERT INTO users (email, display_name, created_at) VALUES (NEW.email, 'Autre', 0);
               END IF;
               RETURN NEW;
             END $$",
            "CREATE TRIGGER race BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION race()",
        ],
    };
    for sql in race {
        sqlx::query(sql).execute(&f.db).await.unwrap();
    }
    let claire = SignUp::parse("Claire Durand", "claire@ddt.fr", "", PASSWORD);
    auth::sign_up(&f.db, &testing::mail_settings(), claire, true).await.unwrap();
    assert!(testing::mailed_link(&f.db, "claire@ddt.fr", "/verify/").await.is_none(), "no link for an account not made");
}
