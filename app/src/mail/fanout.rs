//! Expands an outbox event, off the request, into in-app notifications and
//! one queued mail per recipient. The event is claimed under a lease; its
//! recipients (sorted by member id) are handled in batches of
//! `FANOUT_BATCH`, each batch one short transaction that also records how
//! far the expansion got (`outbox.done_up_to`) and renews the lease. A crash
//! or a lost lease leaves the batch uncommitted: the next claim resumes after
//! the last committed member, and nobody is notified twice.

use super::forum_mail::{self, Addressee, ForumEvent, PostInfo, ThreadInfo};
use super::unsubscribe::Source;
use super::{MailSettings, digest_mail};
use crate::domain::digest_period::DigestPeriod;
use crate::domain::limits::{DIGEST_THREADS_READ_MAX, FANOUT_BATCH, MAIL_LEASE_SECONDS, UNSUBSCRIBE_TOKEN_TTL_SECONDS};
use crate::domain::recipients::{self, Candidate, Event, EventKind, Reason, Recipient};
use crate::domain::{TagKind, Target, ThreadEventKind};
use crate::error::{AppError, AppResult};
use crate::store::mails::NewMail;
use crate::store::notifications::NewNotification;
use crate::store::notify_source::ThreadTag;
use crate::store::outbox::{OutboxKind, OutboxRow};
use crate::store::user_mail::MailTarget;
use crate::store::{self, Db, now};
use std::collections::HashMap;

/// The fan-out of one process.
#[derive(Clone)]
pub struct Fanout {
    pub db: Db,
    pub settings: std::sync::Arc<MailSettings>,
    /// Names this process's leases.
    pub owner: String,
    /// Recipients per transaction.
    pub batch: usize,
}

/// What one expansion did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    pub notifications: usize,
    pub mails: usize,
}

impl Fanout {
    pub fn new(db: Db, settings: std::sync::Arc<MailSettings>) -> Self {
        Self { db, settings, owner: format!("fanout-{}-{}", std::process::id(), store::sessions::new_token()), batch: FANOUT_BATCH }
    }

    /// Expands the oldest waiting event, if any. `Ok(None)`: nothing waits.
    pub async fn expand_next(&self) -> AppResult<Option<Expanded>> {
        if !store::outbox::any_waiting(&self.db).await? {
            return Ok(None);
        }
        let Some(row) = store::outbox::claim(&self.db, &self.owner, MAIL_LEASE_SECONDS).await? else { return Ok(None) };
        let done = match OutboxKind::parse(&row.kind) {
            Some(OutboxKind::Digest) => self.expand_digest(&row).await,
            Some(kind) => self.expand_forum_event(&row, kind).await,
            None => {
                tracing::warn!(event = row.id, kind = %row.kind, "unknown outbox event: skipped");
                self.finish(&row, row.done_up_to).await.map(|_| Expanded::default())
            }
        };
        if done.is_err() {
            let _ = store::outbox::release(&self.db, row.id, &self.owner).await;
        }
        done.map(Some)
    }

    /// Expands every waiting event; returns the totals.
    pub async fn expand_all(&self) -> AppResult<Expanded> {
        let mut total = Expanded::default();
        while let Some(e) = self.expand_next().await? {
            total.notifications += e.notifications;
            total.mails += e.mails;
        }
        Ok(total)
    }

    async fn expand_forum_event(&self, row: &OutboxRow, kind: OutboxKind) -> AppResult<Expanded> {
        let missing = || AppError::Internal(format!("outbox event {} names no thread or post", row.id));
        let thread_id = row.thread_id.ok_or_else(missing)?;
        let actor_id = row.actor_id.ok_or_else(missing)?;
        let Some(thread) = store::threads::get(&self.db, thread_id).await? else {
            return self.finish(row, row.done_up_to).await.map(|_| Expanded::default());
        };
        let tags = store::notify_source::thread_tags(&self.db, &[thread_id]).await?;
        let opening_post_id = store::notify_source::opening_post_id(&self.db, thread_id).await?.ok_or_else(missing)?;
        let info = ThreadInfo { id: thread_id, title: thread.summary.title.clone(), tags: thread.summary.tags.clone(), opening_post_id };
        let (event_kind, forum_event, mentioned) = match kind {
            OutboxKind::ThreadCreated | OutboxKind::ReplyCreated => {
                let post = store::posts::get(&self.db, row.post_id.ok_or_else(missing)?).await?.ok_or_else(missing)?;
                let info = PostInfo {
                    id: post.id,
                    author_name: post.author_name,
                    author_organisation: post.author_organisation,
                    body_html: post.body_html,
                    body_md: post.body_md,
                    parent_id: post.parent_id,
                };
                let mentioned: Vec<i64> = row.detail.split(',').filter_map(|s| s.trim().parse().ok()).collect();
                if kind == OutboxKind::ThreadCreated {
                    (EventKind::NewThread, ForumEvent::NewThread { post: info }, mentioned)
                } else {
                    (EventKind::Reply, ForumEvent::Reply { post: info }, mentioned)
                }
            }
            _ => {
                let (k, d) = row.detail.split_once(':').ok_or_else(missing)?;
                let change = ThreadEventKind::from_stored(k, d).ok_or_else(missing)?;
                let actor_name = store::users::by_id(&self.db, actor_id).await?.map(|u| u.display_name).unwrap_or_default();
                (EventKind::StatusChange, ForumEvent::Status { event_id: row.id, actor_name, change }, vec![])
            }
        };
        let tag_ids: Vec<i64> = tags.iter().map(|t| t.tag_id).collect();
        let pairs = pairs_of(&tags);
        let candidates = store::subscriptions::candidates_for_thread(&self.db, thread_id).await?;
        let event = Event { kind: event_kind, actor_id, thread_id, tags: &tag_ids, pairs: &pairs, mentioned: &mentioned };
        let told: Vec<Recipient> =
            recipients::recipients(&event, &candidates).into_iter().filter(|r| r.user_id > row.done_up_to).collect();
        let by_sub: HashMap<i64, Candidate> = candidates.iter().map(|c| (c.subscription_id, *c)).collect();
        let mut total = Expanded::default();
        let expires = now() + UNSUBSCRIBE_TOKEN_TTL_SECONDS;
        for (i, chunk) in told.chunks(self.batch.max(1)).enumerate() {
            let ids: Vec<i64> = chunk.iter().map(|r| r.user_id).collect();
            let targets: HashMap<i64, MailTarget> =
                store::user_mail::mail_targets(&self.db, &ids).await?.into_iter().map(|t| (t.id, t)).collect();
            // Composed before the transaction: the write lock is held for the inserts only.
            let mut mails = Vec::new();
            for r in chunk {
                let Some(t) = targets.get(&r.user_id).filter(|t| t.verified && t.email_notifications && !t.failed) else { continue };
                let to = Addressee {
                    user_id: r.user_id,
                    name: t.display_name.clone(),
                    address: t.email.clone(),
                    reason: r.reason,
                    followed: r.subscription_id.and_then(|s| by_sub.get(&s)).map(|c| (followed_words(c.target, &tags), c.level)),
                    source: r.subscription_id.map(Source::Subscription).unwrap_or(Source::Thread(thread_id)),
                };
                match forum_mail::compose(&self.settings, &info, &forum_event, &to, expires) {
                    Ok(out) => mails.push((r.user_id, t.email.clone(), out)),
                    Err(e) => tracing::warn!(member = r.user_id, error = %e, "mail not composed"),
                }
            }
            let mut tx = store::begin(&self.db).await?;
            for r in chunk {
                let n = NewNotification {
                    user_id: r.user_id,
                    event_id: row.id,
                    kind: kind.as_str(),
                    reason: r.reason.as_str(),
                    thread_id,
                    post_id: row.post_id,
                    actor_id: Some(actor_id),
                    detail: &row.detail,
                };
                store::notifications::insert(&mut tx, &n).await?;
            }
            for (user_id, address, out) in &mails {
                let mail = NewMail {
                    message_id: &out.message_id,
                    user_id: Some(*user_id),
                    to_address: address,
                    kind: mail_kind(&forum_event),
                    event_id: Some(row.id),
                    dedup_key: Some(format!("event:{}:user:{user_id}", row.id)),
                    raw: &out.raw,
                };
                if store::mails::insert(&mut tx, &mail).await? {
                    total.mails += 1;
                }
            }
            let last = chunk.last().map(|r| r.user_id).unwrap_or(row.done_up_to);
            let done = (i + 1) * self.batch.max(1) >= told.len();
            if !store::outbox::advance(&mut tx, row.id, &self.owner, last, done, MAIL_LEASE_SECONDS).await? {
                tx.rollback().await?;
                return Err(AppError::Internal(format!("outbox event {}: lease lost to another process", row.id)));
            }
            tx.commit().await?;
            total.notifications += chunk.len();
        }
        if told.is_empty() {
            self.finish(row, row.done_up_to).await?;
        }
        tracing::debug!(event = row.id, mails = total.mails, notifications = total.notifications, "event expanded");
        Ok(total)
    }

    /// Marks the event done (nothing, or nothing more, to send).
    async fn finish(&self, row: &OutboxRow, up_to: i64) -> AppResult<()> {
        let mut tx = store::begin(&self.db).await?;
        if store::outbox::advance(&mut tx, row.id, &self.owner, up_to, true, MAIL_LEASE_SECONDS).await? {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(())
    }

    /// A digest period: one mail per member whose digest subscriptions of
    /// that level list at least one new or resolved thread.
    async fn expand_digest(&self, row: &OutboxRow) -> AppResult<Expanded> {
        let period = DigestPeriod::parse_key(&row.detail)
            .ok_or_else(|| AppError::Internal(format!("outbox event {}: bad digest period {:?}", row.id, row.detail)))?;
        let new = store::notify_source::started_between(&self.db, period.start, period.end, DIGEST_THREADS_READ_MAX).await?;
        let resolved = store::notify_source::resolved_between(&self.db, period.start, period.end, DIGEST_THREADS_READ_MAX).await?;
        let thread_ids: Vec<i64> = new.iter().chain(resolved.iter()).map(|t| t.id).collect();
        let tags = store::notify_source::thread_tags(&self.db, &thread_ids).await?;
        let mut by_thread: HashMap<i64, Vec<ThreadTag>> = HashMap::new();
        for t in tags {
            by_thread.entry(t.thread_id).or_default().push(t);
        }
        let shape = |id: i64| {
            let tags = by_thread.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            (tags.iter().map(|t| t.tag_id).collect::<Vec<_>>(), pairs_of(tags))
        };
        let shapes: HashMap<i64, (Vec<i64>, Vec<(i64, i64)>)> = thread_ids.iter().map(|id| (*id, shape(*id))).collect();
        let subs = store::subscriptions::of_members_with_level(&self.db, period.level).await?;
        let mut by_member: HashMap<i64, Vec<Candidate>> = HashMap::new();
        for c in subs.iter().filter(|c| c.user_id > row.done_up_to) {
            by_member.entry(c.user_id).or_default().push(*c);
        }
        let mut members: Vec<i64> = by_member.keys().copied().collect();
        members.sort_unstable();
        let expires = now() + UNSUBSCRIBE_TOKEN_TTL_SECONDS;
        let mut total = Expanded::default();
        let batch = self.batch.max(1);
        for (i, chunk) in members.chunks(batch).enumerate() {
            let targets = store::user_mail::mail_targets(&self.db, chunk).await?;
            let mut mails = Vec::new();
            for t in targets.iter().filter(|t| t.verified && t.email_notifications && !t.failed) {
                let own: &[Candidate] = by_member.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
                let lists = |threads: &[crate::domain::views::ThreadSummary]| -> Vec<usize> {
                    (0..threads.len())
                        .filter(|k| {
                            let (tags, pairs) = &shapes[&threads[*k].id];
                            recipients::digest_subscription(period.level, threads[*k].id, tags, pairs, own).is_some()
                        })
                        .collect()
                };
                let content = digest_mail::DigestContent {
                    new: lists(&new).into_iter().map(|k| &new[k]).collect(),
                    resolved: lists(&resolved).into_iter().map(|k| &resolved[k]).collect(),
                };
                if content.new.is_empty() && content.resolved.is_empty() {
                    continue;
                }
                let to = Addressee {
                    user_id: t.id,
                    name: t.display_name.clone(),
                    address: t.email.clone(),
                    reason: Reason::Tag,
                    followed: Some(("des solutions ou des normes".into(), period.level)),
                    source: Source::Digest(period.level),
                };
                match digest_mail::compose(&self.settings, &period, &content, &to, expires) {
                    Ok(out) => mails.push((t.id, t.email.clone(), out)),
                    Err(e) => tracing::warn!(member = t.id, error = %e, "digest not composed"),
                }
            }
            let mut tx = store::begin(&self.db).await?;
            for (user_id, address, out) in &mails {
                let mail = NewMail {
                    message_id: &out.message_id,
                    user_id: Some(*user_id),
                    to_address: address,
                    kind: "digest",
                    event_id: Some(row.id),
                    dedup_key: Some(format!("digest:{}:user:{user_id}", period.key())),
                    raw: &out.raw,
                };
                if store::mails::insert(&mut tx, &mail).await? {
                    total.mails += 1;
                }
            }
            let done = (i + 1) * batch >= members.len();
            let last = *chunk.last().expect("chunks are not empty");
            if !store::outbox::advance(&mut tx, row.id, &self.owner, last, done, MAIL_LEASE_SECONDS).await? {
                tx.rollback().await?;
                return Err(AppError::Internal(format!("digest {}: lease lost to another process", row.detail)));
            }
            tx.commit().await?;
        }
        if members.is_empty() {
            self.finish(row, row.done_up_to).await?;
        }
        Ok(total)
    }
}

/// The thread's (solution, standard) pairs.
fn pairs_of(tags: &[ThreadTag]) -> Vec<(i64, i64)> {
    let of = |kind| tags.iter().filter(move |t| t.kind == kind).map(|t| t.tag_id);
    of(TagKind::Solution).flat_map(|s| of(TagKind::Standard).map(move |t| (s, t))).collect()
}

/// What a subscription follows, in words, for the mail's footer.
fn followed_words(target: Target, tags: &[ThreadTag]) -> String {
    let name = |id: i64| tags.iter().find(|t| t.tag_id == id).map(|t| t.name.clone()).unwrap_or_else(|| format!("n° {id}"));
    let kind = |id: i64| tags.iter().find(|t| t.tag_id == id).map(|t| t.kind);
    match target {
        Target::Tag(id) if kind(id) == Some(TagKind::Standard) => format!("la norme {}", name(id)),
        Target::Tag(id) => format!("la solution {}", name(id)),
        Target::Pair { solution, standard } => format!("la solution {} avec la norme {}", name(solution), name(standard)),
        Target::Thread(_) => "ce fil".to_string(),
    }
}

fn mail_kind(event: &ForumEvent) -> &'static str {
    match event {
        ForumEvent::NewThread { .. } => "new_thread",
        ForumEvent::Reply { .. } => "reply",
        ForumEvent::Status { .. } => "status",
    }
}
