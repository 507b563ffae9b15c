//! Subscriptions, the fan-out of events into mails and in-app notifications,
//! the mails' headers, and the unsubscribe links.

use crate::support::*;
use app::mail::unsubscribe::{Source, Unsubscribe};
use reqwest::StatusCode;

/// Follows `tag` at `level` from its page, as the page's form does.
async fn follow_tag(app: &TestApp, tag: &str, level: &str) {
    let next = format!("/tags/{tag}");
    let r = app.post("/subscriptions", &[("tag", tag), ("level", level), ("next", &next)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), next);
}

async fn member_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_new_thread_in_a_followed_solution_is_mailed_after_the_answer_with_tags_threading_and_list_headers() {
    let app = TestApp::spawn().await;
    let vendor = app.as_other();
    vendor.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    let page = html(vendor.get("/tags/geoserver").await).await;
    assert_eq!(attr_of(&page, "[data-subscribers]", "data-subscribers").as_deref(), Some("0"));
    follow_tag(&vendor, "geoserver", "new_threads").await;
    let page = html(vendor.get("/tags/geoserver").await).await;
    assert_eq!(attr_of(&page, "[data-subscribers]", "data-subscribers").as_deref(), Some("1"), "the tag page counts followers");
    assert_eq!(attr_of(&page, "#subscription-level", "data-level").as_deref(), Some("new_threads"));

    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Le WFS de GeoServer ignore count", "Le paramètre **count** est ignoré.").await;
    // Answered before any mail exists: the event waits in the outbox.
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE done_at IS NULL").await, 1);
    assert!(app.forum_mails_to("vera@geoserver.example").await.is_empty());

    let done = app.fan_out().await;
    assert_eq!(done.mails, 1, "one mail: the follower's; never the author's own");
    let mails = app.forum_mails_to("vera@geoserver.example").await;
    let mail = &mails[0];
    let opening: i64 = app.count(&format!("SELECT MIN(id) FROM posts WHERE thread_id = {thread}")).await;
    assert_eq!(mail.subject, "[Jonction] Le WFS de GeoServer ignore count");
    assert_eq!(mail.message_id, format!("<post-{opening}@127.0.0.1>"));
    assert_eq!(mail.header("List-Id").as_deref(), Some("Jonction <jonction.127.0.0.1>"));
    assert_eq!(mail.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(mail.header("List-Unsubscribe").unwrap().starts_with(&format!("<{}/unsubscribe/", app.base)));
    assert_eq!(mail.header("X-Jonction-Solutions").as_deref(), Some("geoserver"));
    assert_eq!(mail.header("X-Jonction-Standards").as_deref(), Some("wfs"));
    assert_eq!(mail.header("X-Jonction-Reason").as_deref(), Some("tag"));
    assert!(mail.header("From").unwrap().contains("Anne Martin via Jonction"), "{:?}", mail.header("From"));
    assert!(mail.text.contains("Le paramètre **count** est ignoré."), "{}", mail.text);
    assert!(mail.text.contains("CRIGE PACA"), "the author's organisation");
    assert!(mail.text.contains(&format!("{}/t/{thread}-", app.base)), "a link to the thread");
    assert!(mail.html.contains("<strong>count</strong>"), "the sanitised HTML");
    assert!(!mail.html.contains("<img") && !mail.html.contains("<script"), "no remote image, no script");
    assert!(mail.text.contains("la solution GeoServer") && mail.text.contains("Nouveaux fils seulement"), "says why");
    assert!(app.forum_mails_to("anne@ign.example").await.is_empty(), "never about one's own post");

    // A reply: the follower of new threads only hears nothing; the author, who
    // watches the thread they started, gets it threaded under the first mail.
    let third = app.as_other();
    third.sign_up("Bob Durand", "bob@ign.example").await;
    let r = third.post(&format!("/t/{thread}/reply"), &[("body", "Confirmé en 2.25.1.")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.fan_out().await;
    assert_eq!(app.forum_mails_to("vera@geoserver.example").await.len(), 1);
    let reply = app.forum_mails_to("anne@ign.example").await.pop().expect("the thread's author watches it");
    assert_eq!(reply.subject, "Re: [Jonction] Le WFS de GeoServer ignore count");
    assert_eq!(reply.in_reply_to.as_deref(), Some(mail.message_id.as_str()));
    assert_eq!(reply.references, vec![mail.message_id.clone()]);
    assert_eq!(reply.header("X-Jonction-Reason").as_deref(), Some("thread"));
}

#[tokio::test]
async fn mentions_link_to_the_member_and_notify_them_once_unless_they_muted_the_thread() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let bob = app.as_other();
    bob.sign_up("Bob Durand", "bob@ign.example").await;
    follow_tag(&bob, "geoserver", "watching").await;
    let bob_id = member_id(&app, "bob@ign.example").await;
    let thread = app.start_thread("Question pour Bob", "Qu’en penses-tu @Bob_Durand ? Pas `@Bob_Durand` ici.").await;
    let page = html(app.get(&format!("/t/{thread}")).await).await;
    let links = select(&page, &format!(".post-body a[href=\"/u/{bob_id}\"]"));
    assert_eq!(links.len(), 1, "one link: the mention in code stays text");
    app.fan_out().await;
    let mails = bob.forum_mails_to("bob@ign.example").await;
    assert_eq!(mails.len(), 1, "one mail although both the tag and the mention match");
    assert_eq!(mails[0].header("X-Jonction-Reason").as_deref(), Some("mention"));

    let r = bob.post("/subscriptions", &[("thread", &thread.to_string()), ("level", "muted"), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.post(&format!("/t/{thread}/reply"), &[("body", "@Bob_Durand tu es là ?")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.fan_out().await;
    assert_eq!(bob.forum_mails_to("bob@ign.example").await.len(), 1, "a muted thread is silent, mentions included");
}

#[tokio::test]
async fn in_app_notifications_count_in_the_header_and_are_marked_read_one_or_all() {
    let app = TestApp::spawn().await;
    let vera = app.as_other();
    vera.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    follow_tag(&vera, "geoserver", "watching").await;
    // In-app only: mail turned off.
    let r = vera.post("/settings/notifications", &[("auto_watch", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let thread = app.start_thread("Premier fil", "Texte.").await;
    app.post(&format!("/t/{thread}/reply"), &[("body", "Précision.")]).await;
    app.fan_out().await;
    assert!(vera.forum_mails_to("vera@geoserver.example").await.is_empty(), "no mail when mail is off");
    let home = html(vera.get("/").await).await;
    assert_eq!(attr_of(&home, "[data-unread]", "data-unread").as_deref(), Some("2"));
    let list = html(vera.get("/notifications").await).await;
    let unread = select(&list, "[data-notification][data-unread=\"true\"]");
    assert_eq!(unread.len(), 2);
    let id = unread[0].value().attr("data-notification").unwrap().to_string();
    // Nobody else can mark it.
    assert_eq!(app.post(&format!("/notifications/{id}/read"), &[("next", "/notifications")]).await.status(), StatusCode::NOT_FOUND);
    let r = vera.post(&format!("/notifications/{id}/read"), &[("next", "/notifications")]).await;
    assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, "/notifications".to_string()));
    assert_eq!(attr_of(&html(vera.get("/").await).await, "[data-unread]", "data-unread").as_deref(), Some("1"));
    vera.post("/notifications/read-all", &[]).await;
    let list = html(vera.get("/notifications").await).await;
    assert_eq!(count(&list, "[data-notification][data-unread=\"true\"]"), 0);
    assert_eq!(count(&list, "[data-notification]"), 2);
}

/// Vera follows GeoServer and WFS; Anne starts a thread with both: the mail Vera receives.
async fn vera_and_her_mail(app: &TestApp) -> (TestApp, crate::mailbox::Mail, i64) {
    let vera = app.as_other();
    vera.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    follow_tag(&vera, "geoserver", "watching").await;
    follow_tag(&vera, "wfs", "watching").await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    app.start_thread("Un fil", "Texte.").await;
    app.fan_out().await;
    let mail = vera.forum_mails_to("vera@geoserver.example").await.pop().unwrap();
    let vera_id = member_id(app, "vera@geoserver.example").await;
    (vera, mail, vera_id)
}

fn unsubscribe_path(app: &TestApp, mail: &crate::mailbox::Mail) -> String {
    let header = mail.header("List-Unsubscribe").unwrap();
    let url = header.trim_start_matches('<').trim_end_matches('>');
    assert_eq!(mail.link_path(&app.base, "/unsubscribe/").as_deref(), Some(&url[app.base.len()..]), "the footer link is the header's");
    url[app.base.len()..].to_string()
}

#[tokio::test]
async fn the_unsubscribe_link_asks_first_then_removes_only_the_subscription_the_mail_came_from() {
    let app = TestApp::spawn().await;
    let (_, mail, vera) = vera_and_her_mail(&app).await;
    let path = unsubscribe_path(&app, &mail);
    let nobody = app.as_other();
    let page = html(nobody.get(&path).await).await;
    let what = attr_of(&page, "[data-unsubscribe-what]", "data-unsubscribe-what").unwrap();
    assert!(what.contains("la solution GeoServer") || what.contains("la norme Web Feature Service"), "{what}");
    let subs = format!("SELECT COUNT(*) FROM subscriptions WHERE user_id = {vera}");
    assert_eq!(app.count(&subs).await, 2, "a GET (a mail scanner) changes nothing");
    let r = nobody.post(&path, &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let done = html(r).await;
    assert!(text_of(&done, "[data-unsubscribed]").contains(&what[..what.find(" (").unwrap()]), "it says which");
    assert_eq!(app.count(&subs).await, 1, "only that subscription is gone");
}

#[tokio::test]
async fn one_click_unsubscribe_works_without_origin_or_cookie() {
    let app = TestApp::spawn().await;
    let (_, mail, vera) = vera_and_her_mail(&app).await;
    let path = unsubscribe_path(&app, &mail);
    // As a mail client posts it (RFC 8058): no Origin, no cookie.
    let r = TestApp::browser()
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM subscriptions WHERE user_id = {vera}")).await, 1);
}

#[tokio::test]
async fn forged_expired_or_another_members_unsubscribe_tokens_change_nothing() {
    let app = TestApp::spawn().await;
    let (_, mail, vera) = vera_and_her_mail(&app).await;
    let path = unsubscribe_path(&app, &mail);
    let subs = format!("SELECT COUNT(*) FROM subscriptions WHERE user_id = {vera}");
    let vera_sub: i64 = app.count(&format!("SELECT MIN(id) FROM subscriptions WHERE user_id = {vera}")).await;

    // Forged: the payload changed, the signature kept.
    let token = path.trim_start_matches("/unsubscribe/");
    let (_, signature) = token.split_once('.').unwrap();
    use base64::Engine;
    let other_payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("1.{vera}.s{}.9999999999", vera_sub + 1));
    let forged = format!("/unsubscribe/{other_payload}.{signature}");
    let r = app.get(&forged).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(count(&html(r).await, "[data-link-invalid]"), 1);
    assert_eq!(app.post(&forged, &[]).await.status(), StatusCode::NOT_FOUND);

    // Expired: signed by the forum, but past its date.
    let expired = app.mail.key.sign(&Unsubscribe { user_id: vera, source: Source::Subscription(vera_sub), expires_at: 1 });
    let r = app.get(&format!("/unsubscribe/{expired}")).await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(count(&html(r).await, "[data-link-expired]"), 1);
    assert_eq!(app.post(&format!("/unsubscribe/{expired}"), &[]).await.status(), StatusCode::FORBIDDEN);

    // Another member's: a genuine token of Bob's naming Vera's subscription.
    app.sign_up("Bob Durand", "bob@ign.example").await;
    let bob = member_id(&app, "bob@ign.example").await;
    let foreign = app.mail.key.sign(&Unsubscribe { user_id: bob, source: Source::Subscription(vera_sub), expires_at: i64::MAX / 2 });
    let page = html(app.get(&format!("/unsubscribe/{foreign}")).await).await;
    assert_eq!(count(&page, "[data-unsubscribe-what]"), 0, "no form");
    app.post(&format!("/unsubscribe/{foreign}"), &[]).await;
    assert_eq!(app.count(&subs).await, 2, "nothing was removed");
}

#[tokio::test]
async fn a_mailed_unsubscribe_link_works_for_180_days_and_not_after() {
    let app = TestApp::spawn().await;
    let (_, mail, vera) = vera_and_her_mail(&app).await;
    let token = unsubscribe_path(&app, &mail).trim_start_matches("/unsubscribe/").to_string();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let day = 86_400;
    let link = app.mail.key.verify(&token, now + 179 * day).expect("still valid after 179 days");
    assert_eq!(link.user_id, vera);
    assert!(app.mail.key.verify(&token, now + 181 * day).is_err(), "expired after 180 days");
}

#[tokio::test]
async fn a_pair_is_followed_from_the_map_cells_list_and_subscriptions_are_managed_in_settings() {
    let app = TestApp::spawn().await;
    app.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    let list = html(app.get("/?solution=geoserver&standard=wfs").await).await;
    assert_eq!(count(&list, "form[action=\"/subscriptions\"] input[name=\"standard\"][value=\"wfs\"]"), 1);
    let next = "/?solution=geoserver&standard=wfs";
    let r = app.post("/subscriptions", &[("solution", "geoserver"), ("standard", "wfs"), ("level", "daily"), ("next", next)]).await;
    assert_eq!(location(&r), next);
    follow_tag(&app, "qgis", "weekly").await;
    let thread: i64 = app.count("SELECT MIN(id) FROM threads").await;
    let r = app.post("/subscriptions", &[("thread", &thread.to_string()), ("level", "daily"), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a thread is watched or muted, not digested");
    let r = app.post("/subscriptions", &[("tag", "no-such-tag"), ("level", "watching"), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let settings = html(app.get("/settings/notifications").await).await;
    let levels: Vec<String> = select(&settings, "[data-subscription]").iter().map(|e| e.value().attr("data-level").unwrap().to_string()).collect();
    assert_eq!(levels.len(), 2);
    assert!(levels.contains(&"daily".to_string()) && levels.contains(&"weekly".to_string()), "{levels:?}");
    let r = app.post("/subscriptions", &[("tag", "qgis"), ("level", "none"), ("next", "/settings/notifications")]).await;
    assert_eq!(location(&r), "/settings/notifications");
    assert_eq!(count(&html(app.get("/settings/notifications").await).await, "[data-subscription]"), 1);
}

#[tokio::test]
async fn starting_or_replying_watches_the_thread_unless_the_member_turned_it_off() {
    let app = TestApp::spawn().await;
    app.sign_up("Anne Martin", "anne@ign.example").await;
    let anne = member_id(&app, "anne@ign.example").await;
    let watched = format!("SELECT COUNT(*) FROM subscriptions WHERE user_id = {anne} AND thread_id IS NOT NULL AND level = 'watching'");
    app.start_thread("Un fil", "Texte.").await;
    assert_eq!(app.count(&watched).await, 1);
    let r = app.post("/settings/notifications", &[("email_notifications", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let other: i64 = app.count("SELECT MIN(id) FROM threads").await;
    app.post(&format!("/t/{other}/reply"), &[("body", "Réponse.")]).await;
    assert_eq!(app.count(&watched).await, 1, "auto-watch is off");
    let page = html(app.get("/settings/notifications").await).await;
    assert_eq!(select(&page, "#auto_watch")[0].value().attr("checked"), None);
    assert!(select(&page, "#email_notifications")[0].value().attr("checked").is_some());
}

#[tokio::test]
async fn control_characters_typed_in_a_title_or_a_name_never_reach_a_header_line() {
    let app = TestApp::spawn().await;
    let vera = app.as_other();
    vera.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    follow_tag(&vera, "geoserver", "watching").await;
    app.sign_up("Anne\u{7}\u{1b}[31m Martin\u{85}Bcc: a@b.fr", "anne@ign.example").await;
    app.start_thread("Alerte\u{7}\u{1b}[2J\u{85}Bcc: victime@exemple.fr\u{2028}X-Injected: oui", "Texte.").await;
    app.fan_out().await;
    let mail = vera.forum_mails_to("vera@geoserver.example").await.pop().unwrap();
    let head = &mail.raw[..mail.raw.find("\r\n\r\n").unwrap()];
    for line in head.split("\r\n") {
        assert!(line.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\t'), "a control character in {line:?}");
        let name = line.split(':').next().unwrap();
        assert!(!name.eq_ignore_ascii_case("Bcc") && !name.eq_ignore_ascii_case("X-Injected"), "{line:?}");
    }
    assert!(mail.subject.starts_with("[Jonction] Alerte"), "{:?}", mail.subject);
    assert!(!mail.subject.chars().any(char::is_control));
}
