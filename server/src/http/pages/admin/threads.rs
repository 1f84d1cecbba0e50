//! The thread a moderator filtered `/admin` on (one site, one page): whether it takes
//! comments, with a button to close or open it, and its pinned comments, each with a button
//! to unpin it. The actions are the API's, audited and live.

use axum::extract::{Form, State};
use axum::response::Redirect;
use maud::{Markup, html};
use parlons_shared::{CommentStatus, Sort, ThreadRef};
use serde::Deserialize;
use time::OffsetDateTime;

use super::Filter;
use super::words::Words;
use crate::domain::input::parse_page;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::api::closing::set_closed;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiPath;
use crate::store::{CommentRecord, ThreadQuery};

/// What `/admin` shows of one thread.
pub struct ThreadView {
    pub site: String,
    pub page: String,
    pub closed: bool,
    /// Closed by the site's rule of age, not by a moderator.
    pub by_age: bool,
    pub pinned: Vec<CommentRecord>,
}

/// The thread of the filter, when it names a site the moderator moderates and a page.
pub async fn view(
    state: &AppState,
    moderator: &ModeratorAuth,
    filter: &Filter,
) -> Result<Option<ThreadView>, ApiError> {
    let (Some(site), Some(page)) = (&filter.site, &filter.page) else {
        return Ok(None);
    };
    let Ok(page) = parse_page(page) else {
        return Ok(None);
    };
    if !moderator.0.may_moderate(site) {
        return Ok(None);
    }
    let Some(settings) = state.sites.get(site).await? else {
        return Ok(None);
    };
    let page_state = state.store.page_state(site, &page).await?;
    let closed = page_state.is_closed(&settings, OffsetDateTime::now_utc());
    // The first page of a thread starts with its pinned comments.
    let first = ThreadQuery {
        site: site.clone(),
        page: page.clone(),
        sort: Sort::Oldest,
        limit: 1,
        after: None,
        replies_to: None,
    };
    let pinned = state
        .store
        .thread(&first)
        .await?
        .into_iter()
        .filter(|comment| comment.pinned && comment.status == CommentStatus::Published)
        .collect();
    Ok(Some(ThreadView {
        site: site.clone(),
        page,
        closed,
        by_age: closed && page_state.closed.is_none(),
        pinned,
    }))
}

#[derive(Deserialize)]
pub struct ThreadForm {
    site: String,
    page: String,
}

/// `POST /admin/threads/close` or `/open`, then back to the thread's view.
pub async fn close_or_open(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath(action): ApiPath<String>,
    Form(form): Form<ThreadForm>,
) -> Result<Redirect, ApiError> {
    let closed = match action.as_str() {
        "close" => true,
        "open" => false,
        _ => return Err(ApiError::NotFound),
    };
    let thread = ThreadRef {
        site: form.site,
        page: form.page,
    };
    let done = set_closed(&state, &moderator, thread, closed).await?;
    let back = Filter {
        site: Some(done.site),
        page: Some(done.page),
    };
    Ok(Redirect::to(&back.url(&state.public)))
}

/// The thread's section of `/admin`.
pub fn markup(root: &str, w: &Words, thread: &ThreadView) -> Markup {
    let (action, label, state) = if thread.closed {
        ("open", "open_comments", "thread_closed")
    } else {
        ("close", "close_comments", "thread_open")
    };
    html! {
        section aria-labelledby="thread-title" {
            h2 id="thread-title" { (w.t("this_thread")) }
            p {
                code { (thread.page) } " · " strong { (w.t(state)) }
                @if thread.by_age { " " (w.t("closed_by_age")) }
            }
            form method="post" action=(format!("{root}/admin/threads/{action}")) {
                input type="hidden" name="site" value=(thread.site);
                input type="hidden" name="page" value=(thread.page);
                button type="submit" class=(action) { (w.t(label)) }
            }
            @if !thread.pinned.is_empty() {
                h3 { (w.t("pinned")) }
                ul class="pinned" {
                    @for comment in &thread.pinned {
                        li {
                            bdi { strong { (comment.author.as_deref().unwrap_or(w.t("anonymous"))) } }
                            " #" (comment.id) " "
                            form method="post" action=(format!("{root}/admin/comments/{}/unpin", comment.id)) {
                                input type="hidden" name="site" value=(thread.site);
                                input type="hidden" name="page" value=(thread.page);
                                button type="submit" class="unpin" { (w.t("unpin")) }
                            }
                        }
                    }
                }
            }
        }
    }
}
