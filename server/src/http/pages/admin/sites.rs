//! `/admin/sites/{site}`: a site's owner manages it without a shell: its settings (the same
//! names and values as `parlons site update`), its webhooks, its authors and its moderators. Every change
//! is audited and applied at once: this node reloads its sites, the others read the change
//! log within a second.

use axum::extract::{Form, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::pages::layout;
use super::words::{Lang, Words};
use super::{authors, hooks, people};
use crate::domain::site::Site;
use crate::domain::site_settings::{self, NAMES};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::{ApiPath, ApiQuery};
use crate::store::AuditEntry;

/// What the page says after an action.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Notice {
    saved: Option<String>,
}

/// A site the signed-in moderator owns, or the sign-in page.
pub(super) async fn owned_site(
    state: &AppState,
    moderator: &ModeratorAuth,
    site: &str,
) -> Result<Site, ApiError> {
    moderator.require_owner(site)?;
    let site = state.sites.get(site).await?.ok_or(ApiError::SiteNotFound)?;
    Ok(Site::clone(&site))
}

pub(super) async fn show(
    State(state): State<AppState>,
    Lang(w): Lang,
    moderator: Result<ModeratorAuth, ApiError>,
    ApiPath(site): ApiPath<String>,
    ApiQuery(notice): ApiQuery<Notice>,
) -> Result<Response, ApiError> {
    let Ok(moderator) = moderator else {
        return Ok(super::sign_in_page(&state, w));
    };
    let site = owned_site(&state, &moderator, &site).await?;
    let message = notice.saved.map(|_| w.t("saved"));
    page(&state, w, &moderator, &site, message, None).await
}

/// The whole page, with a message after an action and, once, what it made (a secret, a link).
pub(super) async fn page(
    state: &AppState,
    w: &Words,
    moderator: &ModeratorAuth,
    site: &Site,
    message: Option<&str>,
    shown_once: Option<Markup>,
) -> Result<Response, ApiError> {
    let root = state.public.path("");
    let hooks = hooks::section(state, w, &root, site).await?;
    let people = people::section(state, w, &root, moderator, site).await?;
    let authors = authors::section(state, w, &root, site).await?;
    let title = w.f("site_title", &[("site", &site.id)]);
    let page = layout(
        &root,
        w,
        &title,
        html! {
            header class="bar" {
                strong { (title) }
                a href={ (root) "/admin?site=" (site.id) } { (w.t("back")) }
                a href={ (root) "/admin/stats?site=" (site.id) } { (w.t("statistics")) }
            }
            main class="site" {
                @if let Some(message) = message { p class="notice" role="status" { (message) } }
                @if let Some(shown_once) = shown_once { (shown_once) }
                (settings_form(w, &root, site))
                (hooks)
                (authors)
                (people)
            }
        },
    );
    Ok(Html(page.into_string()).into_response())
}

/// `POST /admin/sites/{site}`: every setting of the form; nothing changes unless all are valid.
pub(super) async fn save(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath(site): ApiPath<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Redirect, ApiError> {
    let before = owned_site(&state, &moderator, &site).await?;
    let mut after = before.clone();
    for (name, value) in &form {
        site_settings::set(&mut after, name, value)?;
    }
    if let Some(audit) = AuditEntry::site_change(&moderator.0.name, &before, &after) {
        state.store.update_site(&after, Some(&audit)).await?;
        state.sites.reload().await?;
    }
    Ok(Redirect::to(
        &state.public.path(&format!("/admin/sites/{site}?saved=1")),
    ))
}

fn settings_form(w: &Words, root: &str, site: &Site) -> Markup {
    let value = |name| site_settings::get(site, name);
    html! {
        section aria-labelledby="settings-title" {
            h2 id="settings-title" { (w.t("settings")) }
            p class="hint" { (w.t("settings_hint")) }
            form method="post" action={ (root) "/admin/sites/" (site.id) } class="settings" {
                @for name in NAMES {
                    @let id = format!("setting-{name}");
                    label for=(id) { (w.t(&format!("setting_{name}"))) }
                    @match choices(name) {
                        Some(choices) => select id=(id) name=(name) {
                            @for choice in choices {
                                option value=(choice) selected[value(name) == *choice] { (choice) }
                            }
                        },
                        None if name == "origins" => textarea id=(id) name=(name) rows="3" required { (value(name)) },
                        None => input id=(id) name=(name) value=(value(name)) required;,
                    }
                }
                button type="submit" { (w.t("save_settings")) }
            }
        }
    }
}

fn choices(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "moderation" => &["post", "pre", "trusted"],
        "crawlable" | "gravatar" => &["false", "true"],
        "lang" => &["en", "fr"],
        "votes" => &["off", "up", "up_down"],
        _ => return None,
    })
}
