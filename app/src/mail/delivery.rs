//! Delivery: queued mails claimed under a lease (so several processes on one
//! database never send the same mail twice) and sent, at most
//! `MAIL_SEND_CONCURRENCY` at a time. A temporary failure (the server down,
//! a timeout, a 4xx) is retried with exponential backoff until
//! `MAIL_GIVE_UP_AFTER_SECONDS` after the mail was written; a permanent one
//! (5xx) fails the mail at once, and a refused mailbox is recorded on the
//! member's address. Mails are sent in waves of `MAIL_SEND_CONCURRENCY`, each
//! wave recorded (one transaction) right after the server accepted its
//! mails: only a crash between the two sends them again (at most a wave),
//! with the same bytes, hence the same Message-ID.

use super::transport::{SendError, Transport};
use crate::domain::limits::{
    MAIL_CLAIM_BATCH, MAIL_GIVE_UP_AFTER_SECONDS, MAIL_LEASE_SECONDS, MAIL_RETRY_FIRST_DELAY_SECONDS,
    MAIL_RETRY_MAX_DELAY_SECONDS, MAIL_SEND_CONCURRENCY, SMTP_TIMEOUT_SECONDS,
};
use crate::store::mails::ClaimedMail;
use crate::store::{self, Db, Tx, now};
use std::time::{Duration, Instant};

/// When to try again and when to give up; the limits' values unless a test shortens them.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    pub first_delay_seconds: i64,
    pub max_delay_seconds: i64,
    pub give_up_after_seconds: i64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            first_delay_seconds: MAIL_RETRY_FIRST_DELAY_SECONDS,
            max_delay_seconds: MAIL_RETRY_MAX_DELAY_SECONDS,
            give_up_after_seconds: MAIL_GIVE_UP_AFTER_SECONDS,
        }
    }
}

impl RetryPolicy {
    /// The wait after the `attempts`-th failed attempt (1, 2, …): doubling, bounded.
    pub fn delay(&self, attempts: i64) -> i64 {
        let doublings = (attempts - 1).clamp(0, 30) as u32;
        self.first_delay_seconds.saturating_mul(1_i64 << doublings).min(self.max_delay_seconds)
    }

    /// When a mail written at `created_at` that failed for the `attempts`-th
    /// time at `at` is tried again; `None` once that would be past the
    /// give-up delay.
    pub fn next_attempt(&self, created_at: i64, at: i64, attempts: i64) -> Option<i64> {
        let next = at + self.delay(attempts);
        (next - created_at <= self.give_up_after_seconds).then_some(next)
    }
}

/// The delivery of one process.
#[derive(Clone)]
pub struct Delivery {
    pub db: Db,
    pub transport: Transport,
    pub from: lettre::Address,
    pub owner: String,
    pub policy: RetryPolicy,
    /// Mails claimed per pass.
    pub batch: i64,
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

impl Pass {
    pub fn handled(&self) -> usize {
        self.sent + self.retried + self.failed
    }
}

impl Delivery {
    pub fn new(db: Db, transport: Transport, from: lettre::Address) -> Self {
        Self {
            db,
            transport,
            from,
            owner: format!("delivery-{}-{}", std::process::id(), store::sessions::new_token()),
            policy: RetryPolicy::default(),
            batch: MAIL_CLAIM_BATCH,
        }
    }

    /// Claims the mails that are due and sends them, in waves of
    /// `MAIL_SEND_CONCURRENCY` sent at the same time; each wave's outcomes
    /// are recorded in one transaction as soon as it ends (one commit per
    /// wave, not per mail: the write lock is left to the members' posts).
    /// A wave starts only while the lease has time left for it to end. Idle,
    /// a pass only reads.
    pub async fn deliver_due(&self) -> Result<Pass, sqlx::Error> {
        if !store::mails::any_due(&self.db).await? {
            return Ok(Pass::default());
        }
        let claimed = store::mails::claim(&self.db, &self.owner, MAIL_LEASE_SECONDS, self.batch).await?;
        let lease_end = Instant::now() + Duration::from_secs(MAIL_LEASE_SECONDS as u64);
        // Time for one send to end (its timeout) and for recording it.
        let margin = Duration::from_secs(SMTP_TIMEOUT_SECONDS + 5);
        let mut pass = Pass::default();
        let mut queue = claimed.into_iter().peekable();
        while queue.peek().is_some() {
            if Instant::now() + margin > lease_end {
                for mail in queue.by_ref() {
                    store::mails::release(&self.db, mail.id, &self.owner).await?;
                }
                break;
            }
            let mut wave = tokio::task::JoinSet::new();
            for mail in queue.by_ref().take(MAIL_SEND_CONCURRENCY) {
                let (transport, from) = (self.transport.clone(), self.from.clone());
                wave.spawn(async move {
                    let sent = transport.send(&from, &mail.to_address, &mail.raw).await;
                    (mail, sent)
                });
            }
            let mut outcomes = Vec::new();
            while let Some(done) = wave.join_next().await {
                match done {
                    Ok(outcome) => outcomes.push(outcome),
                    Err(e) => tracing::error!(error = %e, "a mail delivery task failed"),
                }
            }
            let mut tx = store::begin(&self.db).await?;
            for (mail, sent) in &outcomes {
                match self.record(&mut tx, mail, sent).await? {
                    Outcome::Sent => pass.sent += 1,
                    Outcome::Retry => pass.retried += 1,
                    Outcome::Failed => pass.failed += 1,
                }
            }
            tx.commit().await?;
        }
        Ok(pass)
    }

    /// Records one send's outcome in the wave's transaction.
    async fn record(&self, tx: &mut Tx<'_>, mail: &ClaimedMail, sent: &Result<(), SendError>) -> Result<Outcome, sqlx::Error> {
        let e = match sent {
            Ok(()) => {
                if !store::mails::mark_sent(tx, mail.id, &self.owner).await? {
                    tracing::warn!(mail = mail.id, "sent, but its lease had passed to another process");
                }
                tracing::debug!(mail = mail.id, message_id = %mail.message_id, "mail sent");
                return Ok(Outcome::Sent);
            }
            Err(e) => e,
        };
        let attempts = mail.attempts + 1;
        let at = now();
        match e {
            SendError::Permanent { .. } => {
                tracing::warn!(mail = mail.id, error = %e.message(), "mail refused for good");
                store::mails::mark_failed(tx, mail.id, &self.owner, e.message()).await?;
                if let (true, Some(user)) = (e.refuses_mailbox(), mail.user_id) {
                    store::user_mail::record_failure(tx, user, &mail.to_address, e.message()).await?;
                }
                Ok(Outcome::Failed)
            }
            SendError::Temporary(message) => {
                if let Some(next) = self.policy.next_attempt(mail.created_at, at, attempts) {
                    tracing::info!(mail = mail.id, attempts, retry_in = next - at, error = %message, "mail not delivered yet; will retry");
                    store::mails::retry_later(tx, mail.id, &self.owner, next, message).await?;
                    Ok(Outcome::Retry)
                } else {
                    let why = format!("abandonné après {attempts} tentatives : {message}");
                    tracing::warn!(mail = mail.id, error = %why, "mail given up");
                    store::mails::mark_failed(tx, mail.id, &self.owner, &why).await?;
                    Ok(Outcome::Failed)
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Outcome {
    Sent,
    Retry,
    Failed,
}

#[cfg(test)]
mod tests {
    use super::RetryPolicy;

    #[test]
    fn backoff_doubles_up_to_its_bound() {
        let p = RetryPolicy { first_delay_seconds: 30, max_delay_seconds: 3_600, give_up_after_seconds: 0 };
        let delays: Vec<i64> = (1..=9).map(|a| p.delay(a)).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1_920, 3_600, 3_600]);
        assert_eq!(p.delay(1_000), 3_600, "no overflow");
    }

    #[test]
    fn a_mail_the_server_keeps_refusing_for_now_is_tried_for_two_days_then_given_up() {
        let p = RetryPolicy::default();
        let hour = 3_600;
        // The delay is at its bound long before two days have gone by.
        let retry = p.next_attempt(0, 46 * hour, 40).expect("tried again within two days");
        assert!(retry > 46 * hour && retry <= 48 * hour, "{retry}");
        assert_eq!(p.next_attempt(0, 48 * hour - p.delay(40), 40), Some(48 * hour), "the last try is on the two days");
        assert_eq!(p.next_attempt(0, 48 * hour - p.delay(40) + 1, 40), None, "past two days: given up");
        // The first failure of a fresh mail is retried after the first delay.
        assert_eq!(p.next_attempt(1_000, 1_000, 1), Some(1_000 + p.delay(1)));
    }
}
