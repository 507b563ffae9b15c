//! The storage layer's own write transaction, instead of sqlx's `Transaction`.
//!
//! sqlx 0.8 counts transaction depth itself and lowers the count only when
//! its COMMIT or ROLLBACK succeeds. When SQLite has already rolled the
//! transaction back on its own (a full disk, an I/O error), COMMIT fails, the
//! rollback on drop fails too ("no transaction is active"), and the
//! connection goes back to the pool still counted as inside a transaction:
//! its next `begin()` is a SAVEPOINT whose "commit" is a RELEASE, which may
//! commit nothing at all while the member is told "saved".
//!
//! Here a transaction is a pooled connection that ran `BEGIN IMMEDIATE` on
//! SQLite (the write lock is taken at once, so two writers never deadlock
//! upgrading a read lock, and transactions run one after another), or
//! `BEGIN ISOLATION LEVEL READ COMMITTED` on PostgreSQL, where writers run
//! side by side: a write that depends on what it read locks the row first
//! (`for_update`, see the rules in `store`), and a deadlock is retried by
//! `store::transaction`. The connection goes back to the pool only once the
//! database confirmed a COMMIT or ROLLBACK; after anything else (an error, a
//! cancelled request) it is closed, and the database rolls back what was left
//! when it closes. A connection in an unknown state is never reused.

use super::{Backend, Db, backend, health};
use sqlx::AnyConnection;
use sqlx::pool::PoolConnection;
use sqlx::Any;
use std::ops::{Deref, DerefMut};

/// A write transaction on one pooled connection. `&mut **tx` is an executor.
/// Dropped without `commit`, it rolls back.
pub struct Tx<'a> {
    /// `None` once the connection went back to the pool in a known state.
    conn: Option<PoolConnection<Any>>,
    db: &'a Db,
    backend: Backend,
    /// `map_counts` changed: the map's text is written again before COMMIT.
    map_changed: bool,
}

/// Starts a write transaction, waiting (up to the busy timeout) for the write lock.
pub async fn begin(db: &Db) -> Result<Tx<'_>, sqlx::Error> {
    // Held by the `Tx` from the start, so a failed or cancelled BEGIN
    // discards the connection instead of pooling it mid-transaction.
    let backend = backend(db);
    let mut tx = Tx { conn: Some(db.acquire().await?), db, backend, map_changed: false };
    let start = match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN ISOLATION LEVEL READ COMMITTED",
    };
    sqlx::query(start).execute(&mut *tx).await?;
    Ok(tx)
}

impl Tx<'_> {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The clause that ends a `SELECT` whose rows this transaction will change
    /// on the strength of what it read: PostgreSQL locks them until the commit
    /// (without blocking foreign-key checks of other writers); SQLite, whose
    /// transaction already holds the only write lock, has no such clause.
    pub fn for_update(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR NO KEY UPDATE",
        }
    }

    /// The transaction changed the map's counters (`facets`).
    pub(super) fn map_changed(&mut self) {
        self.map_changed = true;
    }

    /// Commits; `Ok` only once the database has made the transaction durable. On
    /// failure nothing was saved and the connection is discarded. The map's
    /// text, when its counters changed, is written last (`map::write_text`).
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        if self.map_changed {
            super::map::write_text(&mut self).await?;
        }
        match sqlx::query("COMMIT").execute(&mut *self).await {
            Ok(_) => {
                health::commit_succeeded(self.db);
                self.release();
                Ok(())
            }
            Err(e) => {
                tracing::error!(error = %e, "COMMIT failed: nothing was saved; the connection is discarded");
                // The database may or may not have rolled back already; the
                // connection is closed on drop either way.
                let _ = sqlx::query("ROLLBACK").execute(&mut *self).await;
                Err(e)
            }
        }
    }

    /// Rolls back on purpose (nothing failed).
    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        sqlx::query("ROLLBACK").execute(&mut *self).await?;
        self.release();
        Ok(())
    }

    /// Back to the pool: the database confirmed the connection is outside any transaction.
    fn release(&mut self) {
        self.conn = None;
    }
}

impl Drop for Tx<'_> {
    /// Not committed nor rolled back on purpose: something failed or the
    /// request was cancelled. Drop cannot wait for a ROLLBACK, so the
    /// connection leaves the pool and is closed, which rolls back just as
    /// surely. The health check then verifies writes still work.
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            health::write_failed(self.db);
            drop(conn.detach());
        }
    }
}

impl Deref for Tx<'_> {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.conn.as_deref().expect("a transaction holds its connection until it ends")
    }
}

impl DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.conn.as_deref_mut().expect("a transaction holds its connection until it ends")
    }
}
