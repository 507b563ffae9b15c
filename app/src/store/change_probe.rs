//! A cheap way to know that nothing was committed since an earlier moment,
//! for readers of the change log that look very often (the page cache looks
//! before every page it serves). SQLite's WAL-index header, at the start of
//! the `-shm` file beside the database (<https://www.sqlite.org/walformat.html>),
//! changes with every commit by any connection of any process (its change
//! counter, the last valid frame, the salts), before the commit returns;
//! equal bytes mean nothing was committed in between. Reading it is one small
//! read of a file the kernel holds in memory. On any doubt (no such file,
//! unreadable) there is no mark and the caller reads the log itself.
//! PostgreSQL has no such file (LISTEN/NOTIFY could serve); there is no
//! mark and every look reads the log, which is correct, only slower.

use super::{Backend, Db, backend};
use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use std::io::Read;
use std::path::PathBuf;

/// The two copies of the WAL-index header (the checkpoint information after
/// them changes without any commit, so it is left out).
pub type Mark = [u8; 96];

#[derive(Clone, Debug)]
pub struct ChangeProbe {
    /// The SQLite database's `-shm` file; `None` on PostgreSQL.
    shm: Option<PathBuf>,
}

impl ChangeProbe {
    pub fn new(db: &Db) -> ChangeProbe {
        let shm = match backend(db) {
            Backend::Sqlite => SqliteConnectOptions::from_url(&db.connect_options().database_url).ok().map(|options| {
                let mut shm = options.get_filename().as_os_str().to_owned();
                shm.push("-shm");
                PathBuf::from(shm)
            }),
            Backend::Postgres => None,
        };
        ChangeProbe { shm }
    }

    /// The database's state as of now, to compare with a later one.
    pub fn mark(&self) -> Option<Mark> {
        let mut mark = [0u8; 96];
        std::fs::File::open(self.shm.as_ref()?).and_then(|mut f| f.read_exact(&mut mark)).ok()?;
        Some(mark)
    }
}

#[cfg(test)]
mod tests {
    use super::ChangeProbe;

    #[tokio::test]
    async fn every_commit_changes_the_mark_and_nothing_else_does() {
        let dir = tempfile_dir();
        let db = crate::store::open(&dir, &crate::store::OpenOptions::default()).await.unwrap();
        let probe = ChangeProbe::new(&db);
        let before = probe.mark().expect("a WAL database has a WAL index");
        let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM threads").fetch_one(&db).await.unwrap();
        assert_eq!(probe.mark(), Some(before), "reading commits nothing");
        // Another connection, as another process would have.
        let other = crate::store::open(&dir, &crate::store::OpenOptions::default()).await.unwrap();
        sqlx::query("INSERT INTO storage_probe (filler) VALUES (x'00')").execute(&other).await.unwrap();
        let after = probe.mark().unwrap();
        assert_ne!(after, before, "a commit elsewhere changes it");
        sqlx::query("DELETE FROM storage_probe").execute(&db).await.unwrap();
        assert_ne!(probe.mark().unwrap(), after, "and so does the next one");
        other.close().await;
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("jonction-probe-{}-{:?}", std::process::id(), std::thread::current().id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
