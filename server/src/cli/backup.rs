//! `parlons backup <file>`: a consistent copy of a live SQLite database, taken while the
//! server goes on serving (SQLite's `VACUUM INTO`: one read transaction, so the copy is the
//! database as of one instant, compacted). Restoring is putting the file back, server stopped.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use super::private_file;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct Backup {
    /// The file to write; it must not exist. To restore: stop the server, move the file to
    /// the database's path (removing any `-wal` and `-shm` files beside it), start it.
    pub file: PathBuf,
}

pub async fn run(args: Backup, store: &dyn Store, out: &mut impl Write) -> anyhow::Result<()> {
    if args.file.exists() {
        bail!(
            "{} exists: a backup never replaces a file",
            args.file.display()
        );
    }
    let path = args
        .file
        .to_str()
        .context("the backup's path is not UTF-8")?;
    // The copy holds the server's keys and readers' addresses: the file is made first, its
    // owner's alone (SQLite writes into an empty file), then filled.
    private_file::create(&args.file).with_context(|| format!("could not create {path}"))?;
    if let Err(error) = store.backup(path).await {
        let _ = std::fs::remove_file(&args.file);
        return Err(error).with_context(|| format!("could not back up to {path}"));
    }
    let bytes = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    writeln!(out, "backed up to {path} ({bytes} bytes)")?;
    Ok(())
}
