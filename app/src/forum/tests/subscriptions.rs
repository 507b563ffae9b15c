//! Following: what can be followed (a pair is a solution and a standard),
//! at which levels, how many things at most, what the settings page lists,
//! and the unsubscribe links of mails, which act for their member only.

use super::{Forum, invalid_fields, refused};
use crate::domain::limits::SUBSCRIPTIONS_PER_MEMBER_MAX;
use crate::domain::notify_views::UnsubscribeState;
use crate::domain::{Level, SubscriptionChange, TagKind, Target, TargetRef, Viewer};
use crate::forum::subscriptions::{change, resolve, settings_page, unsubscribe, unsubscribe_state};
use crate::mail::MailSettings;
use crate::mail::unsubscribe::{Source, Unsubscribe};
use crate::store::{self, now};
use crate::testing;
use http::StatusCode;

fn pair(solution: &str, standard: &str) -> TargetRef {
    TargetRef::Pair { solution: solution.into(), standard: standard.into() }
}

/// `viewer` follows `target` at `level` (`None`: stops following).
async fn follow(f: &Forum, viewer: &Viewer, target: TargetRef, level: Option<Level>) -> crate::error::AppResult<Target> {
    change(&f.db, viewer, Ok(SubscriptionChange { target, level })).await
}

async fn level_of(f: &Forum, viewer: &Viewer, target: Target) -> Option<Level> {
    store::subscriptions::level(&f.db, viewer.id, target).await.unwrap()
}

#[tokio::test]
async fn a_pair_is_a_solution_and_a_standard_in_that_order() {
    let f = Forum::new().await;
    let geoserver_wfs = Target::Pair { solution: f.geoserver, standard: f.wfs };
    assert_eq!(resolve(&f.db, &pair("geoserver", "wfs")).await.unwrap(), Some(geoserver_wfs));
    for (solution, standard) in [("wfs", "geoserver"), ("geoserver", "qgis"), ("wfs", "csw"), ("geoserver", "inconnu")] {
        assert_eq!(resolve(&f.db, &pair(solution, standard)).await.unwrap(), None, "{solution} × {standard}");
    }
    assert_eq!(resolve(&f.db, &TargetRef::Tag("wfs".into())).await.unwrap(), Some(Target::Tag(f.wfs)));
    assert_eq!(resolve(&f.db, &TargetRef::Thread(f.thread + 100)).await.unwrap(), None);

    refused(follow(&f, &f.author, pair("wfs", "geoserver"), Some(Level::Watching)).await, StatusCode::NOT_FOUND);
    assert_eq!(follow(&f, &f.author, pair("geoserver", "wfs"), Some(Level::Daily)).await.unwrap(), geoserver_wfs);
    assert_eq!(level_of(&f, &f.author, geoserver_wfs).await, Some(Level::Daily));
}

#[tokio::test]
async fn a_thread_is_followed_or_muted_and_nothing_else() {
    let f = Forum::new().await;
    let thread = Target::Thread(f.thread);
    for level in [Level::NewThreads, Level::Daily, Level::Weekly] {
        let refusal = follow(&f, &f.stranger, TargetRef::Thread(f.thread), Some(level)).await;
        assert_eq!(invalid_fields(refusal), ["level"], "{level:?}");
        assert_eq!(level_of(&f, &f.stranger, thread).await, None, "{level:?} left nothing");
    }
    for level in Level::FOR_THREAD {
        follow(&f, &f.stranger, TargetRef::Thread(f.thread), Some(level)).await.unwrap();
        assert_eq!(level_of(&f, &f.stranger, thread).await, Some(level));
    }
    // A tag allows every level, and following can stop.
    follow(&f, &f.stranger, TargetRef::Tag("qgis".into()), Some(Level::NewThreads)).await.unwrap();
    assert_eq!(level_of(&f, &f.stranger, Target::Tag(f.qgis)).await, Some(Level::NewThreads));
    follow(&f, &f.stranger, TargetRef::Tag("qgis".into()), None).await.unwrap();
    assert_eq!(level_of(&f, &f.stranger, Target::Tag(f.qgis)).await, None);
}

#[tokio::test]
async fn a_member_follows_at_most_the_limit_and_may_still_change_what_they_follow() {
    let f = Forum::new().await;
    // 32 solutions × 32 standards: more pairs than the limit.
    let mut solutions = vec![f.geoserver, f.qgis];
    let mut standards = vec![f.wfs, f.csw];
    for i in 0..30 {
        solutions.push(testing::tag(&f.db, &format!("solution-{i}"), TagKind::Solution, &format!("Solution {i}")).await);
        standards.push(testing::tag(&f.db, &format!("norme-{i}"), TagKind::Standard, &format!("Norme {i}")).await);
    }
    let pairs: Vec<Target> = solutions
        .iter()
        .flat_map(|&solution| standards.iter().map(move |&standard| Target::Pair { solution, standard }))
        .collect();
    let full = SUBSCRIPTIONS_PER_MEMBER_MAX as usize;
    for &target in &pairs[..full] {
        store::subscriptions::set(&f.db, f.author.id, target, Level::Weekly).await.unwrap();
    }
    let refusal = follow(&f, &f.author, TargetRef::Tag("wfs".into()), Some(Level::Watching)).await;
    assert_eq!(invalid_fields(refusal), ["level"]);
    assert_eq!(level_of(&f, &f.author, Target::Tag(f.wfs)).await, None);
    // What is followed already changes level; one stopped makes room for another.
    follow(&f, &f.author, pair("geoserver", "wfs"), Some(Level::Muted)).await.unwrap();
    assert_eq!(level_of(&f, &f.author, pairs[0]).await, Some(Level::Muted));
    follow(&f, &f.author, pair("geoserver", "wfs"), None).await.unwrap();
    follow(&f, &f.author, TargetRef::Tag("wfs".into()), Some(Level::Watching)).await.unwrap();
    assert_eq!(level_of(&f, &f.author, Target::Tag(f.wfs)).await, Some(Level::Watching));
    // Another member's count is their own.
    follow(&f, &f.stranger, TargetRef::Tag("wfs".into()), Some(Level::Watching)).await.unwrap();
}

#[tokio::test]
async fn the_settings_page_lists_each_kind_of_target_with_its_link_and_levels() {
    let f = Forum::new().await;
    follow(&f, &f.author, TargetRef::Thread(f.thread), Some(Level::Watching)).await.unwrap();
    follow(&f, &f.author, pair("geoserver", "wfs"), Some(Level::Daily)).await.unwrap();
    follow(&f, &f.author, TargetRef::Tag("qgis".into()), Some(Level::NewThreads)).await.unwrap();
    let page = settings_page(&f.db, &f.author).await.unwrap();
    let listed: Vec<_> = page
        .subscriptions
        .iter()
        .map(|s| (s.what.as_str(), s.href.as_str(), s.level, s.levels.len(), s.fields.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>()))
        .collect();
    let thread_title = format!("Fil n° {} — {}", f.thread, super::THREAD_TITLE);
    let thread_href = crate::domain::views::thread_href(f.thread, super::THREAD_TITLE);
    assert_eq!(
        listed,
        [
            ("Solution QGIS", "/tags/qgis", Level::NewThreads, Level::ALL.len(), vec!["tag"]),
            ("GeoServer × Web Feature Service", "/?solution=geoserver&standard=wfs", Level::Daily, Level::ALL.len(), vec!["solution", "standard"]),
            (thread_title.as_str(), thread_href.as_str(), Level::Watching, Level::FOR_THREAD.len(), vec!["thread"]),
        ]
    );
    assert!(settings_page(&f.db, &f.stranger).await.unwrap().subscriptions.is_empty());
}

/// A link of a mail to `member` for `source`, valid for an hour.
fn link(mail: &MailSettings, member: &Viewer, source: Source) -> String {
    mail.key.sign(&Unsubscribe { user_id: member.id, source, expires_at: now() + 3600 })
}

#[tokio::test]
async fn an_unsubscribe_link_stops_its_own_members_subscription_only() {
    let f = Forum::new().await;
    let mail = MailSettings::load(&f.db, "http://forum.test", None).await.unwrap();
    follow(&f, &f.author, TargetRef::Tag("geoserver".into()), Some(Level::Watching)).await.unwrap();
    let id = settings_page(&f.db, &f.author).await.unwrap().subscriptions[0].id;

    // The same subscription named in a link signed for another member.
    let forged = link(&mail, &f.stranger, Source::Subscription(id));
    assert_eq!(unsubscribe_state(&f.db, &mail, &forged).await.unwrap(), UnsubscribeState::AlreadyGone);
    assert_eq!(unsubscribe(&f.db, &mail, &forged).await.unwrap(), "rien : cet abonnement n’existait plus");
    assert_eq!(level_of(&f, &f.author, Target::Tag(f.geoserver)).await, Some(Level::Watching));

    let own = link(&mail, &f.author, Source::Subscription(id));
    let what = "la solution GeoServer (Chaque message)";
    assert_eq!(unsubscribe_state(&f.db, &mail, &own).await.unwrap(), UnsubscribeState::Valid { what: what.into() });
    assert_eq!(unsubscribe(&f.db, &mail, &own).await.unwrap(), what);
    assert_eq!(level_of(&f, &f.author, Target::Tag(f.geoserver)).await, None);
    assert_eq!(unsubscribe_state(&f.db, &mail, &own).await.unwrap(), UnsubscribeState::AlreadyGone, "used once");

    // A mention's mail mutes its thread.
    let thread = link(&mail, &f.author, Source::Thread(f.thread));
    unsubscribe(&f.db, &mail, &thread).await.unwrap();
    assert_eq!(level_of(&f, &f.author, Target::Thread(f.thread)).await, Some(Level::Muted));
    refused(unsubscribe(&f.db, &mail, "pas-un-jeton").await, StatusCode::NOT_FOUND);
}
