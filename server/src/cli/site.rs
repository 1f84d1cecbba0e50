//! `parlons site add|list|update|remove`.

use std::io::Write;

use anyhow::{Context, bail};
use clap::Subcommand;

use crate::domain::site::{Moderation, Site, parse_origin, parse_site_id};
use crate::store::{Store, StoreError};

#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Add a site and the origins allowed to embed it.
    Add {
        /// Site id used in `data-site`: lowercase letters, digits, `-`, `_`.
        id: String,
        /// An origin allowed to use the widget, e.g. https://blog.example.org (repeatable).
        #[arg(long = "origin", required = true)]
        origins: Vec<String>,
        /// `post`: published at once; `pre`: every comment waits for a moderator; `trusted`:
        /// waits unless the author's email had a comment approved on the site.
        #[arg(long, default_value = "post")]
        moderation: String,
    },
    /// List the sites, their moderation mode and origins.
    List,
    /// Change a site's origins or moderation mode.
    Update {
        id: String,
        /// Replaces the allowed origins (repeatable).
        #[arg(long = "origin")]
        origins: Vec<String>,
        /// Adds an allowed origin (repeatable).
        #[arg(long = "add-origin")]
        add_origins: Vec<String>,
        /// Removes an allowed origin (repeatable).
        #[arg(long = "remove-origin")]
        remove_origins: Vec<String>,
        /// `post`, `pre` or `trusted`.
        #[arg(long)]
        moderation: Option<String>,
        /// Minutes authors may edit their comments on this site (`default`: the server's).
        #[arg(long)]
        edit_window: Option<String>,
    },
    /// Remove a site and every comment on it.
    Remove { id: String },
}

pub async fn run(
    command: SiteCommand,
    store: &dyn Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        SiteCommand::Add {
            id,
            origins,
            moderation,
        } => {
            let site = Site {
                id: parse_site_id(&id)?,
                origins: parse_origins(&origins)?,
                moderation: Moderation::parse(&moderation)?,
                edit_window_minutes: None,
            };
            match store.insert_site(&site).await {
                Err(StoreError::Conflict(_)) => {
                    bail!("a site `{id}` exists already; use `parlons site update`")
                }
                other => other.context("could not add the site")?,
            }
            writeln!(out, "added site {}", describe(&site))?;
        }
        SiteCommand::List => {
            for site in store.list_sites().await? {
                writeln!(out, "{}", describe(&site))?;
            }
        }
        SiteCommand::Update {
            id,
            origins,
            add_origins,
            remove_origins,
            moderation,
            edit_window,
        } => {
            let mut site = find(store, &id).await?;
            if !origins.is_empty() {
                site.origins = parse_origins(&origins)?;
            }
            for origin in parse_origins(&add_origins)? {
                if !site.origins.contains(&origin) {
                    site.origins.push(origin);
                }
            }
            let removed = parse_origins(&remove_origins)?;
            site.origins.retain(|origin| !removed.contains(origin));
            if let Some(moderation) = moderation {
                site.moderation = Moderation::parse(&moderation)?;
            }
            match edit_window.as_deref() {
                None => {}
                Some("default") => site.edit_window_minutes = None,
                Some(minutes) => match minutes.parse::<u32>() {
                    Ok(minutes) => site.edit_window_minutes = Some(minutes),
                    Err(_) => bail!("--edit-window takes a number of minutes, or `default`"),
                },
            }
            store
                .update_site(&site)
                .await
                .context("could not update the site")?;
            writeln!(out, "updated site {}", describe(&site))?;
        }
        SiteCommand::Remove { id } => {
            find(store, &id).await?;
            store
                .delete_site(&id)
                .await
                .context("could not remove the site")?;
            writeln!(out, "removed site {id} and its comments")?;
        }
    }
    Ok(())
}

async fn find(store: &dyn Store, id: &str) -> anyhow::Result<Site> {
    let sites = store.list_sites().await?;
    match sites.into_iter().find(|site| site.id == id) {
        Some(site) => Ok(site),
        None => bail!("there is no site `{id}`; `parlons site list` shows them"),
    }
}

fn parse_origins(origins: &[String]) -> anyhow::Result<Vec<String>> {
    let mut parsed: Vec<String> = Vec::with_capacity(origins.len());
    for origin in origins {
        let origin = parse_origin(origin.trim())?;
        if !parsed.contains(&origin) {
            parsed.push(origin);
        }
    }
    Ok(parsed)
}

fn describe(site: &Site) -> String {
    let window = site
        .edit_window_minutes
        .map_or("default".to_owned(), |minutes| format!("{minutes}min"));
    format!(
        "{}\tmoderation={}\torigins={}\tedit_window={window}",
        site.id,
        site.moderation.as_str(),
        site.origins.join(",")
    )
}
