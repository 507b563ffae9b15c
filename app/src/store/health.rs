//! Whether the database accepts writes, for `/healthz`, without writing on
//! every call.
//!
//! A write-lock probe (`BEGIN IMMEDIATE`, a statement that needs write access
//! but matches no row, `ROLLBACK`) finds a read-only or locked database
//! without writing anything, but not a full disk: only writing finds that. So
//! transactions report here when one failed or was abandoned, and until a
//! commit succeeds again the health check writes (and deletes) a row itself.

use super::{Db, begin};
use crate::domain::limits::STORAGE_PROBE_BYTES;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Mutex;

/// Database files on which a write failed since the last successful commit.
/// Keyed by file, not pool: it is the file's disk that fills up.
static WRITES_IN_DOUBT: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn file_of(db: &Db) -> PathBuf {
    db.connect_options().get_filename().to_path_buf()
}

fn update(f: impl FnOnce(&mut BTreeSet<PathBuf>)) {
    f(&mut WRITES_IN_DOUBT.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
}

pub(super) fn write_failed(db: &Db) {
    update(|files| {
        files.insert(file_of(db));
    });
}

pub(super) fn commit_succeeded(db: &Db) {
    update(|files| {
        files.remove(&file_of(db));
    });
}

fn writes_in_doubt(db: &Db) -> bool {
    let mut doubt = false;
    update(|files| doubt = files.contains(&file_of(db)));
    doubt
}

/// `Ok` when the database can take a write: SQLite's error otherwise
/// (read-only, full, locked…), for the caller to say which.
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    if writes_in_doubt(db) {
        return probe_write(db).await;
    }
    // On a read-only database SQLite quietly makes BEGIN IMMEDIATE a read
    // transaction; a DELETE, even of nothing, needs write access and says so.
    // One round trip to the connection (a health check is polled often).
    let mut conn = db.acquire().await?;
    let probed = sqlx::query("BEGIN IMMEDIATE; DELETE FROM storage_probe WHERE rowid < 0; ROLLBACK").execute(&mut *conn).await;
    if probed.is_err() {
        // Perhaps left inside the transaction: closed, never pooled again (see `tx`).
        drop(conn.detach());
    }
    probed.map(|_| ())
}

/// A real commit of a few pages, which needs as much room as a long message.
/// Its success clears the doubt; its failure keeps it.
async fn probe_write(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = begin(db).await?;
    sqlx::query("INSERT INTO storage_probe (filler) VALUES (zeroblob($1))")
        .bind(STORAGE_PROBE_BYTES)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM storage_probe").execute(&mut *tx).await?;
    tx.commit().await
}
