use anyhow::Context;
use clap::Parser;
use server::cli::{Cli, Command};
use server::{AppState, Config};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    match Cli::parse().command {
        Command::Serve { data, addr, site_root, public_url, local_signup, proconnect } => {
            let proconnect = proconnect.into_config(public_url.clone()).context("ProConnect settings")?;
            if let Some(pc) = &proconnect {
                tracing::info!(issuer = %pc.issuer, redirect_uri = %pc.redirect_uri(), "ProConnect sign-in enabled");
            }
            let config = Config { data_dir: data.data_dir, site_root, addr, public_url, local_signup };
            let db = app::store::open(&config.data_dir).await.context("opening the database")?;
            let state = AppState {
                db,
                leptos: config.leptos_options(),
                config: Arc::new(config.clone()),
                proconnect: proconnect.map(|c| Arc::new(server::proconnect::ProConnect::new(c))),
            };
            server::maintenance::spawn(state.db.clone());
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
            tracing::info!("Jonction listening on http://{addr} (data in {})", config.data_dir.display());
            axum::serve(listener, server::router::build(state))
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
        }
        Command::Migrate { data } => {
            app::store::open(&data.data_dir).await.context("migrating the database")?;
            println!("Base de données à jour dans {}", data.data_dir.display());
        }
        Command::SeedDemo { data } => {
            let db = app::store::open(&data.data_dir).await?;
            let report = server::demo::seed(&db).await?;
            println!("{report}");
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
            let db = app::store::open(&data.data_dir).await?;
            let id = app::forum::auth::create_admin(&db, &email, &name, &password)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            println!("Administrateur n° {id} : {email}");
        }
    }
    Ok(())
}
