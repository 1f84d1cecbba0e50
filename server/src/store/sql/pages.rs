//! Pins and closed threads: the statements, written once for every backend.

macro_rules! impl_page_store {
    ($store:ident) => {
        pub(super) mod page_store {
            use parlons_shared::CommentStatus;
            use parlons_shared::limits::MAX_PINS_PER_PAGE;
            use time::OffsetDateTime;

            use crate::store::pages::{PageState, PageStore};
            use crate::store::sql::rows::{COMMENT_COLUMNS, CommentRow};
            use crate::store::{AuditEntry, CommentRecord, StoreError, StoreResult};

            use super::$store;

            #[async_trait::async_trait]
            impl PageStore for $store {
                async fn pin(
                    &self,
                    id: i64,
                    pinned: bool,
                    actor: &str,
                    at: OffsetDateTime,
                ) -> StoreResult<CommentRecord> {
                    let select =
                        format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
                    let mut tx = self.writer.begin().await?;
                    let row: CommentRow =
                        sqlx::query_as(&select).bind(id).fetch_one(&mut *tx).await?;
                    let before = CommentRecord::try_from(row)?;
                    if before.pinned == pinned {
                        return Ok(before);
                    }
                    if pinned {
                        if before.parent.is_some() {
                            return Err(StoreError::InvalidTransition {
                                from: "a reply",
                                action: "pin",
                            });
                        }
                        if before.status != CommentStatus::Published {
                            return Err(StoreError::InvalidTransition {
                                from: before.status.as_str(),
                                action: "pin",
                            });
                        }
                        let (others,): (i64,) = sqlx::query_as(
                            "select count(*) from comment where site_id = $1 and page = $2 \
                             and pinned_at is not null and status = 'published'",
                        )
                        .bind(&before.site)
                        .bind(&before.page)
                        .fetch_one(&mut *tx)
                        .await?;
                        if others >= MAX_PINS_PER_PAGE as i64 {
                            return Err(StoreError::TooManyPins);
                        }
                    }
                    sqlx::query("update comment set pinned_at = $2 where comment_id = $1")
                        .bind(id)
                        .bind(pinned.then_some(at))
                        .execute(&mut *tx)
                        .await?;
                    let row: CommentRow =
                        sqlx::query_as(&select).bind(id).fetch_one(&mut *tx).await?;
                    let after = CommentRecord::try_from(row)?;
                    let entry = AuditEntry {
                        at,
                        actor: actor.to_owned(),
                        action: if pinned { "pin" } else { "unpin" }.to_owned(),
                        site: Some(after.site.clone()),
                        comment: Some(id),
                        before: Some(serde_json::json!({ "pinned": before.pinned }).to_string()),
                        after: Some(serde_json::json!({ "pinned": after.pinned }).to_string()),
                    };
                    Self::audit(&mut tx, &entry).await?;
                    tx.commit().await?;
                    Ok(after)
                }

                async fn set_closed(
                    &self,
                    site: &str,
                    page: &str,
                    closed: bool,
                    actor: &str,
                    at: OffsetDateTime,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    let before: Option<(bool,)> = sqlx::query_as(
                        "select closed from thread_state where site_id = $1 and page = $2",
                    )
                    .bind(site)
                    .bind(page)
                    .fetch_optional(&mut *tx)
                    .await?;
                    sqlx::query(
                        "insert into thread_state (site_id, page, closed, changed_at) \
                         values ($1, $2, $3, $4) \
                         on conflict (site_id, page) do update set closed = $3, changed_at = $4",
                    )
                    .bind(site)
                    .bind(page)
                    .bind(closed)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    let entry = AuditEntry {
                        at,
                        actor: actor.to_owned(),
                        action: if closed { "close" } else { "open" }.to_owned(),
                        site: Some(site.to_owned()),
                        comment: None,
                        before: Some(
                            serde_json::json!({ "page": page, "closed": before.map(|row| row.0) })
                                .to_string(),
                        ),
                        after: Some(
                            serde_json::json!({ "page": page, "closed": closed }).to_string(),
                        ),
                    };
                    Self::audit(&mut tx, &entry).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn page_state(&self, site: &str, page: &str) -> StoreResult<PageState> {
                    // One statement: it runs on every post and every thread read. The
                    // thread's first comment is its lowest id (ids grow with time).
                    let (closed, first_comment_at): (Option<bool>, Option<OffsetDateTime>) =
                        sqlx::query_as(
                            "select (select closed from thread_state where site_id = $1 and page = $2), \
                             (select created_at from comment where site_id = $1 and page = $2 \
                             order by comment_id limit 1)",
                        )
                        .bind(site)
                        .bind(page)
                        .fetch_one(&self.reader)
                        .await?;
                    Ok(PageState {
                        closed,
                        first_comment_at,
                    })
                }
            }
        }
    };
}

pub(crate) use impl_page_store;
