//! `/healthz`, for the load balancer and monitoring: 200 "ok" when this
//! node's database connection accepts writes and its search index is live
//! (the indexer finished a pass over the change log lately); 503 saying why
//! otherwise (a read-only database, a full disk, an unreachable server, a
//! stalled index), so that monitoring sees what members would see on their
//! next post. Probes arriving while one runs share the next one (see
//! `coalesce`), and a healthy answer stands for `HEALTH_OK_REUSE_MILLISECONDS`
//! unless a write failed since: a flood of probes costs one database round
//! trip per period, and a failure is reported at once.

use crate::coalesce::Coalesced;
use crate::state::AppState;
use app::domain::limits::{HEALTH_OK_REUSE_MILLISECONDS, SEARCH_STALE_SECONDS};
use app::error::AppError;
use app::store::Db;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct Health {
    probe: Coalesced<Result<(), &'static str>>,
    /// When the database last answered a probe well.
    healthy_at: Mutex<Option<Instant>>,
}

impl Health {
    /// Whether the database accepts writes, probed now unless it did lately.
    async fn database(&self, db: &Db) -> Result<(), &'static str> {
        let reuse = Duration::from_millis(HEALTH_OK_REUSE_MILLISECONDS);
        let lately = self.healthy_at.lock().unwrap_or_else(|p| p.into_inner()).is_some_and(|at| at.elapsed() < reuse);
        if lately && !app::store::writes_in_doubt(db) {
            return Ok(());
        }
        let result = self.probe.run(|| probe(db)).await;
        *self.healthy_at.lock().unwrap_or_else(|p| p.into_inner()) = result.is_ok().then(Instant::now);
        result
    }
}

pub async fn healthz(state: &AppState) -> Response {
    if let Err(why) = state.health.database(&state.db).await {
        return (StatusCode::SERVICE_UNAVAILABLE, why).into_response();
    }
    let stale = state.search.seconds_since_pass();
    if stale > SEARCH_STALE_SECONDS {
        tracing::error!(seconds = stale, "health check failed: the search indexer has not run");
        return (StatusCode::SERVICE_UNAVAILABLE, format!("search index not live: no indexing pass for {stale} s")).into_response();
    }
    (StatusCode::OK, "ok").into_response()
}

async fn probe(db: &Db) -> Result<(), &'static str> {
    app::store::ping(db).await.map_err(|e| {
        tracing::error!(error = %e, "health check failed");
        match AppError::from(e) {
            AppError::StorageReadOnly(_) => "database not writable: it is read-only",
            AppError::StorageFull(_) => "database not writable: the disk or the database is full",
            AppError::StorageUnavailable(_) | AppError::StorageContention(_) => "database not writable: busy, locked or failing",
            _ => "database unavailable",
        }
    })
}
