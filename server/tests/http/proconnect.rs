//! Sign-in with ProConnect against the in-process fake provider: the happy
//! path with RS256 and ES256, and every check that must refuse a session.

use crate::fake_provider::{self, Alg, FakeProvider, IdFault, Person, UserinfoFault};
use crate::support::*;
use reqwest::StatusCode;
use server::proconnect::ProConnectConfig;
use std::collections::HashMap;

pub(crate) async fn setup(alg: Alg, tweak: impl FnOnce(&mut ProConnectConfig)) -> (TestApp, FakeProvider) {
    let fake = FakeProvider::start(alg).await;
    let issuer = fake.issuer.clone();
    let alg_name = match alg {
        Alg::Rs256 => "RS256",
        Alg::Es256 => "ES256",
    };
    let app = TestApp::spawn_with(
        move |public_url| {
            let mut config = server::proconnect::config::from_settings(
                Some(issuer),
                Some(fake_provider::CLIENT_ID.into()),
                Some(fake_provider::CLIENT_SECRET.into()),
                None,
                Some(public_url.to_string()),
                server::proconnect::config::DEFAULT_SCOPES,
                Some("eidas1".into()),
                alg_name,
                alg_name,
                "",
                "",
            )
            .unwrap()
            .unwrap();
            tweak(&mut config);
            Some(config)
        },
        true,
    )
    .await;
    (app, fake)
}

/// Presses the button: returns the authorize URL's parameters.
async fn start(app: &TestApp) -> HashMap<String, String> {
    let r = app.post("/auth/proconnect/login", &[("next", "/map")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let url = url::Url::parse(&location(&r)).unwrap();
    assert!(url.path().ends_with("/api/v2/authorize"));
    url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// Signs in at the fake provider and comes back to the forum.
async fn round_trip(app: &TestApp, fake: &FakeProvider) -> reqwest::Response {
    let params = start(app).await;
    let code = fake.issue_code(&params["nonce"]);
    app.get(&format!(
        "/auth/proconnect/callback?code={code}&state={}&iss={}",
        params["state"],
        urlencode(&fake.issuer)
    ))
    .await
}

pub(crate) fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn sessions(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM sessions").await
}

#[tokio::test]
async fn the_authorize_url_carries_only_what_proconnect_accepts() {
    let (app, _fake) = setup(Alg::Rs256, |_| {}).await;
    let params = start(&app).await;
    let allowed = [
        "response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "claims", "prompt", "idp_hint",
        "login_hint", "siret_hint", "acr_values", "code_challenge", "code_challenge_method",
    ];
    for key in params.keys() {
        assert!(allowed.contains(&key.as_str()), "ProConnect would reject {key}");
    }
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["client_id"], fake_provider::CLIENT_ID);
    assert_eq!(params["redirect_uri"], format!("{}/auth/proconnect/callback", app.base));
    assert!(params["state"].len() >= 32 && params["nonce"].len() >= 32);
    assert_eq!(params["code_challenge_method"], "S256");
    assert!(params["scope"].split(' ').any(|s| s == "openid") && params["scope"].contains("usual_name"));
    let claims: serde_json::Value = serde_json::from_str(&params["claims"]).unwrap();
    assert_eq!(claims["id_token"]["acr"]["essential"], true);
    assert_eq!(claims["id_token"]["acr"]["values"][0], "eidas1");
    assert!(!params.contains_key("acr_values"), "never mixed with the essential acr claim");
}

async fn happy_path(alg: Alg) {
    let (app, fake) = setup(alg, |_| {}).await;
    let r = round_trip(&app, &fake).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", text(r).await);
    assert_eq!(location(&r), "/map");
    assert_eq!(fake.basic_attempts(), 0, "client_secret_post, never HTTP Basic");
    let home = html(app.get("/").await).await;
    assert_eq!(viewer_name(&home).as_deref(), Some("Camille Dupont"), "signed in as the ProConnect member");
    let (id, org, siret, hash): (i64, Option<String>, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT id, organisation, siret, password_hash FROM users WHERE email = 'camille.dupont@dinum.example'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(org.as_deref(), Some("Direction interministérielle du numérique"));
    assert_eq!(siret.as_deref(), Some("13002526500013"));
    assert!(hash.is_none(), "no password for a ProConnect account");
    let member = text(app.get(&format!("/u/{id}")).await).await;
    assert!(member.contains("Direction interministérielle du numérique") && member.contains("SIRET 130 025 265 00013"));

    // A later sign-in updates the claims; the account is found by (issuer, sub), not by e-mail.
    app.post("/logout", &[]).await;
    fake.set_person(Person {
        email: "camille.dupont@nouvelle-adresse.example".into(),
        organization_label: "Agence nationale de la cohésion des territoires".into(),
        ..Person::default()
    });
    let r = round_trip(&app, &fake).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let org: Option<String> = sqlx::query_scalar(&format!("SELECT organisation FROM users WHERE id = {id}")).fetch_one(&app.db).await.unwrap();
    assert_eq!(org.as_deref(), Some("Agence nationale de la cohésion des territoires"));
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email LIKE 'camille%'").await, 1);
}

#[tokio::test]
async fn signs_in_with_rs256_tokens() {
    happy_path(Alg::Rs256).await;
}

#[tokio::test]
async fn signs_in_with_es256_tokens() {
    happy_path(Alg::Es256).await;
}

pub(crate) async fn refused(app: &TestApp, r: reqwest::Response, status: StatusCode, message: &str) {
    assert_eq!(r.status(), status);
    let page = text(r).await;
    assert!(page.contains(message), "page lacks {message:?}");
    assert!(page.contains("Retour à la connexion"), "a way back");
    assert_eq!(sessions(app).await, 0, "no session created");
}

const UNVERIFIED: &str = "La réponse de ProConnect n’a pas pu être vérifiée";

#[tokio::test]
async fn every_faulty_id_token_is_rejected() {
    for alg in [Alg::Rs256, Alg::Es256] {
        for fault in [
            IdFault::BadSignature,
            IdFault::WrongIssuer,
            IdFault::WrongAudience,
            IdFault::Expired,
            IdFault::WrongNonce,
            IdFault::WrongAccessTokenHash,
        ] {
            let (app, fake) = setup(alg, |_| {}).await;
            fake.set_id_fault(fault);
            let r = round_trip(&app, &fake).await;
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{alg:?} {fault:?}");
            refused(&app, r, StatusCode::BAD_REQUEST, UNVERIFIED).await;
        }
    }
}

#[tokio::test]
async fn an_id_token_signed_with_another_algorithm_than_registered_is_rejected() {
    // The provider signs ES256, the forum pinned RS256.
    let fake = FakeProvider::start(Alg::Es256).await;
    let issuer = fake.issuer.clone();
    let app = TestApp::spawn_with(
        move |url| {
            server::proconnect::config::from_settings(
                Some(issuer), Some(fake_provider::CLIENT_ID.into()), Some(fake_provider::CLIENT_SECRET.into()), None,
                Some(url.into()), server::proconnect::config::DEFAULT_SCOPES, Some("eidas1".into()), "RS256", "ES256", "", "",
            )
            .unwrap()
        },
        true,
    )
    .await;
    let r = round_trip(&app, &fake).await;
    refused(&app, r, StatusCode::BAD_REQUEST, UNVERIFIED).await;
}

#[tokio::test]
async fn faulty_userinfo_is_rejected() {
    for alg in [Alg::Rs256, Alg::Es256] {
        for fault in [UserinfoFault::BadSignature, UserinfoFault::OtherSubject] {
            let (app, fake) = setup(alg, |_| {}).await;
            fake.set_userinfo_fault(fault);
            let r = round_trip(&app, &fake).await;
            refused(&app, r, StatusCode::BAD_REQUEST, UNVERIFIED).await;
        }
    }
}

#[tokio::test]
async fn a_wrong_state_or_issuer_on_the_callback_is_rejected() {
    let (app, fake) = setup(Alg::Rs256, |_| {}).await;
    let params = start(&app).await;
    let code = fake.issue_code(&params["nonce"]);
    let forged = "x".repeat(43);
    let r = app.get(&format!("/auth/proconnect/callback?code={code}&state={forged}&iss={}", urlencode(&fake.issuer))).await;
    refused(&app, r, StatusCode::BAD_REQUEST, "n’a pas été lancée depuis ce navigateur").await;

    // Another browser replaying this browser's state is refused too (no cookie).
    let params = start(&app).await;
    let code = fake.issue_code(&params["nonce"]);
    let other = app.as_other();
    let r = other.get(&format!("/auth/proconnect/callback?code={code}&state={}&iss={}", params["state"], urlencode(&fake.issuer))).await;
    refused(&app, r, StatusCode::BAD_REQUEST, "n’a pas été lancée depuis ce navigateur").await;

    let params = start(&app).await;
    let code = fake.issue_code(&params["nonce"]);
    let r = app
        .get(&format!("/auth/proconnect/callback?code={code}&state={}&iss={}", params["state"], urlencode("https://evil.example/api/v2")))
        .await;
    refused(&app, r, StatusCode::BAD_REQUEST, "ne vient pas du fournisseur d’identité attendu").await;
    let r = app.get(&format!("/auth/proconnect/callback?code={code}&state={}", params["state"])).await;
    refused(&app, r, StatusCode::BAD_REQUEST, "n’a pas été lancée depuis ce navigateur").await;
    assert_eq!(fake.token_requests(), 0, "no code was exchanged");
}

#[tokio::test]
async fn a_sign_in_must_come_back_from_the_provider_within_ten_minutes() {
    let (app, fake) = setup(Alg::Rs256, |_| {}).await;
    let r = app.post("/auth/proconnect/login", &[("next", "/map")]).await;
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.contains("Max-Age=600"), "the browser keeps the state ten minutes: {cookie}");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let left = app.count("SELECT expires_at FROM oidc_logins").await - now;
    assert!((595..=600).contains(&left), "the stored state expires ten minutes after the start, not {left} s");

    // Past its ten minutes, the state is refused even with the right cookie.
    let params = start(&app).await;
    sqlx::query("UPDATE oidc_logins SET expires_at = expires_at - 601").execute(&app.db).await.unwrap();
    let code = fake.issue_code(&params["nonce"]);
    let r = app.get(&format!("/auth/proconnect/callback?code={code}&state={}&iss={}", params["state"], urlencode(&fake.issuer))).await;
    refused(&app, r, StatusCode::BAD_REQUEST, "n’a pas été lancée depuis ce navigateur").await;
    assert_eq!(fake.token_requests(), 0, "no code was exchanged");
}

#[tokio::test]
async fn access_denied_at_the_provider_lands_on_a_clear_page() {
    let (app, fake) = setup(Alg::Rs256, |_| {}).await;
    let params = start(&app).await;
    let r = app
        .get(&format!(
            "/auth/proconnect/callback?error=access_denied&error_description=User+auth+aborted&state={}&iss={}",
            params["state"],
            urlencode(&fake.issuer)
        ))
        .await;
    refused(&app, r, StatusCode::FORBIDDEN, "Vous avez refusé ou annulé la connexion avec ProConnect").await;
    let r = app.get(&format!("/auth/proconnect/callback?error=login_required&state={}", "y".repeat(43))).await;
    refused(&app, r, StatusCode::BAD_REQUEST, "n’a pas été lancée depuis ce navigateur").await;
}

#[tokio::test]
async fn an_unsatisfied_acr_and_restrictions_are_refused() {
    let (app, fake) = setup(Alg::Es256, |c| c.required_acr = Some("eidas2".into())).await;
    let r = round_trip(&app, &fake).await;
    refused(&app, r, StatusCode::FORBIDDEN, "exige un niveau de garantie d’identité « eidas2 »").await;
    fake.set_person(Person { acr: "eidas2".into(), ..Person::default() });
    assert_eq!(round_trip(&app, &fake).await.status(), StatusCode::SEE_OTHER);

    let (app, fake) = setup(Alg::Rs256, |c| c.allowed_organisations = vec!["21310555400017".into()]).await;
    let r = round_trip(&app, &fake).await;
    refused(&app, r, StatusCode::FORBIDDEN, "réservé à certaines organisations").await;
    let (app, fake) = setup(Alg::Rs256, |c| c.allowed_email_domains = vec!["ign.fr".into()]).await;
    let r = round_trip(&app, &fake).await;
    refused(&app, r, StatusCode::FORBIDDEN, "réservé à certaines organisations").await;
}

#[tokio::test]
async fn an_existing_local_account_is_linked_only_with_its_password() {
    let (app, fake) = setup(Alg::Rs256, |_| {}).await;
    let local = app.as_other();
    local.sign_up("Camille D.", "camille.dupont@dinum.example").await;
    local.post("/logout", &[]).await;
    assert_eq!(sessions(&app).await, 0);

    let r = round_trip(&app, &fake).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/auth/proconnect/link");
    assert_eq!(sessions(&app).await, 0, "nothing linked or opened silently");
    assert_eq!(app.count("SELECT COUNT(*) FROM oidc_identities").await, 0);
    let page = text(app.get("/auth/proconnect/link").await).await;
    assert!(page.contains("camille.dupont@dinum.example") && page.contains("Mot de passe du compte local"));

    let r = app.post("/auth/proconnect/link", &[("password", "pas le bon mot de passe")]).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("SELECT COUNT(*) FROM oidc_identities").await, 0);
    assert_eq!(sessions(&app).await, 0);

    let r = app.post("/auth/proconnect/link", &[("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM oidc_identities").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'camille.dupont@dinum.example'").await, 1);
    assert_eq!(viewer_name(&html(app.get("/").await).await).as_deref(), Some("Camille Dupont"), "name refreshed from ProConnect");

    // Next time, the identity signs straight in.
    app.post("/logout", &[]).await;
    let r = round_trip(&app, &fake).await;
    assert_eq!(location(&r), "/map");
}

#[tokio::test]
async fn sign_out_ends_the_local_session_and_goes_through_the_provider() {
    let (app, fake) = setup(Alg::Rs256, |_| {}).await;
    round_trip(&app, &fake).await;
    assert_eq!(sessions(&app).await, 1);
    let r = app.post("/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(sessions(&app).await, 0, "local session ended first");
    let url = url::Url::parse(&location(&r)).unwrap();
    assert_eq!(url.as_str().split('?').next().unwrap(), format!("{}/session/end", fake.issuer));
    let q: HashMap<String, String> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(q["post_logout_redirect_uri"], format!("{}/auth/proconnect/logged-out", app.base));
    assert!(q["state"].len() >= 32);
    assert_eq!(q["id_token_hint"].split('.').count(), 3);

    let r = app.get("/auth/proconnect/logged-out?state=pas-le-bon").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app.get(&format!("/auth/proconnect/logged-out?state={}", q["state"])).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
}

#[tokio::test]
async fn the_fake_provider_refuses_basic_auth_and_the_forum_never_uses_it() {
    let (app, fake) = setup(Alg::Rs256, |_| {}).await;
    let direct = TestApp::browser()
        .post(format!("{}/token", fake.issuer))
        .basic_auth(fake_provider::CLIENT_ID, Some(fake_provider::CLIENT_SECRET))
        .form(&[("grant_type", "authorization_code"), ("code", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(direct.status(), StatusCode::UNAUTHORIZED, "the fake behaves like ProConnect");
    assert_eq!(fake.basic_attempts(), 1);
    assert_eq!(round_trip(&app, &fake).await.status(), StatusCode::SEE_OTHER);
    assert_eq!((fake.token_requests(), fake.basic_attempts()), (2, 1), "the forum's exchange used client_secret_post");
}

#[tokio::test]
async fn signing_in_with_proconnect_ends_the_session_the_browser_had() {
    let (app, fake) = setup(Alg::Rs256, |_| {}).await;
    app.sign_up("Local", "local@ign.example").await;
    assert_eq!(sessions(&app).await, 1);
    assert_eq!(round_trip(&app, &fake).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(sessions(&app).await, 1, "the previous session was replaced, not kept alongside");
    assert_eq!(viewer_name(&html(app.get("/").await).await).as_deref(), Some("Camille Dupont"));
}
