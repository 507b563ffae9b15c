//! Whether the database accepts writes, for `/healthz`, without writing on
//! every call.
//!
//! A write probe (a transaction, a statement that needs write access but
//! matches no row, `ROLLBACK`) finds a read-only, locked or unreachable
//! database without writing anything, but not a full disk: only writing finds
//! that. So transactions report here when one failed or was abandoned, and
//! until a commit succeeds again the health check writes (and deletes) a row
//! itself.

use super::{Backend, Db, backend, begin};
use crate::domain::limits::STORAGE_PROBE_BYTES;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// Databases on which a write failed since the last successful commit, by
/// address (a SQLite file, a PostgreSQL database), not by pool: it is the
/// database's disk that fills up.
static WRITES_IN_DOUBT: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn file_of(db: &Db) -> String {
    let mut url = db.connect_options().database_url.clone();
    let _ = url.set_password(None);
    url.to_string()
}

fn update(f: impl FnOnce(&mut BTreeSet<String>)) {
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

/// Whether a write failed on this database since its last successful commit.
pub fn writes_in_doubt(db: &Db) -> bool {
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
    // PostgreSQL refuses it in a read-only transaction (a standby) as well.
    match backend(db) {
        Backend::Sqlite => {
            // One round trip to the connection (a health check is polled often).
            let mut conn = db.acquire().await?;
            let probed = sqlx::query("BEGIN IMMEDIATE; DELETE FROM storage_probe WHERE rowid < 0; ROLLBACK").execute(&mut *conn).await;
            if probed.is_err() {
                // Perhaps left inside the transaction: closed, never pooled again (see `tx`).
                drop(conn.detach());
            }
            probed.map(|_| ())
        }
        Backend::Postgres => {
            let mut tx = begin(db).await?;
            sqlx::query("DELETE FROM storage_probe WHERE FALSE").execute(&mut *tx).await?;
            tx.rollback().await
        }
    }
}

/// A real commit of a few pages, which needs as much room as a long message.
/// Its success clears the doubt; its failure keeps it.
async fn probe_write(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = begin(db).await?;
    let insert = match backend(db) {
        Backend::Sqlite => "INSERT INTO storage_probe (filler) VALUES (zeroblob($1))",
        Backend::Postgres => "INSERT INTO storage_probe (filler) VALUES (convert_to(repeat('0', CAST($1 AS INTEGER)), 'UTF8'))",
    };
    sqlx::query(insert)
        .bind(STORAGE_PROBE_BYTES)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM storage_probe").execute(&mut *tx).await?;
    tx.commit().await
}
