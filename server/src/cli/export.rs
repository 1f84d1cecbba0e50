//! `parlons export --site <id> [--output <file>]`: every comment of a site as one JSON
//! document (the format is in `import/parlons.rs`), which `parlons import parlons` reads.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use time::OffsetDateTime;

use super::private_file;
use crate::import::parlons;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct Export {
    /// The site to export.
    #[arg(long)]
    pub site: String,
    /// Write here instead of to the standard output (replaced only once complete).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub async fn run(args: Export, store: &dyn Store, out: &mut impl Write) -> anyhow::Result<()> {
    let sites = store.list_sites().await?;
    if !sites.iter().any(|site| site.id == args.site) {
        bail!("there is no site {:?}", args.site);
    }
    let rows = store.site_comments(&args.site).await?;
    let export =
        parlons::export(&args.site, rows, OffsetDateTime::now_utc()).map_err(anyhow::Error::msg)?;
    let json = serde_json::to_string_pretty(&export)?;
    match args.output {
        None => writeln!(out, "{json}")?,
        Some(path) => {
            // A half-written file never takes the place of a good one.
            // It holds readers' addresses (those who asked for reply emails): its owner's alone.
            let partial = path.with_extension("partial");
            let _ = std::fs::remove_file(&partial);
            private_file::create(&partial)
                .and_then(|mut file| writeln!(file, "{json}"))
                .with_context(|| format!("could not write {}", partial.display()))?;
            std::fs::rename(&partial, &path)
                .with_context(|| format!("could not write {}", path.display()))?;
            writeln!(
                out,
                "{} comments of {} written to {}",
                export.comments.len(),
                args.site,
                path.display()
            )?;
        }
    }
    Ok(())
}
