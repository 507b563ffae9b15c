//! Hourly housekeeping: expired sessions, abandoned ProConnect sign-ins and
//! links, and failed sign-ins older than their window. Each table would
//! otherwise only grow.

use app::domain::limits::{LOGIN_FAILURE_WINDOW_SECONDS, MAINTENANCE_INTERVAL_SECONDS};
use app::store::{self, Db};
use std::time::Duration;

pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(MAINTENANCE_INTERVAL_SECONDS));
        loop {
            tick.tick().await;
            if let Err(e) = run(&db).await {
                tracing::warn!(error = %e, "maintenance failed; retried in an hour");
            }
        }
    });
}

pub async fn run(db: &Db) -> Result<u64, sqlx::Error> {
    let sessions = store::sessions::delete_expired(db).await?;
    let flows = store::identities::sweep_expired(db).await?;
    let failures = store::login_failures::sweep(db, store::now() - LOGIN_FAILURE_WINDOW_SECONDS).await?;
    tracing::debug!(sessions, flows, failures, "maintenance done");
    Ok(sessions + flows + failures)
}
