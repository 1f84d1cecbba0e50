//! `parlons import disqus|wordpress|isso|parlons <file> --site <id>`: brings another
//! system's comments in, in one transaction, and says what it did and left out.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::import::{self, Format, Report, Source};
use crate::store::{ImportOutcome, Store};

#[derive(Debug, Args)]
pub struct Import {
    /// What the file is: a Disqus XML export, a WordPress export (WXR), an Isso SQLite
    /// database, or a `parlons export` file.
    #[arg(value_enum)]
    pub format: Format,
    /// The file to read.
    pub file: PathBuf,
    /// The site the comments go to (add it first with `parlons site add`).
    #[arg(long)]
    pub site: String,
    /// Read and check everything and print the report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Rewrite thread URLs that start with FROM to start with TO before taking their page
    /// key, e.g. `--map-url http://old.example.org=https://example.org` (repeatable; the
    /// first match applies; FROM cannot contain `=`).
    #[arg(long = "map-url", value_name = "FROM=TO", value_parser = parse_map)]
    pub map_urls: Vec<(String, String)>,
}

fn parse_map(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((from, to)) if !from.is_empty() => Ok((from.to_owned(), to.to_owned())),
        _ => Err(format!("{text:?} is not FROM=TO")),
    }
}

pub async fn run(args: Import, store: &dyn Store, out: &mut impl Write) -> anyhow::Result<()> {
    let sites = store.list_sites().await?;
    if !sites.iter().any(|site| site.id == args.site) {
        bail!(
            "there is no site {:?}: add it first with `parlons site add`",
            args.site
        );
    }
    let source = read(args.format, &args.file).await?;
    let plan = import::plan(&source, &args.map_urls);
    let bar = ProgressBar::new(plan.records.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} comments, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let outcome = store
        .import_comments(&args.site, &plan.records, args.dry_run, &|| bar.inc(1))
        .await
        .context("the import failed, and nothing of it was written")?;
    bar.finish_and_clear();
    write_report(out, &plan.report, outcome, args.dry_run)?;
    Ok(())
}

async fn read(format: Format, file: &Path) -> anyhow::Result<Source> {
    let name = file.display().to_string();
    let text = || {
        std::fs::read_to_string(file)
            .with_context(|| format!("could not read {name} as UTF-8 text"))
    };
    Ok(match format {
        Format::Disqus => import::disqus::read(&text()?, &name)?,
        Format::Wordpress => import::wordpress::read(&text()?, &name)?,
        Format::Parlons => import::parlons::read(&text()?, &name)?,
        Format::Isso => {
            if !file.is_file() {
                bail!("{name} is not a file");
            }
            import::isso::read(file).await?
        }
    })
}

fn write_report(
    out: &mut impl Write,
    report: &Report,
    outcome: ImportOutcome,
    dry_run: bool,
) -> std::io::Result<()> {
    if dry_run {
        writeln!(out, "dry run: nothing was written")?;
    }
    writeln!(out, "threads: {}", report.threads)?;
    writeln!(
        out,
        "comments: {} (replies {}, waiting for moderation {}, deleted kept for their replies {})",
        report.comments, report.replies, report.pending, report.placeholders
    )?;
    if report.reattached > 0 {
        writeln!(
            out,
            "replies attached higher up (their parent is left out or missing): {}",
            report.reattached
        )?;
    }
    writeln!(out, "already imported before: {}", outcome.already_there)?;
    let verb = if dry_run { "would write" } else { "written" };
    writeln!(out, "{verb}: {}", outcome.written)?;
    writeln!(out, "skipped: {}", report.skipped.len())?;
    for skipped in &report.skipped {
        writeln!(out, "  {}: {}", skipped.key, skipped.reason)?;
    }
    Ok(())
}
