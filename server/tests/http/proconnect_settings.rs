//! What the forum offers depending on its ProConnect settings: the button
//! only when configured, local sign-up that can be closed, a clear page when
//! the provider does not answer.

use crate::fake_provider::Alg;
use crate::proconnect::{refused, setup};
use crate::support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_button_shows_only_when_proconnect_is_configured_and_local_signup_can_be_disabled() {
    let (app, fake) = setup(Alg::Rs256, |_| {}).await;
    let r = app.get("/login").await;
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
    let provider_origin = fake.issuer.trim_end_matches("/api/v2");
    assert!(csp.contains(&format!("form-action 'self' {provider_origin}")), "the button's redirect is allowed: {csp}");
    let login = html(r).await;
    assert_eq!(count(&login, ".proconnect form[action=\"/auth/proconnect/login\"] button.proconnect-button"), 1, "the button");
    assert_eq!(count(&login, ".proconnect-help a[href=\"https://www.proconnect.gouv.fr/\"][target=\"_blank\"]"), 1, "what it is");
    let plain = TestApp::spawn().await;
    let login = html(plain.get("/login").await).await;
    assert_eq!(count(&login, ".proconnect"), 0, "no button without ProConnect's settings");
    assert_eq!(plain.post("/auth/proconnect/login", &[]).await.status(), StatusCode::NOT_FOUND);

    let closed = TestApp::spawn_with(|_| None, false).await;
    let r = closed
        .post("/signup", &[("display_name", "X"), ("email", "x@ign.example"), ("organisation", ""), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(text(r).await.contains("création de compte local est désactivée"));
    assert_eq!(closed.count("SELECT COUNT(*) FROM users WHERE email = 'x@ign.example'").await, 0);
}

#[tokio::test]
async fn an_unreachable_provider_gives_a_clear_page_not_a_500() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app = TestApp::spawn_with(
        move |url| {
            server::proconnect::config::from_settings(
                Some(format!("http://{closed}/api/v2")), Some("c".into()), Some("s".into()), None, Some(url.into()),
                server::proconnect::config::DEFAULT_SCOPES, None, "RS256", "RS256", "", "",
            )
            .unwrap()
        },
        true,
    )
    .await;
    let r = app.post("/auth/proconnect/login", &[]).await;
    refused(&app, r, StatusCode::BAD_GATEWAY, "ProConnect ne répond pas pour le moment").await;
}
