//! Who receives what: levels, pairs, muted, own posts, mentions, digests.

use super::*;

const ACTOR: i64 = 1;
const THREAD: i64 = 100;
/// The thread is tagged GeoServer (10) and QGIS (11) × WFS (20).
const TAGS: [i64; 3] = [10, 11, 20];
const PAIRS: [(i64, i64); 2] = [(10, 20), (11, 20)];

fn event(kind: EventKind, mentioned: &[i64]) -> Event<'_> {
    Event { kind, actor_id: ACTOR, thread_id: THREAD, tags: &TAGS, pairs: &PAIRS, mentioned }
}

fn sub(id: i64, user_id: i64, target: Target, level: Level) -> Candidate {
    Candidate { user_id, subscription_id: id, target, level }
}

fn who(event: &Event<'_>, candidates: &[Candidate]) -> Vec<(i64, Reason, Option<i64>)> {
    recipients(event, candidates).into_iter().map(|r| (r.user_id, r.reason, r.subscription_id)).collect()
}

#[test]
fn a_new_thread_reaches_watchers_and_new_thread_followers_of_its_tags_not_digests_or_muted() {
    let subs = [
        sub(1, 2, Target::Tag(10), Level::Watching),
        sub(2, 3, Target::Tag(20), Level::NewThreads),
        sub(3, 4, Target::Tag(10), Level::Daily),
        sub(4, 5, Target::Tag(11), Level::Weekly),
        sub(5, 6, Target::Tag(10), Level::Muted),
        sub(6, 7, Target::Tag(99), Level::Watching),
    ];
    assert_eq!(
        who(&event(EventKind::NewThread, &[]), &subs),
        vec![(2, Reason::Tag, Some(1)), (3, Reason::Tag, Some(2))]
    );
}

#[test]
fn a_reply_reaches_watchers_only() {
    let subs = [
        sub(1, 2, Target::Tag(10), Level::Watching),
        sub(2, 3, Target::Tag(20), Level::NewThreads),
        sub(3, 4, Target::Thread(THREAD), Level::Watching),
        sub(4, 5, Target::Thread(101), Level::Watching),
    ];
    assert_eq!(who(&event(EventKind::Reply, &[]), &subs), vec![(2, Reason::Tag, Some(1)), (4, Reason::Thread, Some(3))]);
    assert_eq!(
        who(&event(EventKind::StatusChange, &[]), &subs),
        vec![(2, Reason::Tag, Some(1)), (4, Reason::Thread, Some(3))],
        "a status change is told like a reply"
    );
}

#[test]
fn a_pair_matches_only_its_own_solution_and_standard_together() {
    let subs = [
        sub(1, 2, Target::Pair { solution: 10, standard: 20 }, Level::NewThreads),
        // QGIS × CSW: the thread has QGIS and it has no CSW.
        sub(2, 3, Target::Pair { solution: 11, standard: 21 }, Level::Watching),
        // Tags of the thread, but not paired in this order.
        sub(3, 4, Target::Pair { solution: 20, standard: 10 }, Level::Watching),
    ];
    assert_eq!(who(&event(EventKind::NewThread, &[]), &subs), vec![(2, Reason::Pair, Some(1))]);
}

#[test]
fn one_notification_per_person_when_several_subscriptions_match() {
    let subs = [
        sub(1, 2, Target::Tag(10), Level::Watching),
        sub(2, 2, Target::Tag(11), Level::Watching),
        sub(3, 2, Target::Pair { solution: 10, standard: 20 }, Level::Watching),
        sub(4, 2, Target::Thread(THREAD), Level::Watching),
    ];
    let told = who(&event(EventKind::Reply, &[2]), &subs);
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0], (2, Reason::Mention, Some(4)), "a mention is the reason; the thread's subscription is the one to leave");
    let told = who(&event(EventKind::Reply, &[]), &subs);
    assert_eq!(told, vec![(2, Reason::Thread, Some(4))], "the most precise subscription decides");
}

#[test]
fn never_about_ones_own_post_even_when_mentioning_oneself() {
    let subs = [sub(1, ACTOR, Target::Tag(10), Level::Watching), sub(2, ACTOR, Target::Thread(THREAD), Level::Watching)];
    assert!(who(&event(EventKind::NewThread, &[ACTOR]), &subs).is_empty());
    assert!(who(&event(EventKind::Reply, &[ACTOR]), &subs).is_empty());
}

#[test]
fn muted_wins_among_subscriptions_of_equal_precision() {
    let subs = [sub(1, 2, Target::Tag(10), Level::Watching), sub(2, 2, Target::Tag(20), Level::Muted)];
    assert!(who(&event(EventKind::NewThread, &[]), &subs).is_empty());
    let subs = [
        sub(1, 2, Target::Pair { solution: 10, standard: 20 }, Level::Muted),
        sub(2, 2, Target::Pair { solution: 11, standard: 20 }, Level::Watching),
    ];
    assert!(who(&event(EventKind::Reply, &[]), &subs).is_empty());
}

#[test]
fn a_more_precise_subscription_overrides_a_muted_tag_and_a_muted_thread_silences_everything() {
    // Watching one's own thread in a muted tag: the thread decides.
    let subs = [sub(1, 2, Target::Tag(10), Level::Muted), sub(2, 2, Target::Thread(THREAD), Level::Watching)];
    assert_eq!(who(&event(EventKind::Reply, &[]), &subs), vec![(2, Reason::Thread, Some(2))]);
    // A muted pair silences a watched tag.
    let subs = [sub(1, 2, Target::Tag(10), Level::Watching), sub(2, 2, Target::Pair { solution: 10, standard: 20 }, Level::Muted)];
    assert!(who(&event(EventKind::NewThread, &[]), &subs).is_empty());
    // A muted thread silences watched tags and even mentions.
    let subs = [sub(1, 2, Target::Tag(10), Level::Watching), sub(2, 2, Target::Thread(THREAD), Level::Muted)];
    assert!(who(&event(EventKind::Reply, &[2]), &subs).is_empty());
}

#[test]
fn a_mention_notifies_without_any_subscription_and_through_a_muted_tag() {
    assert_eq!(who(&event(EventKind::Reply, &[5]), &[]), vec![(5, Reason::Mention, None)]);
    let subs = [sub(1, 5, Target::Tag(10), Level::Muted), sub(2, 6, Target::Tag(10), Level::Daily)];
    assert_eq!(
        who(&event(EventKind::NewThread, &[5, 6]), &subs),
        vec![(5, Reason::Mention, None), (6, Reason::Mention, None)]
    );
}

#[test]
fn recipients_come_sorted_by_member_for_resumable_batches() {
    let subs = [sub(1, 9, Target::Tag(10), Level::Watching), sub(2, 3, Target::Tag(10), Level::Watching)];
    let ids: Vec<i64> = recipients(&event(EventKind::NewThread, &[7]), &subs).iter().map(|r| r.user_id).collect();
    assert_eq!(ids, vec![3, 7, 9]);
}

#[test]
fn a_digest_lists_a_thread_only_for_its_own_period_and_not_when_a_precise_subscription_decides_otherwise() {
    let daily = [sub(1, 2, Target::Tag(10), Level::Daily)];
    assert_eq!(digest_subscription(Level::Daily, THREAD, &TAGS, &PAIRS, &daily), Some(1));
    assert_eq!(digest_subscription(Level::Weekly, THREAD, &TAGS, &PAIRS, &daily), None);
    let weekly_pair = [sub(3, 2, Target::Pair { solution: 11, standard: 20 }, Level::Weekly)];
    assert_eq!(digest_subscription(Level::Weekly, THREAD, &TAGS, &PAIRS, &weekly_pair), Some(3));
    // Someone who watches the tag reads every post already: no digest line.
    let both = [sub(1, 2, Target::Tag(10), Level::Daily), sub(2, 2, Target::Tag(11), Level::Watching)];
    assert_eq!(digest_subscription(Level::Daily, THREAD, &TAGS, &PAIRS, &both), None);
    // A muted thread is left out of the digest.
    let muted = [sub(1, 2, Target::Tag(10), Level::Daily), sub(2, 2, Target::Thread(THREAD), Level::Muted)];
    assert_eq!(digest_subscription(Level::Daily, THREAD, &TAGS, &PAIRS, &muted), None);
    // Another tag's digest does not list this thread.
    assert_eq!(digest_subscription(Level::Daily, THREAD, &TAGS, &PAIRS, &[sub(1, 2, Target::Tag(99), Level::Daily)]), None);
}

#[test]
fn each_reason_is_named_by_its_own_word_in_the_reason_header() {
    let names = [Reason::Mention, Reason::Thread, Reason::Pair, Reason::Tag].map(Reason::as_str);
    assert_eq!(names, ["mention", "thread", "pair", "tag"]);
}
