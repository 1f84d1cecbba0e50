//! Comments: writing, reading threads, counting; the statements, written once for every backend.

macro_rules! impl_comment_store {
    ($store:ident, $db:ty) => {
        pub(super) mod comment_store {
            use std::collections::HashMap;

            use parlons_shared::Badge;
            use parlons_shared::limits::{MAX_PINS_PER_PAGE, REPLIES_PER_CONVERSATION};
            use sqlx::QueryBuilder;
            use time::OffsetDateTime;

            use crate::domain::render::SafeHtml;
            use crate::store::Shape;
            use crate::store::sql::rows::{
                COMMENT_COLUMNS, CommentRow, ERASED, author_entry, erasure_entry, records,
            };
            use crate::store::sql::threads::thread_sql;
            use crate::store::{
                CommentRecord, CommentStore, NewCommentRecord, ParentRecord, StoreError,
                StoreResult, ThreadQuery, parent_problem,
            };

            use super::$store;

            impl $store {
                /// The rows of one statement of [`thread_sql`].
                async fn thread_rows(
                    &self,
                    query: &ThreadQuery,
                    shape: Shape,
                ) -> StoreResult<Vec<CommentRow>> {
                    let sql = thread_sql(shape);
                    let (after, limit) = match shape {
                        Shape::Pinned => (None, MAX_PINS_PER_PAGE as i64),
                        _ => (query.after, i64::from(query.limit)),
                    };
                    let select = sqlx::query_as(&sql)
                        .bind(&query.site)
                        .bind(&query.page)
                        .bind(after)
                        .bind(limit);
                    let select = match shape {
                        Shape::Comments => select,
                        // The replies shown, and one more.
                        Shape::Conversations(_) | Shape::Pinned => {
                            select.bind(i64::from(REPLIES_PER_CONVERSATION) + 1)
                        }
                        Shape::Replies => select.bind(query.replies_to),
                    };
                    Ok(select.fetch_all(&self.reader).await?)
                }

                /// Where each parent named in the batch lives, and its status.
                async fn parents_of(
                    tx: &mut sqlx::Transaction<'_, $db>,
                    batch: &[NewCommentRecord],
                ) -> StoreResult<HashMap<i64, ParentRecord>> {
                    let ids: Vec<i64> = batch.iter().filter_map(|comment| comment.parent).collect();
                    if ids.is_empty() {
                        return Ok(HashMap::new());
                    }
                    let mut query: QueryBuilder<$db> = QueryBuilder::new(
                        "select comment_id, site_id, page, status, coalesce(root_id, comment_id) \
                         from comment where comment_id in (",
                    );
                    let mut separated = query.separated(", ");
                    for id in ids {
                        separated.push_bind(id);
                    }
                    query.push(")");
                    let rows: Vec<(i64, String, String, String, i64)> =
                        query.build_query_as().fetch_all(&mut **tx).await?;
                    Ok(rows
                        .into_iter()
                        .map(|(id, site, page, status, conversation)| {
                            let parent = ParentRecord {
                                site,
                                page,
                                status,
                                conversation,
                            };
                            (id, parent)
                        })
                        .collect())
                }

                async fn select_comment(
                    tx: &mut sqlx::Transaction<'_, $db>,
                    id: i64,
                ) -> StoreResult<CommentRecord> {
                    let sql =
                        format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
                    let row: CommentRow =
                        sqlx::query_as(&sql).bind(id).fetch_one(&mut **tx).await?;
                    row.try_into()
                }
            }

            #[async_trait::async_trait]
            impl CommentStore for $store {
                /// Asks the connection posts are written with (on SQLite the one writer, on
                /// PostgreSQL the pool): a server whose writes are stuck is not healthy, and
                /// readers busy with a flood of reads do not delay the answer.
                async fn ping(&self) -> StoreResult<()> {
                    sqlx::query("select 1").execute(&self.writer).await?;
                    Ok(())
                }

                #[tracing::instrument(skip_all, fields(comments = batch.len()))]
                async fn insert_comments(
                    &self,
                    batch: &[NewCommentRecord],
                ) -> StoreResult<Vec<StoreResult<CommentRecord>>> {
                    let mut tx = self.writer.begin().await?;
                    let parents = Self::parents_of(&mut tx, batch).await?;
                    let verdicts: Vec<Option<StoreError>> = batch
                        .iter()
                        .map(|comment| parent_problem(comment, &parents))
                        .collect();
                    let accepted: Vec<&NewCommentRecord> = batch
                        .iter()
                        .zip(&verdicts)
                        .filter(|(_, verdict)| verdict.is_none())
                        .map(|(comment, _)| comment)
                        .collect();
                    let mut stored = HashMap::new();
                    if !accepted.is_empty() {
                        // One statement for the whole batch; rows come back in any order, so each is
                        // matched to its comment by the edit token's hash (a SHA-256 of a fresh secret).
                        let mut query: QueryBuilder<$db> = QueryBuilder::new(
                            "insert into comment (site_id, page, parent_id, root_id, author, website, \
                             email_hash, notify_email, body_source, body_html, status, edit_token_hash, \
                             created_at, address_hash, challenge_nonce, badge, reader_id) ",
                        );
                        query.push_values(&accepted, |mut row, comment| {
                            let conversation = comment
                                .parent
                                .and_then(|id| parents.get(&id))
                                .map(|parent| parent.conversation);
                            row.push_bind(&comment.site)
                                .push_bind(&comment.page)
                                .push_bind(comment.parent)
                                .push_bind(conversation)
                                .push_bind(&comment.author)
                                .push_bind(&comment.website)
                                .push_bind(&comment.email_hash)
                                .push_bind(&comment.notify_email)
                                .push_bind(&comment.source)
                                .push_bind(comment.html.as_str())
                                .push_bind(comment.status.as_str())
                                .push_bind(&comment.edit_token_hash)
                                .push_bind(comment.created_at)
                                .push_bind(&comment.address_hash)
                                .push_bind(&comment.challenge_nonce)
                                .push_bind(comment.badge.map(Badge::as_str))
                                .push_bind(comment.reader_id);
                        });
                        // A challenge used already, on any node, makes its row (only) be left out.
                        query.push(format!(
                            " on conflict (challenge_nonce) where challenge_nonce is not null do nothing \
                             returning {COMMENT_COLUMNS}"
                        ));
                        let rows: Vec<CommentRow> =
                            query.build_query_as().fetch_all(&mut *tx).await?;
                        for row in rows {
                            let record = CommentRecord::try_from(row)?;
                            stored.insert(record.edit_token_hash.clone(), record);
                        }
                    }
                    tx.commit().await?;
                    Ok(batch
                        .iter()
                        .zip(verdicts)
                        .map(|(comment, verdict)| match verdict {
                            Some(problem) => Err(problem),
                            None => stored.remove(&comment.edit_token_hash).ok_or_else(|| {
                                if comment.challenge_nonce.is_some() {
                                    StoreError::ChallengeUsed
                                } else {
                                    StoreError::Other(anyhow::anyhow!(
                                        "the insert returned no row for a comment"
                                    ))
                                }
                            }),
                        })
                        .collect())
                }

                async fn get_comment(&self, id: i64) -> StoreResult<CommentRecord> {
                    let sql =
                        format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
                    let row: CommentRow = sqlx::query_as(&sql)
                        .bind(id)
                        .fetch_one(&self.reader)
                        .await?;
                    row.try_into()
                }

                #[tracing::instrument(skip_all, fields(site = %query.site))]
                async fn thread(&self, query: &ThreadQuery) -> StoreResult<Vec<CommentRecord>> {
                    let shape = Shape::of(query.sort, query.replies_to);
                    // The first page of every sort begins with the pinned comments (`oldest`
                    // lists their replies in their places, by date).
                    let mut shown = Vec::new();
                    if query.after.is_none() && shape != Shape::Replies {
                        let mut pinned = self.thread_rows(query, Shape::Pinned).await?;
                        if shape == Shape::Comments {
                            pinned.retain(|row| row.parent_id.is_none());
                        }
                        shown = pinned;
                    }
                    shown.extend(self.thread_rows(query, shape).await?);
                    records(shown)
                }

                async fn count(&self, site: &str, page: &str) -> StoreResult<u64> {
                    let (count,): (i64,) = sqlx::query_as(
                        "select count(*) from comment where site_id = $1 and page = $2 and status = 'published'",
                    )
                    .bind(site)
                    .bind(page)
                    .fetch_one(&self.reader)
                    .await?;
                    Ok(count.max(0) as u64)
                }

                async fn counts(
                    &self,
                    site: &str,
                    pages: &[String],
                ) -> StoreResult<HashMap<String, u64>> {
                    if pages.is_empty() {
                        return Ok(HashMap::new());
                    }
                    let mut query: QueryBuilder<$db> = QueryBuilder::new(
                        "select page, count(*) from comment where status = 'published' and site_id = ",
                    );
                    query.push_bind(site).push(" and page in (");
                    let mut separated = query.separated(", ");
                    for page in pages {
                        separated.push_bind(page);
                    }
                    query.push(") group by page");
                    let rows: Vec<(String, i64)> =
                        query.build_query_as().fetch_all(&self.reader).await?;
                    Ok(rows
                        .into_iter()
                        .map(|(page, n)| (page, n.max(0) as u64))
                        .collect())
                }

                #[tracing::instrument(skip_all, fields(comment = id))]
                async fn edit_comment(
                    &self,
                    id: i64,
                    source: &str,
                    html: &SafeHtml,
                    review: bool,
                    at: OffsetDateTime,
                ) -> StoreResult<CommentRecord> {
                    let mut tx = self.writer.begin().await?;
                    let before = Self::select_comment(&mut tx, id).await?;
                    let sql = format!(
                        "update comment set body_source = $2, body_html = $3, edited_at = $4, \
                         status = case when $5 then 'pending' else status end \
                         where comment_id = $1 and status != 'deleted' returning {COMMENT_COLUMNS}"
                    );
                    let row: CommentRow = sqlx::query_as(&sql)
                        .bind(id)
                        .bind(source)
                        .bind(html.as_str())
                        .bind(at)
                        .bind(review)
                        .fetch_one(&mut *tx)
                        .await?;
                    let after = CommentRecord::try_from(row)?;
                    Self::audit(&mut tx, &author_entry("edit", at, &before, &after)).await?;
                    tx.commit().await?;
                    Ok(after)
                }

                #[tracing::instrument(skip_all, fields(comment = id))]
                async fn erase_comment(
                    &self,
                    id: i64,
                    at: OffsetDateTime,
                ) -> StoreResult<CommentRecord> {
                    let mut tx = self.writer.begin().await?;
                    let before = Self::select_comment(&mut tx, id).await?;
                    let sql = format!(
                        "update comment set {ERASED} where comment_id = $1 returning {COMMENT_COLUMNS}"
                    );
                    let row: CommentRow = sqlx::query_as(&sql)
                        .bind(id)
                        .bind(at)
                        .fetch_one(&mut *tx)
                        .await?;
                    let after = CommentRecord::try_from(row)?;
                    let entry = erasure_entry(at, &before, &after);
                    Self::audit(&mut tx, &entry).await?;
                    tx.commit().await?;
                    Ok(after)
                }
            }
        }
    };
}

pub(crate) use impl_comment_store;
