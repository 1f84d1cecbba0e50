//! `parlons site update --oidc-*`: a site's own OpenID provider, where its readers may sign in.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use clap::Args;
use time::OffsetDateTime;

use crate::domain::provider::{parse_client_id, parse_client_secret, parse_issuer, parse_label};
use crate::store::providers::Provider;
use crate::store::{AuditEntry, Store};

#[derive(Debug, Default, Args)]
pub struct ProviderArgs {
    /// The issuer URL of the site's own OpenID provider (Keycloak, Authentik, Google,
    /// GitLab...): readers may then sign in there. The first time, give the three other
    /// `--oidc-` settings too; register `<public URL>/auth/oidc/callback/<site>` at the
    /// provider as the redirect URI.
    #[arg(long)]
    pub oidc_issuer: Option<String>,
    /// The client id the provider gave this site.
    #[arg(long)]
    pub oidc_client_id: Option<String>,
    /// Read the client secret from standard input (one line), never from the command line.
    #[arg(long)]
    pub oidc_client_secret_stdin: bool,
    /// The secret read from standard input ([`read_secret`]).
    #[arg(skip)]
    pub oidc_client_secret: Option<String>,
    /// What the widget's button names: "Sign in with NAME".
    #[arg(long)]
    pub oidc_label: Option<String>,
    /// Remove the site's OpenID provider: its readers sign in by email only.
    #[arg(long, conflicts_with_all = ["oidc_issuer", "oidc_client_id", "oidc_client_secret_stdin", "oidc_label"])]
    pub no_oidc: bool,
}

impl ProviderArgs {
    fn given(&self) -> bool {
        self.oidc_issuer.is_some()
            || self.oidc_client_id.is_some()
            || self.oidc_client_secret.is_some()
            || self.oidc_label.is_some()
            || self.no_oidc
    }
}

/// With `--oidc-client-secret-stdin`, reads the secret's line from `input`.
pub fn read_secret(args: &mut ProviderArgs, input: impl BufRead) -> anyhow::Result<()> {
    if args.oidc_client_secret_stdin {
        let line = input
            .lines()
            .next()
            .transpose()
            .context("could not read the client secret")?
            .unwrap_or_default();
        args.oidc_client_secret = Some(line);
    }
    Ok(())
}

/// A change of a site's provider, every setting checked, not written yet.
pub struct Planned {
    site: String,
    before: Option<Provider>,
    after: Option<Provider>,
}

/// What `args` ask of `site`'s provider: `None` when they ask nothing.
pub async fn plan(
    args: ProviderArgs,
    site: &str,
    store: &dyn Store,
) -> anyhow::Result<Option<Planned>> {
    if !args.given() {
        return Ok(None);
    }
    let before = store.provider(site).await?;
    let after = if args.no_oidc {
        None
    } else {
        Some(merged(&args, before.as_ref())?)
    };
    Ok(Some(Planned {
        site: site.to_owned(),
        before,
        after,
    }))
}

/// The settings given over those the site had; all four when it had none.
fn merged(args: &ProviderArgs, before: Option<&Provider>) -> anyhow::Result<Provider> {
    let field = |refused: crate::domain::InvalidField| {
        anyhow::anyhow!("--{}: {}", refused.field.replace('_', "-"), refused.message)
    };
    let check = |given: &Option<String>,
                 parse: fn(&str) -> Result<String, crate::domain::InvalidField>| {
        given.as_deref().map(parse).transpose().map_err(field)
    };
    let issuer = check(&args.oidc_issuer, parse_issuer)?;
    let client_id = check(&args.oidc_client_id, parse_client_id)?;
    let client_secret = check(&args.oidc_client_secret, parse_client_secret)?;
    let label = check(&args.oidc_label, parse_label)?;
    Ok(match before {
        Some(old) => Provider {
            issuer: issuer.unwrap_or_else(|| old.issuer.clone()),
            client_id: client_id.unwrap_or_else(|| old.client_id.clone()),
            client_secret: client_secret.unwrap_or_else(|| old.client_secret.clone()),
            label: label.unwrap_or_else(|| old.label.clone()),
        },
        None => match (issuer, client_id, client_secret, label) {
            (Some(issuer), Some(client_id), Some(client_secret), Some(label)) => Provider {
                issuer,
                client_id,
                client_secret,
                label,
            },
            _ => bail!(
                "a site's first OpenID provider needs --oidc-issuer, --oidc-client-id, \
                 --oidc-client-secret-stdin and --oidc-label"
            ),
        },
    })
}

/// Writes the planned change, and says what the site's provider is now.
pub async fn write(
    planned: Planned,
    store: &dyn Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let Planned {
        site,
        before,
        after,
    } = planned;
    store
        .set_provider(
            &site,
            after.as_ref(),
            &audit_line(&site, before.as_ref(), after.as_ref()),
        )
        .await
        .context("could not change the site's OpenID provider")?;
    match after {
        Some(provider) => writeln!(
            out,
            "{site}\tsign-in with {} at {} (client {})",
            provider.label, provider.issuer, provider.client_id
        )?,
        None => writeln!(out, "{site}\tno OpenID provider: readers sign in by email")?,
    }
    Ok(())
}

/// The audit log's line: the settings before and after, the secret only said to have changed.
fn audit_line(site: &str, before: Option<&Provider>, after: Option<&Provider>) -> AuditEntry {
    let shown = |provider: Option<&Provider>| {
        provider.map(|provider| {
            serde_json::json!({
                "issuer": provider.issuer,
                "client_id": provider.client_id,
                "label": provider.label,
                "secret_changed": before.map(|old| &old.client_secret) != Some(&provider.client_secret),
            })
            .to_string()
        })
    };
    AuditEntry {
        at: OffsetDateTime::now_utc(),
        actor: "system".to_owned(),
        action: "site_provider".to_owned(),
        site: Some(site.to_owned()),
        comment: None,
        before: before.map(|old| {
            serde_json::json!({"issuer": old.issuer, "client_id": old.client_id, "label": old.label})
                .to_string()
        }),
        after: shown(after),
    }
}
