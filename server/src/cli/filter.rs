//! `parlons filter add|list|remove`: a site's word filters, which hold a comment for a
//! moderator or refuse it (matching ignores case and accents, by whole words).

use std::io::Write;

use anyhow::{Context, bail};
use clap::{ArgGroup, Subcommand};
use time::OffsetDateTime;

use crate::domain::filters::{FilterAction, parse_phrase};
use crate::store::{FilterEntry, Store, StoreError};

/// Who the audit log names for the command line's changes.
const ACTOR: &str = "system";

#[derive(Debug, Subcommand)]
pub enum FilterCommand {
    /// Add words or phrases to a site's list (or change what those it has do). A comment
    /// whose text, name or website holds one is held for a moderator (--hold) or refused
    /// (--refuse, `422 filtered`, without saying which entry matched).
    #[command(group(ArgGroup::new("action").required(true).args(["hold", "refuse"])))]
    Add {
        site: String,
        #[arg(long)]
        hold: bool,
        #[arg(long)]
        refuse: bool,
        /// Each a word or a phrase (quote phrases), 100 characters at most.
        #[arg(required = true)]
        phrases: Vec<String>,
    },
    /// List a site's entries: action, then the phrase as typed.
    List { site: String },
    /// Take words or phrases off a site's list (as typed or in any case and accents).
    Remove {
        site: String,
        #[arg(required = true)]
        phrases: Vec<String>,
    },
}

pub async fn run(
    command: FilterCommand,
    store: &dyn Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        FilterCommand::Add {
            site,
            refuse,
            phrases,
            ..
        } => {
            require_site(store, &site).await?;
            let action = if refuse {
                FilterAction::Refuse
            } else {
                FilterAction::Hold
            };
            let mut entries = Vec::with_capacity(phrases.len());
            for phrase in phrases {
                let folded = parse_phrase(&phrase).with_context(|| format!("{phrase:?}"))?;
                entries.push(FilterEntry {
                    site: site.clone(),
                    phrase: phrase.trim().to_owned(),
                    folded,
                    action,
                });
            }
            match store
                .add_filters(&entries, ACTOR, OffsetDateTime::now_utc())
                .await
            {
                Err(StoreError::TooMany(why)) => bail!("{why}; nothing was added"),
                other => other.context("could not add the filters")?,
            }
            writeln!(
                out,
                "{} entries of {site} now {}",
                entries.len(),
                action.as_str()
            )?;
        }
        FilterCommand::List { site } => {
            require_site(store, &site).await?;
            for entry in store.filters(Some(&site)).await? {
                writeln!(out, "{}\t{}", entry.action.as_str(), entry.phrase)?;
            }
        }
        FilterCommand::Remove { site, phrases } => {
            require_site(store, &site).await?;
            let folded: Vec<String> = phrases
                .iter()
                .map(|phrase| parse_phrase(phrase).with_context(|| format!("{phrase:?}")))
                .collect::<anyhow::Result<_>>()?;
            let removed = store
                .remove_filters(&site, &folded, ACTOR, OffsetDateTime::now_utc())
                .await?;
            writeln!(out, "removed {removed} entries of {site}")?;
        }
    }
    Ok(())
}

async fn require_site(store: &dyn Store, site: &str) -> anyhow::Result<()> {
    if store
        .list_sites()
        .await?
        .iter()
        .any(|known| known.id == site)
    {
        Ok(())
    } else {
        bail!("there is no site `{site}`; `parlons site list` shows them")
    }
}
