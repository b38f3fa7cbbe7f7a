//! The `kontor` command line: `serve` (the default), `migrate`, `seed`.

use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use engine::{
    Engine,
    seed::{demo_catalog, synthetic_catalog},
};

use crate::{AppState, settings::Settings};

/// Kontor: headless B2B and B2C commerce.
#[derive(Debug, Parser)]
#[command(name = "kontor", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the storefront (migrates first; seeds the demo catalog into an empty shop unless KONTOR_AUTO_SEED=false).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo catalog (or, with --products, a synthetic one) into an empty shop and exit.
    Seed {
        /// Generate a synthetic catalog of this many products (the demo tree, ~2 variants each) for load tests.
        #[arg(long, value_name = "N")]
        products: Option<u32>,
    },
}

impl Cli {
    /// Runs the chosen command with settings from the environment.
    pub async fn run(self, settings: Settings) -> anyhow::Result<()> {
        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(settings).await,
            Command::Migrate => {
                connect(&settings).await?;
                println!("migrations applied");
                Ok(())
            }
            Command::Seed { products } => {
                let engine = connect(&settings).await?;
                let started = Instant::now();
                let catalog = match products {
                    Some(n) => synthetic_catalog(n),
                    None => demo_catalog(),
                };
                let summary = engine.seed(&catalog).await.context("seeding the catalog")?;
                if summary.skipped {
                    println!("the catalog already has products; nothing was seeded");
                } else {
                    println!(
                        "seeded {} categories, {} products, {} variants in {:.1} s",
                        summary.categories,
                        summary.products,
                        summary.variants,
                        started.elapsed().as_secs_f64()
                    );
                }
                Ok(())
            }
        }
    }
}

/// Connects and migrates: every command needs an up-to-date schema.
async fn connect(settings: &Settings) -> anyhow::Result<Engine> {
    let engine = Engine::connect(&settings.database_url, settings.engine_config())
        .await
        .context("connecting to DATABASE_URL")?;
    engine.migrate().await.context("applying migrations")?;
    Ok(engine)
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let started = Instant::now();
    let engine = connect(&settings).await?;
    if settings.auto_seed && engine.catalog_is_empty().await? {
        let summary = engine
            .seed(&demo_catalog())
            .await
            .context("seeding the demo catalog")?;
        tracing::info!(
            products = summary.products,
            "seeded the demo catalog into an empty shop"
        );
    }
    let state = AppState {
        engine: engine.clone(),
        leptos: settings.leptos_options(),
        site_url: app::SiteUrl(settings.public_url.clone()),
    };
    let router = crate::router(state);
    let listener = tokio::net::TcpListener::bind(settings.site_addr)
        .await
        .with_context(|| format!("listening on LEPTOS_SITE_ADDR={}", settings.site_addr))?;
    tracing::info!(
        address = %settings.site_addr,
        backend = ?engine.backend(),
        startup_ms = started.elapsed().as_millis() as u64,
        "Kontor is serving on http://{}",
        settings.site_addr
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving")?;
    engine.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM: requests in flight finish, new connections are refused.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
