//! The Parlons comment server.
//!
//! Layout, in the order a request meets them:
//! - [`settings`]: every setting, from defaults, a TOML file and `PARLONS_*` variables;
//! - [`startup`]: builds the [`App`] and serves it on a listener;
//! - [`http`]: routes of the v1 contract, extractors, CORS, rate limits, the widget's files;
//! - [`error`]: the one HTTP error type and the contract's error body;
//! - [`domain`]: input rules, Markdown to safe HTML, sites, secrets;
//! - [`sites`]: the sites kept in memory for per-request checks;
//! - [`live`]: the broadcast behind the SSE streams;
//! - [`store`]: the storage interface and its SQLite implementation;
//! - [`cli`]: the `parlons` subcommands other than `serve`.

pub mod cache;
pub mod cli;
pub mod domain;
pub mod error;
pub mod guard;
pub mod http;
pub mod import;
pub mod live;
pub mod notify;
pub mod settings;
pub mod sites;
pub mod startup;
pub mod store;
pub mod telemetry;

pub use settings::Settings;
pub use startup::App;
