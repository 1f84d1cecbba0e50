//! `GET /api/v1/feeds/comments.atom?site=S[&page=P]`: the latest published comments of a
//! site, or of one page, as an Atom feed (RFC 4287) for feed readers. Entries link to the
//! comment on its page (`<origin><page>#parlons-<id>`, the widget's permalink).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use parlons_shared::{CommentStatus, ErrorBody};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::cache::Tagged;
use crate::domain::input::parse_page;
use crate::domain::site::{Site, parse_site_id};
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::extract::ApiQuery;
use crate::http::extract::ReadAllowed;
use crate::http::layers::conditional::respond;
use crate::store::records::rfc3339;
use crate::store::{CommentRecord, ModerationQuery};

/// Entries per feed: readers poll, and what they missed is on the page.
const ENTRIES: u32 = 50;
const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";
const CACHE_CONTROL: &str = "public, max-age=60";

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(comments_feed))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct FeedParams {
    #[param(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")]
    site: String,
    /// One page's comments only.
    page: Option<String>,
}

/// The latest 50 published comments, newest first, with `ETag` and `304`.
#[utoipa::path(get, path = "/api/v1/feeds/comments.atom", tag = "feeds", params(FeedParams),
    responses(
        (status = 200, description = "An Atom feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "`If-None-Match` matched: unchanged"),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 422, description = "A parameter breaks a limit", body = ErrorBody),
        (status = 429, description = "Too many reads from this address", body = ErrorBody),
    ))]
async fn comments_feed(
    _: ReadAllowed,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<FeedParams>,
) -> Result<Response> {
    let site_id = parse_site_id(&params.site)?;
    let page = params.page.as_deref().map(parse_page).transpose()?;
    let site = state
        .sites
        .get(&site_id)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    let query = ModerationQuery {
        status: CommentStatus::Published,
        sites: Some(vec![site.id.clone()]),
        page: page.clone(),
        limit: ENTRIES,
    };
    let comments = state.store.moderation_list(&query).await?;
    let feed = render(&site, page.as_deref(), &comments, &state.public.url(""))
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("feed: {error}")))?;
    Ok(respond(
        &Tagged::with_content_type(Bytes::from(feed), CONTENT_TYPE),
        &headers,
        CACHE_CONTROL,
    ))
}

/// The feed's XML. `own` is this server's public address, for the feed's own URL.
fn render(
    site: &Site,
    page: Option<&str>,
    comments: &[CommentRecord],
    own: &str,
) -> std::io::Result<Vec<u8>> {
    let origin = site.origins.first().map_or("", String::as_str);
    let page_url = |page: &str| site.page_url(page).unwrap_or_else(|| page.to_owned());
    let mut self_url = format!("{own}/api/v1/feeds/comments.atom?site={}", encode(&site.id));
    let title = match page {
        Some(page) => {
            self_url.push_str(&format!("&page={}", encode(page)));
            format!("Comments on {}", page_url(page))
        }
        None => format!(
            "Comments on {}",
            if origin.is_empty() { &site.id } else { origin }
        ),
    };
    // An empty feed still needs a date; the epoch keeps its ETag stable.
    let updated = comments
        .iter()
        .map(|comment| comment.edited_at.unwrap_or(comment.created_at))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), rfc3339);

    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    xml.write_event(Event::Start(
        BytesStart::new("feed").with_attributes([("xmlns", "http://www.w3.org/2005/Atom")]),
    ))?;
    text(&mut xml, "id", &self_url)?;
    text(&mut xml, "title", &title)?;
    text(&mut xml, "updated", &updated)?;
    xml.write_event(Event::Empty(
        BytesStart::new("link").with_attributes([("rel", "self"), ("href", self_url.as_str())]),
    ))?;
    for comment in comments {
        entry(&mut xml, site, comment)?;
    }
    xml.write_event(Event::End(BytesEnd::new("feed")))?;
    Ok(xml.into_inner())
}

/// One comment. Its link is the widget's permalink when the page has an address on the
/// site; its id, that link or else a URN of its own.
fn entry(xml: &mut Writer<Vec<u8>>, site: &Site, comment: &CommentRecord) -> std::io::Result<()> {
    let link = site.comment_url(&comment.page, comment.id);
    let author = comment.author.as_deref().unwrap_or("Anonymous");
    xml.write_event(Event::Start(BytesStart::new("entry")))?;
    let id = link
        .clone()
        .unwrap_or_else(|| format!("urn:parlons:{}:{}", site.id, comment.id));
    text(xml, "id", &id)?;
    text(xml, "title", &format!("{author} on {}", comment.page))?;
    if let Some(link) = &link {
        xml.write_event(Event::Empty(
            BytesStart::new("link").with_attributes([("href", link.as_str())]),
        ))?;
    }
    text(xml, "published", &rfc3339(comment.created_at))?;
    text(
        xml,
        "updated",
        &rfc3339(comment.edited_at.unwrap_or(comment.created_at)),
    )?;
    xml.write_event(Event::Start(BytesStart::new("author")))?;
    text(xml, "name", author)?;
    if let Some(website) = &comment.website {
        text(xml, "uri", website)?;
    }
    xml.write_event(Event::End(BytesEnd::new("author")))?;
    // The sanitized HTML, escaped: feed readers render it as HTML.
    xml.write_event(Event::Start(
        BytesStart::new("content").with_attributes([("type", "html")]),
    ))?;
    xml.write_event(Event::Text(BytesText::new(&comment.html)))?;
    xml.write_event(Event::End(BytesEnd::new("content")))?;
    xml.write_event(Event::End(BytesEnd::new("entry")))?;
    Ok(())
}

/// `<name>value</name>`, the value escaped.
fn text(xml: &mut Writer<Vec<u8>>, name: &str, value: &str) -> std::io::Result<()> {
    xml.write_event(Event::Start(BytesStart::new(name)))?;
    xml.write_event(Event::Text(BytesText::new(value)))?;
    xml.write_event(Event::End(BytesEnd::new(name)))
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
