//! A signed-in member's list pages (home, map, tag pages, search, members)
//! are the page cached for anonymous visitors with the parts that depend on
//! the reader (the header's account links, the « Suivre » form) rendered for
//! them: each member sees their own, at once after a change, and nothing of
//! theirs is ever served to anyone else.

use crate::page_cache::policy_and_page_agree;
use crate::support::*;
use reqwest::StatusCode;

const LIST_PAGES: [&str; 5] = [
    "/",
    "/map",
    "/tags/geoserver",
    "/search?q=geoserver",
    "/u/1",
];

fn unread(doc: &scraper::Html) -> Option<String> {
    select(doc, ".site-header .unread-link[data-unread]")
        .first()
        .and_then(|e| e.value().attr("data-unread").map(str::to_string))
}

#[tokio::test]
async fn two_members_reading_the_same_cached_page_each_see_their_own_header() {
    let app = TestApp::spawn().await;
    let anonymous = app.as_other();
    let bob = app.as_other();
    app.sign_up("Anne Martin", "anne@ign.example").await;
    bob.sign_up("Bob Durand", "bob@ign.example").await;
    // Bob has an unread notification (Anne answers his thread), Anne none once she read hers.
    let thread = bob.start_thread("Le fil de Bob", "Premier message").await;
    let r = app
        .post(
            &format!("/t/{thread}/reply"),
            &[("body", "Une réponse d’Anne"), ("parent_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.fan_out().await;
    let r = app.post("/notifications/read-all", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "Anne reads hers");
    // Their counts as a page never cached shows them (rendered for each).
    let anne_unread = unread(&html(app.get("/settings/account").await).await).unwrap();
    let bob_unread = unread(&html(bob.get("/settings/account").await).await).unwrap();
    assert_ne!(
        anne_unread, bob_unread,
        "Bob has a notification more than Anne"
    );
    for path in LIST_PAGES {
        for round in 0..2 {
            for (reader, name, count) in [(&app, "Anne Martin", &anne_unread), (&bob, "Bob Durand", &bob_unread)] {
                let doc = html(reader.get(path).await).await;
                assert_eq!(viewer_name(&doc).as_deref(), Some(name), "{path} ({round})");
                assert_eq!(unread(&doc).as_ref(), Some(count), "{path}: {name}'s own count");
            }
            let n = html(anonymous.get(path).await).await;
            assert_eq!(viewer_name(&n), None, "{path}: the anonymous page names nobody");
            assert_eq!(unread(&n), None, "{path}");
            assert_eq!(
                count(&n, ".site-header a[href=\"/login\"]"),
                1,
                "{path}: it invites to sign in"
            );
        }
    }
}

#[tokio::test]
async fn a_members_page_is_private_and_carries_the_cached_pages_script_policy() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    for path in LIST_PAGES {
        for _ in 0..2 {
            let r = app.get(path).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert_eq!(
                r.headers().get("etag"),
                None,
                "{path}: no validator on a member's page"
            );
            assert_eq!(
                r.headers().get("cache-control").unwrap(),
                "private, no-store",
                "{path}"
            );
            let policy = r
                .headers()
                .get("content-security-policy")
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            let page = text(r).await;
            assert!(
                !page.contains("<jonction-v"),
                "{path}: no region marker is sent"
            );
            policy_and_page_agree(&policy, &page);
        }
    }
}

#[tokio::test]
async fn the_follow_form_shows_each_members_own_level_at_once() {
    let app = TestApp::spawn().await;
    let bob = app.as_other();
    let anonymous = app.as_other();
    app.sign_up("Anne Martin", "anne@ign.example").await;
    bob.sign_up("Bob Durand", "bob@ign.example").await;
    let level = |doc: &scraper::Html| attr_of(doc, ".subscribe select[data-level]", "data-level");
    let path = "/tags/geoserver";
    assert_eq!(
        level(&html(app.get(path).await).await).as_deref(),
        Some("none")
    );
    let r = app
        .post(
            "/subscriptions",
            &[("tag", "geoserver"), ("level", "daily"), ("next", path)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        level(&html(app.get(path).await).await).as_deref(),
        Some("daily"),
        "Anne's new level, at once"
    );
    assert_eq!(
        level(&html(bob.get(path).await).await).as_deref(),
        Some("none"),
        "Bob's own, not Anne's"
    );
    let n = html(anonymous.get(path).await).await;
    assert_eq!(
        count(&n, ".subscribe form"),
        0,
        "no form for anyone not signed in"
    );
    assert_eq!(count(&n, ".subscribe a[href^=\"/login\"]"), 1);
    let r = app
        .post(
            "/subscriptions",
            &[("tag", "geoserver"), ("level", "none"), ("next", path)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        level(&html(app.get(path).await).await).as_deref(),
        Some("none"),
        "and back, at once"
    );
}

#[tokio::test]
async fn a_moderators_tools_show_in_their_header_only() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let admin = app.admin().await;
    for path in LIST_PAGES {
        let a = html(admin.get(path).await).await;
        assert_eq!(
            count(&a, ".site-header a[href=\"/admin/tags\"]"),
            1,
            "{path}: the administrator's tools"
        );
        assert_eq!(
            count(&a, ".site-header a[href=\"/admin/members\"]"),
            1,
            "{path}"
        );
        let m = html(app.get(path).await).await;
        assert_eq!(
            count(&m, ".site-header a[href^=\"/admin/\"]"),
            0,
            "{path}: none for a member"
        );
    }
}

#[tokio::test]
async fn a_change_is_shown_at_once_on_a_members_list_pages() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app
        .start_thread("Fil compté par la liste", "Premier message")
        .await;
    let row = format!(".thread-row[data-thread=\"{thread}\"] [data-replies]");
    assert_eq!(
        attr_of(&html(app.get("/").await).await, &row, "data-replies").as_deref(),
        Some("0")
    );
    let r = app
        .post(
            &format!("/t/{thread}/reply"),
            &[("body", "Une réponse"), ("parent_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        attr_of(&html(app.get("/").await).await, &row, "data-replies").as_deref(),
        Some("1"),
        "the reply, counted at once"
    );
}

#[tokio::test]
async fn a_members_error_page_names_them_too() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let r = app.get("/u/987654").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(viewer_name(&html(r).await).as_deref(), Some("Anne Martin"), "not the anonymous header");
}
