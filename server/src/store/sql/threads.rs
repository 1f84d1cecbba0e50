//! The statement behind `GET /api/v1/threads`, the same on both backends, and a test that
//! SQLite plans it without reading the whole comment table.

use parlons_shared::Sort;

use super::rows::COMMENT_COLUMNS;
use crate::store::records::Shape;

/// Not among the pinned comments the first page begins with: a pinned comment that is not
/// published (deleted, or back to waiting) is in its place by date, and pinned again if
/// restored.
const UNPINNED: &str = "(c.pinned_at is null or c.status != 'published')";

/// The thread query for `shape`. Binds: `$1` site, `$2` page, `$3` the cursor (`after`, or
/// null), `$4` how many rows (comments, replies) or conversations; then for conversations
/// `$5` the most replies of each (one more than are shown, to know whether more follow), for
/// replies `$5` the conversation's top-level comment.
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
               and {UNPINNED} and {visible} order by c.comment_id limit $4",
            visible = visible("c"),
        ),
        // Every reply names its conversation (`root_id`), hidden parents or not, so the
        // replies of one are a range of `comment_conversation_idx`.
        Shape::Replies => format!(
            "select {columns} from comment c \
             where c.root_id = $5 and c.comment_id > coalesce(cast($3 as bigint), 0) \
               and c.site_id = $1 and c.page = $2 and {visible} \
             order by c.comment_id limit $4",
            visible = visible("c"),
        ),
        // Conversations: `limit` top-level comments in the sort's order, each followed by
        // its first `$5` shown replies, oldest first. Those are found one after another,
        // each the next shown entry of `comment_conversation_idx` (a conversation of 1,000
        // replies costs a page its first eleven, not all 1,000). The answer carries the
        // top-level comments' columns from the first step, and joins the replies by id:
        // with a join on anything wider, SQLite built a Bloom filter by reading the whole
        // table (77-97 ms a page with 1,000,000 comments; under 3 ms this way).
        // Pinned comments come on the first page of every sort, before the others, which
        // leave them out: the pinned conversations, the first pinned first ($3 is null).
        Shape::Pinned | Shape::Conversations(_) => {
            let (key, window) = match shape {
                Shape::Pinned => (
                    "c.pinned_at, c.comment_id",
                    "cast($3 as bigint) is null and c.pinned_at is not null and c.status = 'published'",
                ),
                Shape::Conversations(Sort::Newest) => (
                    "c.comment_id desc",
                    "(cast($3 as bigint) is null or c.comment_id < $3) \
                     and (c.pinned_at is null or c.status != 'published')",
                ),
                _ => ("c.upvotes - c.downvotes desc, c.comment_id", UNPINNED),
            };
            let offset = if shape == Shape::Conversations(Sort::Top) {
                "offset coalesce(cast($3 as bigint), 0)"
            } else {
                ""
            };
            let next_reply = |conversation: &str, after: &str| {
                format!(
                    "(select n.comment_id from comment n \
                     where n.root_id = {conversation} and n.comment_id > {after} and {shown} \
                     order by n.comment_id limit 1)",
                    shown = visible("n"),
                )
            };
            format!(
                "with recursive roots as ( \
                   select {columns}, row_number() over (order by {key}) as rank from comment c \
                   where c.site_id = $1 and c.page = $2 and c.parent_id is null and {window} \
                     and {visible} order by {key} limit $4 {offset}), \
                 replies (conversation, rank, comment_id, place) as ( \
                   select comment_id, rank, {first}, 1 from roots \
                   union all \
                   select conversation, rank, {next}, place + 1 from replies \
                   where comment_id is not null and place < $5) \
                 select {COMMENT_COLUMNS} from ( \
                   select {COMMENT_COLUMNS}, rank from roots \
                   union all \
                   select {reply_columns}, s.rank from replies s \
                   join comment r on r.comment_id = s.comment_id) shown \
                 order by rank, comment_id",
                visible = visible("c"),
                first = next_reply("roots.comment_id", "roots.comment_id"),
                next = next_reply("replies.conversation", "replies.comment_id"),
                reply_columns = prefixed("r"),
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
            Shape::Pinned,
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
