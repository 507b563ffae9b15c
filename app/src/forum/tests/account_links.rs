//! Links mailed for an account: resetting a password, proving a new address,
//! a new link rather than the notice for an address not yet proven, and the
//! hourly limit of mails per address.

use super::{Forum, refused};
use crate::domain::limits::ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR;
use crate::domain::{Password, SignUp};
use crate::forum::{accounts, auth};
use crate::store::{self, Db};
use crate::testing::{self, mail_settings, mailed_link};
use http::StatusCode;

const PASSWORD: &str = "une phrase de passe";
const NEW_PASSWORD: &str = "une toute nouvelle phrase";

fn new_password() -> crate::domain::Parsed<Password> {
    Password::parse(NEW_PASSWORD).map_err(|e| vec![e])
}

/// Signs Claire up without following the link: returns the link's token.
async fn unproven_sign_up(db: &Db) -> String {
    auth::sign_up(db, &mail_settings(), SignUp::parse("Claire Durand", "claire@ddt.fr", "", PASSWORD), true).await.unwrap();
    token(db, "claire@ddt.fr", "/verify/").await
}

/// The token of the newest mail's link to `address` starting with `prefix`.
async fn token(db: &Db, address: &str, prefix: &str) -> String {
    let link = mailed_link(db, address, prefix).await.unwrap_or_else(|| panic!("a {prefix} link mailed to {address}"));
    link[prefix.len()..].to_string()
}

async fn mails_to(db: &Db, address: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM mails WHERE to_address = $1").bind(address).fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn a_reset_link_sets_the_password_once_and_another_link_is_refused_without_being_used_up() {
    let f = Forum::new().await;
    let verify = unproven_sign_up(&f.db).await;
    // A proof-of-address link is no reset link, and trying does not spend it.
    refused(accounts::reset_password(&f.db, &verify, new_password()).await, StatusCode::NOT_FOUND);
    // The link is judged before the password: a wrong link is said so, whatever was typed.
    let too_short = Password::parse("court").map_err(|e| vec![e]);
    refused(accounts::reset_password(&f.db, &verify, too_short).await, StatusCode::NOT_FOUND);
    let (claire, _) = accounts::confirm_address(&f.db, &verify).await.unwrap();

    accounts::request_reset(&f.db, &mail_settings(), "claire@ddt.fr").await.unwrap();
    let reset = token(&f.db, "claire@ddt.fr", "/password/reset/").await;
    let (id, session) = accounts::reset_password(&f.db, &reset, new_password()).await.unwrap();
    assert_eq!(id, claire);
    assert_eq!(store::sessions::viewer(&f.db, &session).await.unwrap().map(|v| v.id), Some(claire));
    assert!(auth::sign_in(&f.db, "claire@ddt.fr", NEW_PASSWORD).await.is_ok());
    refused(auth::sign_in(&f.db, "claire@ddt.fr", PASSWORD).await, StatusCode::UNAUTHORIZED);
    refused(accounts::reset_password(&f.db, &reset, new_password()).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_new_address_becomes_the_accounts_when_its_link_is_followed() {
    let f = Forum::new().await;
    let (id, session) = testing::sign_up_confirmed(&f.db, SignUp::parse("Anne Martin", "anne@ign.fr", "", PASSWORD)).await;
    let anne = store::sessions::viewer(&f.db, &session).await.unwrap().unwrap();
    accounts::change_email(&f.db, &mail_settings(), &anne, "anne@ign.gouv.fr", PASSWORD).await.unwrap();
    assert_eq!(store::users::by_id(&f.db, id).await.unwrap().unwrap().email, "anne@ign.fr", "not before the link");
    let link = token(&f.db, "anne@ign.gouv.fr", "/verify/").await;
    assert_eq!(accounts::confirm_address(&f.db, &link).await.unwrap().0, id);
    assert_eq!(store::users::by_id(&f.db, id).await.unwrap().unwrap().email, "anne@ign.gouv.fr");
}

#[tokio::test]
async fn signing_up_again_before_proving_the_address_mails_a_new_link_not_the_notice() {
    let f = Forum::new().await;
    let first = unproven_sign_up(&f.db).await;
    let again = SignUp::parse("Claire Durand", "claire@ddt.fr", "", PASSWORD);
    auth::sign_up(&f.db, &mail_settings(), again, true).await.unwrap();
    assert_eq!(mailed_link(&f.db, "claire@ddt.fr", "/password/forgot").await, None, "not the notice for a proven address");
    let second = token(&f.db, "claire@ddt.fr", "/verify/").await;
    assert_ne!(second, first);
    refused(accounts::confirm_address(&f.db, &first).await, StatusCode::NOT_FOUND);
    assert!(accounts::confirm_address(&f.db, &second).await.is_ok());
}

#[tokio::test]
async fn an_address_gets_at_most_its_hourly_account_mails_and_older_ones_do_not_count() {
    let f = Forum::new().await;
    let mail = mail_settings();
    unproven_sign_up(&f.db).await;
    for _ in 0..ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR + 2 {
        accounts::request_reset(&f.db, &mail, "claire@ddt.fr").await.unwrap();
    }
    assert_eq!(mails_to(&f.db, "claire@ddt.fr").await, ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR);
    // An hour and a second later, they no longer count.
    sqlx::query("UPDATE mails SET created_at = created_at - 3601").execute(&f.db).await.unwrap();
    accounts::request_reset(&f.db, &mail, "claire@ddt.fr").await.unwrap();
    assert_eq!(mails_to(&f.db, "claire@ddt.fr").await, ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR + 1);
}
