//! The small tables of `parlons migrate-data` (sites, moderators, webhooks, blocks, filters,
//! authors, invitations...), read and written whole, in one transaction: the statements,
//! written once for every backend. `transfer.rs` copies the large ones in batches.

macro_rules! impl_small_tables {
    ($store:ident) => {
        pub(super) mod small_tables {
            use crate::store::StoreResult;
            use crate::store::sql::Dialect;
            use crate::store::transfer::SmallTables;

            use super::$store;

            impl $store {
                pub(in crate::store) async fn small_tables(&self) -> StoreResult<SmallTables> {
                    Ok(SmallTables {
                        sites: sqlx::query_as(
                            "select site_id, moderation, created_at, edit_window_minutes, min_post_seconds, \
                             pow_bits, max_links, posts_per_minute, duplicate_window_minutes, crawlable, lang, votes, \
                             gravatar, close_after_days, report_threshold, readers from site order by site_id",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        origins: sqlx::query_as("select site_id, origin from site_origin order by site_id, origin")
                            .fetch_all(&self.reader)
                            .await?,
                        moderators: sqlx::query_as(
                            "select moderator_id, name, password_hash, all_sites, created_at \
                             from moderator order by moderator_id",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        moderator_sites: sqlx::query_as(
                            "select moderator_id, site_id, owner from moderator_site order by moderator_id, site_id",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        webhooks: sqlx::query_as(
                            "select webhook_id, site_id, url, secret, created_at from webhook order by webhook_id",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        blocks: sqlx::query_as(
                            "select block_id, site_id, kind, hash, until, created_by, comment_id, created_at \
                             from block order by block_id",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        thread_states: sqlx::query_as(
                            "select site_id, page, closed, changed_at from thread_state order by site_id, page",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        filters: sqlx::query_as(
                            "select site_id, folded, phrase, action, created_by, created_at \
                             from filter order by site_id, folded",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        refusal_counts: sqlx::query_as(
                            "select site_id, day, layer, count from refusal_count order by site_id, day, layer",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        site_authors: sqlx::query_as(
                            "select site_id, email_hash, label, added_by, added_at, claim_sent_at \
                             from site_author order by site_id, email_hash",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        invitations: sqlx::query_as(
                            "select secret_hash, site_id, owner, created_by, expires_at, used_at \
                             from invitation order by secret_hash",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        secrets: sqlx::query_as("select name, value from server_secret order by name")
                            .fetch_all(&self.reader)
                            .await?,
                    })
                }

                pub(in crate::store) async fn write_small_tables(
                    &self,
                    tables: &SmallTables,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for row in &tables.sites {
                        sqlx::query(
                            "insert into site (site_id, moderation, created_at, edit_window_minutes, \
                             min_post_seconds, pow_bits, max_links, posts_per_minute, duplicate_window_minutes, \
                             crawlable, lang, votes, gravatar, close_after_days, report_threshold, readers) \
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                        )
                        .bind(&row.site_id)
                        .bind(&row.moderation)
                        .bind(row.created_at)
                        .bind(row.edit_window_minutes)
                        .bind(row.min_post_seconds)
                        .bind(row.pow_bits)
                        .bind(row.max_links)
                        .bind(row.posts_per_minute)
                        .bind(row.duplicate_window_minutes)
                        .bind(row.crawlable)
                        .bind(&row.lang)
                        .bind(&row.votes)
                        .bind(row.gravatar)
                        .bind(row.close_after_days)
                        .bind(row.report_threshold)
                        .bind(&row.readers)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.origins {
                        sqlx::query("insert into site_origin (site_id, origin) values ($1, $2)")
                            .bind(&row.site_id)
                            .bind(&row.origin)
                            .execute(&mut *tx)
                            .await?;
                    }
                    for row in &tables.moderators {
                        sqlx::query(&format!(
                            concat!(
                            "insert into moderator (moderator_id, name, password_hash, all_sites, created_at) ",
                            "{}",
                            " values ($1, $2, $3, $4, $5)"
                            ),
                            <$store as Dialect>::OVERRIDING_IDS
                        ))
                        .bind(row.moderator_id)
                        .bind(&row.name)
                        .bind(&row.password_hash)
                        .bind(row.all_sites)
                        .bind(row.created_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.moderator_sites {
                        sqlx::query(
                            "insert into moderator_site (moderator_id, site_id, owner) values ($1, $2, $3)",
                        )
                        .bind(row.moderator_id)
                        .bind(&row.site_id)
                        .bind(row.owner)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.webhooks {
                        sqlx::query(&format!(
                            concat!(
                                "insert into webhook (webhook_id, site_id, url, secret, created_at) ",
                                "{}",
                                " values ($1, $2, $3, $4, $5)"
                            ),
                            <$store as Dialect>::OVERRIDING_IDS
                        ))
                        .bind(row.webhook_id)
                        .bind(&row.site_id)
                        .bind(&row.url)
                        .bind(&row.secret)
                        .bind(row.created_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.blocks {
                        sqlx::query(&format!(
                            concat!(
                            "insert into block (block_id, site_id, kind, hash, until, created_by, comment_id, created_at) ",
                            "{}",
                            " values ($1, $2, $3, $4, $5, $6, $7, $8)"
                            ),
                            <$store as Dialect>::OVERRIDING_IDS
                        ))
                        .bind(row.block_id)
                        .bind(&row.site_id)
                        .bind(&row.kind)
                        .bind(&row.hash)
                        .bind(row.until)
                        .bind(&row.created_by)
                        .bind(row.comment_id)
                        .bind(row.created_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.refusal_counts {
                        sqlx::query(
                            "insert into refusal_count (site_id, day, layer, count) values ($1, $2, $3, $4)",
                        )
                        .bind(&row.site_id)
                        .bind(&row.day)
                        .bind(&row.layer)
                        .bind(row.count)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.site_authors {
                        sqlx::query(
                            "insert into site_author (site_id, email_hash, label, added_by, added_at, claim_sent_at) \
                             values ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&row.site_id)
                        .bind(&row.email_hash)
                        .bind(&row.label)
                        .bind(&row.added_by)
                        .bind(row.added_at)
                        .bind(row.claim_sent_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.invitations {
                        sqlx::query(
                            "insert into invitation (secret_hash, site_id, owner, created_by, expires_at, used_at) \
                             values ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&row.secret_hash)
                        .bind(&row.site_id)
                        .bind(row.owner)
                        .bind(&row.created_by)
                        .bind(row.expires_at)
                        .bind(row.used_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.thread_states {
                        sqlx::query(
                            "insert into thread_state (site_id, page, closed, changed_at) values ($1, $2, $3, $4)",
                        )
                        .bind(&row.site_id)
                        .bind(&row.page)
                        .bind(row.closed)
                        .bind(row.changed_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.filters {
                        sqlx::query(
                            "insert into filter (site_id, folded, phrase, action, created_by, created_at) \
                             values ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&row.site_id)
                        .bind(&row.folded)
                        .bind(&row.phrase)
                        .bind(&row.action)
                        .bind(&row.created_by)
                        .bind(row.created_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for (name, value) in &tables.secrets {
                        sqlx::query(
                            "insert into server_secret (name, value) values ($1, $2) \
                             on conflict (name) do update set value = excluded.value",
                        )
                        .bind(name)
                        .bind(value)
                        .execute(&mut *tx)
                        .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }
            }
        }
    };
}

pub(crate) use impl_small_tables;
