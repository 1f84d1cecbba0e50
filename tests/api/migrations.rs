//! Databases written by an older Parlons: a migration that adds what the code relies on
//! fills it in for the rows already there, on both backends.

use std::path::Path;

use parlons_tests::{TestDb, spawn_app_with};
use sqlx::Connection;
use sqlx::migrate::Migrator;
use time::OffsetDateTime;

/// The migrations before `0015_conversations`, which records each reply's conversation.
const BEFORE_CONVERSATIONS: usize = 14;

/// Migrates `url` as Parlons did before conversations were recorded, then stores there a
/// conversation three levels deep (1 > 2 > 3), a reply whose parent waits for review
/// (1 > 4 > 5) and a second conversation (6 > 7).
async fn older_database(url: &str) {
    let backend = if url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../server/migrations")
        .join(backend);
    let mut older = Migrator::new(folder).await.expect("the migrations read");
    older.migrations = older.migrations[..BEFORE_CONVERSATIONS].to_vec().into();
    let rows = [
        (1, None, "published"),
        (2, Some(1), "published"),
        (3, Some(2), "published"),
        (4, Some(1), "pending"),
        (5, Some(4), "published"),
        (6, None, "published"),
        (7, Some(6), "published"),
    ];
    macro_rules! fill {
        ($connection:ty, $url:expr) => {{
            let mut db = <$connection>::connect($url).await.expect("connects");
            older.run(&mut db).await.expect("the older migrations run");
            let now = OffsetDateTime::now_utc();
            sqlx::query(
                "insert into site (site_id, moderation, created_at) values ('old', 'post', $1)",
            )
            .bind(now)
            .execute(&mut db)
            .await
            .expect("a site");
            for (id, parent, status) in rows {
                let stored = sqlx::query(
                    "insert into comment (site_id, page, parent_id, body_source, body_html, \
                     status, edit_token_hash, created_at) \
                     values ('old', '/article', $1, 'texte', '<p>texte</p>', $2, 'hash', $3) \
                     returning comment_id",
                )
                .bind(parent)
                .bind(status)
                .bind(now)
                .fetch_one(&mut db)
                .await
                .expect("a comment");
                assert_eq!(
                    sqlx::Row::get::<i64, _>(&stored, 0),
                    id,
                    "a fresh database numbers from 1"
                );
            }
        }};
    }
    if backend == "postgres" {
        fill!(sqlx::PgConnection, url);
    } else {
        fill!(sqlx::SqliteConnection, &format!("{url}?mode=rwc"));
    }
}

#[tokio::test]
async fn replies_stored_before_conversations_were_recorded_are_read_by_conversation() {
    // Arrange: a database of the older shape, with its comments.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (db, url) = TestDb::create(dir.path()).await;
    older_database(&url).await;

    // Act: a server of today opens it (and migrates it); a reader asks for the newest
    // conversations, then for the replies of the first one.
    let app = spawn_app_with(|settings| settings.database_url = url.clone()).await;
    let newest: serde_json::Value = app
        .get_thread("site=old&page=/article&sort=newest")
        .await
        .json()
        .await
        .expect("a thread");
    let replies: serde_json::Value = app
        .get_thread("site=old&page=/article&sort=newest&replies_to=1")
        .await
        .json()
        .await
        .expect("replies");

    // Assert: each conversation holds its replies at every depth, the one under a
    // waiting comment too, and nothing of the other conversation.
    let ids = |thread: &serde_json::Value| -> Vec<i64> {
        thread["comments"]
            .as_array()
            .expect("comments")
            .iter()
            .map(|comment| comment["id"].as_i64().expect("an id"))
            .collect()
    };
    assert_eq!(ids(&newest), [6, 7, 1, 2, 3, 5]);
    assert_eq!(ids(&replies), [2, 3, 5]);
    drop(app);
    drop(db);
}

/// Runs `sql` (binding one byte as `$1`) on the database at `url`, then counts its comments
/// and applied migrations.
async fn run_then_count(url: &str, sql: &str) -> (i64, i64) {
    macro_rules! on {
        ($connection:ty, $url:expr) => {{
            let mut db = <$connection>::connect($url).await.expect("connects");
            if !sql.is_empty() {
                sqlx::query(sql)
                    .bind(vec![0_u8])
                    .execute(&mut db)
                    .await
                    .expect("runs");
            }
            let (comments,): (i64,) = sqlx::query_as("select count(*) from comment")
                .fetch_one(&mut db)
                .await
                .expect("counted");
            let (migrations,): (i64,) = sqlx::query_as("select count(*) from _sqlx_migrations")
                .fetch_one(&mut db)
                .await
                .expect("counted");
            (comments, migrations)
        }};
    }
    if url.starts_with("postgres") {
        on!(sqlx::PgConnection, url)
    } else {
        on!(sqlx::SqliteConnection, url)
    }
}

#[tokio::test]
async fn a_database_written_by_a_newer_parlons_is_refused_at_start_and_left_as_it_was() {
    // Arrange: today's schema with a comment, and a migration from a later version.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (db, url) = TestDb::create(dir.path()).await;
    let app = spawn_app_with(|settings| settings.database_url = url.clone()).await;
    app.create_comment(&parlons_tests::comment("Gardé tel quel"))
        .await;
    drop(app);
    let before = run_then_count(
        &url,
        "insert into _sqlx_migrations (version, description, success, checksum, execution_time) \
         values (99999, 'from a later version', true, $1, 0)",
    )
    .await;

    // Act
    let refused = parlons_server::store::connect(&url).await;

    // Assert
    let message = refused.err().expect("refused").to_string();
    assert!(
        message.contains("newer Parlons") && message.contains("99999"),
        "{message}"
    );
    assert!(message.contains("Nothing was changed"), "{message}");
    assert_eq!(run_then_count(&url, "").await, before);
    drop(db);
}
