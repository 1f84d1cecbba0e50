//! The Parlons comment server.
//!
//! Layers, each knowing only those below it (`scripts/check-layers` keeps it so):
//! - [`http`]: the router and its state, the v1 routes (`http/api`), the tower layers
//!   (`http/layers`), the pages people read (`http/pages`: `/admin`, email links, the widget's
//!   files), the extractors and the accept loop;
//! - [`error`]: the HTTP layer's one error type and the contract's error body;
//! - [`startup`]: builds the [`App`] from [`settings`] and serves it;
//! - [`guard`]: rate limits, blocks, duplicates, challenges, stream quotas and each site's
//!   policy, answering with their own refusal;
//! - [`cache`]: the answer caches and their encoded forms;
//! - [`live`]: the hub behind the SSE streams and the relay between nodes;
//! - [`notify`]: webhooks and emails, through an outbox;
//! - [`import`]: Disqus, WordPress, Isso and Parlons exports, parsed and planned;
//! - [`cli`]: the `parlons` subcommands other than `serve`;
//! - [`sites`]: the sites kept in memory for per-request checks;
//! - [`store`]: the storage traits, with SQLite and PostgreSQL behind one text of SQL;
//! - [`domain`]: input rules, Markdown to safe HTML, sites, secrets, votes: no HTTP, no SQL;
//! - [`telemetry`]: logs and request ids.

pub mod cache;
pub mod cli;
pub mod domain;
pub mod error;
pub mod guard;
pub mod http;
pub mod import;
pub mod live;
pub mod notify;
pub mod os;
pub mod settings;
pub mod sites;
pub mod startup;
pub mod store;
pub mod telemetry;

pub use settings::Settings;
pub use startup::App;
