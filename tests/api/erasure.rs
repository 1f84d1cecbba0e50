//! Erasure forgets at once and the purge after 30 days: once an author erased their edited
//! comment and a moderator's deletion was purged, no table or column of the database, on
//! either backend, holds their text, their name or their address.

use parlons_shared::NewComment;
use parlons_tests::{TestApp, comment, spawn_app};
use time::{Duration, OffsetDateTime};

const NAME: &str = "Zéphyrine Oubliable";
const EMAIL: &str = "zephyrine.oubliable@example.fr";
const MARK: &str = "texte-7f3k";

/// The test server's database, on either backend.
enum Database {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

impl Database {
    async fn of(app: &TestApp) -> Self {
        if app.database_url.starts_with("postgres") {
            Self::Postgres(
                sqlx::PgPool::connect(&app.database_url)
                    .await
                    .expect("connects"),
            )
        } else {
            Self::Sqlite(
                sqlx::SqlitePool::connect(&app.database_url)
                    .await
                    .expect("connects"),
            )
        }
    }

    /// Every (table, column).
    async fn columns(&self) -> Vec<(String, String)> {
        let pairs =
            match self {
                Self::Postgres(pool) => sqlx::query_as(
                    "select table_name::text, column_name::text from information_schema.columns \
                 where table_schema = 'public'",
                )
                .fetch_all(pool)
                .await,
                Self::Sqlite(pool) => sqlx::query_as(
                    "select m.name, p.name from sqlite_master m join pragma_table_info(m.name) p \
                 where m.type = 'table'",
                )
                .fetch_all(pool)
                .await,
            };
        pairs.expect("columns")
    }

    /// How many values of the column, read as text, are like `pattern`.
    async fn count_like(&self, table: &str, column: &str, pattern: &str) -> i64 {
        let sql =
            format!("select count(*) from \"{table}\" where cast(\"{column}\" as text) like $1");
        let counted: Result<(i64,), _> = match self {
            Self::Postgres(pool) => sqlx::query_as(&sql).bind(pattern).fetch_one(pool).await,
            Self::Sqlite(pool) => sqlx::query_as(&sql).bind(pattern).fetch_one(pool).await,
        };
        counted.expect("counts").0
    }
}

/// Every `table.column` of the database with a value that contains `needle`.
async fn places_holding(app: &TestApp, needle: &str) -> Vec<String> {
    let database = Database::of(app).await;
    let pattern = format!("%{needle}%");
    let mut found = Vec::new();
    for (table, column) in database.columns().await {
        if database.count_like(&table, &column, &pattern).await > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

#[tokio::test]
async fn after_an_erasure_and_a_purge_no_table_holds_the_text_the_name_or_the_address() {
    let app = spawn_app().await;
    let bearer = format!("Bearer {}", app.add_moderator("ines", None).await);
    let by_her = |text: &str| NewComment {
        author: Some(NAME.into()),
        email: Some(EMAIL.into()),
        notify: true,
        ..comment(text)
    };
    let erased = app
        .create_comment(&by_her(&format!("Premier {MARK}")))
        .await;
    let (id, token) = (
        erased["id"].as_i64().expect("id"),
        erased["edit_token"].as_str().expect("token").to_owned(),
    );
    app.edit_comment(id, &token, &format!("Corrigé {MARK}"))
        .await;
    let deleted = app.create_comment(&by_her(&format!("Second {MARK}"))).await;
    let deleted_id = deleted["id"].as_i64().expect("id");
    app.moderate(deleted_id, "delete", &[("authorization", &bearer)])
        .await;
    assert!(
        !places_holding(&app, MARK).await.is_empty(),
        "the scan finds what is there"
    );

    app.erase_comment(id, &token).await;
    app.store
        .purge_deleted(OffsetDateTime::now_utc() + Duration::days(31))
        .await
        .expect("purged");

    for needle in [MARK, NAME, EMAIL] {
        assert_eq!(
            places_holding(&app, needle).await,
            Vec::<String>::new(),
            "{needle}"
        );
    }
}
