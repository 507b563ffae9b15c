//! Transactions that are run again when the database gave up on them because
//! of another one: a serialisation failure (SQLSTATE 40001) or a deadlock
//! (40P01) on PostgreSQL. Nothing of a failed attempt was saved, so running it
//! again is safe; the member sees the result of the attempt that committed,
//! or, after the last attempt, a 503 saying nothing was saved (never a 500).

use crate::domain::limits::{DB_RETRY_ATTEMPTS, DB_RETRY_BACKOFF_MILLISECONDS};
use crate::error::AppError;
use rand::Rng;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Attempts per transaction, set once from the settings when the database
/// opens (one process serves one database).
static ATTEMPTS: AtomicU32 = AtomicU32::new(DB_RETRY_ATTEMPTS);

pub(super) fn set_attempts(attempts: u32) {
    ATTEMPTS.store(attempts.max(1), Ordering::Relaxed);
}

/// An error after which the same transaction may simply be run again.
pub trait Transient {
    fn is_transient(&self) -> bool;
}

impl Transient for sqlx::Error {
    fn is_transient(&self) -> bool {
        matches!(crate::error::postgres_state(self), Some("40001" | "40P01"))
    }
}

impl Transient for AppError {
    fn is_transient(&self) -> bool {
        matches!(self, AppError::StorageContention(_))
    }
}

/// The attempts of one transaction: after a failure, whether to run it
/// again, having waited a little (exponential, with jitter, so that the two
/// transactions do not meet again). Used by `transaction!`.
pub struct Attempts {
    done: u32,
    max: u32,
}

impl Default for Attempts {
    fn default() -> Self {
        Self { done: 1, max: ATTEMPTS.load(Ordering::Relaxed) }
    }
}

impl Attempts {
    pub async fn retry(&mut self, e: &impl Transient) -> bool {
        if !e.is_transient() || self.done >= self.max {
            return false;
        }
        tracing::info!(attempt = self.done, "transaction aborted by a concurrent one (serialisation failure or deadlock): retrying");
        tokio::time::sleep(backoff(self.done)).await;
        self.done += 1;
        true
    }
}

/// Runs a block of database work in a transaction (`begin`), commits it, and
/// runs it again when the database aborted it for a conflict with another
/// transaction, up to the configured number of attempts. Nothing of a failed
/// attempt was saved, so the block must only do database work through the
/// transaction (it may run more than once). The block names the transaction
/// (`&mut Tx`) and ends in a `Result` whose error is `AppError`, or the type
/// written after the arrow: `|tx| -> sqlx::Error { … }`:
///
/// ```ignore
/// let id = store::transaction!(db, |tx| {
///     let thread = store::threads::lock(tx, thread_id).await?.ok_or_else(not_found)?;
///     Ok(store::posts::insert(tx, …).await?)
/// })?;
/// ```
///
/// A macro rather than a function taking an async closure: the block is
/// inlined, so the handler's future stays `Send` (an `AsyncFnMut` over a
/// borrowed transaction cannot be proven so today).
#[macro_export]
macro_rules! transaction {
    ($db:expr, |$tx:ident| $body:block) => {
        $crate::transaction!($db, |$tx| -> $crate::error::AppError $body)
    };
    ($db:expr, |$tx:ident| -> $err:ty $body:block) => {{
        let db: &$crate::store::Db = $db;
        let mut attempts = $crate::store::Attempts::default();
        loop {
            let result: ::std::result::Result<_, $err> = async {
                let mut tx = $crate::store::begin(db).await?;
                let value: ::std::result::Result<_, $err> = {
                    let $tx = &mut tx;
                    $body
                };
                let value = value?;
                tx.commit().await?;
                Ok(value)
            }
            .await;
            match result {
                Err(e) if attempts.retry(&e).await => continue,
                other => break other,
            }
        }
    }};
}

fn backoff(attempt: u32) -> Duration {
    let base = DB_RETRY_BACKOFF_MILLISECONDS << (attempt - 1).min(6);
    Duration::from_millis(base + rand::thread_rng().gen_range(0..=base))
}
