//! The SQL of every store method, written once. Each `impl_*_store!` macro expands to a
//! module that implements one store trait for a backend's store type; `sqlite.rs` and
//! `postgres.rs` invoke them with their store and `sqlx` database types, so the two backends
//! run the very same statements and pass the same tests. Each macro's module names what it
//! uses with its own `use` lines; what differs between the dialects is a [`Dialect`].
//! The statements stick to what both dialects accept (`on conflict do nothing`,
//! `returning`, `cast(.. as bigint)`, `$n` placeholders); the schemas differ and live in
//! `migrations/sqlite` and `migrations/postgres`.

pub mod accounts;
pub mod authors;
pub mod changes;
pub mod comments;
pub mod filters;
pub mod import;
pub mod members;
pub mod moderation;
pub mod notifications;
pub mod pages;
pub mod providers;
pub mod reader_transfer;
pub mod readers;
pub mod reports;
pub mod rows;
pub mod sites;
pub mod small_tables;
pub mod spam;
pub mod stats;
pub mod threads;
pub mod transfer;
pub mod votes;

/// What differs between the backends' SQL; every other statement is one text for both.
/// Each backend's store type implements it, and the shared statements read it by name.
pub trait Dialect {
    /// What an insert with explicit ids needs (PostgreSQL's identity columns want
    /// `overriding system value`).
    const OVERRIDING_IDS: &'static str;
    /// The statements that move id sequences past rows copied with their ids.
    const RESET_SEQUENCES: &'static [&'static str];
    /// The statements that empty every table, in one transaction.
    const CLEAR_ALL: &'static [&'static str];
    /// The statement that copies the live database into the file `$1`, where there is one.
    const BACKUP_INTO: Option<&'static str>;
    /// The statement that logs a change of site `$1`'s blocks or filters (`change_log`), for
    /// writes that change many rows at once and log one change, not one per row.
    const LOG_BLOCKS_CHANGE: &'static str;
    /// `comment.created_at`'s UTC day as `YYYY-MM-DD` text.
    const DAY_OF_CREATED_AT: &'static str;
}
