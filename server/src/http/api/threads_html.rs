//! `GET /api/v1/threads.html?site=S&page=P`: a page's published thread as plain HTML, for
//! sites that render pages on the server or build them statically, so search engines read
//! the comments. Each comment carries schema.org `Comment` microdata; replies nest in their
//! parent's list. Opt-in per site (`parlons site update <id> --crawlable true`); the widget
//! takes over the same element (`#parlons`) when it loads.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use parlons_shared::limits::MAX_THREAD_LIMIT;
use parlons_shared::{CommentStatus, ErrorBody, Sort};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{AppState, counts};
use crate::cache::Tagged;
use crate::domain::input::{parse_cursor, parse_page};
use crate::domain::site::{Language, parse_site_id};
use crate::error::{ApiError, Result};
use crate::http::extract::ApiQuery;
use crate::http::extract::ReadAllowed;
use crate::http::layers::conditional::respond;
use crate::store::records::rfc3339;
use crate::store::{CommentRecord, ThreadQuery};

const CONTENT_TYPE: &str = "text/html; charset=utf-8";
/// A site's server may fetch it on every page view: a minute of caching, then `ETag`.
const CACHE_CONTROL: &str = "public, max-age=60";

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(thread_html))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct HtmlParams {
    #[param(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")]
    site: String,
    #[param(min_length = 1, max_length = 1000)]
    page: String,
    /// The language of the few words around the comments: `en` or `fr` (default: the site's).
    lang: Option<String>,
    /// The `rel="next"` link's cursor, for threads longer than one answer (1,000 comments).
    after: Option<String>,
}

/// The published thread, oldest first, as an HTML fragment to put inside `<div id="parlons">`.
#[utoipa::path(get, path = "/api/v1/threads.html", tag = "threads", params(HtmlParams),
    responses(
        (status = 200, description = "An HTML fragment with schema.org Comment microdata; `ETag`", content_type = "text/html", body = String),
        (status = 304, description = "`If-None-Match` matched: unchanged"),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 403, description = "The site does not publish its threads as HTML (`not_crawlable`)", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 422, description = "A parameter breaks a limit", body = ErrorBody),
        (status = 429, description = "Too many reads from this address", body = ErrorBody),
    ))]
async fn thread_html(
    _: ReadAllowed,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<HtmlParams>,
) -> Result<Response> {
    let site_id = parse_site_id(&params.site)?;
    let page = parse_page(&params.page)?;
    let after = parse_cursor(params.after.as_deref())?;
    let site = state
        .sites
        .get(&site_id)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    if !site.crawlable {
        return Err(ApiError::NotCrawlable);
    }
    let words = Words::of(params.lang.as_deref().map_or(site.lang, Language::from_tag));
    let mut records = state
        .store
        .thread(&ThreadQuery {
            site: site.id.clone(),
            page: page.clone(),
            sort: Sort::Oldest,
            limit: MAX_THREAD_LIMIT + 1,
            after,
            replies_to: None,
        })
        .await?;
    let next = (records.len() > MAX_THREAD_LIMIT as usize).then(|| {
        records.truncate(MAX_THREAD_LIMIT as usize);
        records.last().map(|last| last.id)
    });
    let count = counts::page_counts(&state, &site.id, std::iter::once(&page))
        .await?
        .get(&page)
        .copied()
        .unwrap_or(0);
    let next_url = next.flatten().map(|after| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("site", &site.id)
            .append_pair("page", &page)
            .append_pair("lang", words.lang)
            .append_pair("after", &after.to_string());
        state
            .public
            .url(&format!("/api/v1/threads.html?{}", query.finish()))
    });
    let markup = fragment(&records, count, words, next_url.as_deref());
    let body = Bytes::from(markup.into_string());
    let mut response = respond(
        &Tagged::with_content_type(body, CONTENT_TYPE),
        &headers,
        CACHE_CONTROL,
    );
    // HTML on the comment server's own origin (where /admin lives), meant to be included by
    // the site's server: opened as a page, it runs nothing and reaches nothing.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(response)
}

fn fragment(records: &[CommentRecord], count: u64, words: &Words, next: Option<&str>) -> Markup {
    let ids: std::collections::HashSet<i64> = records.iter().map(|record| record.id).collect();
    let mut children: HashMap<Option<i64>, Vec<&CommentRecord>> = HashMap::new();
    for record in records {
        // A reply whose parent is on an earlier answer starts a branch of its own.
        let parent = record.parent.filter(|parent| ids.contains(parent));
        children.entry(parent).or_default().push(record);
    }
    html! {
        section class="parlons-static" lang=(words.lang) aria-label=(words.label) data-parlons-static {
            h2 { ((words.count)(count)) }
            (list(&children, None, words))
            @if let Some(next) = next {
                p { a rel="next" href=(next) { (words.more) } }
            }
        }
    }
}

fn list(
    children: &HashMap<Option<i64>, Vec<&CommentRecord>>,
    parent: Option<i64>,
    words: &Words,
) -> Markup {
    let Some(level) = children.get(&parent) else {
        return html! {};
    };
    html! {
        ol class="parlons-thread" {
            @for comment in level {
                @if comment.status == CommentStatus::Deleted {
                    li id=(format!("parlons-{}", comment.id)) {
                        p class="parlons-deleted" { (words.deleted) }
                        (list(children, Some(comment.id), words))
                    }
                } @else {
                    li id=(format!("parlons-{}", comment.id)) itemprop="comment" itemscope itemtype="https://schema.org/Comment" {
                        p class="parlons-meta" {
                            span itemprop="author" itemscope itemtype="https://schema.org/Person" {
                                @match &comment.website {
                                    Some(website) => a itemprop="url" href=(website) rel="nofollow ugc noopener" {
                                        span itemprop="name" { (comment.author.as_deref().unwrap_or(words.anonymous)) }
                                    },
                                    None => span itemprop="name" { (comment.author.as_deref().unwrap_or(words.anonymous)) },
                                }
                            }
                            " · "
                            time itemprop="dateCreated" datetime=(rfc3339(comment.created_at)) {
                                (comment.created_at.date())
                            }
                        }
                        // Sanitized when written (pulldown-cmark, then ammonia's allowlist).
                        div itemprop="text" { (PreEscaped(&comment.html)) }
                        (list(children, Some(comment.id), words))
                    }
                }
            }
        }
    }
}

/// The few words around the comments.
struct Words {
    lang: &'static str,
    label: &'static str,
    count: fn(u64) -> String,
    anonymous: &'static str,
    deleted: &'static str,
    more: &'static str,
}

impl Words {
    fn of(lang: Language) -> &'static Words {
        match lang {
            Language::En => &ENGLISH,
            Language::Fr => &FRENCH,
        }
    }
}

static ENGLISH: Words = Words {
    lang: "en",
    label: "Comments",
    count: |n| match n {
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    },
    anonymous: "Anonymous",
    deleted: "This comment was deleted.",
    more: "More comments",
};

static FRENCH: Words = Words {
    lang: "fr",
    label: "Commentaires",
    count: |n| match n {
        0 | 1 => format!("{n} commentaire"),
        n => format!("{n} commentaires"),
    },
    anonymous: "Anonyme",
    deleted: "Ce commentaire a été supprimé.",
    more: "Plus de commentaires",
};
