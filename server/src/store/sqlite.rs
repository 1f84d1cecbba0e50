//! The SQLite store: one file in WAL mode, one writer connection, a pool of readers.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use parlons_shared::{CommentStatus, Sort};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use time::OffsetDateTime;

use super::{CommentRecord, NewCommentRecord, Store, StoreError, StoreResult, ThreadQuery};
use crate::domain::site::{Moderation, Site};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// SQLite allows one writer at a time: writes share one connection instead of fighting for
/// the lock, reads use a pool that WAL lets run beside the writer.
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    comment_id: i64,
    site_id: String,
    page: String,
    parent_id: Option<i64>,
    author: Option<String>,
    website: Option<String>,
    body_source: String,
    body_html: String,
    status: String,
    edit_token_hash: String,
    created_at: OffsetDateTime,
    edited_at: Option<OffsetDateTime>,
}

impl TryFrom<CommentRow> for CommentRecord {
    type Error = StoreError;

    fn try_from(row: CommentRow) -> StoreResult<Self> {
        let status = CommentStatus::parse(&row.status).ok_or_else(|| {
            StoreError::Other(anyhow::anyhow!(
                "comment {} has status {:?}",
                row.comment_id,
                row.status
            ))
        })?;
        Ok(Self {
            id: row.comment_id,
            site: row.site_id,
            page: row.page,
            parent: row.parent_id,
            author: row.author,
            website: row.website,
            source: row.body_source,
            html: row.body_html,
            status,
            edit_token_hash: row.edit_token_hash,
            created_at: row.created_at,
            edited_at: row.edited_at,
        })
    }
}

fn records(rows: Vec<CommentRow>) -> StoreResult<Vec<CommentRecord>> {
    rows.into_iter().map(CommentRecord::try_from).collect()
}

impl SqliteStore {
    /// Opens (creating file and folder if needed) and migrates the database at `url`.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        create_parent_folder(url)?;
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a comment acknowledged is on disk, even if the machine loses power.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Self { writer, reader })
    }

    async fn site_origins(&self) -> StoreResult<HashMap<String, Vec<String>>> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("select site_id, origin from site_origin order by site_id, origin")
                .fetch_all(&self.reader)
                .await?;
        let mut origins: HashMap<String, Vec<String>> = HashMap::new();
        for (site, origin) in rows {
            origins.entry(site).or_default().push(origin);
        }
        Ok(origins)
    }
}

/// `sqlite://data/parlons.db` needs `data/` to exist before SQLite can create the file.
fn create_parent_folder(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    Ok(())
}

async fn insert_origins(tx: &mut sqlx::Transaction<'_, Sqlite>, site: &Site) -> StoreResult<()> {
    for origin in &site.origins {
        sqlx::query("insert or ignore into site_origin (site_id, origin) values ($1, $2)")
            .bind(&site.id)
            .bind(origin)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

const COMMENT_COLUMNS: &str = "comment_id, site_id, page, parent_id, author, website, body_source, \
     body_html, status, edit_token_hash, created_at, edited_at";

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("select 1").execute(&self.reader).await?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(site = %site.id))]
    async fn insert_site(&self, site: &Site) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("insert into site (site_id, moderation, created_at) values ($1, $2, $3)")
            .bind(&site.id)
            .bind(site.moderation.as_str())
            .bind(OffsetDateTime::now_utc())
            .execute(&mut *tx)
            .await?;
        insert_origins(&mut tx, site).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(site = %site.id))]
    async fn update_site(&self, site: &Site) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let updated = sqlx::query("update site set moderation = $2 where site_id = $1")
            .bind(&site.id)
            .bind(site.moderation.as_str())
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("delete from site_origin where site_id = $1")
            .bind(&site.id)
            .execute(&mut *tx)
            .await?;
        insert_origins(&mut tx, site).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(site = %id))]
    async fn delete_site(&self, id: &str) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        // Replies reference their parents; drop the links before the rows.
        sqlx::query("update comment set parent_id = null where site_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("delete from site where site_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn list_sites(&self) -> StoreResult<Vec<Site>> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("select site_id, moderation from site order by site_id")
                .fetch_all(&self.reader)
                .await?;
        let mut origins = self.site_origins().await?;
        rows.into_iter()
            .map(|(id, moderation)| {
                let moderation = Moderation::parse(&moderation)
                    .map_err(|e| StoreError::Other(anyhow::anyhow!("site {id}: {e}")))?;
                let origins = origins.remove(&id).unwrap_or_default();
                Ok(Site {
                    id,
                    origins,
                    moderation,
                })
            })
            .collect()
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
             where c.site_id = $1 and c.page = $2 and ($3 is null or {after}) \
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
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
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
        let sql = format!(
            "update comment set body_source = $2, body_html = $3, edited_at = $4 \
             where comment_id = $1 and status != 'deleted' returning {COMMENT_COLUMNS}"
        );
        let row: CommentRow = sqlx::query_as(&sql)
            .bind(id)
            .bind(source)
            .bind(html)
            .bind(at)
            .fetch_one(&self.writer)
            .await?;
        row.try_into()
    }

    #[tracing::instrument(skip_all, fields(comment = id))]
    async fn erase_comment(&self, id: i64, at: OffsetDateTime) -> StoreResult<CommentRecord> {
        let sql = format!(
            "update comment set status = 'deleted', body_source = '', body_html = '', \
             author = null, website = null, email_hash = null, edited_at = $2 \
             where comment_id = $1 returning {COMMENT_COLUMNS}"
        );
        let row: CommentRow = sqlx::query_as(&sql)
            .bind(id)
            .bind(at)
            .fetch_one(&self.writer)
            .await?;
        row.try_into()
    }
}
