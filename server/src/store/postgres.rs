//! The PostgreSQL store: one pool shared by every node's reads and writes; the statements
//! are the same as SQLite's (`store/sql`), the schema is `migrations/postgres`.

use std::str::FromStr;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::sql::{self, Dialect};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// `writer` and `reader` are the same pool: PostgreSQL runs concurrent writers itself. The
/// two names let the shared statements stay the same for both backends.
pub struct PgStore {
    writer: PgPool,
    reader: PgPool,
}

impl PgStore {
    /// Connects and brings the schema up to date (migrations take an advisory lock, so
    /// several nodes starting at once migrate once).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            // Connections a burst opened close once idle (each holds a server process).
            .min_connections(1)
            .idle_timeout(Duration::from_secs(60))
            .connect_with(options)
            .await?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|error| super::schema::explain(error, &MIGRATOR))?;
        Ok(Self {
            writer: pool.clone(),
            reader: pool,
        })
    }
}

impl Dialect for PgStore {
    const OVERRIDING_IDS: &'static str = "overriding system value";
    const RESET_SEQUENCES: &'static [&'static str] = &[
        "select setval(pg_get_serial_sequence('moderator', 'moderator_id'), coalesce(max(moderator_id), 0) + 1, false) from moderator",
        "select setval(pg_get_serial_sequence('credential', 'credential_id'), coalesce(max(credential_id), 0) + 1, false) from credential",
        "select setval(pg_get_serial_sequence('comment', 'comment_id'), coalesce(max(comment_id), 0) + 1, false) from comment",
        "select setval(pg_get_serial_sequence('audit_log', 'audit_id'), coalesce(max(audit_id), 0) + 1, false) from audit_log",
        "select setval(pg_get_serial_sequence('webhook', 'webhook_id'), coalesce(max(webhook_id), 0) + 1, false) from webhook",
        "select setval(pg_get_serial_sequence('block', 'block_id'), coalesce(max(block_id), 0) + 1, false) from block",
        "select setval(pg_get_serial_sequence('reader', 'reader_id'), coalesce(max(reader_id), 0) + 1, false) from reader",
    ];
    // TRUNCATE does not fire the audit log's row triggers.
    const CLEAR_ALL: &'static [&'static str] = &[
        "truncate site, site_origin, moderator, moderator_site, credential, comment, audit_log, \
         webhook, outbox, block, vote, refusal_count, invitation, site_author, change_log, \
         reader, reader_token, reader_signin, reader_email restart identity cascade",
    ];
    // PostgreSQL is backed up with its own tools (pg_dump).
    const BACKUP_INTO: Option<&'static str> = None;
    const DAY_OF_CREATED_AT: &'static str = "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')";
    // change_log_add takes the log's lock, so numbers become visible in order.
    const LOG_BLOCKS_CHANGE: &'static str = "select change_log_add($1, '', null, 'blocks')";
}

sql::sites::impl_site_store!(PgStore, sqlx::Postgres);
sql::comments::impl_comment_store!(PgStore, sqlx::Postgres);
sql::moderation::impl_moderation_store!(PgStore, sqlx::Postgres);
sql::import::impl_import_store!(PgStore);
sql::notifications::impl_notification_store!(PgStore, sqlx::Postgres);
sql::votes::impl_vote_store!(PgStore);
sql::readers::impl_reader_store!(PgStore);
sql::spam::impl_spam_store!(PgStore, sqlx::Postgres);
sql::transfer::impl_transfer_store!(PgStore);
sql::small_tables::impl_small_tables!(PgStore);
sql::reader_transfer::impl_reader_transfer!(PgStore);
sql::changes::impl_change_store!(PgStore);
sql::pages::impl_page_store!(PgStore);
sql::filters::impl_filter_store!(PgStore, sqlx::Postgres);
sql::reports::impl_report_store!(PgStore, sqlx::Postgres);
sql::stats::impl_stats_store!(PgStore);
sql::members::impl_member_store!(PgStore);
sql::authors::impl_author_store!(PgStore);
sql::accounts::impl_account_store!(PgStore, sqlx::Postgres);
sql::providers::impl_provider_store!(PgStore, sqlx::Postgres);
