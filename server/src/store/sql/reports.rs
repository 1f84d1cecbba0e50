//! Readers' reports: the statements, written once for every backend.

macro_rules! impl_report_store {
    ($store:ident, $db:ty) => {
        pub(super) mod report_store {
            use parlons_shared::CommentStatus;
            use sqlx::QueryBuilder;
            use time::OffsetDateTime;

            use crate::store::reports::{NewReport, ReportStore, ReportSummary, Reported};
            use crate::store::sql::rows::{COMMENT_COLUMNS, CommentRow};
            use crate::store::{AuditEntry, CommentRecord, StoreResult};

            use super::$store;

            /// Notes shown per comment.
            const NOTES: i64 = 10;

            #[async_trait::async_trait]
            impl ReportStore for $store {
                async fn report(
                    &self,
                    report: &NewReport,
                    threshold: u32,
                ) -> StoreResult<Reported> {
                    let select =
                        format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
                    let mut tx = self.writer.begin().await?;
                    let inserted = sqlx::query(
                        "insert into report (comment_id, voter, reason, note, address_hash, created_at) \
                         values ($1, $2, $3, $4, $5, $6) on conflict (comment_id, voter) do nothing",
                    )
                    .bind(report.comment)
                    .bind(&report.voter)
                    .bind(report.reason.as_str())
                    .bind(&report.note)
                    .bind(&report.address_hash)
                    .bind(report.at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if inserted == 0 {
                        return Ok(Reported {
                            recorded: false,
                            held: None,
                        });
                    }
                    // Distinct networks; a report whose address hash was purged counts as its reader.
                    let (networks,): (i64,) = sqlx::query_as(
                        "select count(distinct coalesce(address_hash, voter)) from report \
                         where comment_id = $1 and dismissed_at is null",
                    )
                    .bind(report.comment)
                    .fetch_one(&mut *tx)
                    .await?;
                    let row: CommentRow = sqlx::query_as(&select)
                        .bind(report.comment)
                        .fetch_one(&mut *tx)
                        .await?;
                    let before = CommentRecord::try_from(row)?;
                    let reached = threshold > 0 && networks >= i64::from(threshold);
                    if !reached || before.status != CommentStatus::Published {
                        tx.commit().await?;
                        return Ok(Reported {
                            recorded: true,
                            held: None,
                        });
                    }
                    sqlx::query("update comment set status = 'pending' where comment_id = $1")
                        .bind(report.comment)
                        .execute(&mut *tx)
                        .await?;
                    let row: CommentRow = sqlx::query_as(&select)
                        .bind(report.comment)
                        .fetch_one(&mut *tx)
                        .await?;
                    let after = CommentRecord::try_from(row)?;
                    let entry = AuditEntry {
                        at: report.at,
                        actor: "readers".to_owned(),
                        action: "reported".to_owned(),
                        site: Some(after.site.clone()),
                        comment: Some(after.id),
                        before: Some(before.audit_snapshot()),
                        after: Some(after.audit_snapshot()),
                    };
                    Self::audit(&mut tx, &entry).await?;
                    tx.commit().await?;
                    Ok(Reported {
                        recorded: true,
                        held: Some(after),
                    })
                }

                async fn reported(
                    &self,
                    sites: Option<&[String]>,
                    limit: u32,
                ) -> StoreResult<Vec<ReportSummary>> {
                    let mut query: QueryBuilder<$db> = QueryBuilder::new(
                        "select r.comment_id, count(*) from report r \
                         join comment c on c.comment_id = r.comment_id \
                         where r.dismissed_at is null and c.status != 'deleted'",
                    );
                    if let Some(sites) = sites {
                        if sites.is_empty() {
                            return Ok(Vec::new());
                        }
                        query.push(" and c.site_id in (");
                        let mut list = query.separated(", ");
                        for site in sites {
                            list.push_bind(site);
                        }
                        query.push(")");
                    }
                    query
                        .push(" group by r.comment_id order by count(*) desc, r.comment_id desc limit ")
                        .push_bind(i64::from(limit));
                    let counted: Vec<(i64, i64)> =
                        query.build_query_as().fetch_all(&self.reader).await?;
                    let select =
                        format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
                    let mut summaries = Vec::with_capacity(counted.len());
                    for (id, reports) in counted {
                        let row: CommentRow = sqlx::query_as(&select)
                            .bind(id)
                            .fetch_one(&self.reader)
                            .await?;
                        let reasons: Vec<(String, i64)> = sqlx::query_as(
                            "select reason, count(*) from report where comment_id = $1 \
                             and dismissed_at is null group by reason order by reason",
                        )
                        .bind(id)
                        .fetch_all(&self.reader)
                        .await?;
                        let notes: Vec<(String,)> = sqlx::query_as(
                            "select note from report where comment_id = $1 and dismissed_at is null \
                             and note is not null order by created_at desc limit $2",
                        )
                        .bind(id)
                        .bind(NOTES)
                        .fetch_all(&self.reader)
                        .await?;
                        summaries.push(ReportSummary {
                            comment: CommentRecord::try_from(row)?,
                            reports: u32::try_from(reports).unwrap_or(u32::MAX),
                            reasons: reasons
                                .into_iter()
                                .map(|(reason, n)| (reason, u32::try_from(n).unwrap_or(u32::MAX)))
                                .collect(),
                            notes: notes.into_iter().map(|row| row.0).collect(),
                        });
                    }
                    Ok(summaries)
                }

                async fn dismiss_reports(
                    &self,
                    comment: i64,
                    actor: &str,
                    at: OffsetDateTime,
                ) -> StoreResult<u64> {
                    let mut tx = self.writer.begin().await?;
                    let site: (String,) =
                        sqlx::query_as("select site_id from comment where comment_id = $1")
                            .bind(comment)
                            .fetch_one(&mut *tx)
                            .await?;
                    let dismissed = sqlx::query(
                        "update report set dismissed_at = $2 where comment_id = $1 and dismissed_at is null",
                    )
                    .bind(comment)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if dismissed > 0 {
                        let entry = AuditEntry {
                            at,
                            actor: actor.to_owned(),
                            action: "dismiss_reports".to_owned(),
                            site: Some(site.0),
                            comment: Some(comment),
                            before: Some(serde_json::json!({ "reports": dismissed }).to_string()),
                            after: Some(serde_json::json!({ "reports": 0 }).to_string()),
                        };
                        Self::audit(&mut tx, &entry).await?;
                    }
                    tx.commit().await?;
                    Ok(dismissed)
                }
            }
        }
    };
}

pub(crate) use impl_report_store;
