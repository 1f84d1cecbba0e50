//! Webhooks and the outbox: the statements, written once for every backend.

macro_rules! impl_notification_store {
    ($store:ident, $db:ty) => {
        pub(super) mod notification_store {
            use sqlx::QueryBuilder;
            use time::OffsetDateTime;

            use crate::store::notifications::{
                Message, ModeratorEmail, NewMessage, NotificationStore, Webhook,
            };
            use crate::store::sql::rows::{OUTBOX_COLUMNS, OutboxRow, one_row};
            use crate::store::{StoreError, StoreResult};

            use super::$store;

            #[async_trait::async_trait]
            impl NotificationStore for $store {
                async fn add_webhook(
                    &self,
                    site: &str,
                    url: &str,
                    secret: &str,
                    at: OffsetDateTime,
                ) -> StoreResult<Webhook> {
                    let (id,): (i64,) = sqlx::query_as(
                        "insert into webhook (site_id, url, secret, created_at) values ($1, $2, $3, $4) \
                         returning webhook_id",
                    )
                    .bind(site)
                    .bind(url)
                    .bind(secret)
                    .bind(at)
                    .fetch_one(&self.writer)
                    .await
                    .map_err(|error| match error {
                        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
                        other => other.into(),
                    })?;
                    Ok(Webhook {
                        id,
                        site: site.into(),
                        url: url.into(),
                        secret: secret.into(),
                        created_at: at,
                    })
                }

                async fn remove_webhook(&self, id: i64) -> StoreResult<()> {
                    let done = sqlx::query("delete from webhook where webhook_id = $1")
                        .bind(id)
                        .execute(&self.writer)
                        .await?;
                    one_row(done.rows_affected())?;
                    Ok(())
                }

                async fn webhooks(&self, site: Option<&str>) -> StoreResult<Vec<Webhook>> {
                    let rows: Vec<(i64, String, String, String, OffsetDateTime)> = sqlx::query_as(
                        "select webhook_id, site_id, url, secret, created_at from webhook \
                         where cast($1 as text) is null or site_id = cast($1 as text) order by webhook_id",
                    )
                    .bind(site)
                    .fetch_all(&self.reader)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(id, site, url, secret, created_at)| Webhook {
                            id,
                            site,
                            url,
                            secret,
                            created_at,
                        })
                        .collect())
                }

                async fn enqueue(
                    &self,
                    messages: &[NewMessage],
                    at: OffsetDateTime,
                ) -> StoreResult<()> {
                    if messages.is_empty() {
                        return Ok(());
                    }
                    let mut query: QueryBuilder<$db> = QueryBuilder::new(
                        "insert into outbox (site_id, channel, destination, event, subject, body, \
                         next_attempt_at, created_at) ",
                    );
                    query.push_values(messages, |mut row, message| {
                        row.push_bind(&message.site)
                            .push_bind(message.channel.as_str())
                            .push_bind(&message.destination)
                            .push_bind(&message.event)
                            .push_bind(&message.subject)
                            .push_bind(&message.body)
                            .push_bind(at)
                            .push_bind(at);
                    });
                    query.build().execute(&self.writer).await?;
                    Ok(())
                }

                async fn claim_due(
                    &self,
                    now: OffsetDateTime,
                    lease: OffsetDateTime,
                    limit: i64,
                ) -> StoreResult<Vec<Message>> {
                    let due: Vec<(i64,)> = sqlx::query_as(
                        "select message_id from outbox where status = 'pending' and next_attempt_at <= $1 \
                         and (locked_until is null or locked_until < $1) order by message_id limit $2",
                    )
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&self.reader)
                    .await?;
                    let mut claimed = Vec::with_capacity(due.len());
                    for (id,) in due {
                        // Another node may have taken it since: the condition is checked again.
                        let row: Option<OutboxRow> = sqlx::query_as(&format!(
                            "update outbox set locked_until = $1 where message_id = $2 and status = 'pending' \
                             and (locked_until is null or locked_until < $3) returning {OUTBOX_COLUMNS}"
                        ))
                        .bind(lease)
                        .bind(id)
                        .bind(now)
                        .fetch_optional(&self.writer)
                        .await?;
                        if let Some(row) = row {
                            claimed.push(row.try_into()?);
                        }
                    }
                    Ok(claimed)
                }

                async fn mark_sent(&self, id: i64, at: OffsetDateTime) -> StoreResult<()> {
                    sqlx::query(
                        "update outbox set status = 'sent', sent_at = $1, attempts = attempts + 1, \
                         locked_until = null, last_error = null where message_id = $2",
                    )
                    .bind(at)
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                    Ok(())
                }

                async fn mark_attempt_failed(
                    &self,
                    id: i64,
                    error: &str,
                    retry_at: Option<OffsetDateTime>,
                ) -> StoreResult<()> {
                    let status = if retry_at.is_some() {
                        "pending"
                    } else {
                        "failed"
                    };
                    sqlx::query(
                        "update outbox set status = $1, attempts = attempts + 1, last_error = $2, \
                         locked_until = null, next_attempt_at = coalesce($3, next_attempt_at) \
                         where message_id = $4",
                    )
                    .bind(status)
                    .bind(error)
                    .bind(retry_at)
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                    Ok(())
                }

                async fn recent_messages(
                    &self,
                    sites: Option<&[String]>,
                    limit: i64,
                ) -> StoreResult<Vec<Message>> {
                    let mut query: QueryBuilder<$db> = QueryBuilder::new(
                        format!("select {OUTBOX_COLUMNS} from outbox where 1 = 1"),
                    );
                    if let Some(sites) = sites {
                        if sites.is_empty() {
                            return Ok(Vec::new());
                        }
                        query.push(" and site_id in (");
                        let mut separated = query.separated(", ");
                        for site in sites {
                            separated.push_bind(site);
                        }
                        query.push(")");
                    }
                    query
                        .push(" order by message_id desc limit ")
                        .push_bind(limit);
                    let rows: Vec<OutboxRow> =
                        query.build_query_as().fetch_all(&self.reader).await?;
                    rows.into_iter().map(Message::try_from).collect()
                }

                async fn pending_messages(&self) -> StoreResult<i64> {
                    let (count,): (i64,) =
                        sqlx::query_as("select count(*) from outbox where status = 'pending'")
                            .fetch_one(&self.reader)
                            .await?;
                    Ok(count)
                }

                async fn notify_email_of(&self, comment: i64) -> StoreResult<Option<String>> {
                    let row: Option<(Option<String>,)> =
                        sqlx::query_as("select notify_email from comment where comment_id = $1")
                            .bind(comment)
                            .fetch_optional(&self.reader)
                            .await?;
                    Ok(row.and_then(|(email,)| email))
                }

                async fn unsubscribe(&self, site: &str, email: &str) -> StoreResult<u64> {
                    let done = sqlx::query(
                        "update comment set notify_email = null where site_id = $1 and notify_email = $2",
                    )
                    .bind(site)
                    .bind(email)
                    .execute(&self.writer)
                    .await?;
                    Ok(done.rows_affected())
                }

                async fn moderator_emails(&self, site: &str) -> StoreResult<Vec<ModeratorEmail>> {
                    Ok(sqlx::query_as(
                        "select m.moderator_id, m.name, m.email from moderator m where m.email is not null \
                         and (m.all_sites = true or exists (select 1 from moderator_site s \
                         where s.moderator_id = m.moderator_id and s.site_id = $1)) order by m.moderator_id",
                    )
                    .bind(site)
                    .fetch_all(&self.reader)
                    .await?)
                }

                async fn set_moderator_email(
                    &self,
                    name: &str,
                    email: Option<&str>,
                ) -> StoreResult<()> {
                    let done = sqlx::query("update moderator set email = $1 where name = $2")
                        .bind(email)
                        .bind(name)
                        .execute(&self.writer)
                        .await?;
                    one_row(done.rows_affected())?;
                    Ok(())
                }

                async fn server_secret(&self, name: &str, fresh: &str) -> StoreResult<String> {
                    sqlx::query(
                        "insert into server_secret (name, value) values ($1, $2) on conflict (name) do nothing",
                    )
                    .bind(name)
                    .bind(fresh)
                    .execute(&self.writer)
                    .await?;
                    let (value,): (String,) =
                        sqlx::query_as("select value from server_secret where name = $1")
                            .bind(name)
                            .fetch_one(&self.writer)
                            .await?;
                    Ok(value)
                }
            }
        }
    };
}

pub(crate) use impl_notification_store;
