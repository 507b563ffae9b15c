//! The search indexer: applies the change log to the index, in order, every
//! `SEARCH_POLL_MILLISECONDS` (a new post is searchable well within a
//! second). Each batch is one index commit recording the last change applied,
//! so a crash loses nothing: the next start resumes from that commit.

use app::domain::limits::SEARCH_POLL_MILLISECONDS;
use app::search::{Indexer, SearchIndex};
use app::store::Db;
use std::time::Duration;
use tokio::task::JoinHandle;

/// After a failure (the database busy, the disk full), wait this long before trying again.
const RETRY_AFTER: Duration = Duration::from_secs(2);

/// Starts the loop. It first takes the index's only writer; while another
/// indexer holds it (a previous server on the same data directory still
/// stopping), it waits and tries again rather than failing the start.
pub fn spawn(db: Db, index: SearchIndex) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut indexer = loop {
            match Indexer::new(&index) {
                Ok(i) => break i,
                Err(e) => {
                    tracing::warn!(error = %e, "search indexer cannot take the index writer yet; retrying");
                    tokio::time::sleep(RETRY_AFTER).await;
                }
            }
        };
        tracing::info!(last_change = indexer.last_applied(), "search indexer started");
        loop {
            let pause = match indexer.apply_pending(&db).await {
                Ok(_) => {
                    index.record_pass();
                    Duration::from_millis(SEARCH_POLL_MILLISECONDS)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "search indexing failed; retrying");
                    RETRY_AFTER
                }
            };
            tokio::time::sleep(pause).await;
        }
    })
}
