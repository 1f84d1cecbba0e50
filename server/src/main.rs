//! `parlons`: the server and its command line. The work is in the library.

use anyhow::Context;
use clap::{CommandFactory, FromArgMatches};
use parlons_server::cli::{
    Cli, Command, ConfigCommand, backup, export, healthcheck, import, migrate_data, moderator, site,
};
use parlons_server::{App, Settings, store, telemetry};
use tokio::net::TcpListener;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> anyhow::Result<()> {
    // jemalloc's own thread gives freed memory back after 10 s even while the server is
    // idle (without it, only allocations do). Failing leaves that to allocations: harmless.
    let _ = tikv_jemalloc_ctl::background_thread::write(true);
    runtime()
        .context("could not start the async runtime")?
        .block_on(run())
}

/// On one CPU (a small VPS, a container given one), a current-thread runtime: no work
/// stealing, no waking of other workers, the same code (the API tests run the whole server on
/// one). The counts call at 64 connections on one CPU went from 62,090 to 68,655 req/s with it
/// (side by side, 4 rounds, 2026-11-29). On more CPUs, a worker per CPU.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    // Before any thread starts: two malloc arenas, or one per CPU on larger machines.
    parlons_server::os::limit_malloc_arenas(cpus.max(2));
    let mut builder = if cpus == 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    builder.enable_all().build()
}

/// The command line; `--version` names the widget build the binary carries too.
fn parse_command_line() -> Result<Cli, clap::Error> {
    let widget = parlons_server::http::built_widget_version().map_or_else(
        || "none: reads dist/".to_owned(),
        |version| format!("build {version}"),
    );
    let version = format!("{} (widget: {widget})", env!("CARGO_PKG_VERSION"));
    Cli::from_arg_matches(&Cli::command().version(version).get_matches())
}

async fn run() -> anyhow::Result<()> {
    let cli = parse_command_line()?;
    if let Command::Config(ConfigCommand::PrintDefault) = cli.command {
        print!("{}", parlons_server::settings::DEFAULT_FILE);
        return Ok(());
    }
    let settings = Settings::load(cli.config.as_deref()).context("could not load the settings")?;
    telemetry::init(settings.log_format);
    match cli.command {
        Command::Config(_) => {
            print!("{}", toml_of(&settings)?);
            Ok(())
        }
        Command::Serve => serve(settings).await,
        Command::Healthcheck => {
            let url = healthcheck::healthz_url(settings.bind);
            healthcheck::run(&url, &mut std::io::stdout()).await
        }
        Command::Migrate => {
            store::connect(&settings.database_url).await?;
            println!("the database at {} is up to date", settings.database_url);
            Ok(())
        }
        Command::MigrateData(args) => migrate_data::run(args, &mut std::io::stdout()).await,
        Command::Site(mut command) => {
            if let site::SiteCommand::Update { oidc, .. } = &mut command {
                parlons_server::cli::site_provider::read_secret(oidc, std::io::stdin().lock())?;
            }
            let store = store::connect(&settings.database_url).await?;
            site::run(command, store.as_ref(), &mut std::io::stdout()).await
        }
        Command::Import(args) => {
            let store = store::connect(&settings.database_url).await?;
            import::run(args, store.as_ref(), &mut std::io::stdout()).await
        }
        Command::Export(args) => {
            let store = store::connect(&settings.database_url).await?;
            export::run(args, store.as_ref(), &mut std::io::stdout().lock()).await
        }
        Command::Webhook(command) => {
            let store = store::connect(&settings.database_url).await?;
            parlons_server::cli::webhook::run(command, store.as_ref(), &mut std::io::stdout()).await
        }
        Command::Filter(command) => {
            let store = store::connect(&settings.database_url).await?;
            parlons_server::cli::filter::run(command, store.as_ref(), &mut std::io::stdout()).await
        }
        Command::Backup(args) => {
            let store = store::connect(&settings.database_url).await?;
            backup::run(args, store.as_ref(), &mut std::io::stdout()).await
        }
        Command::Moderator(command) => {
            let store = store::connect(&settings.database_url).await?;
            let mut input = std::io::stdin().lock();
            moderator::run(command, store.as_ref(), &mut input, &mut std::io::stdout()).await
        }
    }
}

/// The settings as TOML, with every secret hidden.
fn toml_of(settings: &Settings) -> anyhow::Result<String> {
    Ok(toml::to_string(&settings.redacted())?)
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let listener = TcpListener::bind(settings.bind)
        .await
        .with_context(|| format!("could not listen on {}", settings.bind))?;
    let local = listener.local_addr()?;
    let app = App::build(settings, local).await?;
    // Scripts and tests read this line to find the port when binding port 0.
    println!("Parlons listening on http://{local}");
    tracing::info!(%local, "serving");
    app.serve(listener, shutdown_signal()).await
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
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
