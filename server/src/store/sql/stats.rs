//! The statistics page's figures: the statements, written once for every backend.

macro_rules! impl_stats_store {
    ($store:ident) => {
        pub(super) mod stats_store {
            use time::OffsetDateTime;

            use crate::store::StoreResult;
            use crate::store::sql::Dialect;
            use crate::store::stats::{MOST_WAITS, RawStats, RefusalCount, StatsStore, TOP_PAGES};

            use super::$store;

            #[async_trait::async_trait]
            impl StatsStore for $store {
                async fn add_refusals(&self, counts: &[RefusalCount]) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for count in counts {
                        // A site removed since the count was taken is skipped.
                        sqlx::query(
                            "insert into refusal_count (site_id, day, layer, count) \
                             select site_id, $2, $3, $4 from site where site_id = $1 \
                             on conflict (site_id, day, layer) \
                             do update set count = refusal_count.count + excluded.count",
                        )
                        .bind(&count.site)
                        .bind(&count.day)
                        .bind(count.layer)
                        .bind(i64::try_from(count.count).unwrap_or(i64::MAX))
                        .execute(&mut *tx)
                        .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn raw_stats(
                    &self,
                    site: &str,
                    since: OffsetDateTime,
                ) -> StoreResult<RawStats> {
                    let mut db = self.reader.acquire().await?;
                    let day = <$store as Dialect>::DAY_OF_CREATED_AT;
                    let days = sqlx::query_as(&format!(
                        "select {day}, count(*) from comment \
                         where site_id = $1 and created_at >= $2 group by {day}"
                    ))
                    .bind(site)
                    .bind(since)
                    .fetch_all(&mut *db)
                    .await?;
                    // A decision's wait starts when the comment last became pending: when it
                    // was posted, or later when readers' reports or an edit sent it back.
                    let spans: Vec<(OffsetDateTime, OffsetDateTime)> = sqlx::query_as(
                        "select coalesce((select max(earlier.at) from audit_log earlier \
                         where earlier.comment_id = decision.comment_id \
                         and earlier.audit_id < decision.audit_id \
                         and earlier.after like '{\"status\":\"pending\"%'), comment.created_at), \
                         decision.at \
                         from audit_log decision \
                         join comment on comment.comment_id = decision.comment_id \
                         where decision.site_id = $1 and decision.at >= $2 \
                         and decision.action in ('approve', 'delete') \
                         and decision.before like '{\"status\":\"pending\"%' \
                         order by decision.audit_id desc limit $3",
                    )
                    .bind(site)
                    .bind(since)
                    .bind(MOST_WAITS)
                    .fetch_all(&mut *db)
                    .await?;
                    let waits = spans
                        .into_iter()
                        .map(|(from, to)| (to - from).whole_seconds().max(0))
                        .collect();
                    let (waiting,): (i64,) = sqlx::query_as(
                        "select count(*) from comment where site_id = $1 and status = 'pending'",
                    )
                    .bind(site)
                    .fetch_one(&mut *db)
                    .await?;
                    let refusals = sqlx::query_as(
                        "select layer, cast(sum(count) as bigint) from refusal_count \
                         where site_id = $1 and day >= $2 group by layer",
                    )
                    .bind(site)
                    .bind(crate::domain::stats::day_of(since))
                    .fetch_all(&mut *db)
                    .await?;
                    let top_pages = sqlx::query_as(
                        "select page, count(*) from comment \
                         where site_id = $1 and created_at >= $2 and status = 'published' \
                         group by page order by count(*) desc, page limit $3",
                    )
                    .bind(site)
                    .bind(since)
                    .bind(TOP_PAGES)
                    .fetch_all(&mut *db)
                    .await?;
                    Ok(RawStats {
                        days,
                        waits,
                        waiting,
                        refusals,
                        top_pages,
                    })
                }
            }
        }
    };
}

pub(crate) use impl_stats_store;
