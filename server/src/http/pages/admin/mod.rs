//! `/admin`: the moderators' page, rendered on the server.
//!
//! Server-rendered HTML rather than a second Leptos app: moderators need no live DOM
//! diffing, plain forms work with a keyboard and a screen reader without downloading any
//! WebAssembly, and the page can run under a strict Content-Security-Policy. The only
//! script adds keyboard shortcuts; without it every action still works.

mod authors;
mod blocking;
mod deliveries;
mod failures;
mod filtering;
mod hooks;
mod pages;
mod people;
mod replying;
mod session;
mod sites;
mod stats;
mod threads;
mod words;

use axum::Router;
use axum::extract::{Form, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use parlons_shared::CommentStatus;
use serde::Deserialize;
use time::OffsetDateTime;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::domain::moderator::Scope;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::api::moderation::{apply, dismiss, pin};
use crate::http::auth::ModeratorAuth;
use crate::http::extract::{ApiPath, ApiQuery};
use crate::settings::PublicUrl;
use crate::store::{ModerationAction, ModerationQuery};
use words::Lang;
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub(super) fn router(public: &PublicUrl) -> Router<AppState> {
    let root = public.path("");
    Router::new()
        .route("/admin", get(show_admin))
        .route("/admin/sign-in", post(session::sign_in))
        .route("/admin/sign-out", post(session::sign_out))
        .route("/admin/language", post(session::pick_language))
        .route("/admin/threads/{action}", post(threads::close_or_open))
        .route("/admin/filters/add", post(filtering::add))
        .route("/admin/filters/remove", post(filtering::remove))
        .route("/admin/deliveries", get(deliveries::show))
        .route("/admin/stats", get(stats::show))
        .route("/admin/sites/{site}", get(sites::show).post(sites::save))
        .route("/admin/sites/{site}/webhooks", post(hooks::add))
        .route(
            "/admin/sites/{site}/webhooks/{id}/remove",
            post(hooks::remove),
        )
        .route(
            "/admin/sites/{site}/moderators/{name}/remove",
            post(people::remove),
        )
        .route("/admin/sites/{site}/invite", post(people::invite))
        .route("/admin/sites/{site}/authors", post(authors::add))
        .route(
            "/admin/sites/{site}/authors/{hash}/remove",
            post(authors::remove),
        )
        .route(
            "/admin/join/{secret}",
            get(people::show_join).post(people::join),
        )
        .route("/admin/comments/{id}/block", post(blocking::block_poster))
        .route("/admin/comments/{id}/reply", post(replying::reply))
        .route("/admin/comments/{id}/{action}", post(act_on_comment))
        .route("/admin/blocks/{id}/remove", post(blocking::unblock))
        .route(
            "/admin/admin.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], pages::CSS) }),
        )
        .route(
            "/admin/admin.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], pages::JS) }),
        )
        .layer(axum::middleware::from_fn(move |lang, request, next| {
            failures::as_page(root.clone(), lang, request, next)
        }))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// The filters of the page, kept across actions.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    pub site: Option<String>,
    pub page: Option<String>,
}

impl Filter {
    fn normalized(self) -> Self {
        let keep =
            |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        Self {
            site: keep(self.site),
            page: keep(self.page),
        }
    }

    /// `/admin` with these filters (under `public`'s path), to come back to after an action.
    fn url(&self, public: &PublicUrl) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(site) = &self.site {
            query.append_pair("site", site);
        }
        if let Some(page) = &self.page {
            query.append_pair("page", page);
        }
        let query = query.finish();
        if query.is_empty() {
            public.path("/admin")
        } else {
            public.path(&format!("/admin?{query}"))
        }
    }
}

async fn show_admin(
    State(state): State<AppState>,
    Lang(words): Lang,
    moderator: Result<ModeratorAuth, ApiError>,
    ApiQuery(filter): ApiQuery<Filter>,
) -> Result<Response, ApiError> {
    let Ok(moderator) = moderator else {
        return Ok(sign_in_page(&state, words));
    };
    let filter = filter.normalized();
    let all_sites = state.store.list_sites().await?;
    let sites: Vec<String> = all_sites
        .iter()
        .map(|site| site.id.clone())
        .filter(|site| moderator.0.may_moderate(site))
        .collect();
    let scope = match &filter.site {
        Some(site) if moderator.0.may_moderate(site) => vec![site.clone()],
        Some(_) => Vec::new(),
        None => sites.clone(),
    };
    let list = |status, limit| ModerationQuery {
        status,
        sites: Some(scope.clone()),
        page: filter.page.clone(),
        limit,
    };
    let root = state.public.path("");
    let mut view = pages::Dashboard {
        root: &root,
        words,
        moderator: &moderator.0.name,
        sites: &sites,
        filter: &filter,
        pending: state
            .store
            .moderation_list(&list(CommentStatus::Pending, 200))
            .await?,
        published: state
            .store
            .moderation_list(&list(CommentStatus::Published, 50))
            .await?,
        deleted: state
            .store
            .moderation_list(&list(CommentStatus::Deleted, 50))
            .await?,
        // Sign-ins belong to no site: the whole log is for moderators of every site.
        audit: match (&moderator.0.scope, &filter.site) {
            (Scope::AllSites, None) => state.store.audit_log(None, 50).await?,
            _ => state.store.audit_log(Some(&scope), 50).await?,
        },
        origins: all_sites,
        blocks: state
            .store
            .active_blocks(OffsetDateTime::now_utc())
            .await?
            .into_iter()
            .filter(|block| scope.contains(&block.site))
            .collect(),
        thread: threads::view(&state, &moderator, &filter).await?,
        reported: state.store.reported(Some(&scope), 50).await?,
        filters: filtering::view(&state, &moderator, &filter).await?,
        managed: filter
            .site
            .clone()
            .filter(|site| moderator.0.may_manage(site)),
        known: Default::default(),
    };
    let mut readers: Vec<i64> = [&view.pending, &view.published, &view.deleted]
        .into_iter()
        .flatten()
        .chain(view.thread.iter().flat_map(|thread| &thread.pinned))
        .filter_map(|comment| comment.reader_id)
        .collect();
    readers.sort_unstable();
    readers.dedup();
    view.known = state
        .store
        .readers_known(&readers)
        .await?
        .into_iter()
        .collect();
    Ok(Html(view.render().into_string()).into_response())
}

/// An action's form: the list to go back to, and the version of the text the moderator read.
#[derive(Debug, Deserialize)]
struct Acting {
    #[serde(flatten)]
    filter: Filter,
    version: Option<String>,
}

async fn act_on_comment(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    Form(acting): Form<Acting>,
) -> Result<Redirect, ApiError> {
    match action.as_str() {
        "pin" | "unpin" => {
            pin(&state, &moderator, id, action == "pin").await?;
            return Ok(Redirect::to(&acting.filter.normalized().url(&state.public)));
        }
        "dismiss" => {
            dismiss(&state, &moderator, id).await?;
            return Ok(Redirect::to(&acting.filter.normalized().url(&state.public)));
        }
        _ => {}
    }
    let action = ModerationAction::parse(&action).ok_or(ApiError::NotFound)?;
    let seen = acting
        .version
        .as_deref()
        .filter(|version| !version.is_empty());
    apply(&state, &moderator, id, action, seen).await?;
    Ok(Redirect::to(&acting.filter.normalized().url(&state.public)))
}

/// What a page of `/admin` shows a visitor who is not signed in.
fn sign_in_page(state: &AppState, words: &words::Words) -> Response {
    let page = pages::sign_in(&state.public.path(""), words, None);
    Html(page.into_string()).into_response()
}

/// The ids of the sites the moderator moderates.
async fn moderated_sites(
    state: &AppState,
    moderator: &ModeratorAuth,
) -> Result<Vec<String>, ApiError> {
    Ok(state
        .store
        .list_sites()
        .await?
        .into_iter()
        .map(|site| site.id)
        .filter(|site| moderator.0.may_moderate(site))
        .collect())
}
