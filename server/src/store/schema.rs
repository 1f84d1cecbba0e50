//! Errors of bringing a schema up to date, in words an operator can act on. A database a
//! newer Parlons wrote is refused before anything is changed: sqlx checks every migration
//! the database has applied against the ones this binary knows before it applies any.

use sqlx::migrate::{MigrateError, Migrator};

/// `error`, from running `migrator`, explained.
pub fn explain(error: MigrateError, migrator: &Migrator) -> anyhow::Error {
    match error {
        MigrateError::VersionMissing(version) => {
            let known = migrator.iter().map(|m| m.version).max().unwrap_or_default();
            anyhow::anyhow!(
                "the database was written by a newer Parlons: its schema has migration {version}, \
                 and this version knows migrations up to {known}. Nothing was changed. Run the \
                 newer version, or restore a backup made before the upgrade."
            )
        }
        other => {
            anyhow::Error::new(other).context("could not bring the database schema up to date")
        }
    }
}
