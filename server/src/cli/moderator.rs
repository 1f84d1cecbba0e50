//! `parlons moderator add|list|remove|passwd|token`.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use clap::Subcommand;
use time::OffsetDateTime;

use crate::domain::moderator::{Scope, hash_password, parse_name};
use crate::domain::token::{hash_secret, new_secret};
use crate::store::{AuditEntry, CredentialKind, NewModerator, Store, StoreError};

#[derive(Debug, Subcommand)]
pub enum ModeratorCommand {
    /// Add a moderator of some sites (or of all sites). The password is asked on the
    /// terminal, or read from the first line of standard input with --password-stdin.
    Add {
        name: String,
        /// A site the moderator may moderate (repeatable).
        #[arg(
            long = "site",
            required_unless_present_any = ["all_sites", "owns"],
            conflicts_with = "all_sites"
        )]
        sites: Vec<String>,
        /// A site the moderator owns: moderates, and manages its settings and moderators in
        /// /admin (repeatable).
        #[arg(long = "owner", conflicts_with = "all_sites")]
        owns: Vec<String>,
        /// May moderate every site, including sites added later.
        #[arg(long)]
        all_sites: bool,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List moderators and the sites they moderate.
    List,
    /// Remove a moderator; their sessions and tokens stop working.
    Remove { name: String },
    /// Change a moderator's password; their sessions end.
    Passwd {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Make an API token for a moderator, printed once, alone on the last line.
    Token { name: String },
    /// Send a moderator an email for each comment that waits for them (with approve and
    /// delete links); without an address, stop.
    Email {
        name: String,
        address: Option<String>,
    },
}

pub async fn run(
    command: ModeratorCommand,
    store: &dyn Store,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ModeratorCommand::Add {
            name,
            mut sites,
            owns,
            all_sites,
            password_stdin,
        } => {
            let name = parse_name(&name)?;
            let known = store.list_sites().await?;
            for site in &owns {
                if !sites.contains(site) {
                    sites.push(site.clone());
                }
            }
            for site in &sites {
                if !known.iter().any(|known| &known.id == site) {
                    bail!("there is no site `{site}`; `parlons site list` shows them");
                }
            }
            let password = read_password(input, password_stdin)?;
            let scope = if all_sites {
                Scope::AllSites
            } else {
                Scope::Sites(sites)
            };
            let moderator = NewModerator {
                name: name.clone(),
                password_hash: hash_password(&password)?,
                scope,
                owns,
            };
            match store.insert_moderator(&moderator).await {
                Err(StoreError::Conflict(_)) => bail!("a moderator `{name}` exists already"),
                other => other.context("could not add the moderator")?,
            }
            writeln!(out, "added moderator {name}")?;
        }
        ModeratorCommand::List => {
            for moderator in store.list_moderators().await? {
                let scope = match &moderator.scope {
                    Scope::AllSites => "all sites".to_owned(),
                    Scope::Sites(sites) => sites
                        .iter()
                        .map(|site| match moderator.owns.contains(site) {
                            true => format!("{site} (owner)"),
                            false => site.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join(","),
                };
                writeln!(out, "{}\t{scope}", moderator.name)?;
            }
        }
        ModeratorCommand::Remove { name } => {
            match store.delete_moderator(&name).await {
                Err(StoreError::NotFound) => bail!("there is no moderator `{name}`"),
                other => other?,
            }
            writeln!(out, "removed moderator {name}")?;
        }
        ModeratorCommand::Passwd {
            name,
            password_stdin,
        } => {
            let password = read_password(input, password_stdin)?;
            match store.set_password(&name, &hash_password(&password)?).await {
                Err(StoreError::NotFound) => bail!("there is no moderator `{name}`"),
                other => other?,
            }
            writeln!(
                out,
                "changed the password of {name}; their sessions have ended"
            )?;
        }
        ModeratorCommand::Token { name } => {
            let moderator = match store.moderator(&name).await {
                Err(StoreError::NotFound) => bail!("there is no moderator `{name}`"),
                other => other?,
            };
            let token = new_secret();
            store
                .insert_credential(
                    moderator.id,
                    CredentialKind::Token,
                    &hash_secret(&token),
                    None,
                )
                .await?;
            store
                .append_audit(&AuditEntry {
                    at: OffsetDateTime::now_utc(),
                    actor: "system".into(),
                    action: "token_created".into(),
                    site: None,
                    comment: None,
                    before: None,
                    after: Some(serde_json::json!({ "moderator": name }).to_string()),
                })
                .await?;
            writeln!(
                out,
                "API token for {name} (shown once; send it as `Authorization: Bearer <token>`):"
            )?;
            writeln!(out, "{token}")?;
        }
        ModeratorCommand::Email { name, address } => {
            let address = address
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty());
            if let Some(address) = &address
                && address.parse::<lettre::Address>().is_err()
            {
                bail!("{address:?} is not an email address");
            }
            match store.set_moderator_email(&name, address.as_deref()).await {
                Err(StoreError::NotFound) => bail!("there is no moderator {name:?}"),
                other => other?,
            }
            match address {
                Some(address) => writeln!(out, "{name} hears of waiting comments at {address}")?,
                None => writeln!(out, "{name} gets no more emails")?,
            }
        }
    }
    Ok(())
}

/// From stdin's first line, or asked twice on the terminal without echo.
fn read_password(input: &mut impl BufRead, from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        input
            .read_line(&mut line)
            .context("could not read the password")?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ").context("could not read the password")?;
    let second = rpassword::prompt_password("Again: ").context("could not read the password")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(first)
}
