//! Digests: one mail per period per member, listing the threads started and
//! resolved in their subscribed tags during the period; scheduled once
//! however often asked; nothing sent when nothing is new.

use crate::support::*;
use app::domain::Level;
use app::domain::digest_period::DigestPeriod;
use reqwest::StatusCode;

#[tokio::test]
async fn a_daily_digest_lists_yesterdays_new_and_resolved_threads_once_and_nothing_for_others() {
    let app = TestApp::spawn().await;
    // The demo's threads and events are old: only this test's count.
    sqlx::query("UPDATE threads SET created_at = 0").execute(&app.db).await.unwrap();
    sqlx::query("UPDATE thread_events SET created_at = 0").execute(&app.db).await.unwrap();
    let vera = app.as_other();
    vera.sign_up("Vera Vendeuse", "vera@geoserver.example").await;
    vera.post("/subscriptions", &[("tag", "geoserver"), ("level", "daily"), ("next", "/")]).await;
    let bob = app.as_other();
    bob.sign_up("Bob Durand", "bob@ign.example").await;
    bob.post("/subscriptions", &[("tag", "csw"), ("level", "daily"), ("next", "/")]).await;

    app.sign_up("Anne Martin", "anne@ign.example").await;
    let new = app.start_thread("Nouveau hier", "Texte.").await;
    let resolved = app.start_thread("Résolu hier", "Texte.").await;
    let r = bob.post(&format!("/t/{resolved}/reply"), &[("body", "La solution.")]).await;
    let answer = post_location(&r, resolved);
    let r = app.post(&format!("/t/{resolved}/resolution"), &[("post_id", &answer.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.fan_out().await;

    let day = DigestPeriod::last_ended(Level::Daily, app::store::now()).unwrap();
    sqlx::query("UPDATE threads SET created_at = $1 WHERE id = $2").bind(day.start + 3_600).bind(new).execute(&app.db).await.unwrap();
    sqlx::query("UPDATE thread_events SET created_at = $1 WHERE thread_id = $2").bind(day.start + 7_200).bind(resolved).execute(&app.db).await.unwrap();

    server::workers::mail::schedule_digests(&app.db).await.unwrap();
    server::workers::mail::schedule_digests(&app.db).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'digest'").await, 2, "one daily and one weekly, once each");
    app.fan_out().await;
    app.fan_out().await;

    let digests: Vec<_> =
        app.forum_mails_to("vera@geoserver.example").await.into_iter().filter(|m| m.header("X-Jonction-Event").as_deref() == Some("digest")).collect();
    assert_eq!(digests.len(), 1, "one mail for the day");
    let d = &digests[0];
    assert_eq!(d.header("X-Jonction-Digest"), Some(day.key()));
    assert!(d.subject.starts_with(&format!("[Jonction] Résumé {}", day.text())), "{}", d.subject);
    let new_at = d.text.find("Nouveaux fils").expect("a section of new threads");
    let resolved_at = d.text.find("Fils résolus").expect("a section of resolved threads");
    let at = |title: &str| d.text.find(title).unwrap_or_else(|| panic!("{title} missing: {}", d.text));
    assert!(new_at < at("Nouveau hier") && at("Nouveau hier") < resolved_at && resolved_at < at("Résolu hier"));
    assert!(d.header("List-Unsubscribe").is_some());
    assert!(
        app.forum_mails_to("bob@ign.example").await.iter().all(|m| m.header("X-Jonction-Event").as_deref() != Some("digest")),
        "nothing new in his tags: no digest"
    );

    // Its link stops the daily digest, and says so.
    let path = d.link_path(&app.base, "/unsubscribe/").unwrap();
    let page = html(app.as_other().get(&path).await).await;
    assert!(attr_of(&page, "[data-unsubscribe-what]", "data-unsubscribe-what").unwrap().contains("Résumé quotidien"));
    app.as_other().post(&path, &[]).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM subscriptions WHERE level = 'daily' AND target = (SELECT 'tag:' || id FROM tags WHERE slug = 'geoserver')").await, 0);
}
