//! The statement behind `GET /api/v1/threads`, the same on both backends, and a test that
//! SQLite plans it without reading the whole comment table.

use parlons_shared::Sort;

use super::rows::COMMENT_COLUMNS;
use crate::store::records::Shape;

/// The thread query for `shape`. Binds: `$1` site, `$2` page, `$3` the cursor (`after`, or
/// null), `$4` how many rows (comments, replies) or conversations; then for conversations
/// `$5` the most rows of each (its top-level comment and replies), for replies `$5` the
/// conversation's top-level comment.
pub fn thread_sql(shape: Shape) -> String {
    // The comment table's columns as `alias.column, ...`.
    let prefixed = |alias: &str| {
        COMMENT_COLUMNS
            .split(", ")
            .map(|column| format!("{alias}.{column}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let columns = prefixed("c");
    // Public: published, or deleted and kept as the place of replies still shown.
    let visible = |c: &str| {
        format!(
            "({c}.status = 'published' or ({c}.status = 'deleted' and exists (select 1 \
             from comment reply where reply.parent_id = {c}.comment_id \
             and reply.status in ('published', 'deleted'))))"
        )
    };
    match shape {
        Shape::Comments => format!(
            "select {columns} from comment c \
             where c.site_id = $1 and c.page = $2 and (cast($3 as bigint) is null or c.comment_id > $3) \
               and {visible} order by c.comment_id limit $4",
            visible = visible("c"),
        ),
        // Conversations: `limit` top-level comments in the sort's order, each followed by
        // its first replies (oldest first; `$5` rows in all, one more than are shown, to
        // know whether more follow). The walk carries each comment's columns and
        // whether it is shown, so the answer needs no join back to the comment table:
        // with one, SQLite built a Bloom filter for that join by reading the whole table
        // (77-97 ms a page with 1,000,000 comments; under 3 ms this way). The walk goes
        // through hidden comments too, so a shown reply under a hidden one is not lost.
        // The walk for replies starts at the top-level comment, which is not shown again.
        Shape::Replies => format!(
            "with recursive tree ({COMMENT_COLUMNS}, shown) as ( \
               select {columns}, false from comment c \
               where c.comment_id = $5 and c.site_id = $1 and c.page = $2 and c.parent_id is null \
               union all \
               select {replies}, {shown} from comment r join tree t on r.parent_id = t.comment_id) \
             select {COMMENT_COLUMNS} from tree \
             where shown and (cast($3 as bigint) is null or comment_id > $3) \
             order by comment_id limit $4",
            replies = prefixed("r"),
            shown = visible("r"),
        ),
        Shape::Conversations(sort) => {
            let (key, window) = match sort {
                Sort::Newest => (
                    "c.comment_id desc",
                    "(cast($3 as bigint) is null or c.comment_id < $3)",
                ),
                _ => ("c.upvotes - c.downvotes desc, c.comment_id", "true"),
            };
            let offset = if sort == Sort::Top {
                "offset coalesce(cast($3 as bigint), 0)"
            } else {
                ""
            };
            format!(
                "with recursive roots as ( \
                   select {columns}, row_number() over (order by {key}) as rank from comment c \
                   where c.site_id = $1 and c.page = $2 and c.parent_id is null and {window} \
                     and {visible} order by {key} limit $4 {offset}), \
                 tree ({COMMENT_COLUMNS}, rank, shown) as ( \
                   select *, true from roots \
                   union all \
                   select {replies}, t.rank, {shown} from comment r \
                   join tree t on r.parent_id = t.comment_id) \
                 select {COMMENT_COLUMNS} from ( \
                   select *, row_number() over (partition by rank order by comment_id) as place \
                   from tree where shown) kept \
                 where place <= $5 order by rank, comment_id",
                visible = visible("c"),
                replies = prefixed("r"),
                shown = visible("r"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};

    use super::*;

    /// `sqlite_stat1` of a real database of 1,000,141 comments (bench/large.py): with these
    /// the planner once chose to read the whole table for `newest` (a Bloom filter for a join).
    const LARGE_STATS: &[(&str, &str)] = &[
        ("comment_roots_idx", "1000075 1000075 100 1"),
        ("comment_page_status_idx", "1000141 1000141 100 100"),
        ("comment_email_idx", "1000141 1000141 1000141"),
        ("comment_status_idx", "1000141 1000141 1000141 1"),
        ("comment_parent_idx", "1000141 14928"),
        ("comment_thread_idx", "1000141 1000141 100 1"),
    ];

    #[tokio::test]
    async fn no_sort_reads_the_whole_comment_table_of_a_large_database() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let file = dir.path().join("plans.db");
        let url = format!("sqlite://{}?mode=rwc", file.display());
        drop(crate::store::connect(&url).await.expect("migrated"));
        let options = SqliteConnectOptions::new().filename(&file);
        let mut setup = options.connect().await.expect("connects");
        sqlx::query("analyze")
            .execute(&mut setup)
            .await
            .expect("analyze");
        sqlx::query("delete from sqlite_stat1 where tbl = 'comment'")
            .execute(&mut setup)
            .await
            .expect("clears");
        for (index, stat) in LARGE_STATS {
            sqlx::query("insert into sqlite_stat1 (tbl, idx, stat) values ('comment', $1, $2)")
                .bind(index)
                .bind(stat)
                .execute(&mut setup)
                .await
                .expect("inserts");
        }
        setup.close().await.expect("closes");
        // The statistics are read when a connection opens.
        let mut planner = options.connect().await.expect("connects");

        let shapes = [
            Shape::Comments,
            Shape::Conversations(Sort::Newest),
            Shape::Conversations(Sort::Top),
            Shape::Replies,
        ];
        for shape in shapes {
            for after in [None, Some(5_000_i64)] {
                let sql = format!("explain query plan {}", thread_sql(shape));
                let mut query = sqlx::query_as(&sql)
                    .bind("demo")
                    .bind("/big")
                    .bind(after)
                    .bind(51_i64);
                if shape != Shape::Comments {
                    query = query.bind(12_i64);
                }
                let plan: Vec<(i64, i64, i64, String)> =
                    query.fetch_all(&mut planner).await.expect("a plan");

                let whole_table = plan.iter().map(|step| step.3.as_str()).find(|step| {
                    step.contains("BLOOM FILTER")
                        || ["SCAN c", "SCAN r", "SCAN comment", "SCAN reply"]
                            .iter()
                            .any(|scan| *step == *scan || step.starts_with(&format!("{scan} ")))
                });
                assert_eq!(whole_table, None, "{shape:?} after {after:?}: {plan:#?}");
            }
        }
    }
}
