//! A site's authors on its `/admin/sites/{site}` page: the addresses whose comments may carry
//! the `author` mark (each comment once its author confirms it by a link mailed to the
//! address), a form to add one, a button to remove each. Audited. Only a hash of each address
//! is kept, and a label that hides all but its first letter and domain.

use axum::extract::{Form, State};
use axum::response::Redirect;
use maud::{Markup, html};
use serde::Deserialize;
use time::OffsetDateTime;

use super::sites::owned_site;
use super::words::Words;
use crate::domain::InvalidField;
use crate::domain::input::parse_email;
use crate::domain::reader::email_label;
use crate::domain::site::Site;
use crate::domain::token::hash_email;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiPath;
use crate::store::{AuditEntry, SiteAuthor, StoreError};

/// Most authors a site marks: a newsroom's staff, not its readers.
const MAX_AUTHORS: usize = 500;

pub(super) async fn section(
    state: &AppState,
    w: &Words,
    root: &str,
    site: &Site,
) -> Result<Markup, ApiError> {
    let authors = state.store.authors(&site.id).await?;
    let mail = !state.settings.smtp_host.is_empty();
    Ok(html! {
        section aria-labelledby="authors-title" {
            h2 id="authors-title" { (w.t("authors")) }
            p class="hint" { (w.t("authors_hint")) }
            @if !mail { p class="error" { (w.t("authors_need_mail")) } }
            @if authors.is_empty() { p class="empty" { (w.t("no_author")) } }
            ul class="authors" {
                @for author in &authors {
                    li {
                        code { (author.label) } " · " (author.added_by)
                        form method="post" action={ (root) "/admin/sites/" (site.id) "/authors/" (author.email_hash) "/remove" } {
                            button type="submit" class="delete" aria-label=(w.f("remove_author", &[("email", &author.label)])) { (w.t("remove")) }
                        }
                    }
                }
            }
            form method="post" action={ (root) "/admin/sites/" (site.id) "/authors" } class="inline" {
                label for="author-email" { (w.t("author_email")) }
                input id="author-email" name="email" type="email" autocomplete="off" required;
                button type="submit" { (w.t("add_author")) }
            }
        }
    })
}

#[derive(Deserialize)]
pub(super) struct NewAuthor {
    email: String,
}

/// `POST /admin/sites/{site}/authors`.
pub(super) async fn add(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath(site): ApiPath<String>,
    Form(form): Form<NewAuthor>,
) -> Result<Redirect, ApiError> {
    let site = owned_site(&state, &moderator, &site).await?;
    let email = parse_email(form.email.trim().to_owned())?;
    if state.store.authors(&site.id).await?.len() >= MAX_AUTHORS {
        return Err(InvalidField::new(
            "email",
            format!("A site marks {MAX_AUTHORS} authors at most: remove one first."),
        )
        .into());
    }
    let author = SiteAuthor {
        email_hash: hash_email(&email),
        label: email_label(&email),
        added_by: moderator.0.name.clone(),
        added_at: OffsetDateTime::now_utc(),
    };
    let audit = audit(&moderator, &site.id, "author_added", &author.label);
    match state.store.add_author(&site.id, &author, &audit).await {
        Err(StoreError::Conflict(_)) => {
            return Err(InvalidField::new(
                "email",
                "This address is one of the site's authors already.",
            )
            .into());
        }
        other => other?,
    }
    Ok(Redirect::to(&back(&state, &site)))
}

/// `POST /admin/sites/{site}/authors/{hash}/remove`: its comments keep the marks they have.
pub(super) async fn remove(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath((site, hash)): ApiPath<(String, String)>,
) -> Result<Redirect, ApiError> {
    let site = owned_site(&state, &moderator, &site).await?;
    let authors = state.store.authors(&site.id).await?;
    let author = authors
        .iter()
        .find(|author| author.email_hash == hash)
        .ok_or(ApiError::NotFound)?;
    let audit = audit(&moderator, &site.id, "author_removed", &author.label);
    state.store.remove_author(&site.id, &hash, &audit).await?;
    Ok(Redirect::to(&back(&state, &site)))
}

fn back(state: &AppState, site: &Site) -> String {
    state.public.path(&format!("/admin/sites/{}", site.id))
}

fn audit(moderator: &ModeratorAuth, site: &str, action: &str, label: &str) -> AuditEntry {
    AuditEntry {
        at: OffsetDateTime::now_utc(),
        actor: moderator.0.name.clone(),
        action: action.to_owned(),
        site: Some(site.to_owned()),
        comment: None,
        before: None,
        after: Some(serde_json::json!({ "author": label }).to_string()),
    }
}
