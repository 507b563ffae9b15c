//! A signed-in member's list pages (home, map, tag pages, search, members)
//! and thread pages are the page cached for anonymous visitors with the parts
//! that depend on the reader (the header's account links, the « Suivre »
//! form, a thread's controls) rendered for them: each member sees their own,
//! at once after a change, and nothing of theirs is ever served to anyone else.

use crate::page_cache::policy_and_page_agree;
use crate::support::*;
use reqwest::StatusCode;

const SPLICED_PAGES: [&str; 6] = [
    "/",
    "/map",
    "/tags/geoserver",
    "/search?q=geoserver",
    "/u/1",
    "/t/1",
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
    for path in SPLICED_PAGES {
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
    for path in SPLICED_PAGES {
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
            assert!(
                !policy.contains("'nonce-"),
                "{path}: the cached page's policy (its scripts' hashes), so the cached page"
            );
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
    for path in SPLICED_PAGES {
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

/// What a reader of a thread page is offered: (edit links, « Marquer comme
/// résolution » forms, « Répondre » links) on the post `post`, then the
/// status form, the lock form and the reply form of the thread.
async fn controls(reader: &TestApp, thread: i64, post: i64) -> [usize; 6] {
    let r = reader.get(&format!("/t/{thread}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = html(r).await;
    let on_post = |css: &str| count(&doc, &format!(".post[data-post=\"{post}\"] .post__actions {css}"));
    [
        on_post(&format!("a[href=\"/p/{post}/edit\"]")),
        on_post(&format!("form[action=\"/t/{thread}/resolution\"] input[name=\"post_id\"][value=\"{post}\"]")),
        on_post(&format!("a[href*=\"reply_to={post}\"]")),
        count(&doc, &format!("#workflow form[action=\"/t/{thread}/status\"]")),
        count(&doc, &format!("form[action=\"/t/{thread}/lock\"]")),
        count(&doc, &format!("section#reply form[action=\"/t/{thread}/reply\"]")),
    ]
}

#[tokio::test]
async fn each_reader_of_a_cached_thread_page_gets_the_controls_the_rules_give_them() {
    let app = TestApp::spawn().await;
    let (thread, bruno, reply) = app.answered_thread("Les contrôles de chacun", "Le message d’Anne", "La réponse de Bruno").await;
    let anonymous = app.as_other();
    let admin = app.admin().await;
    let doc = html(anonymous.get(&format!("/t/{thread}")).await).await;
    let opening: i64 = select(&doc, ".post[data-post]")[0].value().attr("data-post").unwrap().parse().unwrap();
    // [edit, mark as resolution, reply link] on the post, then status, lock, reply forms.
    let expected: [(&TestApp, &str, i64, [usize; 6]); 7] = [
        (&app, "Anne on her opening post", opening, [1, 0, 1, 1, 0, 1]),
        (&app, "Anne on Bruno's answer to her thread", reply, [0, 1, 1, 1, 0, 1]),
        (&bruno, "Bruno on Anne's post", opening, [0, 0, 1, 0, 0, 1]),
        (&bruno, "Bruno on his answer", reply, [1, 0, 1, 0, 0, 1]),
        (&admin, "the administrator on Bruno's answer", reply, [1, 1, 1, 1, 1, 1]),
        (&anonymous, "a visitor on Anne's post", opening, [0, 0, 0, 0, 0, 0]),
        (&anonymous, "a visitor on Bruno's answer", reply, [0, 0, 0, 0, 0, 0]),
    ];
    for round in 0..2 {
        for (reader, who, post, want) in &expected {
            assert_eq!(controls(reader, thread, *post).await, *want, "{who} ({round})");
        }
    }
    // Locked: only moderators still write in it, at once.
    let r = admin.post(&format!("/t/{thread}/lock"), &[("locked", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(controls(&bruno, thread, reply).await, [0, 0, 0, 0, 0, 0], "Bruno, the thread locked");
    assert_eq!(controls(&app, thread, reply).await, [0, 1, 0, 1, 0, 0], "Anne still moves her thread on");
    assert_eq!(controls(&admin, thread, reply).await, [1, 1, 1, 1, 1, 1], "the administrator");
    let doc = html(bruno.get(&format!("/t/{thread}")).await).await;
    assert_eq!(count(&doc, "section#reply .notice a[href^=\"/login\"]"), 0, "Bruno is told why, not asked to sign in");
    assert_eq!(count(&doc, "section#reply .notice"), 1);
}

#[tokio::test]
async fn a_reply_started_from_the_address_is_rendered_for_the_member_with_its_quote() {
    let app = TestApp::spawn().await;
    let (thread, bruno, reply) = app.answered_thread("Citer une réponse", "Le message d’Anne", "La réponse de Bruno").await;
    let path = format!("/t/{thread}");
    html(bruno.get(&path).await).await;
    let doc = html(app.get(&format!("{path}?quote={reply}")).await).await;
    assert!(text_of(&doc, "textarea#reply-body").contains("> La réponse de Bruno"), "the quote is in the box");
    assert_eq!(attr_of(&doc, "section#reply input[name=\"parent_id\"]", "value"), Some(reply.to_string()));
    let doc = html(app.get(&path).await).await;
    assert_eq!(text_of(&doc, "textarea#reply-body"), "", "and not on the page without it");
    assert_eq!(attr_of(&doc, "section#reply input[name=\"parent_id\"]", "value").as_deref(), Some(""));
}
