//! Sites' OpenID providers, the sign-ins under way at them, and the browsers a sign-in (by
//! a provider or an emailed link) adds: the statements, written once for every backend.

macro_rules! impl_provider_store {
    ($store:ident, $db:ty) => {
        pub(super) mod provider_store {
            use time::OffsetDateTime;

            use crate::domain::reader::{Known, TOKENS_PER_READER};
            use crate::store::accounts::Reader;
            use crate::store::providers::{Provider, ProviderLogin, ProviderStore};
            use crate::store::{AuditEntry, StoreError, StoreResult};

            use super::$store;
            use super::account_store::READER_COLUMNS;

            /// Keeps `token_hash` as a new browser of the reader; the oldest past
            /// `TOKENS_PER_READER` are signed out.
            pub(in crate::store) async fn keep_token(
                tx: &mut sqlx::Transaction<'_, $db>,
                reader_id: i64,
                token_hash: &str,
                now: OffsetDateTime,
            ) -> StoreResult<()> {
                sqlx::query(
                    "insert into reader_token (token_hash, reader_id, created_at) values ($1, $2, $3)",
                )
                .bind(token_hash)
                .bind(reader_id)
                .bind(now)
                .execute(&mut **tx)
                .await?;
                sqlx::query(
                    "delete from reader_token where reader_id = $1 and token_hash not in \
                     (select token_hash from reader_token where reader_id = $1 \
                     order by created_at desc, token_hash limit $2)",
                )
                .bind(reader_id)
                .bind(TOKENS_PER_READER)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            #[async_trait::async_trait]
            impl ProviderStore for $store {
                async fn provider(&self, site: &str) -> StoreResult<Option<Provider>> {
                    Ok(sqlx::query_as(
                        "select issuer, client_id, client_secret, label from site_provider \
                         where site_id = $1",
                    )
                    .bind(site)
                    .fetch_optional(&self.reader)
                    .await?)
                }

                async fn set_provider(
                    &self,
                    site: &str,
                    provider: Option<&Provider>,
                    audit: &AuditEntry,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    sqlx::query("delete from site_provider where site_id = $1")
                        .bind(site)
                        .execute(&mut *tx)
                        .await?;
                    if let Some(provider) = provider {
                        sqlx::query(
                            "insert into site_provider (site_id, issuer, client_id, client_secret, label) \
                             values ($1, $2, $3, $4, $5)",
                        )
                        .bind(site)
                        .bind(&provider.issuer)
                        .bind(&provider.client_id)
                        .bind(&provider.client_secret)
                        .bind(&provider.label)
                        .execute(&mut *tx)
                        .await?;
                    }
                    Self::audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn add_provider_login(
                    &self,
                    state_hash: &str,
                    login: &ProviderLogin,
                    now: OffsetDateTime,
                    live_at_most: i64,
                ) -> StoreResult<bool> {
                    // One statement: nodes starting sign-ins at once keep the limit (give or
                    // take a few).
                    let added = sqlx::query(
                        "insert into provider_login (state_hash, site_id, nonce, verifier, origin, expires_at) \
                         select $1, $2, $3, $4, $5, $6 where (select count(*) from provider_login \
                         where site_id = $2 and expires_at > $7) < $8",
                    )
                    .bind(state_hash)
                    .bind(&login.site_id)
                    .bind(&login.nonce)
                    .bind(&login.verifier)
                    .bind(&login.origin)
                    .bind(login.expires_at)
                    .bind(now)
                    .bind(live_at_most)
                    .execute(&self.writer)
                    .await?;
                    Ok(added.rows_affected() == 1)
                }

                async fn take_provider_login(
                    &self,
                    state_hash: &str,
                ) -> StoreResult<ProviderLogin> {
                    // A state that names nothing is refused on a read: guessing costs no write.
                    let (known,): (bool,) = sqlx::query_as(
                        "select exists (select 1 from provider_login where state_hash = $1)",
                    )
                    .bind(state_hash)
                    .fetch_one(&self.reader)
                    .await?;
                    if !known {
                        return Err(StoreError::NotFound);
                    }
                    sqlx::query_as(
                        "delete from provider_login where state_hash = $1 \
                         returning site_id, nonce, verifier, origin, expires_at",
                    )
                    .bind(state_hash)
                    .fetch_optional(&self.writer)
                    .await?
                    .ok_or(StoreError::NotFound)
                }

                async fn readers_known(
                    &self,
                    reader_ids: &[i64],
                ) -> StoreResult<Vec<(i64, Known)>> {
                    if reader_ids.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query: sqlx::QueryBuilder<$db> =
                        sqlx::QueryBuilder::new(
                            "select reader_id, subject is not null from reader where reader_id in (",
                        );
                    let mut ids = query.separated(", ");
                    for id in reader_ids {
                        ids.push_bind(*id);
                    }
                    query.push(")");
                    let rows: Vec<(i64, bool)> =
                        query.build_query_as().fetch_all(&self.reader).await?;
                    Ok(rows
                        .into_iter()
                        .map(|(id, provider)| {
                            (
                                id,
                                if provider {
                                    Known::Provider
                                } else {
                                    Known::Email
                                },
                            )
                        })
                        .collect())
                }

                async fn sign_in_by_subject(
                    &self,
                    site: &str,
                    subject: &str,
                    name: Option<&str>,
                    token_hash: &str,
                    now: OffsetDateTime,
                ) -> StoreResult<Reader> {
                    let mut tx = self.writer.begin().await?;
                    // A name the reader chose since is kept.
                    let reader: Reader = sqlx::query_as(&format!(
                        "insert into reader (site_id, subject, name, created_at) values ($1, $2, $3, $4) \
                         on conflict (site_id, subject) do update \
                         set name = coalesce(reader.name, excluded.name) \
                         returning {READER_COLUMNS}"
                    ))
                    .bind(site)
                    .bind(subject)
                    .bind(name)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    keep_token(&mut tx, reader.reader_id, token_hash, now).await?;
                    tx.commit().await?;
                    Ok(reader)
                }
            }
        }
    };
}

pub(crate) use impl_provider_store;
