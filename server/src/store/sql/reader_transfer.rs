//! Readers who signed in, for `parlons migrate-data`: the readers, their browsers' tokens,
//! the addresses confirmed on each site and the sites' OpenID providers, read and written
//! whole in one transaction, after the sites and before the comments that name them: the
//! statements, written once for every backend.

macro_rules! impl_reader_transfer {
    ($store:ident) => {
        pub(super) mod reader_transfer {
            use crate::store::StoreResult;
            use crate::store::accounts::ReaderTables;
            use crate::store::sql::Dialect;

            use super::$store;

            impl $store {
                pub(in crate::store) async fn reader_tables(&self) -> StoreResult<ReaderTables> {
                    Ok(ReaderTables {
                        readers: sqlx::query_as(
                            "select reader_id, site_id, email_hash, email, subject, name, created_at \
                             from reader order by reader_id",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        tokens: sqlx::query_as(
                            "select token_hash, reader_id, created_at from reader_token order by token_hash",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        emails: sqlx::query_as(
                            "select site_id, email_hash, confirmed_at, confirmation_sent_at \
                             from reader_email order by site_id, email_hash",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                        providers: sqlx::query_as(
                            "select site_id, issuer, client_id, client_secret, label \
                             from site_provider order by site_id",
                        )
                        .fetch_all(&self.reader)
                        .await?,
                    })
                }

                pub(in crate::store) async fn write_reader_tables(
                    &self,
                    tables: &ReaderTables,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for row in &tables.readers {
                        sqlx::query(&format!(
                            "insert into reader (reader_id, site_id, email_hash, email, subject, name, created_at) \
                             {} values ($1, $2, $3, $4, $5, $6, $7)",
                            <$store as Dialect>::OVERRIDING_IDS
                        ))
                        .bind(row.reader_id)
                        .bind(&row.site_id)
                        .bind(&row.email_hash)
                        .bind(&row.email)
                        .bind(&row.subject)
                        .bind(&row.name)
                        .bind(row.created_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.tokens {
                        sqlx::query(
                            "insert into reader_token (token_hash, reader_id, created_at) values ($1, $2, $3)",
                        )
                        .bind(&row.token_hash)
                        .bind(row.reader_id)
                        .bind(row.created_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.emails {
                        sqlx::query(
                            "insert into reader_email (site_id, email_hash, confirmed_at, confirmation_sent_at) \
                             values ($1, $2, $3, $4)",
                        )
                        .bind(&row.site_id)
                        .bind(&row.email_hash)
                        .bind(row.confirmed_at)
                        .bind(row.confirmation_sent_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for row in &tables.providers {
                        sqlx::query(
                            "insert into site_provider (site_id, issuer, client_id, client_secret, label) \
                             values ($1, $2, $3, $4, $5)",
                        )
                        .bind(&row.site_id)
                        .bind(&row.provider.issuer)
                        .bind(&row.provider.client_id)
                        .bind(&row.provider.client_secret)
                        .bind(&row.provider.label)
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

pub(crate) use impl_reader_transfer;
