//! Blocks and the privacy purge: the statements, written once for every backend.

macro_rules! impl_spam_store {
    ($store:ident, $db:ty) => {
        pub(super) mod spam_store {
            use time::OffsetDateTime;

            use crate::store::spam::{Block, BlockKind, PosterHashes, Purged, SpamStore};
            use crate::store::sql::rows::one_row;
            use crate::store::{StoreError, StoreResult};

            use super::$store;

            type BlockRow = (
                i64,
                String,
                String,
                String,
                OffsetDateTime,
                String,
                Option<i64>,
                OffsetDateTime,
            );

            fn block_from_row(row: BlockRow) -> StoreResult<Block> {
                let (id, site, kind, hash, until, created_by, comment, created_at) = row;
                let kind = BlockKind::parse(&kind).ok_or_else(|| {
                    StoreError::Other(anyhow::anyhow!("block {id}: unknown kind {kind}"))
                })?;
                Ok(Block {
                    id,
                    site,
                    kind,
                    hash,
                    until,
                    created_by,
                    comment,
                    created_at,
                })
            }

            const BLOCK_COLUMNS: &str =
                "block_id, site_id, kind, hash, until, created_by, comment_id, created_at";

            #[async_trait::async_trait]
            impl SpamStore for $store {
                async fn add_block(&self, block: &Block) -> StoreResult<i64> {
                    let (id,): (i64,) = sqlx::query_as(
                        "insert into block (site_id, kind, hash, until, created_by, comment_id, created_at) \
                         values ($1, $2, $3, $4, $5, $6, $7) returning block_id",
                    )
                    .bind(&block.site)
                    .bind(block.kind.as_str())
                    .bind(&block.hash)
                    .bind(block.until)
                    .bind(&block.created_by)
                    .bind(block.comment)
                    .bind(OffsetDateTime::now_utc())
                    .fetch_one(&self.writer)
                    .await?;
                    Ok(id)
                }

                async fn block(&self, id: i64) -> StoreResult<Block> {
                    let row: BlockRow = sqlx::query_as(&format!(
                        "select {BLOCK_COLUMNS} from block where block_id = $1"
                    ))
                    .bind(id)
                    .fetch_one(&self.reader)
                    .await?;
                    block_from_row(row)
                }

                async fn remove_block(&self, id: i64) -> StoreResult<()> {
                    let done = sqlx::query("delete from block where block_id = $1")
                        .bind(id)
                        .execute(&self.writer)
                        .await?;
                    one_row(done.rows_affected())?;
                    Ok(())
                }

                async fn active_blocks(&self, now: OffsetDateTime) -> StoreResult<Vec<Block>> {
                    let rows: Vec<BlockRow> = sqlx::query_as(&format!(
                        "select {BLOCK_COLUMNS} from block where until > $1 order by until desc, block_id"
                    ))
                    .bind(now)
                    .fetch_all(&self.reader)
                    .await?;
                    rows.into_iter().map(block_from_row).collect()
                }

                async fn poster_hashes(&self, comment: i64) -> StoreResult<PosterHashes> {
                    let (site, address_hash, email_hash, reader_id): (
                        String,
                        Option<String>,
                        Option<String>,
                        Option<i64>,
                    ) = sqlx::query_as(
                            "select site_id, address_hash, email_hash, reader_id from comment where comment_id = $1",
                        )
                        .bind(comment)
                        .fetch_one(&self.reader)
                        .await?;
                    Ok(PosterHashes {
                        site,
                        address_hash,
                        email_hash,
                        reader_id,
                    })
                }

                async fn purge_personal_data(
                    &self,
                    before: OffsetDateTime,
                    now: OffsetDateTime,
                ) -> StoreResult<Purged> {
                    let mut tx = self.writer.begin().await?;
                    let address_hashes = sqlx::query(
                        "update comment set address_hash = null \
                         where address_hash is not null and created_at < $1",
                    )
                    .bind(before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    sqlx::query(
                        "update report set address_hash = null \
                         where address_hash is not null and created_at < $1",
                    )
                    .bind(before)
                    .execute(&mut *tx)
                    .await?;
                    // Nonces of challenges that have expired: no post can come with them.
                    let expired = now
                        - time::Duration::seconds(
                            crate::domain::spam::CHALLENGE_LIFETIME_SECS + 3600,
                        );
                    sqlx::query(
                        "update comment set challenge_nonce = null \
                         where challenge_nonce is not null and created_at < $1",
                    )
                    .bind(expired)
                    .execute(&mut *tx)
                    .await?;
                    let blocks = sqlx::query("delete from block where until <= $1")
                        .bind(now)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    let messages = sqlx::query(
                        "delete from outbox where status <> 'pending' and created_at < $1",
                    )
                    .bind(before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    tx.commit().await?;
                    Ok(Purged {
                        address_hashes,
                        blocks,
                        messages,
                    })
                }
            }
        }
    };
}

pub(crate) use impl_spam_store;
