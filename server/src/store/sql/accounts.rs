//! Readers who sign in: the statements, written once for every backend.

/// A reader's comments: written signed in (`$1`), or on their site (`$2`) with their
/// confirmed address (`$3`, null for readers of a provider).
pub const OWNED: &str = "(reader_id = $1 or (site_id = $2 and email_hash = $3))";

macro_rules! impl_account_store {
    ($store:ident, $db:ty) => {
        pub(super) mod account_store {
            use time::OffsetDateTime;

            use crate::domain::reader::LIVE_SIGNINS_PER_ADDRESS;
            use crate::store::accounts::{AccountStore, NewSignin, OwnComment, OwnVote, Reader};
            use crate::store::sql::accounts::OWNED;
            use crate::store::sql::rows::{COMMENT_COLUMNS, CommentRow, ERASED, erasure_entry};
            use crate::store::{CommentRecord, StoreError, StoreResult};

            use super::$store;
            use super::provider_store::keep_token;

            pub(in crate::store) const READER_COLUMNS: &str =
                "reader_id, site_id, email_hash, email, subject, name, created_at";

            #[derive(sqlx::FromRow)]
            struct OwnRow {
                #[sqlx(flatten)]
                comment: CommentRow,
                notify_email: Option<String>,
            }

            #[async_trait::async_trait]
            impl AccountStore for $store {
                async fn add_signin(&self, signin: &NewSignin<'_>) -> StoreResult<bool> {
                    // One statement: two nodes asked at once keep the limit (give or take one).
                    let added = sqlx::query(
                        "insert into reader_signin (secret_hash, site_id, email_hash, email, expires_at) \
                         select $1, $2, $3, $4, $5 where (select count(*) from reader_signin \
                         where site_id = $2 and email_hash = $3 and expires_at > $6) < $7",
                    )
                    .bind(signin.secret_hash)
                    .bind(signin.site)
                    .bind(signin.email_hash)
                    .bind(signin.email)
                    .bind(signin.expires_at)
                    .bind(signin.now)
                    .bind(LIVE_SIGNINS_PER_ADDRESS)
                    .execute(&self.writer)
                    .await?;
                    Ok(added.rows_affected() == 1)
                }

                async fn sign_in_by_email(
                    &self,
                    site: &str,
                    secret_hash: &str,
                    token_hash: &str,
                    now: OffsetDateTime,
                ) -> StoreResult<Reader> {
                    // A secret that names no link is refused on a read: guessing costs no
                    // write, nor a turn at SQLite's one writer.
                    let (known,): (bool,) = sqlx::query_as(
                        "select exists (select 1 from reader_signin \
                         where secret_hash = $1 and site_id = $2)",
                    )
                    .bind(secret_hash)
                    .bind(site)
                    .fetch_one(&self.reader)
                    .await?;
                    if !known {
                        return Err(StoreError::NotFound);
                    }
                    let mut tx = self.writer.begin().await?;
                    let link: Option<(String, String, OffsetDateTime)> = sqlx::query_as(
                        "delete from reader_signin where secret_hash = $1 and site_id = $2 \
                         returning email_hash, email, expires_at",
                    )
                    .bind(secret_hash)
                    .bind(site)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some((email_hash, email, expires_at)) = link else {
                        return Err(StoreError::NotFound);
                    };
                    if expires_at < now {
                        // The late link is forgotten all the same.
                        tx.commit().await?;
                        return Err(StoreError::NotFound);
                    }
                    let reader: Reader = sqlx::query_as(&format!(
                        "insert into reader (site_id, email_hash, email, created_at) values ($1, $2, $3, $4) \
                         on conflict (site_id, email_hash) do update set email = excluded.email \
                         returning {READER_COLUMNS}"
                    ))
                    .bind(site)
                    .bind(&email_hash)
                    .bind(&email)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    sqlx::query(
                        "insert into reader_email (site_id, email_hash, confirmed_at) values ($1, $2, $3) \
                         on conflict (site_id, email_hash) do update \
                         set confirmed_at = coalesce(reader_email.confirmed_at, excluded.confirmed_at)",
                    )
                    .bind(site)
                    .bind(&email_hash)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "update comment set reader_id = $1 \
                         where site_id = $2 and email_hash = $3 and reader_id is null",
                    )
                    .bind(reader.reader_id)
                    .bind(site)
                    .bind(&email_hash)
                    .execute(&mut *tx)
                    .await?;
                    keep_token(&mut tx, reader.reader_id, token_hash, now).await?;
                    tx.commit().await?;
                    Ok(reader)
                }

                async fn reader_by_token(&self, token_hash: &str) -> StoreResult<Option<Reader>> {
                    Ok(sqlx::query_as(&format!(
                        "select {READER_COLUMNS} from reader where reader_id = \
                         (select reader_id from reader_token where token_hash = $1)"
                    ))
                    .bind(token_hash)
                    .fetch_optional(&self.reader)
                    .await?)
                }

                async fn sign_out(&self, token_hash: &str) -> StoreResult<()> {
                    sqlx::query("delete from reader_token where token_hash = $1")
                        .bind(token_hash)
                        .execute(&self.writer)
                        .await?;
                    Ok(())
                }

                async fn sign_out_everywhere(&self, reader_id: i64) -> StoreResult<u64> {
                    let done = sqlx::query("delete from reader_token where reader_id = $1")
                        .bind(reader_id)
                        .execute(&self.writer)
                        .await?;
                    Ok(done.rows_affected())
                }

                async fn rename_reader(&self, reader_id: i64, name: &str) -> StoreResult<()> {
                    sqlx::query("update reader set name = $2 where reader_id = $1")
                        .bind(reader_id)
                        .bind(name)
                        .execute(&self.writer)
                        .await?;
                    Ok(())
                }

                async fn reader_comments(
                    &self,
                    reader: &Reader,
                    limit: i64,
                ) -> StoreResult<Vec<OwnComment>> {
                    let rows: Vec<OwnRow> = sqlx::query_as(&format!(
                        "select {COMMENT_COLUMNS}, notify_email from comment where {OWNED} \
                         and status <> 'deleted' order by comment_id desc limit $4"
                    ))
                    .bind(reader.reader_id)
                    .bind(&reader.site_id)
                    .bind(&reader.email_hash)
                    .bind(limit)
                    .fetch_all(&self.reader)
                    .await?;
                    rows.into_iter()
                        .map(|row| {
                            Ok(OwnComment {
                                record: CommentRecord::try_from(row.comment)?,
                                notify_email: row.notify_email,
                            })
                        })
                        .collect()
                }

                async fn set_page_replies(
                    &self,
                    reader: &Reader,
                    page: &str,
                    on: bool,
                ) -> StoreResult<u64> {
                    let address = if on { reader.email.as_deref() } else { None };
                    let done = sqlx::query(&format!(
                        "update comment set notify_email = $5 where {OWNED} and page = $4 \
                         and status <> 'deleted'"
                    ))
                    .bind(reader.reader_id)
                    .bind(&reader.site_id)
                    .bind(&reader.email_hash)
                    .bind(page)
                    .bind(address)
                    .execute(&self.writer)
                    .await?;
                    Ok(done.rows_affected())
                }

                async fn votes_by(&self, voter_hash: &str) -> StoreResult<Vec<OwnVote>> {
                    Ok(sqlx::query_as(
                        "select comment_id, cast(value as bigint) as value, voted_at from vote \
                         where voter = $1 order by voted_at, comment_id",
                    )
                    .bind(voter_hash)
                    .fetch_all(&self.reader)
                    .await?)
                }

                async fn erase_reader(
                    &self,
                    reader: &Reader,
                    at: OffsetDateTime,
                ) -> StoreResult<Vec<(CommentRecord, CommentRecord)>> {
                    let mut tx = self.writer.begin().await?;
                    // Every comment that still holds something of theirs, moderators'
                    // deletions waiting for the purge included.
                    let rows: Vec<CommentRow> = sqlx::query_as(&format!(
                        "select {COMMENT_COLUMNS} from comment where {OWNED} \
                         and (body_source <> '' or author is not null or email_hash is not null \
                         or notify_email is not null or website is not null or address_hash is not null) \
                         order by comment_id"
                    ))
                    .bind(reader.reader_id)
                    .bind(&reader.site_id)
                    .bind(&reader.email_hash)
                    .fetch_all(&mut *tx)
                    .await?;
                    let mut erased = Vec::with_capacity(rows.len());
                    for row in rows {
                        let before = CommentRecord::try_from(row)?;
                        let row: CommentRow = sqlx::query_as(&format!(
                            "update comment set {ERASED} where comment_id = $1 returning {COMMENT_COLUMNS}"
                        ))
                        .bind(before.id)
                        .bind(at)
                        .fetch_one(&mut *tx)
                        .await?;
                        let after = CommentRecord::try_from(row)?;
                        Self::audit(&mut tx, &erasure_entry(at, &before, &after)).await?;
                        erased.push((before, after));
                    }
                    if let Some(email_hash) = &reader.email_hash {
                        for table in ["reader_email", "reader_signin"] {
                            sqlx::query(&format!(
                                "delete from {table} where site_id = $1 and email_hash = $2"
                            ))
                            .bind(&reader.site_id)
                            .bind(email_hash)
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                    // The emails to them, sign-in links included, sent or not.
                    if let Some(email) = &reader.email {
                        sqlx::query(
                            "delete from outbox where site_id = $1 and channel = 'email' \
                             and lower(destination) = lower($2)",
                        )
                        .bind(&reader.site_id)
                        .bind(email)
                        .execute(&mut *tx)
                        .await?;
                    }
                    // Their browsers go with them; their comments' places no longer name them.
                    sqlx::query("delete from reader where reader_id = $1")
                        .bind(reader.reader_id)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(erased)
                }

                async fn forget_expired_signins(&self, now: OffsetDateTime) -> StoreResult<u64> {
                    let links = sqlx::query("delete from reader_signin where expires_at < $1")
                        .bind(now)
                        .execute(&self.writer)
                        .await?;
                    let logins = sqlx::query("delete from provider_login where expires_at < $1")
                        .bind(now)
                        .execute(&self.writer)
                        .await?;
                    Ok(links.rows_affected() + logins.rows_affected())
                }
            }
        }
    };
}

pub(crate) use impl_account_store;
