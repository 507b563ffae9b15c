//! Who is told about what: the one place where the rules of notification
//! live, as pure functions over an event and the subscriptions that could
//! match it (the store reads those; nothing here touches the database).
//!
//! The rules, for each member:
//! - never about their own post or change;
//! - a subscription counts when it matches the event: its tag is one of the
//!   thread's, its pair is one of the thread's solution × standard pairs, or
//!   its thread is the thread;
//! - the most precise matching subscriptions decide (thread over pair over
//!   tag), and among those muted wins, then the closest following; so a
//!   member who watches a thread hears of it even in a muted tag, and one who
//!   muted a thread hears nothing of it, mentions included;
//! - a mention notifies unless the thread is muted;
//! - "watching" notifies of every event, "new threads only" of new threads;
//!   digests and muted notify of nothing at once;
//! - one notification per event per member, however many subscriptions match.

use super::subscription::{Level, Target};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    NewThread,
    Reply,
    StatusChange,
}

/// An event as the rules see it. Tag ids are the tags the thread carries
/// today (merged tags already followed to the tag they became).
#[derive(Clone, Debug)]
pub struct Event<'a> {
    pub kind: EventKind,
    pub actor_id: i64,
    pub thread_id: i64,
    pub tags: &'a [i64],
    /// (solution, standard) pairs of the thread.
    pub pairs: &'a [(i64, i64)],
    /// Members named with `@` in the post.
    pub mentioned: &'a [i64],
}

/// One subscription of one member that may concern the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: i64,
    pub subscription_id: i64,
    pub target: Target,
    pub level: Level,
}

/// Why a member is told (shown in the mail and in its `X-Jonction-Reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Mention,
    Thread,
    Pair,
    Tag,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mention => "mention",
            Self::Thread => "thread",
            Self::Pair => "pair",
            Self::Tag => "tag",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub user_id: i64,
    pub reason: Reason,
    /// The subscription that decided, which the mail's unsubscribe link
    /// removes; `None` for a mention outside any subscription (the link then
    /// mutes the thread).
    pub subscription_id: Option<i64>,
}

/// Does `target` concern a thread with these tags and pairs?
fn matches(target: Target, thread_id: i64, tags: &[i64], pairs: &[(i64, i64)]) -> bool {
    match target {
        Target::Tag(t) => tags.contains(&t),
        Target::Pair { solution, standard } => pairs.contains(&(solution, standard)),
        Target::Thread(t) => t == thread_id,
    }
}

/// The subscription that decides among a member's matching ones: the most
/// precise, then by level precedence (muted first). `None` when none matches.
pub fn deciding(matching: impl IntoIterator<Item = Candidate>) -> Option<Candidate> {
    matching.into_iter().max_by_key(|c| (c.target.precision(), c.level.precedence(), std::cmp::Reverse(c.subscription_id)))
}

fn reason_of(target: Target) -> Reason {
    match target {
        Target::Tag(_) => Reason::Tag,
        Target::Pair { .. } => Reason::Pair,
        Target::Thread(_) => Reason::Thread,
    }
}

/// Everyone to tell about `event` at once, by member id (ascending), one
/// each. Linear in the candidates (grouped by member once), so an event in a
/// tag with thousands of followers costs little.
pub fn recipients(event: &Event<'_>, candidates: &[Candidate]) -> Vec<Recipient> {
    let mut by_user: std::collections::BTreeMap<i64, Vec<Candidate>> = std::collections::BTreeMap::new();
    for c in candidates {
        by_user.entry(c.user_id).or_default().push(*c);
    }
    for m in event.mentioned {
        by_user.entry(*m).or_default();
    }
    by_user
        .into_iter()
        .filter(|(u, _)| *u != event.actor_id)
        .filter_map(|(user_id, own)| {
            let matching = own.into_iter().filter(|c| matches(c.target, event.thread_id, event.tags, event.pairs));
            let decided = deciding(matching);
            let thread_muted = decided.is_some_and(|d| matches!(d.target, Target::Thread(_)) && d.level == Level::Muted);
            if event.mentioned.contains(&user_id) && !thread_muted {
                let thread_sub = decided.filter(|d| matches!(d.target, Target::Thread(_)));
                return Some(Recipient { user_id, reason: Reason::Mention, subscription_id: thread_sub.map(|d| d.subscription_id) });
            }
            let d = decided?;
            let tells = match d.level {
                Level::Watching => true,
                Level::NewThreads => event.kind == EventKind::NewThread,
                Level::Daily | Level::Weekly | Level::Muted => false,
            };
            tells.then_some(Recipient { user_id, reason: reason_of(d.target), subscription_id: Some(d.subscription_id) })
        })
        .collect()
}

/// The subscription by which a thread belongs in a member's digest of
/// `level` (daily or weekly), if it does: the deciding subscription among the
/// member's `subscriptions` must be a digest of that level.
pub fn digest_subscription(
    level: Level,
    thread_id: i64,
    tags: &[i64],
    pairs: &[(i64, i64)],
    subscriptions: &[Candidate],
) -> Option<i64> {
    let decided = deciding(subscriptions.iter().copied().filter(|c| matches(c.target, thread_id, tags, pairs)))?;
    (decided.level == level).then_some(decided.subscription_id)
}

#[cfg(test)]
mod tests;
