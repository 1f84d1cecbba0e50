//! `parlons migrate-data --from <url> --to <url>`: copies every table, ids included, from one
//! database to another (SQLite to PostgreSQL or back), then checks that every table has as
//! many rows on both sides. Stop the servers using the source first: changes made during the
//! copy would not be carried over.

use std::io::Write;

use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::store::{self, StoreResult};

/// Rows read and written per transaction.
const BATCH: i64 = 1_000;

#[derive(Debug, Args)]
pub struct MigrateData {
    /// The database to copy from, e.g. sqlite://data/parlons.db.
    #[arg(long)]
    pub from: String,
    /// An empty database to copy into, e.g. postgres://parlons@db/parlons.
    #[arg(long)]
    pub to: String,
    /// Replace what the target holds, its audit log included.
    #[arg(long)]
    pub force: bool,
}

pub async fn run(args: MigrateData, out: &mut impl Write) -> anyhow::Result<()> {
    let source = store::connect(&args.from)
        .await
        .context("could not open the source database")?;
    let target = store::connect(&args.to)
        .await
        .context("could not open the target database")?;
    let counts = source.row_counts().await?;
    let occupied: Vec<String> = target
        .row_counts()
        .await?
        .into_iter()
        .filter(|(_, rows)| *rows > 0)
        .map(|(table, rows)| format!("{table} ({rows})"))
        .collect();
    if !occupied.is_empty() && !args.force {
        bail!(
            "the target is not empty: {}. Nothing was copied; point --to at an empty database, \
             or add --force to replace what it holds (its audit log included)",
            occupied.join(", ")
        );
    }
    if !occupied.is_empty() {
        writeln!(
            out,
            "replacing what the target held: {}",
            occupied.join(", ")
        )?;
        target
            .clear_all()
            .await
            .context("could not empty the target")?;
    }

    let total: i64 = counts.iter().map(|(_, rows)| rows).sum();
    let bar = ProgressBar::new(u64::try_from(total).unwrap_or(0)).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows, {per_sec}, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let small = source.read_small().await?;
    target.write_small(&small).await?;
    let small_rows = small.sites.len()
        + small.origins.len()
        + small.moderators.len()
        + small.moderator_sites.len()
        + small.webhooks.len()
        + small.blocks.len()
        + small.thread_states.len()
        + small.filters.len()
        + small.refusal_counts.len()
        + small.site_authors.len()
        + small.invitations.len();
    bar.inc(small_rows as u64);
    let readers = source.read_readers().await?;
    target.write_readers(&readers).await?;
    bar.inc(readers.rows() as u64);
    copy(
        &bar,
        async |after| source.read_credentials(after, BATCH).await,
        async |rows| target.write_credentials(rows).await,
        |row| row.credential_id,
    )
    .await?;
    copy(
        &bar,
        async |after| source.read_comments(after, BATCH).await,
        async |rows| target.write_comments(rows).await,
        |row| row.comment_id,
    )
    .await?;
    copy(
        &bar,
        async |after| source.read_votes(after, BATCH).await,
        async |rows| target.write_votes(rows).await,
        |row| row.comment_id,
    )
    .await?;
    let reports = source.read_reports().await?;
    target.write_reports(&reports).await?;
    bar.inc(reports.len() as u64);
    copy(
        &bar,
        async |after| source.read_audit(after, BATCH).await,
        async |rows| target.write_audit(rows).await,
        |row| row.audit_id,
    )
    .await?;
    target.finish_import().await?;
    bar.finish_and_clear();

    let copied = target.row_counts().await?;
    if copied != counts {
        bail!("the copy does not match the source: source {counts:?}, target {copied:?}");
    }
    for (table, rows) in &counts {
        writeln!(out, "{table}: {rows} rows")?;
    }
    writeln!(
        out,
        "copied {total} rows; every table has as many rows in the target as in the source"
    )?;
    Ok(())
}

/// Copies one table in batches ordered by id.
async fn copy<T>(
    bar: &ProgressBar,
    read: impl AsyncFn(i64) -> StoreResult<Vec<T>>,
    write: impl AsyncFn(&[T]) -> StoreResult<()>,
    id: impl Fn(&T) -> i64,
) -> anyhow::Result<()> {
    let mut after = 0;
    loop {
        let rows = read(after).await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = id(last);
        write(&rows).await?;
        bar.inc(rows.len() as u64);
    }
}
