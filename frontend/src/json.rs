//! JSON through the browser's own parser and serializer.
//!
//! `JSON.parse` and `JSON.stringify` are already in every browser; serde-wasm-bindgen moves
//! the values between them and our types, so the wasm carries no JSON parser of its own
//! (serde_json cost about 40 KB of the binary before compression).

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// The value `text` holds, if it is JSON of that shape.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_js(js_sys::JSON::parse(text).ok()?)
}

/// A value the browser already parsed, if it has that shape.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as JSON text; `None` fields are left out.
pub fn stringify<T: Serialize>(value: &T) -> Option<String> {
    let value = serde_wasm_bindgen::to_value(value).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}
