//! A site's word filters in `/admin`, when it is filtered on one site: the list, a form to
//! add entries (one a line) that hold or refuse, and a button to remove each. For the site's
//! moderators; audited; every node applies a change within a second (this one at once).

use axum::extract::{Form, State};
use axum::response::Redirect;
use maud::{Markup, html};
use serde::Deserialize;
use time::OffsetDateTime;

use super::Filter;
use super::words::Words;
use crate::domain::InvalidField;
use crate::domain::filters::{FilterAction, parse_phrase};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::store::FilterEntry;

/// Most entries one form adds (a site holds 10,000).
const MAX_LINES: usize = 1_000;

/// What `/admin` shows of a site's filters.
pub struct FiltersView {
    pub site: String,
    pub entries: Vec<FilterEntry>,
}

/// The list of the filter's site, when it names one the moderator moderates.
pub async fn view(
    state: &AppState,
    moderator: &ModeratorAuth,
    filter: &Filter,
) -> Result<Option<FiltersView>, ApiError> {
    let Some(site) = &filter.site else {
        return Ok(None);
    };
    if !moderator.0.may_moderate(site) {
        return Ok(None);
    }
    Ok(Some(FiltersView {
        site: site.clone(),
        entries: state.store.filters(Some(site)).await?,
    }))
}

#[derive(Deserialize)]
pub struct AddForm {
    site: String,
    action: String,
    phrases: String,
}

/// `POST /admin/filters/add`: each line of `phrases` an entry.
pub async fn add(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    Form(form): Form<AddForm>,
) -> Result<Redirect, ApiError> {
    moderator.require_site(&form.site)?;
    state
        .sites
        .get(&form.site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    let action = FilterAction::parse(&form.action)
        .ok_or_else(|| InvalidField::new("action", "Filters `hold` or `refuse`."))?;
    let lines: Vec<&str> = form
        .phrases
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if lines.is_empty() || lines.len() > MAX_LINES {
        let message = format!("Give 1 to {MAX_LINES} words or phrases, one a line.");
        return Err(InvalidField::new("phrases", message).into());
    }
    let mut entries = Vec::with_capacity(lines.len());
    for phrase in lines {
        entries.push(FilterEntry {
            site: form.site.clone(),
            phrase: phrase.to_owned(),
            folded: parse_phrase(phrase)?,
            action,
        });
    }
    let now = OffsetDateTime::now_utc();
    state
        .store
        .add_filters(&entries, &moderator.0.name, now)
        .await?;
    changed(&state, form.site).await
}

#[derive(Deserialize)]
pub struct RemoveForm {
    site: String,
    phrase: String,
}

/// `POST /admin/filters/remove`: one entry.
pub async fn remove(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    Form(form): Form<RemoveForm>,
) -> Result<Redirect, ApiError> {
    moderator.require_site(&form.site)?;
    let folded = parse_phrase(&form.phrase)?;
    let now = OffsetDateTime::now_utc();
    state
        .store
        .remove_filters(&form.site, &[folded], &moderator.0.name, now)
        .await?;
    changed(&state, form.site).await
}

/// This node applies the list at once (the others through the change log); back to the site.
async fn changed(state: &AppState, site: String) -> Result<Redirect, ApiError> {
    state.guards.filters.reload().await?;
    let back = Filter {
        site: Some(site),
        page: None,
    };
    Ok(Redirect::to(&back.url(&state.public)))
}

/// The filters' section of `/admin`.
pub fn markup(root: &str, w: &Words, filters: &FiltersView) -> Markup {
    html! {
        section aria-labelledby="filters-title" {
            h2 id="filters-title" { (w.f("filters_title", &[("site", &filters.site), ("n", &filters.entries.len())])) }
            p class="hint" { (w.t("filters_hint")) }
            @if filters.entries.is_empty() { p class="empty" { (w.t("no_filters")) } }
            table class="filters-list" {
                thead { tr { th { (w.t("word_or_phrase")) } th { (w.t("action")) } th { "" } } }
                tbody {
                    @for entry in &filters.entries {
                        tr {
                            td dir="auto" { (entry.phrase) }
                            td { (w.t(&format!("filter_{}", entry.action.as_str()))) }
                            td {
                                form method="post" action={ (root) "/admin/filters/remove" } {
                                    input type="hidden" name="site" value=(filters.site);
                                    input type="hidden" name="phrase" value=(entry.phrase);
                                    button type="submit" class="unfilter" { (w.t("remove")) }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action={ (root) "/admin/filters/add" } class="add-filters" {
                input type="hidden" name="site" value=(filters.site);
                label for="filter-phrases" { (w.t("words_one_a_line")) }
                textarea id="filter-phrases" name="phrases" rows="3" required {}
                label for="filter-action" { (w.t("action")) }
                select id="filter-action" name="action" {
                    option value="hold" { (w.t("filter_hold")) }
                    option value="refuse" { (w.t("filter_refuse")) }
                }
                button type="submit" { (w.t("add")) }
            }
        }
    }
}
