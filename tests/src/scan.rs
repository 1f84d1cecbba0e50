//! Reading the test server's database directly, on either backend: every table and column
//! searched for a value (what erasure must leave nowhere), and statements the API cannot make
//! (a link aged past its time).

use crate::TestApp;

/// The test server's database, on either backend.
pub enum Database {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

impl Database {
    pub async fn of(app: &TestApp) -> Self {
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

    /// How many rows `table` has.
    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("select count(*) from \"{table}\"");
        let counted: Result<(i64,), _> = match self {
            Self::Postgres(pool) => sqlx::query_as(&sql).fetch_one(pool).await,
            Self::Sqlite(pool) => sqlx::query_as(&sql).fetch_one(pool).await,
        };
        counted.expect("counts").0
    }

    /// Runs a statement without parameters; the rows it changed.
    pub async fn execute(&self, sql: &str) -> u64 {
        let done = match self {
            Self::Postgres(pool) => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|d| d.rows_affected()),
            Self::Sqlite(pool) => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|d| d.rows_affected()),
        };
        done.expect("the statement runs")
    }
}

/// Every `table.column` of the database with a value that contains `needle`.
pub async fn places_holding(app: &TestApp, needle: &str) -> Vec<String> {
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
