//! A site's webhooks on its `/admin/sites/{site}` page: the list with the delivery log a link
//! away, a form to add one (its signing secret shown once), a button to remove each. Audited.

use axum::extract::{Form, State};
use axum::response::{Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use time::OffsetDateTime;

use super::sites::{owned_site, page};
use super::words::{Lang, Words};
use crate::domain::InvalidField;
use crate::domain::site::Site;
use crate::domain::token::new_secret;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiPath;
use crate::notify::targets::refused_target;
use crate::store::{AuditEntry, StoreError};

pub(super) async fn section(
    state: &AppState,
    w: &Words,
    root: &str,
    site: &Site,
) -> Result<Markup, ApiError> {
    let hooks = state.store.webhooks(Some(&site.id)).await?;
    Ok(html! {
        section aria-labelledby="hooks-title" {
            h2 id="hooks-title" { (w.t("webhooks")) }
            p class="hint" {
                (w.t("webhooks_hint")) " "
                a href={ (root) "/admin/deliveries" } { (w.t("webhook_deliveries")) }
            }
            @if hooks.is_empty() { p class="empty" { (w.t("no_webhook")) } }
            ul class="hooks" {
                @for hook in &hooks {
                    li {
                        code { (hook.url) }
                        form method="post" action={ (root) "/admin/sites/" (site.id) "/webhooks/" (hook.id) "/remove" } {
                            button type="submit" class="delete" aria-label=(w.f("remove_webhook", &[("url", &hook.url)])) { (w.t("remove")) }
                        }
                    }
                }
            }
            form method="post" action={ (root) "/admin/sites/" (site.id) "/webhooks" } class="inline" {
                label for="hook-url" { (w.t("webhook_address")) }
                input id="hook-url" name="url" type="url" placeholder="https://example.org/hook" required;
                button type="submit" { (w.t("add_webhook")) }
            }
        }
    })
}

#[derive(Deserialize)]
pub(super) struct NewHook {
    url: String,
}

/// `POST /admin/sites/{site}/webhooks`: the page again, with the secret shown once.
pub(super) async fn add(
    State(state): State<AppState>,
    Lang(w): Lang,
    moderator: ModeratorAuth,
    ApiPath(site): ApiPath<String>,
    Form(form): Form<NewHook>,
) -> Result<Response, ApiError> {
    let site = owned_site(&state, &moderator, &site).await?;
    let url = url::Url::parse(form.url.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.as_str().len() <= 2000)
        .ok_or_else(|| InvalidField::new("url", "A webhook is an http:// or https:// address."))?;
    if !state.settings.webhook_private_addresses
        && let Some(why) = refused_target(url.as_str())
    {
        return Err(InvalidField::new("url", format!("{why}.")).into());
    }
    let secret = new_secret();
    let now = OffsetDateTime::now_utc();
    let hook = match state
        .store
        .add_webhook(&site.id, url.as_str(), &secret, now)
        .await
    {
        Err(StoreError::Conflict(_)) => {
            return Err(InvalidField::new("url", "The site calls this address already.").into());
        }
        other => other?,
    };
    audit(&state, &moderator, &site.id, "webhook_added", &hook.url).await?;
    let shown_once = html! {
        div class="notice" role="status" {
            p { (w.f("webhook_added", &[("url", &hook.url)])) }
            p { code class="secret" { (secret) } }
        }
    };
    page(&state, w, &moderator, &site, None, Some(shown_once)).await
}

/// `POST /admin/sites/{site}/webhooks/{id}/remove`.
pub(super) async fn remove(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath((site, id)): ApiPath<(String, i64)>,
) -> Result<Redirect, ApiError> {
    let site = owned_site(&state, &moderator, &site).await?;
    let hooks = state.store.webhooks(Some(&site.id)).await?;
    let hook = hooks
        .iter()
        .find(|hook| hook.id == id)
        .ok_or(ApiError::NotFound)?;
    state.store.remove_webhook(id).await?;
    audit(&state, &moderator, &site.id, "webhook_removed", &hook.url).await?;
    Ok(Redirect::to(
        &state.public.path(&format!("/admin/sites/{}", site.id)),
    ))
}

async fn audit(
    state: &AppState,
    moderator: &ModeratorAuth,
    site: &str,
    action: &str,
    url: &str,
) -> Result<(), ApiError> {
    let entry = AuditEntry {
        at: OffsetDateTime::now_utc(),
        actor: moderator.0.name.clone(),
        action: action.to_owned(),
        site: Some(site.to_owned()),
        comment: None,
        before: None,
        after: Some(serde_json::json!({ "url": url }).to_string()),
    };
    Ok(state.store.append_audit(&entry).await?)
}
