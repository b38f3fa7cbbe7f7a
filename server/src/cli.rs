//! The `kontor` command line: `serve` (the default), `migrate`, `seed`.

use std::{
    io::{BufWriter, Write},
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::Context;
use clap::{Parser, Subcommand};
use engine::{
    Engine,
    exchange::{
        ImportOptions, MissingCategories, ShopifyFile, parse_product_line, parse_shopify_csv,
    },
    seed::{demo_catalog, synthetic_catalog},
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::{AppState, settings::Settings};

mod staff;

/// Kontor: headless B2B and B2C commerce.
#[derive(Debug, Parser)]
#[command(name = "kontor", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import data from a file.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export data to a file or standard output.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Serve the storefront (migrates first; with KONTOR_DEMO=1 seeds the demo shop into an empty database).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Add, list and disable back-office staff.
    Staff {
        #[command(subcommand)]
        what: staff::StaffCommand,
    },
    /// Make, list and revoke API keys.
    ApiKey {
        #[command(subcommand)]
        what: ApiKeyCommand,
    },
    /// Load the demo shop (--demo) or a synthetic load-test catalog (--products N) into an empty shop, and with
    /// --orders N an order history for load tests, and exit. All create accounts whose password is published or
    /// orders nobody placed: never run it on a shop that faces the internet.
    #[command(group = clap::ArgGroup::new("what").required(true).multiple(true))]
    Seed {
        /// The demo shop: catalog, channels, and companies with accounts whose password is `kontor-demo`. Safe to
        /// run twice (a shop that has products is left alone).
        #[arg(long, group = "what")]
        demo: bool,
        /// Generate a synthetic catalog of this many products (the demo tree, ~2 variants each) for load tests.
        #[arg(long, value_name = "N", group = "what", conflicts_with = "demo")]
        products: Option<u32>,
        /// Then write this many synthetic orders of the shop's buyers over the last 180 days, in every status,
        /// for load tests of the back office (also on a shop seeded before).
        #[arg(long, value_name = "N", group = "what")]
        orders: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
enum ImportWhat {
    /// Products from Kontor's NDJSON (one product per line) or Shopify's product CSV, upserted by handle and SKU.
    Products {
        /// The file to read.
        file: PathBuf,
        /// Import nothing if any line is bad.
        #[arg(long)]
        strict: bool,
        /// The file's format; by default `shopify` for a `.csv` file, `ndjson` otherwise.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Shopify CSV only: put every product in this category (by slug) instead of the one named by `Type`.
        #[arg(long, value_name = "SLUG")]
        category: Option<String>,
        /// What to do with a product whose category the shop lacks: create the category (named by the file's
        /// `Type`), put the product in `uncategorised`, or refuse the line.
        #[arg(long, value_enum, default_value_t = Missing::Create)]
        missing_categories: Missing,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Missing {
    /// Create the missing category.
    Create,
    /// Put the product in the `uncategorised` category.
    Uncategorised,
    /// Refuse the line.
    Refuse,
}

impl From<Missing> for MissingCategories {
    fn from(missing: Missing) -> Self {
        match missing {
            Missing::Create => Self::Create,
            Missing::Uncategorised => Self::Uncategorised,
            Missing::Refuse => Self::Refuse,
        }
    }
}

#[derive(Debug, Subcommand)]
enum ApiKeyCommand {
    /// Make a key and print it (the only time it is shown). With --scope it is a secret key for the admin API;
    /// without, a publishable key for the store API of --channel.
    Create {
        /// A label for people, e.g. "ERP sync".
        #[arg(long, default_value = "API key")]
        name: String,
        /// A scope of a secret key (repeat it, or separate with commas): catalog:read, catalog:write,
        /// inventory:read, inventory:write, customers:read, customers:write, orders:read, orders:write,
        /// webhooks:manage, keys:manage, settings:read, settings:write, staff:manage, audit:read.
        #[arg(long, value_delimiter = ',')]
        scope: Vec<String>,
        /// The channel of a publishable key (its code); the default channel when left out.
        #[arg(long)]
        channel: Option<String>,
        /// Bind a secret key to this company (its code): it then sees that company's data only.
        #[arg(long)]
        company: Option<String>,
        /// Requests a minute before 429.
        #[arg(long, value_name = "N")]
        rate: Option<u32>,
    },
    /// List keys (never their secrets).
    List,
    /// Revoke a key by id, at once.
    Revoke {
        /// The key's id, as `list` shows it.
        id: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Kontor's NDJSON exchange format.
    Ndjson,
    /// Shopify's product CSV.
    Shopify,
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    /// Every product as NDJSON, in the format `import products` reads.
    Products {
        /// Where to write; standard output when left out.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

impl Cli {
    /// Runs the chosen command with settings from the environment.
    pub async fn run(self, settings: Settings) -> anyhow::Result<()> {
        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(settings).await,
            Command::Import {
                what:
                    ImportWhat::Products {
                        file,
                        strict,
                        format,
                        category,
                        missing_categories,
                    },
            } => {
                let format = format.unwrap_or(
                    if file
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                    {
                        Format::Shopify
                    } else {
                        Format::Ndjson
                    },
                );
                let options = ImportOptions {
                    strict,
                    missing_categories: missing_categories.into(),
                    ..ImportOptions::default()
                };
                import_products(&settings, &file, options, format, category.as_deref()).await
            }
            Command::Export {
                what: ExportWhat::Products { output },
            } => export_products(&settings, output.as_deref()).await,
            Command::ApiKey { what } => api_key(&settings, what).await,
            Command::Staff { what } => staff::run(&settings, what).await,
            Command::Migrate => {
                connect(&settings).await?;
                println!("migrations applied");
                Ok(())
            }
            Command::Seed {
                products,
                demo,
                orders,
            } => {
                let engine = connect(&settings).await?;
                if products.is_some() || demo {
                    seed_catalog(&engine, products).await?;
                }
                if let Some(n) = orders {
                    let started = Instant::now();
                    let written = engine.seed_orders(n).await.context("seeding orders")?;
                    println!(
                        "seeded {written} orders in {:.1} s",
                        started.elapsed().as_secs_f64()
                    );
                }
                Ok(())
            }
        }
    }
}

/// The demo shop, or a synthetic catalog of `products` products, into an empty shop.
async fn seed_catalog(engine: &Engine, products: Option<u32>) -> anyhow::Result<()> {
    let started = Instant::now();
    let catalog = match products {
        Some(n) => synthetic_catalog(n),
        None => demo_catalog(),
    };
    let summary = engine.seed(&catalog).await.context("seeding the catalog")?;
    if products.is_none() {
        for member in engine.seed_demo_staff().await.context("seeding staff")? {
            println!("demo staff: {} ({})", member.email, member.role);
        }
    }
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

async fn import_products(
    settings: &Settings,
    file: &Path,
    mut options: ImportOptions,
    format: Format,
    category: Option<&str>,
) -> anyhow::Result<()> {
    let engine = connect(settings).await?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let started = Instant::now();
    let records: Vec<_> = match format {
        Format::Ndjson => text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, parse_product_line(l)))
            .collect(),
        Format::Shopify => {
            let ShopifyFile {
                records,
                category_names,
            } = parse_shopify_csv(&text, settings.currency.code(), category);
            options.category_names = category_names;
            options.keep_stored_extras = true;
            records
        }
    };
    // Drawn on standard error only when it is a terminal, so scripts and CI logs stay clean.
    let bar = ProgressBar::new(records.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} products {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = engine
        .import_records_with(
            &engine::Actor::process("cli"),
            records,
            &options,
            |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            },
        )
        .await
        .context("importing products")?;
    bar.finish_and_clear();
    if !report.categories_created.is_empty() {
        println!(
            "created categories: {}",
            report.categories_created.join(", ")
        );
    }
    for error in &report.errors {
        eprintln!("{}:{}: {}", file.display(), error.line, error.message);
    }
    if report.committed {
        println!(
            "{} created, {} updated, {} unchanged, {} bad lines in {:.1} s",
            report.created,
            report.updated,
            report.unchanged,
            report.errors.len(),
            started.elapsed().as_secs_f64()
        );
    } else {
        println!(
            "nothing imported: {} bad lines (--strict)",
            report.errors.len()
        );
    }
    if report.errors.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("{} lines could not be imported", report.errors.len())
    }
}

async fn export_products(settings: &Settings, output: Option<&Path>) -> anyhow::Result<()> {
    let engine = connect(settings).await?;
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut after = 0;
    loop {
        let page = engine
            .export_products(&engine::Actor::process("cli"), after, 1000)
            .await
            .context("reading products")?;
        let Some((last, _)) = page.last() else { break };
        after = *last;
        for (_, record) in &page {
            serde_json::to_writer(&mut out, record)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Connects and migrates: every command needs an up-to-date schema. Secrets still stored in clear are sealed, and
/// a key that opens none of the sealed ones stops the command here rather than failing each delivery later.
async fn connect(settings: &Settings) -> anyhow::Result<Engine> {
    let mut config = settings.engine_config();
    config.secret_key = match &settings.secret_key {
        Some(key) => key.clone(),
        None => crate::key_file::load_or_create(&settings.data_dir)
            .context("reading the key for stored secrets (KONTOR_SECRET_KEY unset)")?,
    };
    let engine = Engine::connect(&settings.database_url, config)
        .await
        .context("connecting to DATABASE_URL")?;
    engine.migrate().await.context("applying migrations")?;
    let sealed = engine
        .seal_webhook_secrets()
        .await
        .context("opening the stored webhook secrets")?;
    if sealed > 0 {
        tracing::info!(sealed, "sealed webhook secrets that were stored in clear");
    }
    Ok(engine)
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut engine = connect(&settings).await?;
    if let Some(url) = &settings.erp_url {
        engine = engine.with_erp(
            std::sync::Arc::new(crate::erp::HttpErp::new(url, settings.http_erp_options())),
            settings.erp_limits(),
        );
    }
    if settings.demo && engine.catalog_is_empty().await? {
        let summary = engine
            .seed(&demo_catalog())
            .await
            .context("seeding the demo shop")?;
        let staff = engine
            .seed_demo_staff()
            .await
            .context("seeding the demo's staff")?;
        tracing::info!(
            products = summary.products,
            staff = staff.len(),
            "seeded the demo shop into an empty database (KONTOR_DEMO)"
        );
    }
    // Checking the demo accounts' passwords is a few deliberately slow hashes: not worth holding the start for.
    {
        let engine = engine.clone();
        tokio::spawn(async move {
            if let Err(error) = warn_about_setup(&engine).await {
                tracing::warn!(%error, "could not check the shop's setup");
            }
        });
    }
    if let Some(path) = crate::setup_file::prepare(&engine, &settings.data_dir).await? {
        tracing::warn!(
            path = %path.display(),
            url = %format!("{}/admin/setup", settings.public_url),
            "this shop has no staff yet: open the setup page with the one-time token in this file (it works for \
             an hour; a restart makes a new one), or use `kontor staff create`"
        );
    }
    // Pages are served while the search index is reopened or built; a search that comes first waits for it.
    // Other app servers' catalog changes are polled from now on.
    {
        let engine = engine.clone();
        tokio::spawn(async move {
            match engine.warm_up().await {
                Ok(start) => tracing::info!(
                    reopened = start.reopened,
                    products = start.products,
                    ready_ms = started.elapsed().as_millis() as u64,
                    "the search index is ready"
                ),
                // The next search tries again.
                Err(error) => tracing::error!(%error, "could not build the search index"),
            }
        });
    }
    let refresher = engine.spawn_refresher();
    let mailer = crate::mailer::Mailer::new(
        settings.smtp_url.as_deref(),
        settings.mail_dir.clone(),
        &settings.mail_from,
    )?;
    // Stopping mid-send at shutdown is safe: the claim's lease runs out and another app server sends the email.
    let mailer = tokio::spawn(mailer.run(engine.clone(), std::future::pending()));
    let webhooks = tokio::spawn(crate::webhooks::run(engine.clone(), std::future::pending()));
    // Unpaid orders paid in advance expire at their deadline, and orders nobody approved in time are declined, both
    // releasing their stock; every app server looks each minute, and an order changes once however many look.
    let expirer = {
        let engine = engine.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                match engine.expire_unpaid_orders().await {
                    Ok(expired) if !expired.is_empty() => {
                        tracing::info!(orders = %expired.join(", "), "expired unpaid orders");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "could not expire unpaid orders"),
                }
                match engine.decline_expired_approvals().await {
                    Ok(declined) if !declined.is_empty() => {
                        tracing::info!(orders = %declined.join(", "), "declined orders nobody approved in time");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "could not decline expired approvals"),
                }
                match engine.expire_quotes().await {
                    Ok(expired) if !expired.is_empty() => {
                        tracing::info!(quotes = %expired.join(", "), "expired quotes nobody accepted in time");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "could not expire quotes"),
                }
            }
        })
    };
    // Kept answers of idempotent requests expire after a day, and whatever else has expired goes too (see
    // `Engine::purge_expired`); every app server sweeps now and then.
    let sweeper = {
        let engine = engine.clone();
        let history = settings.retention();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                every.tick().await;
                if let Err(e) = engine.purge_idempotent().await {
                    tracing::warn!(error = %e, "could not drop expired idempotent answers");
                }
                match engine
                    .purge_expired(std::time::SystemTime::now(), history)
                    .await
                {
                    Ok(purged) => tracing::debug!(?purged, "purged expired rows"),
                    Err(e) => tracing::warn!(error = %e, "could not purge expired rows"),
                }
            }
        })
    };
    let state = AppState {
        engine: engine.clone(),
        leptos: settings.leptos_options(),
        site_url: app::SiteUrl(settings.public_url.clone()),
        page_cache_bytes: u64::from(settings.page_cache_mb) * 1024 * 1024,
        clients: crate::client::Clients::new(
            settings.trusted_proxies.clone(),
            settings.api_anonymous_per_minute,
        ),
        bulk_max_bytes: settings.bulk_max_bytes(),
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
    // The socket's address is the client's unless a trusted proxy says otherwise (`client::layer`).
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving")?;
    refresher.abort();
    mailer.abort();
    webhooks.abort();
    sweeper.abort();
    expirer.abort();
    engine.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Says at start what a merchant must know before putting this shop on the internet: that it is not set up yet,
/// or that accounts with the published demo password can sign in.
async fn warn_about_setup(engine: &Engine) -> anyhow::Result<()> {
    if engine.channels().await?.is_empty() {
        tracing::warn!(
            "this shop is not open yet: it has no channel, so the storefront answers \"not open yet\". \
             `kontor seed --demo` (or KONTOR_DEMO=1 on an empty database) loads the demo shop; \
             `kontor import products FILE` and the admin API (`kontor api-key create`) fill a shop of your own"
        );
    }
    let demo = engine.demo_accounts().await?;
    if !demo.is_empty() {
        tracing::warn!(
            accounts = %demo.join(", "),
            "demo accounts with the published password `kontor-demo` can sign in to this shop; \
             do not put it on the internet as it is"
        );
    }
    Ok(())
}

async fn api_key(settings: &Settings, what: ApiKeyCommand) -> anyhow::Result<()> {
    let engine = connect(settings).await?;
    match what {
        ApiKeyCommand::Create {
            name,
            scope,
            channel,
            company,
            rate,
        } => {
            let scopes = scope
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| engine::Scope::parse(s))
                .collect::<Result<Vec<_>, _>>()?;
            let kind = if scopes.is_empty() {
                engine::KeyKind::Publishable
            } else {
                engine::KeyKind::Secret
            };
            let created = engine
                .create_api_key(
                    &engine::Actor::process("cli"),
                    engine::NewApiKey {
                        kind,
                        name,
                        scopes,
                        channel,
                        company,
                        rate_per_minute: rate,
                    },
                )
                .await?;
            eprintln!(
                "made {} key {} ({}); it is shown this once:",
                created.key.kind.as_str(),
                created.key.id,
                describe_key(&created.key)
            );
            println!("{}", created.secret);
        }
        ApiKeyCommand::List => {
            for key in engine.api_keys(&engine::Actor::process("cli")).await? {
                println!(
                    "{:>4}  {:<11}  {}…  {:<24}  {}{}",
                    key.id,
                    key.kind.as_str(),
                    key.prefix,
                    key.name,
                    describe_key(&key),
                    if key.revoked_at_ms.is_some() {
                        "  REVOKED"
                    } else {
                        ""
                    }
                );
            }
        }
        ApiKeyCommand::Revoke { id } => {
            let key = engine
                .revoke_api_key(&engine::Actor::process("cli"), id)
                .await?;
            println!("revoked key {} ({})", key.id, key.name);
        }
    }
    Ok(())
}

fn describe_key(key: &engine::ApiKey) -> String {
    let mut parts = Vec::new();
    if let Some((_, channel)) = &key.channel {
        parts.push(format!("channel {channel}"));
    }
    if !key.scopes.is_empty() {
        let scopes: Vec<&str> = key.scopes.iter().map(|s| s.as_str()).collect();
        parts.push(scopes.join(","));
    }
    if let Some(company) = &key.company {
        parts.push(format!("company {}", company.code));
    }
    parts.push(format!("{}/min", key.rate_per_minute));
    parts.join(", ")
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
