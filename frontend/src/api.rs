//! Typed calls to the v1 contract, over the browser's `fetch`. No cookies are sent.

use parlons_shared::limits::CONVERSATIONS_PER_PAGE;
use parlons_shared::{
    Comment, CreatedComment, EditComment, ErrorBody, ErrorCode, NewComment, Sort, Tally, Thread,
    Vote,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCredentials, RequestInit, Response};

use crate::Config;
use crate::json::{self, FromJs, Report, ToJs};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No answer (offline, server down) or an answer that is not ours.
    Network,
    /// The server refused, with the contract's error body.
    Api {
        code: ErrorCode,
        field: Option<String>,
        retry_after: Option<u64>,
    },
}

// The limits below are written out (a `format!` costs the download more than a literal).
const _: () = assert!(CONVERSATIONS_PER_PAGE == 50);

/// `GET /api/v1/threads`, in the reader's order.
pub async fn fetch_thread(
    config: &Config,
    sort: Sort,
    after: Option<&str>,
) -> Result<Thread, Failure> {
    // Newest and top come by conversation, each with its first replies: 50 of them keep the
    // first answer of a 10,000-comment thread as quick as the 500 comments sorted by date.
    let mut tail = match sort {
        Sort::Oldest => String::new(),
        Sort::Newest => "&sort=newest&limit=50".to_owned(),
        Sort::Top => "&sort=top&limit=50".to_owned(),
    };
    if let Some(after) = after {
        tail.push_str("&after=");
        tail.push_str(&encode(after));
    }
    read_thread(config, &tail).await
}

/// `GET /api/v1/threads?replies_to=`: the replies of a conversation after `after`, oldest
/// first (the rest of one that `newest` or `top` cut).
pub async fn fetch_replies(
    config: &Config,
    conversation: i64,
    after: &str,
) -> Result<Thread, Failure> {
    let tail = format!("&replies_to={conversation}&after={}", encode(after));
    read_thread(config, &tail).await
}

/// `GET /api/v1/threads` for the widget's page, with `tail` added to the query.
async fn read_thread(config: &Config, tail: &str) -> Result<Thread, Failure> {
    let url = format!(
        "{}/api/v1/threads?site={}&page={}{tail}",
        config.api,
        encode(&config.site),
        encode(&config.page)
    );
    let answer = request("GET", &url, None, None).await?;
    Thread::from_js(&answer).ok_or(Failure::Network)
}

/// `POST /api/v1/comments`: the comment is published (201) or pending (202).
pub async fn post_comment(config: &Config, body: &NewComment) -> Result<CreatedComment, Failure> {
    let url = format!("{}/api/v1/comments", config.api);
    let answer = request("POST", &url, Some(body), None).await?;
    // The comment's fields and the two the creation adds, side by side in one object.
    let created = Comment::from_js(&answer).and_then(|comment| {
        Some(CreatedComment {
            comment,
            edit_token: json::string(&answer, "edit_token")?,
            edit_until: json::string(&answer, "edit_until")?,
        })
    });
    created.ok_or(Failure::Network)
}

/// `POST /api/v1/comments/{id}/vote`: the comment's tally after the reader's vote.
pub async fn vote(config: &Config, id: i64, voter: &str, value: i8) -> Result<Tally, Failure> {
    let body = Vote {
        voter: voter.to_owned(),
        value,
    };
    let url = format!("{}/vote", comment_url(config, id));
    let answer = request("POST", &url, Some(&body), None).await?;
    Tally::from_js(&answer).ok_or(Failure::Network)
}

/// `POST /api/v1/comments/{id}/report`: the reader's report, once per reader and comment.
pub async fn report(config: &Config, id: i64, voter: &str, reason: &str) -> Result<(), Failure> {
    // The reason as the button named it: the server refuses one it does not know.
    let body = Report { voter, reason };
    let url = format!("{}/report", comment_url(config, id));
    request("POST", &url, Some(&body), None).await.map(|_| ())
}

/// `POST /api/v1/preview`: the HTML the server would store for `text`.
pub async fn preview(config: &Config, text: &str) -> Result<String, Failure> {
    let url = format!("{}/api/v1/preview", config.api);
    let body = EditComment {
        text: text.to_owned(),
    };
    let answer = request("POST", &url, Some(&body), None).await?;
    json::string(&answer, "html").ok_or(Failure::Network)
}

/// `GET /api/v1/comments/{id}` as its author (pending comments included).
pub async fn fetch_own(config: &Config, id: i64, token: &str) -> Result<Comment, Failure> {
    let answer = request("GET", &comment_url(config, id), None, Some(token)).await?;
    Comment::from_js(&answer).ok_or(Failure::Network)
}

/// `PATCH /api/v1/comments/{id}`: the author changes the text.
pub async fn edit_comment(
    config: &Config,
    id: i64,
    token: &str,
    text: &str,
) -> Result<Comment, Failure> {
    let body = EditComment {
        text: text.to_owned(),
    };
    let answer = request("PATCH", &comment_url(config, id), Some(&body), Some(token)).await?;
    Comment::from_js(&answer).ok_or(Failure::Network)
}

/// `DELETE /api/v1/comments/{id}`: the author erases the comment.
pub async fn erase_comment(config: &Config, id: i64, token: &str) -> Result<(), Failure> {
    request("DELETE", &comment_url(config, id), None, Some(token))
        .await
        .map(|_| ())
}

fn comment_url(config: &Config, id: i64) -> String {
    format!("{}/api/v1/comments/{id}", config.api)
}

/// The URL of the page's live events.
pub fn events_url(config: &Config) -> String {
    format!(
        "{}/api/v1/events?site={}&page={}",
        config.api,
        encode(&config.site),
        encode(&config.page)
    )
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// Sends a request; the parsed body of a 2xx answer (`null` for 204), or the failure the
/// error body names.
async fn request(
    method: &str,
    url: &str,
    body: Option<&dyn ToJs>,
    token: Option<&str>,
) -> Result<JsValue, Failure> {
    let response = send(method, url, body, token)
        .await
        .map_err(|_| Failure::Network)?;
    if response.status() == 204 {
        return Ok(JsValue::NULL);
    }
    let parsed = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    if response.ok() {
        return parsed.ok_or(Failure::Network);
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .and_then(|value| value.parse().ok());
    match parsed.as_ref().and_then(ErrorBody::from_js) {
        Some(ErrorBody { error }) => Err(Failure::Api {
            code: error.code,
            field: error.field,
            retry_after,
        }),
        None => Err(Failure::Network),
    }
}

async fn send(
    method: &str,
    url: &str,
    body: Option<&dyn ToJs>,
    token: Option<&str>,
) -> Result<Response, JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::Omit);
    let headers = Headers::new()?;
    if let Some(token) = token {
        headers.set(parlons_shared::EDIT_TOKEN_HEADER, token)?;
    }
    if let Some(reader) = crate::storage::get("reader") {
        headers.set(parlons_shared::READER_TOKEN_HEADER, &reader)?;
    }
    if let Some(body) = body {
        let text = json::stringify(body).ok_or_else(|| JsValue::from_str("unserializable"))?;
        headers.set("content-type", "application/json")?;
        init.set_body(&JsValue::from_str(&text));
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await?;
    response.dyn_into()
}
