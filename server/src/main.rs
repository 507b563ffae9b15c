use anyhow::Context;
use app::store::{self, Db, OpenOptions};
use clap::Parser;
use server::cli::{Cli, Command, DataArgs, DbArgs};
use server::{AppState, Config};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

/// jemalloc rather than glibc's malloc (why: `server/Cargo.toml`).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    match Cli::parse().command {
        Command::Serve { data, addr, site_root, page_cache_bytes, public_url, local_signup, lease_seconds, proconnect, mail } => {
            let proconnect = proconnect.into_config(public_url.clone()).context("ProConnect settings")?;
            if let Some(pc) = &proconnect {
                tracing::info!(issuer = %pc.issuer, redirect_uri = %pc.redirect_uri(), "ProConnect sign-in enabled");
            }
            let db = open(&data).await?;
            let config = Config { data_dir: data.data_dir, site_root, addr, public_url, local_signup, page_cache_bytes };
            let search = app::search::SearchIndex::open(&db, &config.data_dir).await.context("index de recherche")?;
            let indexer = server::workers::indexer::spawn(db.clone(), search.clone());
            let links_to = config.public_url.clone().unwrap_or_else(|| format!("http://{addr}"));
            let mail_settings = Arc::new(
                app::mail::MailSettings::load(&db, &links_to, mail.mail_from.as_deref()).await.map_err(anyhow::Error::msg)?,
            );
            let transport = mail.transport(&config.data_dir).context("réglages du courriel")?;
            let mailers = server::workers::mail::spawn(db.clone(), mail_settings.clone(), transport);
            let proconnect = proconnect.map(|c| Arc::new(server::proconnect::ProConnect::new(c)));
            let state = AppState::new(db.clone(), config.clone(), proconnect, search, mail_settings)
                .context("fichiers statiques du site")?;
            // Background work that runs once across nodes stops (and gives its
            // lease back) when this turns true.
            let (stop_workers, stopping) = tokio::sync::watch::channel(false);
            let holder = server::workers::lease::holder_name();
            let lease = server::workers::lease::Lease::new(db.clone(), server::maintenance::LEASE, &holder, lease_seconds);
            let maintenance = server::workers::maintenance::spawn(db.clone(), lease, stopping.clone());
            let served = match tokio::net::TcpListener::bind(addr).await {
                Ok(listener) => {
                    tracing::info!(
                        "Jonction listening on http://{addr} (data in {}, database: {:?})",
                        config.data_dir.display(),
                        store::backend(&state.db)
                    );
                    let listener = server::sendfile::Listener::new(listener, state.assets.region.clone());
                    axum::serve(listener, server::router::build(state))
                        .with_graceful_shutdown(stop_requested())
                        .await
                        .context("serving")
                }
                Err(e) => Err(e).with_context(|| format!("listening on {addr}")),
            };
            // The requests in progress are answered; leases go back to the other nodes.
            let _ = stop_workers.send(true);
            let _ = maintenance.await;
            // Between two batches: every applied change is committed to the index.
            indexer.abort();
            // After their current pass: a mail being accepted is recorded as sent.
            mailers.stop().await;
            let backend = store::backend(&db);
            close(db).await?;
            served?;
            match backend {
                store::Backend::Sqlite => tracing::info!("stopped; the database file holds everything"),
                store::Backend::Postgres => tracing::info!("stopped"),
            }
        }
        Command::Reindex { data } => {
            let db = open(&data).await?;
            let started = std::time::Instant::now();
            let rebuilt = app::search::reindex(&db, &data.data_dir).await;
            close(db).await?;
            let rebuilt = rebuilt.context("reconstruction de l’index de recherche")?;
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "Index de recherche reconstruit dans {} : {} fils, {} messages en {seconds:.1} s ({:.0} messages/s). Un forum en marche passe au nouvel index en moins d’une seconde.",
                app::search::search_dir(&data.data_dir).display(),
                rebuilt.threads,
                rebuilt.posts,
                rebuilt.posts as f64 / seconds.max(0.001)
            );
        }
        Command::Migrate { data } => {
            let db = open(&data).await?;
            close(db).await?;
            println!("Base de données à jour dans {}", data.data_dir.display());
        }
        Command::SeedDemo { data } => {
            let db = open(&data).await?;
            let report = server::demo::seed(&db).await;
            close(db).await?;
            println!("{}", report?);
        }
        Command::CreateAdmin { data, email, name, password_file } => {
            let password = match password_file {
                Some(path) => std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                None => std::env::var("JONCTION_ADMIN_PASSWORD")
                    .context("give --password-file or set JONCTION_ADMIN_PASSWORD")?,
            };
            let db = open(&data).await?;
            let created = app::forum::auth::create_admin(&db, &email, &name, &password).await;
            close(db).await?;
            let id = created.map_err(|e| anyhow::anyhow!(e.message()))?;
            println!("Administrateur n° {id} : {email}");
        }
        Command::MigrateToPostgres { from_data_dir, db } => {
            anyhow::ensure!(db.database_url.is_some(), "donnez la base PostgreSQL de destination : --database-url ou DATABASE_URL");
            let source_file = from_data_dir.join(store::DATABASE_FILE);
            anyhow::ensure!(source_file.exists(), "aucun forum SQLite à copier : {} n’existe pas", source_file.display());
            // The source is opened as every subcommand opens it: checked, and migrated to this version.
            let sqlite = open(&DataArgs { data_dir: from_data_dir, db: DbArgs { database_url: None, ..db.clone() } }).await?;
            let postgres = open(&DataArgs { data_dir: std::env::temp_dir(), db }).await;
            let copied = match &postgres {
                Ok(postgres) => store::copy::sqlite_to_postgres(&sqlite, postgres).await.map_err(anyhow::Error::from),
                Err(_) => Ok(Default::default()),
            };
            close(sqlite).await?;
            let postgres = postgres?;
            close(postgres).await?;
            let report = copied.context("copie vers PostgreSQL refusée ou échouée ; rien n’a été écrit")?;
            for (table, rows) in &report.tables {
                println!("{table:<24} {rows:>10} lignes");
            }
            println!(
                "Copie terminée et vérifiée : {} tables, {} lignes, comptes identiques des deux côtés. \
                 Démarrez maintenant les serveurs avec --database-url (voir le README).",
                report.tables.len(),
                report.tables.values().sum::<i64>()
            );
        }
        Command::ImportMbox { data, files, tags, list_name } => {
            let db = open(&data).await?;
            let imported = server::import::run(&db, &files, &tags, list_name).await;
            close(db).await?;
            println!("{}", imported?.summary());
        }
        Command::Backup { data, file } => {
            // Opening would create an empty forum: there must be one to copy.
            let source = data.data_dir.join(store::DATABASE_FILE);
            anyhow::ensure!(
                data.db.database_url.is_some() || source.exists(),
                "aucune base de données à sauvegarder : {} n’existe pas",
                source.display()
            );
            let db = open(&data).await?;
            let copied = store::backup::backup(&db, &file).await;
            close(db).await?;
            let report = copied.context("sauvegarde refusée ou échouée")?;
            println!(
                "Sauvegarde écrite dans {} ({} octets) et vérifiée (PRAGMA quick_check : ok) : {} fils, {} messages, {} membres.",
                report.path.display(),
                report.bytes,
                report.threads,
                report.posts,
                report.members
            );
        }
    }
    Ok(())
}

async fn open(data: &DataArgs) -> anyhow::Result<Db> {
    let options = OpenOptions { settings: data.db.settings(), ..Default::default() };
    let db = store::open(&data.data_dir, &options).await.with_context(|| match &data.db.database_url {
        Some(_) => "ouverture de la base de données PostgreSQL (--database-url)".to_string(),
        None => format!("ouverture de la base de données dans {}", data.data_dir.display()),
    })?;
    tracing::debug!(backend = ?store::backend(&db), "database open");
    Ok(db)
}

/// Every subcommand ends here, so that the main database file alone holds
/// everything that was acknowledged.
async fn close(db: Db) -> anyhow::Result<()> {
    store::close(db).await.context("écriture du journal (WAL) dans la base et fermeture")
}

/// SIGTERM (service managers, `kill`) or SIGINT (Ctrl-C): stop accepting,
/// let the requests in progress finish.
async fn stop_requested() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("installing the SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT: finishing the requests in progress"),
        _ = term.recv() => tracing::info!("SIGTERM: finishing the requests in progress"),
    }
}
