//! Opening a PostgreSQL database: the pool with its settings, a version check,
//! then the migrations. sqlx's migrator holds a PostgreSQL advisory lock
//! (keyed on the database's name) while it applies them, so a node that
//! starts while another is migrating waits, then finds nothing left to do.

use super::open::{OpenError, OpenOptions};
use super::{Db, POSTGRES_MIGRATOR};
use crate::domain::limits::POSTGRES_MIN_VERSION;
use sqlx::Executor;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use std::str::FromStr;

pub(super) async fn open(url: &str, options: &OpenOptions) -> Result<Db, OpenError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(OpenError::Postgres(
            "l’adresse de la base (--database-url, DATABASE_URL) doit commencer par postgres:// ; \
             sans elle, le forum utilise SQLite dans son répertoire de données"
                .into(),
        ));
    }
    if options.read_only || options.max_page_count.is_some() {
        return Err(OpenError::Postgres("read_only and max_page_count are SQLite test settings".into()));
    }
    let statement_timeout = options.settings.statement_timeout.as_millis();
    let db = AnyPoolOptions::new()
        .max_connections(options.settings.max_connections)
        .acquire_timeout(options.settings.acquire_timeout)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                // A statement, lock waits included, never holds a request
                // longer than this; a session left idle inside a transaction
                // (a stuck client) loses it rather than holding its locks.
                conn.execute(
                    format!(
                        "SET statement_timeout = {statement_timeout}; \
                         SET idle_in_transaction_session_timeout = {}",
                        statement_timeout * 2
                    )
                    .as_str(),
                )
                .await
                .map(|_| ())
            })
        })
        .connect_with(AnyConnectOptions::from_str(url)?)
        .await?;
    let version: String = sqlx::query_scalar("SELECT current_setting('server_version_num')").fetch_one(&db).await?;
    if version.parse::<u32>().unwrap_or(0) < POSTGRES_MIN_VERSION {
        db.close().await;
        return Err(OpenError::Postgres(format!(
            "PostgreSQL {} ou plus récent est nécessaire ; ce serveur est en version {version}",
            POSTGRES_MIN_VERSION / 10_000
        )));
    }
    POSTGRES_MIGRATOR.run(&db).await?;
    Ok(db)
}
