//! Every redirect of the forum lands on one of its own paths, whatever
//! `next` a link or a form carries.

use crate::support::*;
use reqwest::StatusCode;

/// Known open-redirect payloads, as a form field or query value (encoded,
/// doubled, backslashes, control characters, schemes).
const PAYLOADS: [&str; 16] = [
    "//evil.example/",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\\evil.example/",
    "/%5Cevil.example/",
    "\\\\evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "/\r\nLocation: https://evil.example/",
    "/\n/evil.example",
    "//%2Fevil.example",
    "/%2F%2Fevil.example",
    "///evil.example",
    " //evil.example",
    "/\u{0}/evil.example",
];

/// How a browser would read the Location: it strips tabs and newlines, and
/// treats a backslash as a slash. The result must be a path on this host.
fn assert_local(location: &str, payload: &str) {
    let as_browser: String = location.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect::<String>().replace('\\', "/");
    let base = url::Url::parse("http://jonction.test/t/1").unwrap();
    let target = base.join(&as_browser).unwrap_or_else(|e| panic!("{payload:?} → {location:?}: {e}"));
    assert_eq!(target.host_str(), Some("jonction.test"), "{payload:?} → {location:?} leaves the forum");
    assert_eq!(target.scheme(), "http", "{payload:?} → {location:?}");
}

#[tokio::test]
async fn after_a_password_sign_in_every_next_payload_stays_on_the_forum() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    for payload in PAYLOADS {
        let r = app.post("/login", &[("email", "anne@ign.example"), ("password", PASSWORD), ("next", payload)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{payload:?}");
        assert_local(&location(&r), payload);
    }
    let r = app.post("/login", &[("email", "anne@ign.example"), ("password", PASSWORD), ("next", "/t/1?quote=2")]).await;
    assert_eq!(location(&r), "/t/1?quote=2", "a local path is kept");
}

#[tokio::test]
async fn the_login_page_hands_on_only_a_local_next() {
    let app = TestApp::spawn().await;
    for payload in PAYLOADS {
        let query = url::form_urlencoded::byte_serialize(payload.as_bytes()).collect::<String>();
        let r = app.get(&format!("/login?next={query}")).await;
        assert_eq!(r.status(), StatusCode::OK, "{payload:?}");
        let doc = scraper::Html::parse_document(&text(r).await);
        let next = scraper::Selector::parse("input[name=next]").unwrap();
        for input in doc.select(&next) {
            let value = input.value().attr("value").unwrap_or_default();
            assert_local(value, payload);
        }
    }
}

#[tokio::test]
async fn a_form_posted_without_a_session_asks_to_sign_in_and_comes_back() {
    let app = TestApp::spawn().await;
    for (referer, expected) in [
        (format!("{}/t/1?quote=2", app.base), "/login?next=/t/1"),
        ("https://evil.example//evil.example".to_string(), "/login"),
    ] {
        let r = app
            .client
            .post(format!("{}/t/1/reply", app.base))
            .header("Origin", &app.base)
            .header("Referer", &referer)
            .form(&[("body", "texte")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), expected, "from {referer}");
    }
}

#[tokio::test]
async fn a_next_that_leaves_the_forum_is_dropped_before_the_round_trip() {
    // `/login?next=/%5Cevil.example/` hands `next` to the ProConnect button;
    // after signing in the member must land on the forum, not on evil.example.
    let (app, fake) = crate::proconnect::setup(crate::fake_provider::Alg::Rs256, |_| {}).await;
    for payload in ["/\\evil.example/", "//evil.example", "/\t/evil.example", "/\r\n/evil.example"] {
        let r = app.as_other();
        let start = r.post("/auth/proconnect/login", &[("next", payload)]).await;
        assert_eq!(start.status(), StatusCode::SEE_OTHER, "{payload:?}");
        let url = url::Url::parse(&location(&start)).unwrap();
        let params: std::collections::HashMap<String, String> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let code = fake.issue_code(&params["nonce"]);
        let back = r
            .get(&format!("/auth/proconnect/callback?code={code}&state={}&iss={}", params["state"], crate::proconnect::urlencode(&fake.issuer)))
            .await;
        assert_eq!(back.status(), StatusCode::SEE_OTHER, "{payload:?}");
        assert_eq!(location(&back), "/", "{payload:?}");
    }
}
