//! Comments: writing, reading threads, counting; the statements, written once for every backend.

macro_rules! impl_comment_store {
    ($store:ty, $db:ty) => {
impl $store {
    async fn select_comment(
        tx: &mut sqlx::Transaction<'_, $db>,
        id: i64,
    ) -> StoreResult<CommentRecord> {
        let sql = format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
        let row: CommentRow = sqlx::query_as(&sql).bind(id).fetch_one(&mut **tx).await?;
        row.try_into()
    }
}

#[async_trait::async_trait]
impl CommentStore for $store {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("select 1").execute(&self.reader).await?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(site = %comment.site))]
    async fn insert_comment(&self, comment: &NewCommentRecord) -> StoreResult<CommentRecord> {
        let mut tx = self.writer.begin().await?;
        if let Some(parent) = comment.parent {
            let found: Option<(String, String, String)> =
                sqlx::query_as("select site_id, page, status from comment where comment_id = $1")
                    .bind(parent)
                    .fetch_optional(&mut *tx)
                    .await?;
            match found {
                None => return Err(StoreError::ParentNotFound),
                Some((_, _, status)) if status == "deleted" => {
                    return Err(StoreError::ParentNotFound);
                }
                Some((site, page, _)) if site != comment.site || page != comment.page => {
                    return Err(StoreError::ParentOnOtherPage);
                }
                Some(_) => {}
            }
        }
        let sql = format!(
            "insert into comment (site_id, page, parent_id, author, website, email_hash, \
             body_source, body_html, status, edit_token_hash, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning {COMMENT_COLUMNS}"
        );
        let row: CommentRow = sqlx::query_as(&sql)
            .bind(&comment.site)
            .bind(&comment.page)
            .bind(comment.parent)
            .bind(&comment.author)
            .bind(&comment.website)
            .bind(&comment.email_hash)
            .bind(&comment.source)
            .bind(&comment.html)
            .bind(comment.status.as_str())
            .bind(&comment.edit_token_hash)
            .bind(comment.created_at)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        row.try_into()
    }

    async fn get_comment(&self, id: i64) -> StoreResult<CommentRecord> {
        let sql = format!("select {COMMENT_COLUMNS} from comment where comment_id = $1");
        let row: CommentRow = sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(&self.reader)
            .await?;
        row.try_into()
    }

    #[tracing::instrument(skip_all, fields(site = %query.site))]
    async fn thread(&self, query: &ThreadQuery) -> StoreResult<Vec<CommentRecord>> {
        let (after, order) = match query.sort {
            Sort::Oldest => ("c.comment_id > $3", "asc"),
            Sort::Newest => ("c.comment_id < $3", "desc"),
        };
        let sql = format!(
            "select {columns} from comment c \
             where c.site_id = $1 and c.page = $2 and (cast($3 as bigint) is null or {after}) \
               and (c.status = 'published' \
                    or (c.status = 'deleted' and exists (select 1 from comment r \
                        where r.parent_id = c.comment_id and r.status in ('published', 'deleted')))) \
             order by c.comment_id {order} limit $4",
            columns = COMMENT_COLUMNS
                .split(", ")
                .map(|column| format!("c.{column}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        let rows: Vec<CommentRow> = sqlx::query_as(&sql)
            .bind(&query.site)
            .bind(&query.page)
            .bind(query.after)
            .bind(i64::from(query.limit))
            .fetch_all(&self.reader)
            .await?;
        records(rows)
    }

    async fn count(&self, site: &str, page: &str) -> StoreResult<u64> {
        let (count,): (i64,) = sqlx::query_as(
            "select count(*) from comment where site_id = $1 and page = $2 and status = 'published'",
        )
        .bind(site)
        .bind(page)
        .fetch_one(&self.reader)
        .await?;
        Ok(count.max(0) as u64)
    }

    async fn counts(&self, site: &str, pages: &[String]) -> StoreResult<HashMap<String, u64>> {
        if pages.is_empty() {
            return Ok(HashMap::new());
        }
        let mut query: QueryBuilder<$db> = QueryBuilder::new(
            "select page, count(*) from comment where status = 'published' and site_id = ",
        );
        query.push_bind(site).push(" and page in (");
        let mut separated = query.separated(", ");
        for page in pages {
            separated.push_bind(page);
        }
        query.push(") group by page");
        let rows: Vec<(String, i64)> = query.build_query_as().fetch_all(&self.reader).await?;
        Ok(rows
            .into_iter()
            .map(|(page, n)| (page, n.max(0) as u64))
            .collect())
    }

    #[tracing::instrument(skip_all, fields(comment = id))]
    async fn edit_comment(
        &self,
        id: i64,
        source: &str,
        html: &str,
        at: OffsetDateTime,
    ) -> StoreResult<CommentRecord> {
        let mut tx = self.writer.begin().await?;
        let before = Self::select_comment(&mut tx, id).await?;
        let sql = format!(
            "update comment set body_source = $2, body_html = $3, edited_at = $4 \
             where comment_id = $1 and status != 'deleted' returning {COMMENT_COLUMNS}"
        );
        let row: CommentRow = sqlx::query_as(&sql)
            .bind(id)
            .bind(source)
            .bind(html)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
        let after = CommentRecord::try_from(row)?;
        Self::audit(&mut tx, &author_entry("edit", at, &before, &after)).await?;
        tx.commit().await?;
        Ok(after)
    }

    #[tracing::instrument(skip_all, fields(comment = id))]
    async fn erase_comment(&self, id: i64, at: OffsetDateTime) -> StoreResult<CommentRecord> {
        let mut tx = self.writer.begin().await?;
        let before = Self::select_comment(&mut tx, id).await?;
        let sql = format!(
            "update comment set status = 'deleted', body_source = '', body_html = '', \
             author = null, website = null, email_hash = null, edited_at = $2, \
             deleted_at = $2, deleted_by = 'author' \
             where comment_id = $1 returning {COMMENT_COLUMNS}"
        );
        let row: CommentRow = sqlx::query_as(&sql)
            .bind(id)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
        let after = CommentRecord::try_from(row)?;
        // The erased text is not copied into the log: erasing means it is gone.
        let mut entry = author_entry("erase", at, &before, &after);
        entry.before = Some(serde_json::json!({ "status": before.status.as_str() }).to_string());
        Self::audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(after)
    }
}


    };
}

pub(crate) use impl_comment_store;
