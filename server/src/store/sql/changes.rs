//! The change log: the statements, written once for every backend (the rows are written by
//! the triggers of `migrations/*/0016_change_log.sql`).

macro_rules! impl_change_store {
    ($store:ident) => {
        pub(super) mod change_store {
            use crate::store::StoreResult;
            use crate::store::changes::{Change, ChangeRow, ChangeStore, changes};

            use super::$store;

            #[async_trait::async_trait]
            impl ChangeStore for $store {
                async fn changes_after(&self, after: i64, limit: i64) -> StoreResult<Vec<Change>> {
                    let rows: Vec<ChangeRow> = sqlx::query_as(
                        "select change_id, site_id, page, comment_id, kind from change_log \
                         where change_id > $1 order by change_id limit $2",
                    )
                    .bind(after)
                    .bind(limit)
                    .fetch_all(&self.reader)
                    .await?;
                    Ok(changes(rows))
                }

                async fn page_changes(
                    &self,
                    site: &str,
                    page: &str,
                    after: i64,
                    through: i64,
                    limit: i64,
                ) -> StoreResult<Vec<Change>> {
                    let rows: Vec<ChangeRow> = sqlx::query_as(
                        "select change_id, site_id, page, comment_id, kind from change_log \
                         where site_id = $1 and page = $2 and change_id > $3 and change_id <= $4 \
                         order by change_id limit $5",
                    )
                    .bind(site)
                    .bind(page)
                    .bind(after)
                    .bind(through)
                    .bind(limit)
                    .fetch_all(&self.reader)
                    .await?;
                    Ok(changes(rows))
                }

                async fn last_change(&self) -> StoreResult<i64> {
                    let (last,): (Option<i64>,) =
                        sqlx::query_as("select max(change_id) from change_log")
                            .fetch_one(&self.reader)
                            .await?;
                    Ok(last.unwrap_or(0))
                }

                async fn first_change(&self) -> StoreResult<i64> {
                    let (first,): (Option<i64>,) =
                        sqlx::query_as("select min(change_id) from change_log")
                            .fetch_one(&self.reader)
                            .await?;
                    Ok(first.unwrap_or(0))
                }

                async fn forget_changes(&self, before: i64) -> StoreResult<u64> {
                    // Rows are numbered in time order: everything before the first one
                    // young enough goes, read along the primary key (no scan of the rest).
                    let done = sqlx::query(
                        "delete from change_log where change_id < coalesce(\
                         (select change_id from change_log where at >= $1 order by change_id limit 1), \
                         (select max(change_id) from change_log))",
                    )
                    .bind(before)
                    .execute(&self.writer)
                    .await?;
                    Ok(done.rows_affected())
                }
            }
        }
    };
}

pub(crate) use impl_change_store;
