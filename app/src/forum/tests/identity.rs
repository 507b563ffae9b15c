//! Signing in with ProConnect: the account is found by (issuer, subject),
//! never by e-mail alone; an address that belongs to a local account waits
//! for that account's password before the two are linked.

use super::{Forum, invalid_fields, refused};
use crate::domain::limits::DISPLAY_NAME_MAX_CHARS;
use crate::domain::{Role, SignUp};
use crate::forum::identity::{self, Outcome, VerifiedIdentity};
use crate::store;
use http::StatusCode;

const ISSUER: &str = "https://proconnect.example/api/v2";

fn agent(subject: &str, email: &str) -> VerifiedIdentity {
    VerifiedIdentity {
        issuer: ISSUER.into(),
        subject: subject.into(),
        given_name: " Camille ".into(),
        usual_name: "Dupont ".into(),
        email: email.into(),
        organisation: Some("Préfecture de la Creuse".into()),
        siret: Some("17230001900012".into()),
        id_token: format!("id-token-of-{subject}"),
    }
}

fn signed_in(outcome: Outcome) -> (i64, String) {
    match outcome {
        Outcome::SignedIn { user_id, session } => (user_id, session),
        Outcome::NeedsLink { email, .. } => panic!("expected a session, got a link to confirm for {email}"),
    }
}

fn needs_link(outcome: Outcome) -> (String, String) {
    match outcome {
        Outcome::NeedsLink { link, email } => (link, email),
        Outcome::SignedIn { user_id, .. } => panic!("expected a link to confirm, got a session for member {user_id}"),
    }
}

#[tokio::test]
async fn a_first_sign_in_creates_the_member_and_the_next_finds_them() {
    let f = Forum::new().await;
    let (id, session) = signed_in(identity::sign_in(&f.db, &agent("sub-1", "Camille.Dupont@Creuse.gouv.fr")).await.unwrap());
    let user = store::users::by_id(&f.db, id).await.unwrap().unwrap();
    assert_eq!((user.display_name.as_str(), user.email.as_str()), ("Camille Dupont", "camille.dupont@creuse.gouv.fr"));
    assert_eq!((user.organisation.as_deref(), user.siret.as_deref()), (Some("Préfecture de la Creuse"), Some("17230001900012")));
    assert_eq!((user.role, user.password_hash), (Role::Member, None));
    assert_eq!(store::sessions::viewer(&f.db, &session).await.unwrap().map(|v| v.id), Some(id));
    assert_eq!(store::sessions::id_token(&f.db, &session).await.unwrap().as_deref(), Some("id-token-of-sub-1"));

    // The same subject, with a new name, organisation and even address: the same member, claims refreshed.
    let moved = VerifiedIdentity {
        usual_name: "Martin".into(),
        email: "camille.martin@creuse.gouv.fr".into(),
        organisation: Some("DDT de la Creuse".into()),
        ..agent("sub-1", "")
    };
    let (again, _) = signed_in(identity::sign_in(&f.db, &moved).await.unwrap());
    assert_eq!(again, id);
    let user = store::users::by_id(&f.db, id).await.unwrap().unwrap();
    assert_eq!((user.display_name.as_str(), user.organisation.as_deref()), ("Camille Martin", Some("DDT de la Creuse")));
    // Another subject is another member, whatever its name.
    let (other, _) = signed_in(identity::sign_in(&f.db, &agent("sub-2", "c.dupont@creuse.gouv.fr")).await.unwrap());
    assert_ne!(other, id);
}

#[tokio::test]
async fn an_address_of_a_local_account_is_linked_only_with_its_password() {
    let f = Forum::new().await;
    let (local, _) = crate::testing::sign_up_confirmed(&f.db, SignUp::parse("Claire", "claire@ddt.fr", "", "une phrase de passe")).await;
    let (link, email) = needs_link(identity::sign_in(&f.db, &agent("sub-1", "Claire@DDT.fr")).await.unwrap());
    assert_eq!(email, "claire@ddt.fr");
    assert_eq!(identity::pending_link_email(&f.db, &link).await.unwrap().as_deref(), Some("claire@ddt.fr"));
    assert_eq!(store::identities::user_for(&f.db, ISSUER, "sub-1").await.unwrap(), None, "nothing linked yet");

    refused(identity::confirm_link(&f.db, &link, "pas la bonne phrase").await, StatusCode::UNAUTHORIZED);
    assert_eq!(store::identities::user_for(&f.db, ISSUER, "sub-1").await.unwrap(), None);

    let session = identity::confirm_link(&f.db, &link, "une phrase de passe").await.unwrap();
    assert_eq!(store::sessions::viewer(&f.db, &session).await.unwrap().map(|v| v.id), Some(local));
    assert_eq!(store::sessions::id_token(&f.db, &session).await.unwrap().as_deref(), Some("id-token-of-sub-1"));
    assert_eq!(store::identities::user_for(&f.db, ISSUER, "sub-1").await.unwrap(), Some(local));
    let user = store::users::by_id(&f.db, local).await.unwrap().unwrap();
    assert_eq!((user.display_name.as_str(), user.siret.as_deref()), ("Camille Dupont", Some("17230001900012")));

    // The link is used up; the next ProConnect sign-in goes straight in.
    assert_eq!(identity::pending_link_email(&f.db, &link).await.unwrap(), None);
    refused(identity::confirm_link(&f.db, &link, "une phrase de passe").await, StatusCode::NOT_FOUND);
    assert_eq!(signed_in(identity::sign_in(&f.db, &agent("sub-1", "claire@ddt.fr")).await.unwrap()).0, local);
}

#[tokio::test]
async fn a_link_waits_fifteen_minutes_for_the_password() {
    let f = Forum::new().await;
    let before = store::now();
    let (link, _) = needs_link(identity::sign_in(&f.db, &agent("sub-1", "anne.autrice@example.fr")).await.unwrap());
    let expires: i64 = sqlx::query_scalar("SELECT expires_at FROM oidc_pending_links WHERE token_hash = $1")
        .bind(store::sessions::hash(&link))
        .fetch_one(&f.db)
        .await
        .unwrap();
    assert!((before + 15 * 60..=store::now() + 15 * 60).contains(&expires), "expires {} s after", expires - before);
}

#[tokio::test]
async fn an_account_without_a_password_cannot_be_linked() {
    let f = Forum::new().await;
    let (link, _) = needs_link(identity::sign_in(&f.db, &agent("sub-1", "anne.autrice@example.fr")).await.unwrap());
    refused(identity::confirm_link(&f.db, &link, "une phrase de passe").await, StatusCode::UNAUTHORIZED);
    assert_eq!(store::identities::user_for(&f.db, ISSUER, "sub-1").await.unwrap(), None);
    assert_eq!(identity::pending_link_email(&f.db, "inconnu").await.unwrap(), None);
}

#[tokio::test]
async fn the_name_comes_from_the_claims_cut_to_the_limit_or_is_the_address() {
    let nameless = VerifiedIdentity { given_name: " ".into(), usual_name: String::new(), ..agent("s", "agent@creuse.gouv.fr") };
    assert_eq!(nameless.display_name().unwrap(), "agent@creuse.gouv.fr");
    let long = VerifiedIdentity { usual_name: "X".repeat(DISPLAY_NAME_MAX_CHARS), ..agent("s", "a@b.fr") };
    let name = long.display_name().unwrap();
    assert_eq!(name.chars().count(), DISPLAY_NAME_MAX_CHARS);
    assert!(name.starts_with("Camille XX"), "{name}");
    assert_eq!(agent("s", "a@b.fr").display_name().unwrap(), "Camille Dupont");
}

#[tokio::test]
async fn a_provider_that_sends_no_valid_address_is_refused() {
    let f = Forum::new().await;
    assert_eq!(invalid_fields(identity::sign_in(&f.db, &agent("sub-1", "pas une adresse")).await.map(|_| ())), [""]);
    assert_eq!(store::identities::user_for(&f.db, ISSUER, "sub-1").await.unwrap(), None);
}
