//! Typed calls to the v1 contract, over the browser's `fetch`. No cookies are sent.

use parlons_shared::{CreatedComment, ErrorBody, ErrorCode, NewComment, Thread};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCredentials, RequestInit, Response};

use crate::Config;

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

/// `GET /api/v1/threads`.
pub async fn fetch_thread(config: &Config, after: Option<&str>) -> Result<Thread, Failure> {
    let mut url = format!(
        "{}/api/v1/threads?site={}&page={}",
        config.api,
        encode(&config.site),
        encode(&config.page)
    );
    if let Some(after) = after {
        url.push_str(&format!("&after={}", encode(after)));
    }
    call("GET", &url, None::<&()>).await
}

/// `POST /api/v1/comments`: the comment is published (201) or pending (202).
pub async fn post_comment(config: &Config, body: &NewComment) -> Result<CreatedComment, Failure> {
    call(
        "POST",
        &format!("{}/api/v1/comments", config.api),
        Some(body),
    )
    .await
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

async fn call<B: Serialize, T: DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&B>,
) -> Result<T, Failure> {
    let response = send(method, url, body)
        .await
        .map_err(|_| Failure::Network)?;
    let text = JsFuture::from(response.text().map_err(|_| Failure::Network)?)
        .await
        .map_err(|_| Failure::Network)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        return serde_json::from_str(&text).map_err(|_| Failure::Network);
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .and_then(|value| value.parse().ok());
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(ErrorBody { error }) => Err(Failure::Api {
            code: error.code,
            field: error.field,
            retry_after,
        }),
        Err(_) => Err(Failure::Network),
    }
}

async fn send<B: Serialize>(
    method: &str,
    url: &str,
    body: Option<&B>,
) -> Result<Response, JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::Omit);
    if let Some(body) = body {
        let json =
            serde_json::to_string(body).map_err(|error| JsValue::from_str(&error.to_string()))?;
        let headers = Headers::new()?;
        headers.set("content-type", "application/json")?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&json));
    }
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await?;
    response.dyn_into()
}
