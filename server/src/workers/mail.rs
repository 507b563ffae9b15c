//! The mail loops `serve` starts: the fan-out (outbox events into in-app
//! notifications and queued mails), the delivery (queued mails to the
//! transport, with retries) and the digest scheduler (each ended day or week
//! becomes an outbox event, once, whichever process schedules it). Work is
//! claimed in the database under leases, so several processes on one
//! database share it without doing anything twice.
//!
//! They stop between two passes when asked: a mail the SMTP server is
//! accepting is recorded before the loop ends.

use app::domain::Level;
use app::domain::digest_period::DigestPeriod;
use app::domain::limits::{DIGEST_CHECK_SECONDS, MAIL_POLL_MILLISECONDS};
use app::mail::MailSettings;
use app::mail::delivery::Delivery;
use app::mail::fanout::Fanout;
use app::mail::transport::Transport;
use app::store::{self, Db};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

/// After a failure (the database busy, the disk full), wait this long before trying again.
const RETRY_AFTER: Duration = Duration::from_secs(2);

pub struct MailWorkers {
    stop: watch::Sender<bool>,
    handles: Vec<JoinHandle<()>>,
}

impl MailWorkers {
    /// Asks the loops to stop after their current pass, and waits for them (bounded).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for h in self.handles {
            let abort = h.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2 * app::domain::limits::SMTP_TIMEOUT_SECONDS), h).await.is_err() {
                abort.abort();
            }
        }
    }
}

/// Waits `pause`, or less when woken or asked to stop. True: stop.
async fn pause(stop: &mut watch::Receiver<bool>, wake: &Notify, pause: Duration) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(pause) => {}
        _ = wake.notified() => {}
        _ = stop.changed() => {}
    }
    *stop.borrow()
}

pub fn spawn(db: Db, settings: Arc<MailSettings>, transport: Transport) -> MailWorkers {
    let (stop, stopped) = watch::channel(false);
    let queued = Arc::new(Notify::new());
    let poll = Duration::from_millis(MAIL_POLL_MILLISECONDS);
    tracing::info!(transport = %transport.describe(), from = %settings.from, "mail workers started");

    let fanout = Fanout::new(db.clone(), settings.clone());
    let (mut stop_rx, wake) = (stopped.clone(), queued.clone());
    // Nothing wakes the fan-out and the scheduler early: they poll.
    let never = Arc::new(Notify::new());
    let never_again = never.clone();
    let fanout_loop = tokio::spawn(async move {
        loop {
            let wait = match fanout.expand_next().await {
                Ok(Some(done)) => {
                    if done.mails > 0 {
                        wake.notify_one();
                    }
                    Duration::ZERO
                }
                Ok(None) => poll,
                Err(e) => {
                    tracing::warn!(error = %e, "mail fan-out failed; retrying");
                    RETRY_AFTER
                }
            };
            if *stop_rx.borrow() || (!wait.is_zero() && pause(&mut stop_rx, &never, wait).await) {
                break;
            }
        }
    });

    let delivery = Delivery::new(db.clone(), transport, settings.from.clone());
    let (mut stop_rx, wake) = (stopped.clone(), queued.clone());
    let delivery_loop = tokio::spawn(async move {
        loop {
            let wait = match delivery.deliver_due().await {
                Ok(pass) if pass.handled() > 0 => Duration::ZERO,
                Ok(_) => poll,
                Err(e) => {
                    tracing::warn!(error = %e, "mail delivery failed; retrying");
                    RETRY_AFTER
                }
            };
            if *stop_rx.borrow() || (!wait.is_zero() && pause(&mut stop_rx, &wake, wait).await) {
                break;
            }
        }
    });

    let mut stop_rx = stopped;
    let digests = tokio::spawn(async move {
        loop {
            if let Err(e) = schedule_digests(&db).await {
                tracing::warn!(error = %e, "digest scheduling failed; retried later");
            }
            if pause(&mut stop_rx, &never_again, Duration::from_secs(DIGEST_CHECK_SECONDS)).await {
                break;
            }
        }
    });
    MailWorkers { stop, handles: vec![fanout_loop, delivery_loop, digests] }
}

/// Schedules the digests of the last ended day and week (once each, however
/// many processes or restarts ask).
pub async fn schedule_digests(db: &Db) -> Result<(), sqlx::Error> {
    for level in [Level::Daily, Level::Weekly] {
        if let Some(period) = DigestPeriod::last_ended(level, store::now()) {
            if store::outbox::schedule_digest(db, &period.key()).await? {
                tracing::info!(period = %period.key(), "digest scheduled");
            }
        }
    }
    Ok(())
}
