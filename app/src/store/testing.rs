//! Databases for tests, on the backend the test run selects. Without
//! `JONCTION_TEST_DATABASE_URL`, SQLite in the test's data directory. With it
//! (`postgres://…/postgres` of a throwaway cluster, as `scripts/test.sh`
//! starts one), a fresh PostgreSQL database per test, copied from a template
//! that is migrated once per cluster and set of migrations, and dropped when
//! the test lets go of it. Compiled into every build (it is small) so that
//! the tests and the server share one build.

use super::open::{OpenError, OpenOptions};
use super::{Db, POSTGRES_MIGRATOR};
use sqlx::{Connection, Executor, PgConnection};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The environment variable that selects PostgreSQL for a test run.
pub const TEST_DATABASE_URL: &str = "JONCTION_TEST_DATABASE_URL";

/// The cluster the tests run on, when they run on PostgreSQL.
pub fn postgres_cluster() -> Option<String> {
    std::env::var(TEST_DATABASE_URL).ok().filter(|url| !url.is_empty())
}

pub fn on_postgres() -> bool {
    postgres_cluster().is_some()
}

/// A PostgreSQL database made for one test; dropped (connections and all)
/// when this is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    cluster: String,
    pub name: String,
    pub url: String,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (cluster, name) = (self.cluster.clone(), self.name.clone());
        // Drop cannot await, and may run inside the test's runtime: a thread
        // with its own runtime does it.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&cluster).await.ok()?;
                admin.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str()).await.ok()?;
                admin.close().await.ok()
            })
        })
        .join();
    }
}

/// The file in a test's data directory that names its PostgreSQL database,
/// so that opening the directory again (a restart) finds the same database.
const DATABASE_NAME_FILE: &str = ".test-database";

/// Opens the database of a test whose data directory is `data_dir`: SQLite
/// there, or the PostgreSQL database the directory names, created on first
/// use (and then returned, to be kept as long as the test runs).
pub async fn open(data_dir: &Path, options: &OpenOptions) -> Result<(Db, Option<TestDatabase>), OpenError> {
    let Some(cluster) = postgres_cluster() else { return Ok((super::open(data_dir, options).await?, None)) };
    let named = data_dir.join(DATABASE_NAME_FILE);
    let (url, created) = match std::fs::read_to_string(&named) {
        Ok(name) => (database_url(&cluster, name.trim())?, None),
        Err(_) => {
            let database = create_database(&cluster).await?;
            std::fs::create_dir_all(data_dir).and_then(|_| std::fs::write(&named, &database.name)).map_err(|source| {
                OpenError::DataDir { dir: data_dir.to_path_buf(), source }
            })?;
            (database.url.clone(), Some(database))
        }
    };
    let mut options = options.clone();
    options.settings.database_url = Some(url);
    Ok((super::open(data_dir, &options).await?, created))
}

/// A temporary data directory, removed on drop, with the test's database.
pub struct TestDir {
    pub path: PathBuf,
    pub database: Option<TestDatabase>,
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

static NEXT: AtomicU64 = AtomicU64::new(0);

fn unique_name(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A fresh, migrated, empty database in a new data directory.
pub async fn database() -> (Db, TestDir) {
    let path = std::env::temp_dir().join(unique_name("jonction-test"));
    let (db, database) = open(&path, &OpenOptions::default()).await.expect("test database");
    (db, TestDir { path, database })
}

fn database_url(cluster: &str, name: &str) -> Result<String, sqlx::Error> {
    let mut url: sqlx::any::AnyConnectOptions = cluster.parse()?;
    url.database_url.set_path(&format!("/{name}"));
    Ok(url.database_url.to_string())
}

/// A new database copied from the template of this set of migrations (made
/// first if the cluster has none: one process at a time, under an advisory lock).
pub async fn create_database(cluster: &str) -> Result<TestDatabase, sqlx::Error> {
    let template = format!("jonction_template_{:016x}", migrations_fingerprint());
    let mut admin = PgConnection::connect(cluster).await?;
    if !exists(&mut admin, &template).await? {
        sqlx::query("SELECT pg_advisory_lock($1)").bind(migrations_fingerprint() as i64).execute(&mut admin).await?;
        if !exists(&mut admin, &template).await? {
            // Built under another name and renamed once migrated: a template
            // that exists is complete.
            let building = unique_name("jonction_building");
            admin.execute(format!("CREATE DATABASE \"{building}\"").as_str()).await?;
            let mut conn = PgConnection::connect(&database_url(cluster, &building)?).await?;
            POSTGRES_MIGRATOR.run(&mut conn).await.map_err(|e| sqlx::Error::Migrate(Box::new(e)))?;
            conn.close().await?;
            // The server ends the pool's sessions a moment after they close.
            let rename = format!("ALTER DATABASE \"{building}\" RENAME TO \"{template}\"");
            let mut tries = 0;
            while let Err(e) = admin.execute(rename.as_str()).await {
                tries += 1;
                if tries > 100 {
                    return Err(e);
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
        sqlx::query("SELECT pg_advisory_unlock($1)").bind(migrations_fingerprint() as i64).execute(&mut admin).await?;
    }
    let name = unique_name("jonction_test");
    admin.execute(format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"").as_str()).await?;
    admin.close().await?;
    Ok(TestDatabase { cluster: cluster.to_string(), url: database_url(cluster, &name)?, name })
}

/// A new database without any table (not even migrated).
pub async fn create_empty_database(cluster: &str) -> Result<TestDatabase, sqlx::Error> {
    let mut admin = PgConnection::connect(cluster).await?;
    let name = unique_name("jonction_empty");
    admin.execute(format!("CREATE DATABASE \"{name}\"").as_str()).await?;
    admin.close().await?;
    Ok(TestDatabase { cluster: cluster.to_string(), url: database_url(cluster, &name)?, name })
}

async fn exists(admin: &mut PgConnection, database: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1").bind(database).fetch_optional(admin).await?;
    Ok(found.is_some())
}

/// Changes with every migration added or edited, so that a cluster kept
/// between runs never hands out a template of older migrations.
fn migrations_fingerprint() -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for m in POSTGRES_MIGRATOR.iter() {
        m.version.hash(&mut hasher);
        m.checksum.hash(&mut hasher);
    }
    hasher.finish() >> 1
}
