//! A site's authors and their comments' mark: the statements, written once for every backend.

macro_rules! impl_author_store {
    ($store:ident) => {
        pub(super) mod author_store {
            use time::OffsetDateTime;

            use crate::store::authors::{AuthorStore, SiteAuthor};
            use crate::store::sql::rows::{COMMENT_COLUMNS, CommentRow, one_row};
            use crate::store::{AuditEntry, CommentRecord, StoreError, StoreResult};

            use super::$store;

            #[async_trait::async_trait]
            impl AuthorStore for $store {
                async fn add_author(
                    &self,
                    site: &str,
                    author: &SiteAuthor,
                    audit: &AuditEntry,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    let added = sqlx::query(
                        "insert into site_author (site_id, email_hash, label, added_by, added_at) \
                         values ($1, $2, $3, $4, $5) on conflict do nothing",
                    )
                    .bind(site)
                    .bind(&author.email_hash)
                    .bind(&author.label)
                    .bind(&author.added_by)
                    .bind(author.added_at)
                    .execute(&mut *tx)
                    .await?;
                    if added.rows_affected() == 0 {
                        return Err(StoreError::Conflict(
                            "the address is one of the site's authors already".to_owned(),
                        ));
                    }
                    Self::audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn remove_author(
                    &self,
                    site: &str,
                    email_hash: &str,
                    audit: &AuditEntry,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    let removed = sqlx::query(
                        "delete from site_author where site_id = $1 and email_hash = $2",
                    )
                    .bind(site)
                    .bind(email_hash)
                    .execute(&mut *tx)
                    .await?;
                    one_row(removed.rows_affected())?;
                    Self::audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn authors(&self, site: &str) -> StoreResult<Vec<SiteAuthor>> {
                    let rows: Vec<(String, String, String, OffsetDateTime)> = sqlx::query_as(
                        "select email_hash, label, added_by, added_at from site_author \
                         where site_id = $1 order by label, email_hash",
                    )
                    .bind(site)
                    .fetch_all(&self.reader)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(email_hash, label, added_by, added_at)| SiteAuthor {
                            email_hash,
                            label,
                            added_by,
                            added_at,
                        })
                        .collect())
                }

                async fn claim_author_mail(
                    &self,
                    site: &str,
                    email_hash: &str,
                    now: OffsetDateTime,
                    not_since: OffsetDateTime,
                ) -> StoreResult<bool> {
                    // Most posts give no author's address: a read answers them, and only an
                    // author's takes the writer (on SQLite, the database's one write lock).
                    let (authors,): (i64,) = sqlx::query_as(
                        "select count(*) from site_author where site_id = $1 and email_hash = $2",
                    )
                    .bind(site)
                    .bind(email_hash)
                    .fetch_one(&self.reader)
                    .await?;
                    if authors == 0 {
                        return Ok(false);
                    }
                    let claimed = sqlx::query(
                        "update site_author set claim_sent_at = $3 \
                         where site_id = $1 and email_hash = $2 \
                         and (claim_sent_at is null or claim_sent_at < $4)",
                    )
                    .bind(site)
                    .bind(email_hash)
                    .bind(now)
                    .bind(not_since)
                    .execute(&self.writer)
                    .await?;
                    Ok(claimed.rows_affected() == 1)
                }

                async fn mark_author_comment(&self, comment: i64) -> StoreResult<CommentRecord> {
                    sqlx::query(
                        "update comment set badge = 'author' \
                         where comment_id = $1 and badge is null and status != 'deleted' \
                         and exists (select 1 from site_author a \
                         where a.site_id = comment.site_id and a.email_hash = comment.email_hash)",
                    )
                    .bind(comment)
                    .execute(&self.writer)
                    .await?;
                    let sql =
                        format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
                    let row: Option<CommentRow> = sqlx::query_as(&sql)
                        .bind(comment)
                        .fetch_optional(&self.writer)
                        .await?;
                    row.ok_or(StoreError::NotFound)?.try_into()
                }
            }
        }
    };
}

pub(crate) use impl_author_store;
