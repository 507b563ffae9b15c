//! Hourly housekeeping: expired sessions, abandoned ProConnect sign-ins and
//! links, failed sign-ins older than their window, expired links sent by
//! mail, delivered or failed mails and expanded outbox events past
//! `MAIL_KEEP_DAYS`, read notifications past `NOTIFICATION_KEEP_DAYS`. Each
//! table would otherwise only grow. One process at a time does it, under the
//! lease "maintenance" (several nodes share one database).

use super::lease::Lease;
use app::domain::limits::{LOGIN_FAILURE_WINDOW_SECONDS, MAIL_KEEP_DAYS, MAINTENANCE_INTERVAL_SECONDS, NOTIFICATION_KEEP_DAYS};
use app::store::{self, Db};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub const LEASE: &str = "maintenance";

/// Runs until `stop` turns true, then gives the lease back.
pub fn spawn(db: Db, mut lease: Lease, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let interval = Duration::from_secs(MAINTENANCE_INTERVAL_SECONDS);
        let mut last_run: Option<Instant> = None;
        while !*stop.borrow() {
            if lease.held().await && last_run.is_none_or(|at| at.elapsed() >= interval) {
                last_run = Some(Instant::now());
                if let Err(e) = run(&db).await {
                    tracing::warn!(error = %e, "maintenance failed; retried in an hour");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(lease.renew_every()) => {}
                _ = stop.changed() => {}
            }
        }
        lease.release().await;
    })
}

pub async fn run(db: &Db) -> Result<u64, sqlx::Error> {
    let sessions = store::sessions::delete_expired(db).await?;
    let flows = store::identities::sweep_expired(db).await?;
    let failures = store::login_failures::sweep(db, store::now() - LOGIN_FAILURE_WINDOW_SECONDS).await?;
    let links = store::account_tokens::sweep_expired(db).await?;
    let mail_history = store::now() - MAIL_KEEP_DAYS * 86_400;
    let mails = store::mails::sweep(db, mail_history).await? + store::outbox::sweep(db, mail_history).await?;
    let read = store::notifications::sweep(db, store::now() - NOTIFICATION_KEEP_DAYS * 86_400).await?;
    tracing::info!(sessions, flows, failures, links, mails, read, "maintenance done");
    Ok(sessions + flows + failures + links + mails + read)
}
