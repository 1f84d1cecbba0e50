//! The `parlons` command line. `serve` lives in `main.rs`; the rest work on the database
//! directly, and a running server sees their effect within seconds.

pub mod backup;
pub mod export;
pub mod filter;
pub mod healthcheck;
pub mod import;
pub mod migrate_data;
pub mod moderator;
mod private_file;
pub mod site;
pub mod site_provider;
pub mod webhook;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Parlons: a self-hosted comment server.
#[derive(Debug, Parser)]
#[command(name = "parlons", version, about)]
pub struct Cli {
    /// A TOML settings file; `PARLONS_*` variables override it.
    #[arg(long, global = true, env = crate::settings::CONFIG_FILE_VAR)]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per process: the size of a command does not matter"
)]
pub enum Command {
    /// Serve the API, the live streams, the widget and the demo page.
    Serve,
    /// Ask the server at `bind` whether it is healthy: exit 0 when `/healthz` answers 200
    /// (for container health checks; an image with no shell has no curl).
    Healthcheck,
    /// Create the database or bring its schema up to date, then exit.
    Migrate,
    /// Copy every table from one database to another (SQLite to PostgreSQL or back).
    MigrateData(migrate_data::MigrateData),
    /// Add, list, update or remove the sites that embed the widget.
    #[command(subcommand)]
    Site(site::SiteCommand),
    /// Add, list or remove moderators, change passwords, make API tokens.
    #[command(subcommand)]
    Moderator(moderator::ModeratorCommand),
    /// Add, list or remove the URLs a site's comment events are POSTed to (signed).
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// Add, list or remove the words and phrases that hold or refuse a site's comments.
    #[command(subcommand)]
    Filter(filter::FilterCommand),
    /// Bring in the comments of Disqus, WordPress, Isso or another Parlons (idempotent).
    Import(import::Import),
    /// Write every comment of a site as JSON, which `parlons import parlons` reads back.
    Export(export::Export),
    /// Copy the live SQLite database to a file, consistently, while the server serves.
    Backup(backup::Backup),
    /// The settings file.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print every setting with its default and what it does, as a TOML file to start from.
    PrintDefault,
    /// Print the settings in effect (defaults, then the file, then `PARLONS_*` variables).
    Print,
}
