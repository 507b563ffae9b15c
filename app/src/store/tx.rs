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
//! Here a transaction is a pooled connection that ran `BEGIN IMMEDIATE` (the
//! write lock is taken at once, so two writers never deadlock upgrading a read
//! lock). The connection goes back to the pool only once SQLite confirmed a
//! COMMIT or ROLLBACK; after anything else (an error, a cancelled request) it
//! is closed, and SQLite rolls back what was left when it closes. A
//! connection in an unknown state is never reused.

use super::{Db, health};
use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection};
use std::ops::{Deref, DerefMut};

/// A write transaction on one pooled connection. `&mut **tx` is an executor.
/// Dropped without `commit`, it rolls back.
pub struct Tx<'a> {
    /// `None` once the connection went back to the pool in a known state.
    conn: Option<PoolConnection<Sqlite>>,
    db: &'a Db,
}

/// Starts a write transaction, waiting (up to the busy timeout) for the write lock.
pub async fn begin(db: &Db) -> Result<Tx<'_>, sqlx::Error> {
    // Held by the `Tx` from the start, so a failed or cancelled BEGIN
    // discards the connection instead of pooling it mid-transaction.
    let mut tx = Tx { conn: Some(db.acquire().await?), db };
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *tx).await?;
    Ok(tx)
}

impl Tx<'_> {
    /// Commits; `Ok` only once SQLite has made the transaction durable. On
    /// failure nothing was saved and the connection is discarded.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        match sqlx::query("COMMIT").execute(&mut *self).await {
            Ok(_) => {
                health::commit_succeeded(self.db);
                self.release();
                Ok(())
            }
            Err(e) => {
                tracing::error!(error = %e, "COMMIT failed: nothing was saved; the connection is discarded");
                // SQLite may or may not have rolled back already; the
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

    /// Back to the pool: SQLite confirmed the connection is outside any transaction.
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
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        self.conn.as_deref().expect("a transaction holds its connection until it ends")
    }
}

impl DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.conn.as_deref_mut().expect("a transaction holds its connection until it ends")
    }
}
