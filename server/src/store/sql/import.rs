//! `parlons import` and `parlons export`: the statements, written once for every backend.

macro_rules! impl_import_store {
    ($store:ident) => {
        pub(super) mod import_store {
            use std::collections::HashMap;

            use crate::store::import::{ImportOutcome, ImportRecord, ImportStore};
            use crate::store::transfer::CommentFullRow;
            use crate::store::{StoreError, StoreResult};

            use super::$store;

            #[async_trait::async_trait]
            impl ImportStore for $store {
                #[tracing::instrument(skip_all, fields(site, records = records.len(), dry_run))]
                async fn import_comments(
                    &self,
                    site: &str,
                    records: &[ImportRecord],
                    dry_run: bool,
                    progress: &(dyn Fn() + Send + Sync),
                ) -> StoreResult<ImportOutcome> {
                    let mut tx = self.writer.begin().await?;
                    // Each imported comment's id and conversation, by its key.
                    let known: Vec<(String, i64, i64)> = sqlx::query_as(
                        "select import_key, comment_id, coalesce(root_id, comment_id) from comment \
                         where site_id = $1 and import_key is not null",
                    )
                    .bind(site)
                    .fetch_all(&mut *tx)
                    .await?;
                    let mut ids: HashMap<String, (i64, i64)> = known
                        .into_iter()
                        .map(|(key, id, conversation)| (key, (id, conversation)))
                        .collect();
                    let mut outcome = ImportOutcome::default();
                    for record in records {
                        progress();
                        if ids.contains_key(&record.key) {
                            outcome.already_there += 1;
                            continue;
                        }
                        let parent = match &record.parent_key {
                            None => None,
                            Some(key) => Some(*ids.get(key).ok_or_else(|| {
                                StoreError::Other(anyhow::anyhow!(
                                    "{} comes before its parent {key}",
                                    record.key
                                ))
                            })?),
                        };
                        let (id,): (i64,) = sqlx::query_as(
                            "insert into comment (site_id, page, parent_id, root_id, author, website, \
                             email_hash, body_source, body_html, status, edit_token_hash, created_at, \
                             edited_at, import_key, notify_email) \
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                             returning comment_id",
                        )
                        .bind(site)
                        .bind(&record.page)
                        .bind(parent.map(|(id, _)| id))
                        .bind(parent.map(|(_, conversation)| conversation))
                        .bind(&record.author)
                        .bind(&record.website)
                        .bind(&record.email_hash)
                        .bind(&record.source)
                        .bind(record.html.as_str())
                        .bind(record.status.as_str())
                        .bind(&record.edit_token_hash)
                        .bind(record.created_at)
                        .bind(record.edited_at)
                        .bind(&record.key)
                        .bind(&record.notify_email)
                        .fetch_one(&mut *tx)
                        .await?;
                        let conversation = parent.map_or(id, |(_, conversation)| conversation);
                        ids.insert(record.key.clone(), (id, conversation));
                        outcome.written += 1;
                    }
                    if dry_run {
                        tx.rollback().await?;
                    } else {
                        tx.commit().await?;
                    }
                    Ok(outcome)
                }

                /// Address hashes, votes and signed-in readers are left out: they are personal,
                /// and keyed for this server alone (a tally without its votes would let readers
                /// vote twice).
                async fn site_comments(&self, site: &str) -> StoreResult<Vec<CommentFullRow>> {
                    Ok(sqlx::query_as(
                        "select comment_id, site_id, page, parent_id, root_id, author, website, email_hash, \
                         body_source, body_html, status, edit_token_hash, created_at, edited_at, \
                         deleted_at, deleted_by, import_key, notify_email, \
                         cast(null as text) as address_hash, cast(0 as bigint) as upvotes, \
                         cast(0 as bigint) as downvotes, pinned_at, badge, \
                         cast(null as bigint) as reader_id \
                         from comment where site_id = $1 order by comment_id",
                    )
                    .bind(site)
                    .fetch_all(&self.reader)
                    .await?)
                }
            }
        }
    };
}

pub(crate) use impl_import_store;
