//! Votes: the statements, written once for every backend.

macro_rules! impl_vote_store {
    ($store:ident) => {
        pub(super) mod vote_store {
            use time::OffsetDateTime;

            use crate::store::sql::rows::{COMMENT_COLUMNS, CommentRow};
            use crate::store::transfer::VoteRow;
            use crate::store::votes::VoteStore;
            use crate::store::{CommentRecord, StoreError, StoreResult};

            use super::$store;

            #[async_trait::async_trait]
            impl VoteStore for $store {
                #[tracing::instrument(skip_all, fields(comment = comment))]
                async fn vote(
                    &self,
                    comment: i64,
                    voter: &str,
                    value: i8,
                    at: OffsetDateTime,
                ) -> StoreResult<CommentRecord> {
                    let mut tx = self.writer.begin().await?;
                    let before: Option<(i64,)> = sqlx::query_as(
                        "select cast(value as bigint) from vote where comment_id = $1 and voter = $2",
                    )
                    .bind(comment)
                    .bind(voter)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let before = before.map_or(0, |(value,)| value);
                    let value = i64::from(value);
                    if value != before {
                        if value == 0 {
                            sqlx::query("delete from vote where comment_id = $1 and voter = $2")
                                .bind(comment)
                                .bind(voter)
                                .execute(&mut *tx)
                                .await?;
                        } else {
                            sqlx::query(
                                "insert into vote (comment_id, voter, value, voted_at) values ($1, $2, $3, $4) \
                                 on conflict (comment_id, voter) do update set value = excluded.value, \
                                 voted_at = excluded.voted_at",
                            )
                            .bind(comment)
                            .bind(voter)
                            .bind(value as i16)
                            .bind(at)
                            .execute(&mut *tx)
                            .await?;
                        }
                        let counted =
                            |side: i64| i64::from(value == side) - i64::from(before == side);
                        sqlx::query(
                            "update comment set upvotes = upvotes + $2, downvotes = downvotes + $3 \
                             where comment_id = $1",
                        )
                        .bind(comment)
                        .bind(counted(1))
                        .bind(counted(-1))
                        .execute(&mut *tx)
                        .await?;
                    }
                    let sql =
                        format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
                    let row: Option<CommentRow> = sqlx::query_as(&sql)
                        .bind(comment)
                        .fetch_optional(&mut *tx)
                        .await?;
                    let record = row.ok_or(StoreError::NotFound)?.try_into()?;
                    tx.commit().await?;
                    Ok(record)
                }

                async fn read_votes(&self, after: i64, limit: i64) -> StoreResult<Vec<VoteRow>> {
                    Ok(sqlx::query_as(
                        "select comment_id, voter, cast(value as bigint) as value, voted_at from vote \
                         where comment_id in (select distinct comment_id from vote where comment_id > $1 \
                                              order by comment_id limit $2) \
                         order by comment_id, voter",
                    )
                    .bind(after)
                    .bind(limit)
                    .fetch_all(&self.reader)
                    .await?)
                }

                async fn write_votes(&self, rows: &[VoteRow]) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    for row in rows {
                        sqlx::query(
                            "insert into vote (comment_id, voter, value, voted_at) values ($1, $2, $3, $4)",
                        )
                        .bind(row.comment_id)
                        .bind(&row.voter)
                        .bind(row.value as i16)
                        .bind(row.voted_at)
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

pub(crate) use impl_vote_store;
