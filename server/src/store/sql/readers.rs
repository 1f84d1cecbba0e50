//! Readers' email addresses: the statements, written once for every backend.

macro_rules! impl_reader_store {
    ($store:ident) => {
        pub(super) mod reader_store {
            use time::OffsetDateTime;

            use crate::store::StoreResult;
            use crate::store::readers::ReaderStore;

            use super::$store;

            #[async_trait::async_trait]
            impl ReaderStore for $store {
                async fn email_confirmed(&self, site: &str, email_hash: &str) -> StoreResult<bool> {
                    let (confirmed,): (bool,) = sqlx::query_as(
                        "select exists (select 1 from reader_email \
                         where site_id = $1 and email_hash = $2 and confirmed_at is not null)",
                    )
                    .bind(site)
                    .bind(email_hash)
                    .fetch_one(&self.reader)
                    .await?;
                    Ok(confirmed)
                }

                async fn claim_confirmation(
                    &self,
                    site: &str,
                    email_hash: &str,
                    now: OffsetDateTime,
                    not_since: OffsetDateTime,
                ) -> StoreResult<bool> {
                    // One statement: two nodes asked at once send one email.
                    let claimed: Option<(String,)> = sqlx::query_as(
                        "insert into reader_email (site_id, email_hash, confirmation_sent_at) \
                         values ($1, $2, $3) \
                         on conflict (site_id, email_hash) do update \
                         set confirmation_sent_at = excluded.confirmation_sent_at \
                         where reader_email.confirmed_at is null \
                         and (reader_email.confirmation_sent_at is null \
                         or reader_email.confirmation_sent_at < $4) \
                         returning site_id",
                    )
                    .bind(site)
                    .bind(email_hash)
                    .bind(now)
                    .bind(not_since)
                    .fetch_optional(&self.writer)
                    .await?;
                    Ok(claimed.is_some())
                }

                async fn confirm_email(
                    &self,
                    site: &str,
                    email_hash: &str,
                    now: OffsetDateTime,
                ) -> StoreResult<()> {
                    sqlx::query(
                        "insert into reader_email (site_id, email_hash, confirmed_at) \
                         values ($1, $2, $3) \
                         on conflict (site_id, email_hash) do update \
                         set confirmed_at = coalesce(reader_email.confirmed_at, excluded.confirmed_at)",
                    )
                    .bind(site)
                    .bind(email_hash)
                    .bind(now)
                    .execute(&self.writer)
                    .await?;
                    Ok(())
                }

                async fn forget_unconfirmed(&self, before: OffsetDateTime) -> StoreResult<u64> {
                    let forgotten = sqlx::query(
                        "delete from reader_email \
                         where confirmed_at is null and confirmation_sent_at < $1",
                    )
                    .bind(before)
                    .execute(&self.writer)
                    .await?;
                    Ok(forgotten.rows_affected())
                }
            }
        }
    };
}

pub(crate) use impl_reader_store;
