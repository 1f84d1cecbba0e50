//! `parlons site add|list|update|remove`.

use std::io::Write;

use anyhow::{Context, bail};
use clap::Subcommand;

use crate::domain::site::{Moderation, Site, parse_site_id};
use crate::domain::site_settings;
use crate::store::{AuditEntry, Store, StoreError};

#[derive(Debug, Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per process: the size of a command does not matter"
)]
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
        /// Seconds between the form appearing and the post (0: off; `default`: the server's).
        #[arg(long)]
        min_post_seconds: Option<String>,
        /// Proof-of-work difficulty in leading zero bits, 0 to 32 (0: off; `default`: the
        /// server's).
        #[arg(long)]
        pow_bits: Option<String>,
        /// Comments with more links than this wait for a moderator (`default`: the server's).
        #[arg(long)]
        max_links: Option<String>,
        /// Comments one address may post here per minute (0: no limit; `default`: the
        /// server's rate, shared with the sites that have none of their own).
        #[arg(long)]
        posts_per_minute: Option<String>,
        /// Minutes during which the same text is refused again (0: off; `default`: the
        /// server's).
        #[arg(long)]
        duplicate_window: Option<String>,
        /// Publish the site's threads as plain HTML for search engines
        /// (`GET /api/v1/threads.html`): `true` or `false`.
        #[arg(long)]
        crawlable: Option<bool>,
        /// The language of the emails and of the crawlable HTML's words: `en` or `fr`.
        #[arg(long)]
        lang: Option<String>,
        /// The votes readers may give: `off`, `up` or `up_down`.
        #[arg(long)]
        votes: Option<String>,
        /// Show authors' Gravatar pictures over their identicons: `true` or `false`. Readers'
        /// browsers then ask gravatar.com, with a hash of each author's email in the URL.
        #[arg(long)]
        gravatar: Option<bool>,
        /// Close threads to new comments this many days after their first (1 to 36500), or
        /// `never`. A moderator may open one again (`POST /api/v1/moderation/threads/open`).
        #[arg(long)]
        close_after_days: Option<String>,
        /// Readers' reports from this many distinct networks send a published comment back
        /// to waiting for a moderator (0: never; `default`: 3).
        #[arg(long)]
        report_threshold: Option<String>,
        /// Who may post: `anyone`, `confirmed` (readers signed in by an emailed link or by
        /// the site's OpenID provider) or `signed_in` (by the provider only).
        #[arg(long)]
        readers: Option<String>,
        #[command(flatten)]
        oidc: super::site_provider::ProviderArgs,
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
                spam: Default::default(),
                crawlable: false,
                lang: Default::default(),
                votes: Default::default(),
                gravatar: false,
                close_after_days: None,
                report_threshold: None,
                readers: Default::default(),
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
            min_post_seconds,
            pow_bits,
            max_links,
            posts_per_minute,
            duplicate_window,
            crawlable,
            lang,
            votes,
            gravatar,
            close_after_days,
            report_threshold,
            readers,
            oidc,
        } => {
            let before = find(store, &id).await?;
            let provider = super::site_provider::plan(oidc, &id, store).await?;
            let mut site = before.clone();
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
            let flag = |on: Option<bool>| on.map(|on| on.to_string());
            let given = [
                ("moderation", moderation),
                ("edit_window", edit_window),
                ("min_post_seconds", min_post_seconds),
                ("pow_bits", pow_bits),
                ("max_links", max_links),
                ("posts_per_minute", posts_per_minute),
                ("duplicate_window", duplicate_window),
                ("crawlable", flag(crawlable)),
                ("lang", lang),
                ("votes", votes),
                ("gravatar", flag(gravatar)),
                ("close_after_days", close_after_days),
                ("report_threshold", report_threshold),
                ("readers", readers),
            ];
            for (name, value) in given {
                if let Some(value) = value {
                    site_settings::set(&mut site, name, &value).map_err(|refused| {
                        anyhow::anyhow!("--{}: {}", name.replace('_', "-"), refused.message)
                    })?;
                }
            }
            let audit = AuditEntry::site_change("system", &before, &site);
            store
                .update_site(&site, audit.as_ref())
                .await
                .context("could not update the site")?;
            writeln!(out, "updated site {}", describe(&site))?;
            if let Some(provider) = provider {
                super::site_provider::write(provider, store, out).await?;
            }
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

/// Origins given on the command line; none is none (not an error, as `--add-origin` is optional).
fn parse_origins(origins: &[String]) -> anyhow::Result<Vec<String>> {
    if origins.is_empty() {
        return Ok(Vec::new());
    }
    Ok(site_settings::parse_origins(
        origins.iter().map(String::as_str),
    )?)
}

fn describe(site: &Site) -> String {
    let shown = |value: Option<u32>| value.map_or("default".to_owned(), |n| n.to_string());
    format!(
        "{}\tmoderation={}\torigins={}\tedit_window={}\tmin_post_seconds={}\tpow_bits={}\tmax_links={}\tposts_per_minute={}\tduplicate_window={}\tcrawlable={}\tlang={}\tvotes={}\tgravatar={}\tclose_after_days={}\treport_threshold={}\treaders={}",
        site.id,
        site.moderation.as_str(),
        site.origins.join(","),
        site.edit_window_minutes
            .map_or("default".to_owned(), |minutes| format!("{minutes}min")),
        shown(site.spam.min_post_seconds),
        shown(site.spam.pow_bits),
        shown(site.spam.max_links),
        shown(site.spam.posts_per_minute),
        shown(site.spam.duplicate_window_minutes),
        site.crawlable,
        site.lang.as_str(),
        site.votes.as_str(),
        site.gravatar,
        site.close_after_days
            .map_or("never".to_owned(), |days| days.to_string()),
        shown(site.report_threshold),
        site.readers.as_str(),
    )
}
