//! Moderators, credentials, status changes with their audit lines, the audit log; the
//! statements, written once for every backend.

macro_rules! impl_moderation_store {
    ($store:ident, $db:ty) => {
        pub(super) mod moderation_store {
            use sqlx::QueryBuilder;
            use time::OffsetDateTime;

            use crate::domain::moderator::{Moderator, Scope};
            use crate::store::moderation::RESTORE_DAYS;
            use crate::store::sql::rows::{
                AuditRow, COMMENT_COLUMNS, CommentRow, ModeratorRow, one_row, records,
            };
            use crate::store::{
                AuditEntry, CommentRecord, CredentialKind, ModerationAction, ModerationQuery,
                ModerationStore, NewModerator, StoreError, StoreResult,
            };

            use super::$store;

            impl $store {
                /// `<keyword> site_id in ($n, ...)`.
                fn push_sites<'a>(
                    sql: &mut QueryBuilder<'a, $db>,
                    keyword: &str,
                    sites: &'a [String],
                ) {
                    sql.push(keyword).push(" site_id in (");
                    let mut list = sql.separated(", ");
                    for site in sites {
                        list.push_bind(site);
                    }
                    sql.push(")");
                }

                /// Appends an audit line inside a transaction (the comment writes use it too).
                pub(crate) async fn audit(
                    tx: &mut sqlx::Transaction<'_, $db>,
                    entry: &AuditEntry,
                ) -> StoreResult<()> {
                    sqlx::query(
                        "insert into audit_log (at, actor, action, site_id, comment_id, before, after) \
                         values ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(entry.at)
                    .bind(&entry.actor)
                    .bind(&entry.action)
                    .bind(&entry.site)
                    .bind(entry.comment)
                    .bind(&entry.before)
                    .bind(&entry.after)
                    .execute(&mut **tx)
                    .await?;
                    Ok(())
                }

                async fn with_scope(&self, row: ModeratorRow) -> StoreResult<Moderator> {
                    let sites: Vec<(String, bool)> = sqlx::query_as(
                        "select site_id, owner from moderator_site where moderator_id = $1 order by site_id",
                    )
                    .bind(row.moderator_id)
                    .fetch_all(&self.reader)
                    .await?;
                    let owns = sites
                        .iter()
                        .filter(|(_, owner)| *owner)
                        .map(|(site, _)| site.clone())
                        .collect();
                    let scope = if row.all_sites {
                        Scope::AllSites
                    } else {
                        Scope::Sites(sites.into_iter().map(|(site, _)| site).collect())
                    };
                    Ok(Moderator {
                        id: row.moderator_id,
                        name: row.name,
                        password_hash: row.password_hash,
                        scope,
                        owns,
                    })
                }
            }

            #[async_trait::async_trait]
            impl ModerationStore for $store {
                async fn insert_moderator(&self, moderator: &NewModerator) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    let (id,): (i64,) = sqlx::query_as(
                        "insert into moderator (name, password_hash, all_sites, created_at) values ($1, $2, $3, $4) \
                         returning moderator_id",
                    )
                    .bind(&moderator.name)
                    .bind(&moderator.password_hash)
                    .bind(moderator.scope == Scope::AllSites)
                    .bind(OffsetDateTime::now_utc())
                    .fetch_one(&mut *tx)
                    .await?;
                    if let Scope::Sites(sites) = &moderator.scope {
                        for site in sites {
                            sqlx::query(
                                "insert into moderator_site (moderator_id, site_id, owner) values ($1, $2, $3)",
                            )
                            .bind(id)
                            .bind(site)
                            .bind(moderator.owns.contains(site))
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn moderator(&self, name: &str) -> StoreResult<Moderator> {
                    let row: ModeratorRow = sqlx::query_as(
                        "select moderator_id, name, password_hash, all_sites from moderator where name = $1",
                    )
                    .bind(name)
                    .fetch_one(&self.reader)
                    .await?;
                    self.with_scope(row).await
                }

                async fn list_moderators(&self) -> StoreResult<Vec<Moderator>> {
                    let rows: Vec<ModeratorRow> = sqlx::query_as(
                        "select moderator_id, name, password_hash, all_sites from moderator order by name",
                    )
                    .fetch_all(&self.reader)
                    .await?;
                    let mut moderators = Vec::with_capacity(rows.len());
                    for row in rows {
                        moderators.push(self.with_scope(row).await?);
                    }
                    Ok(moderators)
                }

                async fn delete_moderator(&self, name: &str) -> StoreResult<()> {
                    let deleted = sqlx::query("delete from moderator where name = $1")
                        .bind(name)
                        .execute(&self.writer)
                        .await?;
                    one_row(deleted.rows_affected())?;
                    Ok(())
                }

                async fn set_password(&self, name: &str, password_hash: &str) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    let (id,): (i64,) = sqlx::query_as(
                        "update moderator set password_hash = $2 where name = $1 returning moderator_id",
                    )
                    .bind(name)
                    .bind(password_hash)
                    .fetch_one(&mut *tx)
                    .await?;
                    sqlx::query(
                        "update credential set revoked_at = $2 \
                         where moderator_id = $1 and kind = 'session' and revoked_at is null",
                    )
                    .bind(id)
                    .bind(OffsetDateTime::now_utc())
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn insert_credential(
                    &self,
                    moderator_id: i64,
                    kind: CredentialKind,
                    secret_hash: &str,
                    expires_at: Option<OffsetDateTime>,
                ) -> StoreResult<()> {
                    sqlx::query(
                        "insert into credential (moderator_id, kind, secret_hash, created_at, expires_at) \
                         values ($1, $2, $3, $4, $5)",
                    )
                    .bind(moderator_id)
                    .bind(kind.as_str())
                    .bind(secret_hash)
                    .bind(OffsetDateTime::now_utc())
                    .bind(expires_at)
                    .execute(&self.writer)
                    .await?;
                    Ok(())
                }

                async fn credential_owner(
                    &self,
                    kind: CredentialKind,
                    secret_hash: &str,
                    now: OffsetDateTime,
                ) -> StoreResult<Moderator> {
                    let row: ModeratorRow = sqlx::query_as(
                        "select m.moderator_id, m.name, m.password_hash, m.all_sites \
                         from credential c join moderator m on m.moderator_id = c.moderator_id \
                         where c.kind = $1 and c.secret_hash = $2 and c.revoked_at is null \
                           and (c.expires_at is null or c.expires_at > $3)",
                    )
                    .bind(kind.as_str())
                    .bind(secret_hash)
                    .bind(now)
                    .fetch_one(&self.reader)
                    .await?;
                    self.with_scope(row).await
                }

                async fn revoke_credential(
                    &self,
                    secret_hash: &str,
                    now: OffsetDateTime,
                ) -> StoreResult<()> {
                    sqlx::query(
                        "update credential set revoked_at = $2 where secret_hash = $1 and revoked_at is null",
                    )
                    .bind(secret_hash)
                    .bind(now)
                    .execute(&self.writer)
                    .await?;
                    Ok(())
                }

                async fn moderation_list(
                    &self,
                    query: &ModerationQuery,
                ) -> StoreResult<Vec<CommentRecord>> {
                    let mut sql: QueryBuilder<$db> = QueryBuilder::new(format!(
                        "select {COMMENT_COLUMNS} from comment where status = "
                    ));
                    sql.push_bind(query.status.as_str());
                    if let Some(sites) = &query.sites {
                        if sites.is_empty() {
                            return Ok(Vec::new());
                        }
                        Self::push_sites(&mut sql, " and", sites);
                    }
                    if let Some(page) = &query.page {
                        sql.push(" and page = ").push_bind(page);
                    }
                    sql.push(" order by comment_id desc limit ")
                        .push_bind(i64::from(query.limit));
                    let rows: Vec<CommentRow> =
                        sql.build_query_as().fetch_all(&self.reader).await?;
                    records(rows)
                }

                async fn moderate(
                    &self,
                    id: i64,
                    action: ModerationAction,
                    seen: Option<&str>,
                    actor: &str,
                    at: OffsetDateTime,
                ) -> StoreResult<CommentRecord> {
                    let mut tx = self.writer.begin().await?;
                    let before: CommentRow = sqlx::query_as(&format!(
                        "select {COMMENT_COLUMNS} from comment where comment_id = $1"
                    ))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let before = CommentRecord::try_from(before)?;
                    if seen.is_some_and(|seen| seen != before.version()) {
                        return Err(StoreError::Changed);
                    }
                    let (deleted_at, deleted_by): (Option<OffsetDateTime>, Option<String>) =
                        sqlx::query_as(
                            "select deleted_at, deleted_by from comment where comment_id = $1",
                        )
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                    // Restorable: deleted by a moderator, less than 30 days ago, text not purged yet.
                    let restorable = !before.source.is_empty()
                        && deleted_by.as_deref() == Some("moderator")
                        && deleted_at
                            .is_some_and(|when| at - when < time::Duration::days(RESTORE_DAYS));
                    let status = before.status.as_str();
                    let sql = match (action, status) {
                        (ModerationAction::Approve, "pending") => {
                            "update comment set status = 'published' where comment_id = $1"
                        }
                        (ModerationAction::Delete, "pending" | "published") => {
                            "update comment set status = 'deleted', deleted_at = $2, deleted_by = 'moderator' \
                             where comment_id = $1"
                        }
                        (ModerationAction::Restore, "deleted") if restorable => {
                            "update comment set status = 'published', deleted_at = null, deleted_by = null \
                             where comment_id = $1"
                        }
                        _ => {
                            return Err(StoreError::InvalidTransition {
                                from: before.status.as_str(),
                                action: action.as_str(),
                            });
                        }
                    };
                    // Only the deletion records a time; PostgreSQL refuses a parameter a statement lacks.
                    let change = sqlx::query(sql).bind(id);
                    let change = if sql.contains("$2") {
                        change.bind(at)
                    } else {
                        change
                    };
                    change.execute(&mut *tx).await?;
                    let after: CommentRow = sqlx::query_as(&format!(
                        "select {COMMENT_COLUMNS} from comment where comment_id = $1"
                    ))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let after = CommentRecord::try_from(after)?;
                    let entry = AuditEntry {
                        at,
                        actor: actor.to_owned(),
                        action: action.as_str().to_owned(),
                        site: Some(after.site.clone()),
                        comment: Some(id),
                        before: Some(before.audit_snapshot()),
                        after: Some(after.audit_snapshot()),
                    };
                    Self::audit(&mut tx, &entry).await?;
                    tx.commit().await?;
                    Ok(after)
                }

                async fn email_is_trusted(
                    &self,
                    site: &str,
                    email_hash: &str,
                ) -> StoreResult<bool> {
                    // Trusted: the reader confirmed the address, and a comment of theirs was
                    // published (a typed address alone proves nothing).
                    let (trusted,): (bool,) = sqlx::query_as(
                        "select exists (select 1 from reader_email \
                         where site_id = $1 and email_hash = $2 and confirmed_at is not null) \
                         and exists (select 1 from comment \
                         where site_id = $1 and email_hash = $2 and status = 'published')",
                    )
                    .bind(site)
                    .bind(email_hash)
                    .fetch_one(&self.reader)
                    .await?;
                    Ok(trusted)
                }

                async fn purge_deleted(&self, before: OffsetDateTime) -> StoreResult<u64> {
                    let purged = sqlx::query(
                        "update comment set body_source = '', body_html = '', author = null, website = null, \
                         email_hash = null, notify_email = null, address_hash = null \
                         where status = 'deleted' and deleted_by = 'moderator' \
                         and deleted_at < $1 and body_source != ''",
                    )
                    .bind(before)
                    .execute(&self.writer)
                    .await?;
                    Ok(purged.rows_affected())
                }

                async fn append_audit(&self, entry: &AuditEntry) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    Self::audit(&mut tx, entry).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn audit_log(
                    &self,
                    sites: Option<&[String]>,
                    limit: u32,
                ) -> StoreResult<Vec<AuditEntry>> {
                    let mut sql: QueryBuilder<$db> = QueryBuilder::new(
                        "select at, actor, action, site_id, comment_id, before, after from audit_log",
                    );
                    if let Some(sites) = sites {
                        if sites.is_empty() {
                            return Ok(Vec::new());
                        }
                        Self::push_sites(&mut sql, " where", sites);
                    }
                    sql.push(" order by audit_id desc limit ")
                        .push_bind(i64::from(limit));
                    let rows: Vec<AuditRow> = sql.build_query_as().fetch_all(&self.reader).await?;
                    Ok(rows.into_iter().map(AuditEntry::from).collect())
                }
            }
        }
    };
}

pub(crate) use impl_moderation_store;
