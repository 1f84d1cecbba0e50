//! The SQLite store: one file in WAL mode, one writer connection, a pool of readers. Its
//! statements are `store/sql`'s, shared with PostgreSQL; the schema is `migrations/sqlite`.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::sql::{self, Dialect};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// SQLite allows one writer at a time: writes share one connection instead of fighting for
/// the lock, reads use a pool that WAL lets run beside the writer.
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating file and folder if needed) and migrates the database at `url`.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        create_parent_folder(url)?;
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a comment acknowledged is on disk, even if the machine loses power.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        MIGRATOR
            .run(&writer)
            .await
            .map_err(|error| super::schema::explain(error, &MIGRATOR))?;
        // Each reader connection keeps a thread, a page cache and its prepared statements.
        // The pool hands out its idle connections in turn, and the sites and blocks are
        // reloaded every few seconds, so none stays idle long: connections are closed at
        // 30 s of age instead (reopening one costs about a millisecond), and the ones a
        // burst of reads opened are gone within a minute of it.
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .max_lifetime(Duration::from_secs(30))
            .idle_timeout(Duration::from_secs(20))
            .connect_with(options)
            .await?;
        Ok(Self { writer, reader })
    }
}

/// `sqlite://data/parlons.db` needs `data/` to exist before SQLite can create the file.
fn create_parent_folder(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    Ok(())
}

impl Dialect for SqliteStore {
    // SQLite takes explicit ids as they are and keeps its counters past them by itself.
    const OVERRIDING_IDS: &'static str = "";
    const RESET_SEQUENCES: &'static [&'static str] = &[];
    // SQLite cannot bypass the audit log's triggers: they are dropped and made again as in
    // migrations/sqlite/0002, inside the same transaction.
    const CLEAR_ALL: &'static [&'static str] = &[
        "drop trigger audit_log_no_update",
        "drop trigger audit_log_no_delete",
        "delete from audit_log",
        "delete from outbox",
        "delete from block",
        "delete from webhook",
        "delete from credential",
        "delete from moderator_site",
        "delete from moderator",
        "delete from vote",
        "delete from report",
        "delete from refusal_count",
        "delete from invitation",
        "delete from site_author",
        "update comment set parent_id = null",
        "delete from comment",
        "delete from reader_token",
        "delete from reader_signin",
        "delete from reader",
        "delete from reader_email",
        "delete from thread_state",
        "delete from filter",
        "delete from site_origin",
        "delete from site",
        "delete from change_log",
        "delete from sqlite_sequence",
        "create trigger audit_log_no_update before update on audit_log \
         begin select raise(abort, 'the audit log is append-only'); end",
        "create trigger audit_log_no_delete before delete on audit_log \
         begin select raise(abort, 'the audit log is append-only'); end",
    ];
    // A transactionally consistent copy, made while writers go on (WAL).
    const BACKUP_INTO: Option<&'static str> = Some("vacuum into $1");
    // Times are stored as RFC 3339 text in UTC.
    const DAY_OF_CREATED_AT: &'static str = "substr(created_at, 1, 10)";
    // One writer: numbers become visible in order by themselves.
    const LOG_BLOCKS_CHANGE: &'static str = "insert into change_log (site_id, page, kind, at) \
         values ($1, '', 'blocks', cast(strftime('%s', 'now') as integer))";
}

sql::sites::impl_site_store!(SqliteStore, sqlx::Sqlite);
sql::comments::impl_comment_store!(SqliteStore, sqlx::Sqlite);
sql::moderation::impl_moderation_store!(SqliteStore, sqlx::Sqlite);
sql::import::impl_import_store!(SqliteStore);
sql::notifications::impl_notification_store!(SqliteStore, sqlx::Sqlite);
sql::votes::impl_vote_store!(SqliteStore);
sql::readers::impl_reader_store!(SqliteStore);
sql::spam::impl_spam_store!(SqliteStore, sqlx::Sqlite);
sql::transfer::impl_transfer_store!(SqliteStore);
sql::small_tables::impl_small_tables!(SqliteStore);
sql::reader_transfer::impl_reader_transfer!(SqliteStore);
sql::changes::impl_change_store!(SqliteStore);
sql::pages::impl_page_store!(SqliteStore);
sql::filters::impl_filter_store!(SqliteStore, sqlx::Sqlite);
sql::reports::impl_report_store!(SqliteStore, sqlx::Sqlite);
sql::stats::impl_stats_store!(SqliteStore);
sql::members::impl_member_store!(SqliteStore);
sql::authors::impl_author_store!(SqliteStore);
sql::accounts::impl_account_store!(SqliteStore, sqlx::Sqlite);
sql::providers::impl_provider_store!(SqliteStore, sqlx::Sqlite);
