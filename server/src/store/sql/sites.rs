//! Sites and their allowed origins: the statements, written once for every backend.

macro_rules! impl_site_store {
    ($store:ident, $db:ty) => {
        pub(super) mod site_store {
            use std::collections::HashMap;

            use time::OffsetDateTime;

            use crate::domain::reader::Readers;
            use crate::domain::site::{Language, Moderation, Site, SpamRules, Votes};
            use crate::store::sql::rows::one_row;
            use crate::store::{AuditEntry, SiteStore, StoreError, StoreResult};

            use super::$store;

            impl $store {
                async fn insert_origins(
                    tx: &mut sqlx::Transaction<'_, $db>,
                    site: &Site,
                ) -> StoreResult<()> {
                    for origin in &site.origins {
                        sqlx::query("insert into site_origin (site_id, origin) values ($1, $2) on conflict do nothing")
                            .bind(&site.id)
                            .bind(origin)
                            .execute(&mut **tx)
                            .await?;
                    }
                    Ok(())
                }

                /// Every setting of a site, in one place for adding and for updating; the rows changed.
                async fn write_settings(
                    tx: &mut sqlx::Transaction<'_, $db>,
                    site: &Site,
                ) -> StoreResult<u64> {
                    let done = sqlx::query(
                        "update site set moderation = $2, edit_window_minutes = $3, min_post_seconds = $4, \
                         pow_bits = $5, max_links = $6, posts_per_minute = $7, duplicate_window_minutes = $8, \
                         crawlable = $9, lang = $10, votes = $11, gravatar = $12, \
                         close_after_days = $13, report_threshold = $14, readers = $15 where site_id = $1",
                    )
                    .bind(&site.id)
                    .bind(site.moderation.as_str())
                    .bind(site.edit_window_minutes.map(i64::from))
                    .bind(site.spam.min_post_seconds.map(i64::from))
                    .bind(site.spam.pow_bits.map(i64::from))
                    .bind(site.spam.max_links.map(i64::from))
                    .bind(site.spam.posts_per_minute.map(i64::from))
                    .bind(site.spam.duplicate_window_minutes.map(i64::from))
                    .bind(site.crawlable)
                    .bind(site.lang.as_str())
                    .bind(site.votes.as_str())
                    .bind(site.gravatar)
                    .bind(site.close_after_days.map(i64::from))
                    .bind(site.report_threshold.map(i64::from))
                    .bind(site.readers.as_str())
                    .execute(&mut **tx)
                    .await?;
                    Ok(done.rows_affected())
                }

                async fn site_origins(&self) -> StoreResult<HashMap<String, Vec<String>>> {
                    let rows: Vec<(String, String)> = sqlx::query_as(
                        "select site_id, origin from site_origin order by site_id, origin",
                    )
                    .fetch_all(&self.reader)
                    .await?;
                    let mut origins: HashMap<String, Vec<String>> = HashMap::new();
                    for (site, origin) in rows {
                        origins.entry(site).or_default().push(origin);
                    }
                    Ok(origins)
                }
            }

            #[async_trait::async_trait]
            impl SiteStore for $store {
                #[tracing::instrument(skip_all, fields(site = %site.id))]
                async fn insert_site(&self, site: &Site) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    sqlx::query("insert into site (site_id, created_at) values ($1, $2)")
                        .bind(&site.id)
                        .bind(OffsetDateTime::now_utc())
                        .execute(&mut *tx)
                        .await?;
                    Self::write_settings(&mut tx, site).await?;
                    Self::insert_origins(&mut tx, site).await?;
                    tx.commit().await?;
                    Ok(())
                }

                #[tracing::instrument(skip_all, fields(site = %site.id))]
                async fn update_site(
                    &self,
                    site: &Site,
                    audit: Option<&AuditEntry>,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    let updated = Self::write_settings(&mut tx, site).await?;
                    if updated == 0 {
                        return Err(StoreError::NotFound);
                    }
                    sqlx::query("delete from site_origin where site_id = $1")
                        .bind(&site.id)
                        .execute(&mut *tx)
                        .await?;
                    Self::insert_origins(&mut tx, site).await?;
                    if let Some(entry) = audit {
                        Self::audit(&mut tx, entry).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                #[tracing::instrument(skip_all, fields(site = %id))]
                async fn delete_site(&self, id: &str) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    // Replies reference their parents; drop the links before the rows.
                    sqlx::query("update comment set parent_id = null where site_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    let deleted = sqlx::query("delete from site where site_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    one_row(deleted.rows_affected())?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn list_sites(&self) -> StoreResult<Vec<Site>> {
                    type SiteRow = (
                        String,
                        String,
                        Option<i64>,
                        Option<i64>,
                        Option<i64>,
                        Option<i64>,
                        Option<i64>,
                        Option<i64>,
                        bool,
                        String,
                        String,
                        bool,
                        Option<i64>,
                        Option<i64>,
                        String,
                    );
                    let rows: Vec<SiteRow> = sqlx::query_as(
                        "select site_id, moderation, edit_window_minutes, min_post_seconds, pow_bits, max_links, \
                         posts_per_minute, duplicate_window_minutes, crawlable, lang, votes, gravatar, close_after_days, report_threshold, \
                         readers from site order by site_id",
                    )
                    .fetch_all(&self.reader)
                    .await?;
                    let mut origins = self.site_origins().await?;
                    rows.into_iter()
                        .map(
                            |(
                                id,
                                moderation,
                                edit_window_minutes,
                                min_post_seconds,
                                pow_bits,
                                max_links,
                                posts_per_minute,
                                duplicate_window_minutes,
                                crawlable,
                                lang,
                                votes,
                                gravatar,
                                close_after_days,
                                report_threshold,
                                readers,
                            )| {
                                let small = |value: Option<i64>| {
                                    value.and_then(|value| u32::try_from(value).ok())
                                };
                                let moderation = Moderation::parse(&moderation).map_err(|e| {
                                    StoreError::Other(anyhow::anyhow!("site {id}: {e}"))
                                })?;
                                let origins = origins.remove(&id).unwrap_or_default();
                                Ok(Site {
                                    id,
                                    origins,
                                    moderation,
                                    edit_window_minutes: small(edit_window_minutes),
                                    spam: SpamRules {
                                        min_post_seconds: small(min_post_seconds),
                                        pow_bits: small(pow_bits),
                                        max_links: small(max_links),
                                        posts_per_minute: small(posts_per_minute),
                                        duplicate_window_minutes: small(duplicate_window_minutes),
                                    },
                                    crawlable,
                                    lang: Language::from_tag(&lang),
                                    votes: Votes::parse(&votes).unwrap_or_default(),
                                    gravatar,
                                    close_after_days: small(close_after_days),
                                    report_threshold: small(report_threshold),
                                    readers: Readers::parse(&readers).unwrap_or_default(),
                                })
                            },
                        )
                        .collect()
                }
            }
        }
    };
}

pub(crate) use impl_site_store;
