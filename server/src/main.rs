use anyhow::Context;
use app::store::{self, Db, OpenOptions};
use clap::Parser;
use server::cli::{Cli, Command};
use server::{AppState, Config};
use std::path::Path;
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    match Cli::parse().command {
        Command::Serve { data, addr, site_root, page_cache_bytes, public_url, local_signup, proconnect, mail } => {
            let proconnect = proconnect.into_config(public_url.clone()).context("ProConnect settings")?;
            if let Some(pc) = &proconnect {
                tracing::info!(issuer = %pc.issuer, redirect_uri = %pc.redirect_uri(), "ProConnect sign-in enabled");
            }
            let config = Config { data_dir: data.data_dir, site_root, addr, public_url, local_signup, page_cache_bytes };
            let db = open(&config.data_dir).await?;
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
            server::workers::maintenance::spawn(state.db.clone());
            let served = match tokio::net::TcpListener::bind(addr).await {
                Ok(listener) => {
                    tracing::info!("Jonction listening on http://{addr} (data in {})", config.data_dir.display());
                    axum::serve(listener, server::router::build(state))
                        .with_graceful_shutdown(stop_requested())
                        .await
                        .context("serving")
                }
                Err(e) => Err(e).with_context(|| format!("listening on {addr}")),
            };
            // Between two batches: every applied change is committed to the index.
            indexer.abort();
            // After their current pass: a mail being accepted is recorded as sent.
            mailers.stop().await;
            close(db).await?;
            served?;
            tracing::info!("stopped; the database file holds everything");
        }
        Command::Reindex { data } => {
            let db = open(&data.data_dir).await?;
            let started = std::time::Instant::now();
            let rebuilt = app::search::reindex(&db, &data.data_dir).await;
            close(db).await?;
            let threads = rebuilt.context("reconstruction de l’index de recherche")?;
            println!(
                "Index de recherche reconstruit dans {} : {threads} fils en {:.1} s. Un forum en marche passe au nouvel index en moins d’une seconde.",
                app::search::search_dir(&data.data_dir).display(),
                started.elapsed().as_secs_f64()
            );
        }
        Command::Migrate { data } => {
            let db = open(&data.data_dir).await?;
            close(db).await?;
            println!("Base de données à jour dans {}", data.data_dir.display());
        }
        Command::SeedDemo { data } => {
            let db = open(&data.data_dir).await?;
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
            let db = open(&data.data_dir).await?;
            let created = app::forum::auth::create_admin(&db, &email, &name, &password).await;
            close(db).await?;
            let id = created.map_err(|e| anyhow::anyhow!(e.message()))?;
            println!("Administrateur n° {id} : {email}");
        }
        Command::ImportMbox { data, files, tags, list_name } => {
            let db = open(&data.data_dir).await?;
            let imported = server::import::run(&db, &files, &tags, list_name).await;
            close(db).await?;
            println!("{}", imported?.summary());
        }
        Command::Backup { data, file } => {
            // Opening would create an empty forum: there must be one to copy.
            let source = data.data_dir.join(store::DATABASE_FILE);
            anyhow::ensure!(source.exists(), "aucune base de données à sauvegarder : {} n’existe pas", source.display());
            let db = open(&data.data_dir).await?;
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

async fn open(data_dir: &Path) -> anyhow::Result<Db> {
    store::open(data_dir, &OpenOptions::default())
        .await
        .with_context(|| format!("ouverture de la base de données dans {}", data_dir.display()))
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
