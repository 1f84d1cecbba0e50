//! Word filters: the statements, written once for every backend.

macro_rules! impl_filter_store {
    ($store:ident, $db:ty) => {
        pub(super) mod filter_store {
            use sqlx::QueryBuilder;
            use time::OffsetDateTime;

            use crate::domain::filters::MAX_FILTERS;
            use crate::store::filters::{FilterAction, FilterEntry, FilterStore};
            use crate::store::sql::Dialect;
            use crate::store::{AuditEntry, StoreError, StoreResult};

            use super::$store;

            /// Rows written by one statement (each takes 6 parameters; both backends allow
            /// far more than 6,000).
            const ROWS_PER_STATEMENT: usize = 1_000;

            /// Logs one change of `site`'s filters, so every node reads them again.
            async fn log_change(
                tx: &mut sqlx::Transaction<'_, $db>,
                site: &str,
            ) -> StoreResult<()> {
                sqlx::query(<$store as Dialect>::LOG_BLOCKS_CHANGE)
                    .bind(site)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            /// What the audit log keeps of a change to a list: the site's entries touched.
            fn audit_line(
                site: &str,
                action: &str,
                phrases: Vec<&str>,
                actor: &str,
                at: OffsetDateTime,
            ) -> AuditEntry {
                AuditEntry {
                    at,
                    actor: actor.to_owned(),
                    action: action.to_owned(),
                    site: Some(site.to_owned()),
                    comment: None,
                    before: None,
                    after: Some(serde_json::json!({ "phrases": phrases }).to_string()),
                }
            }

            #[async_trait::async_trait]
            impl FilterStore for $store {
                async fn add_filters(
                    &self,
                    entries: &[FilterEntry],
                    actor: &str,
                    at: OffsetDateTime,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for rows in entries.chunks(ROWS_PER_STATEMENT) {
                        let mut insert: QueryBuilder<$db> = QueryBuilder::new(
                            "insert into filter (site_id, folded, phrase, action, created_by, created_at) ",
                        );
                        insert.push_values(rows, |mut row, entry| {
                            row.push_bind(&entry.site)
                                .push_bind(&entry.folded)
                                .push_bind(&entry.phrase)
                                .push_bind(entry.action.as_str())
                                .push_bind(actor)
                                .push_bind(at);
                        });
                        insert.push(
                            " on conflict (site_id, folded) do update \
                             set phrase = excluded.phrase, action = excluded.action",
                        );
                        insert.build().execute(&mut *tx).await?;
                    }
                    let mut sites: Vec<&str> =
                        entries.iter().map(|entry| entry.site.as_str()).collect();
                    sites.sort_unstable();
                    sites.dedup();
                    for site in sites {
                        let (count,): (i64,) =
                            sqlx::query_as("select count(*) from filter where site_id = $1")
                                .bind(site)
                                .fetch_one(&mut *tx)
                                .await?;
                        if count > MAX_FILTERS as i64 {
                            return Err(StoreError::TooMany(
                                "a site holds 10,000 filter entries at most",
                            ));
                        }
                        let phrases = entries
                            .iter()
                            .filter(|entry| entry.site == site)
                            .map(|entry| entry.phrase.as_str())
                            .collect();
                        Self::audit(&mut tx, &audit_line(site, "filter_add", phrases, actor, at))
                            .await?;
                        log_change(&mut tx, site).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn remove_filters(
                    &self,
                    site: &str,
                    folded: &[String],
                    actor: &str,
                    at: OffsetDateTime,
                ) -> StoreResult<u64> {
                    let mut tx = self.writer.begin().await?;
                    let mut removed = Vec::new();
                    for entry in folded {
                        let phrase: Option<(String,)> = sqlx::query_as(
                            "delete from filter where site_id = $1 and folded = $2 returning phrase",
                        )
                        .bind(site)
                        .bind(entry)
                        .fetch_optional(&mut *tx)
                        .await?;
                        removed.extend(phrase.map(|row| row.0));
                    }
                    if !removed.is_empty() {
                        let phrases = removed.iter().map(String::as_str).collect();
                        Self::audit(
                            &mut tx,
                            &audit_line(site, "filter_remove", phrases, actor, at),
                        )
                        .await?;
                        log_change(&mut tx, site).await?;
                    }
                    tx.commit().await?;
                    Ok(removed.len() as u64)
                }

                async fn filters(&self, site: Option<&str>) -> StoreResult<Vec<FilterEntry>> {
                    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
                        "select site_id, phrase, folded, action from filter \
                         where cast($1 as text) is null or site_id = $1 order by site_id, phrase",
                    )
                    .bind(site)
                    .fetch_all(&self.reader)
                    .await?;
                    rows.into_iter()
                        .map(|(site, phrase, folded, action)| {
                            let action = FilterAction::parse(&action).ok_or_else(|| {
                                StoreError::Other(anyhow::anyhow!("filter action {action:?}"))
                            })?;
                            Ok(FilterEntry {
                                site,
                                phrase,
                                folded,
                                action,
                            })
                        })
                        .collect()
                }
            }
        }
    };
}

pub(crate) use impl_filter_store;
