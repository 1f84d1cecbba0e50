//! Whole tables in and out, ids included, for `parlons migrate-data` and `parlons backup`.
//! What the dialects do differently here (explicit ids, sequences, emptying, backups) is
//! the backend's [`Dialect`](super::Dialect).

macro_rules! impl_transfer_store {
    ($store:ident) => {
        pub(super) mod transfer_store {
            use crate::store::accounts::ReaderTables;
            use crate::store::sql::Dialect;
            use crate::store::transfer::{
                AuditFullRow, CommentFullRow, CredentialRow, ReportRow, SmallTables, TABLES,
                TransferStore,
            };
            use crate::store::{StoreError, StoreResult};

            use super::$store;

            #[async_trait::async_trait]
            impl TransferStore for $store {
                async fn row_counts(&self) -> StoreResult<Vec<(&'static str, i64)>> {
                    let mut counts = Vec::with_capacity(TABLES.len());
                    for table in TABLES {
                        let sql = format!("select count(*) from {table}");
                        let (count,): (i64,) = sqlx::query_as(&sql).fetch_one(&self.reader).await?;
                        counts.push((table, count));
                    }
                    Ok(counts)
                }

                async fn read_small(&self) -> StoreResult<SmallTables> {
                    self.small_tables().await
                }

                async fn write_small(&self, tables: &SmallTables) -> StoreResult<()> {
                    self.write_small_tables(tables).await
                }

                async fn read_readers(&self) -> StoreResult<ReaderTables> {
                    self.reader_tables().await
                }

                async fn write_readers(&self, tables: &ReaderTables) -> StoreResult<()> {
                    self.write_reader_tables(tables).await
                }

                async fn read_credentials(
                    &self,
                    after: i64,
                    limit: i64,
                ) -> StoreResult<Vec<CredentialRow>> {
                    Ok(sqlx::query_as(
                        "select credential_id, moderator_id, kind, secret_hash, created_at, expires_at, revoked_at \
                         from credential where credential_id > $1 order by credential_id limit $2",
                    )
                    .bind(after)
                    .bind(limit)
                    .fetch_all(&self.reader)
                    .await?)
                }

                async fn write_credentials(&self, rows: &[CredentialRow]) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for row in rows {
                        sqlx::query(&format!(
                            concat!(
                            "insert into credential (credential_id, moderator_id, kind, secret_hash, created_at, \
                             expires_at, revoked_at) ",
                            "{}",
                            " values ($1, $2, $3, $4, $5, $6, $7)"
                            ),
                            <$store as Dialect>::OVERRIDING_IDS
                        ))
                        .bind(row.credential_id)
                        .bind(row.moderator_id)
                        .bind(&row.kind)
                        .bind(&row.secret_hash)
                        .bind(row.created_at)
                        .bind(row.expires_at)
                        .bind(row.revoked_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn read_comments(
                    &self,
                    after: i64,
                    limit: i64,
                ) -> StoreResult<Vec<CommentFullRow>> {
                    Ok(sqlx::query_as(
                        "select comment_id, site_id, page, parent_id, root_id, author, website, email_hash, body_source, \
                         body_html, status, edit_token_hash, created_at, edited_at, deleted_at, deleted_by, \
                         import_key, notify_email, address_hash, upvotes, downvotes, pinned_at, badge, reader_id from comment where comment_id > $1 \
                         order by comment_id limit $2",
                    )
                    .bind(after)
                    .bind(limit)
                    .fetch_all(&self.reader)
                    .await?)
                }

                async fn write_comments(&self, rows: &[CommentFullRow]) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for row in rows {
                        sqlx::query(&format!(
                            concat!(
                            "insert into comment (comment_id, site_id, page, parent_id, root_id, author, website, \
                             email_hash, body_source, body_html, status, edit_token_hash, created_at, edited_at, \
                             deleted_at, deleted_by, import_key, notify_email, address_hash, upvotes, downvotes, \
                             pinned_at, badge, reader_id) ",
                            "{}",
                            " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
                             $19, $20, $21, $22, $23, $24)"
                            ),
                            <$store as Dialect>::OVERRIDING_IDS
                        ))
                        .bind(row.comment_id)
                        .bind(&row.site_id)
                        .bind(&row.page)
                        .bind(row.parent_id)
                        .bind(row.root_id)
                        .bind(&row.author)
                        .bind(&row.website)
                        .bind(&row.email_hash)
                        .bind(&row.body_source)
                        .bind(&row.body_html)
                        .bind(&row.status)
                        .bind(&row.edit_token_hash)
                        .bind(row.created_at)
                        .bind(row.edited_at)
                        .bind(row.deleted_at)
                        .bind(&row.deleted_by)
                        .bind(&row.import_key)
                        .bind(&row.notify_email)
                        .bind(&row.address_hash)
                        .bind(row.upvotes)
                        .bind(row.downvotes)
                        .bind(row.pinned_at)
                        .bind(&row.badge)
                        .bind(row.reader_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn read_reports(&self) -> StoreResult<Vec<ReportRow>> {
                    Ok(sqlx::query_as(
                        "select comment_id, voter, reason, note, address_hash, created_at, dismissed_at \
                         from report order by comment_id, voter",
                    )
                    .fetch_all(&self.reader)
                    .await?)
                }

                async fn write_reports(&self, rows: &[ReportRow]) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for row in rows {
                        sqlx::query(
                            "insert into report (comment_id, voter, reason, note, address_hash, created_at, \
                             dismissed_at) values ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(row.comment_id)
                        .bind(&row.voter)
                        .bind(&row.reason)
                        .bind(&row.note)
                        .bind(&row.address_hash)
                        .bind(row.created_at)
                        .bind(row.dismissed_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn read_audit(
                    &self,
                    after: i64,
                    limit: i64,
                ) -> StoreResult<Vec<AuditFullRow>> {
                    Ok(sqlx::query_as(
                        "select audit_id, at, actor, action, site_id, comment_id, before, after \
                         from audit_log where audit_id > $1 order by audit_id limit $2",
                    )
                    .bind(after)
                    .bind(limit)
                    .fetch_all(&self.reader)
                    .await?)
                }

                async fn write_audit(&self, rows: &[AuditFullRow]) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for row in rows {
                        sqlx::query(&format!(
                            concat!(
                            "insert into audit_log (audit_id, at, actor, action, site_id, comment_id, before, after) ",
                            "{}",
                            " values ($1, $2, $3, $4, $5, $6, $7, $8)"
                            ),
                            <$store as Dialect>::OVERRIDING_IDS
                        ))
                        .bind(row.audit_id)
                        .bind(row.at)
                        .bind(&row.actor)
                        .bind(&row.action)
                        .bind(&row.site_id)
                        .bind(row.comment_id)
                        .bind(&row.before)
                        .bind(&row.after)
                        .execute(&mut *tx)
                        .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn clear_all(&self) -> StoreResult<()> {
                    let statements = <$store as Dialect>::CLEAR_ALL;
                    let mut tx = self.writer.begin().await?;
                    for statement in statements {
                        sqlx::query(statement).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn backup(&self, path: &str) -> StoreResult<()> {
                    let statement = <$store as Dialect>::BACKUP_INTO;
                    let Some(statement) = statement else {
                        return Err(StoreError::Unsupported(
                            "PostgreSQL databases are backed up with pg_dump",
                        ));
                    };
                    sqlx::query(statement)
                        .bind(path)
                        .execute(&self.writer)
                        .await?;
                    Ok(())
                }

                async fn finish_import(&self) -> StoreResult<()> {
                    let statements = <$store as Dialect>::RESET_SEQUENCES;
                    for statement in statements {
                        sqlx::query(statement).execute(&self.writer).await?;
                    }
                    Ok(())
                }
            }
        }
    };
}

pub(crate) use impl_transfer_store;
