//! `parlons webhook add|list|remove`: where a site's comment events are POSTed.

use std::io::Write;

use anyhow::bail;
use clap::Subcommand;
use time::OffsetDateTime;

use crate::domain::token::new_secret;
use crate::store::{Store, StoreError};

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// POST every comment event of a site (created, edited, approved, deleted, restored) to
    /// an http(s) URL; prints the secret its calls are signed with.
    Add { site: String, url: String },
    /// List the webhooks (secrets are not shown again).
    List {
        #[arg(long)]
        site: Option<String>,
    },
    /// Stop calling a webhook; calls still waiting are dropped.
    Remove { id: i64 },
}

pub async fn run(
    command: WebhookCommand,
    store: &dyn Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        WebhookCommand::Add { site, url } => {
            let parsed = url::Url::parse(&url)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"));
            if parsed.is_none() {
                bail!("{url:?} is not an http:// or https:// URL");
            }
            let secret = new_secret();
            let hook = match store
                .add_webhook(&site, &url, &secret, OffsetDateTime::now_utc())
                .await
            {
                Err(StoreError::NotFound) => bail!("there is no site {site:?}"),
                Err(StoreError::Conflict(_)) => bail!("site {site} already calls {url}"),
                other => other?,
            };
            writeln!(out, "webhook {} of {site} calls {url}", hook.id)?;
            writeln!(out, "its calls are signed with this secret (shown once):")?;
            writeln!(out, "{secret}")?;
        }
        WebhookCommand::List { site } => {
            for hook in store.webhooks(site.as_deref()).await? {
                writeln!(out, "{}\t{}\t{}", hook.id, hook.site, hook.url)?;
            }
        }
        WebhookCommand::Remove { id } => match store.remove_webhook(id).await {
            Err(StoreError::NotFound) => bail!("there is no webhook {id}"),
            other => {
                other?;
                writeln!(out, "webhook {id} removed")?;
            }
        },
    }
    Ok(())
}
