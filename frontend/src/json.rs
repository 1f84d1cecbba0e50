//! JSON through the browser's own parser and serializer, read and written field by field.
//!
//! `JSON.parse` and `JSON.stringify` are in every browser, so the wasm carries no JSON parser.
//! The widget reads the contract's few shapes from the parsed values by hand: serde, even
//! through serde-wasm-bindgen, cost a generic deserializer per type, and its error messages
//! pulled in float formatting (about 9 KB of the brotli'd download, measured in the commit
//! that made this change). A value of the wrong shape is `None`, as a serde error was.

use js_sys::{Array, JSON, Object, Reflect};
use parlons_shared::{
    Badge, Comment, CommentStatus, CountEvent, DeleteEvent, EditComment, ErrorBody, ErrorCode,
    ErrorDetail, MoreReplies, NewComment, Tally, Thread, Vote, Votes,
};
use wasm_bindgen::JsValue;

/// A contract shape read from a value the browser parsed.
pub trait FromJs: Sized {
    fn from_js(value: &JsValue) -> Option<Self>;
}

/// A contract shape as a value the browser can serialize.
pub trait ToJs {
    fn to_js(&self) -> JsValue;
}

/// The value `text` holds, if it is JSON of that shape.
pub fn parse<T: FromJs>(text: &str) -> Option<T> {
    T::from_js(&JSON::parse(text).ok()?)
}

/// `value` as JSON text; `None` fields are left out.
pub fn stringify<T: ToJs + ?Sized>(value: &T) -> Option<String> {
    JSON::stringify(&value.to_js()).ok()?.as_string()
}

/// `object[key]`, or `undefined` when `object` is not an object.
fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `object[key]` if it is a string.
pub fn string(object: &JsValue, key: &str) -> Option<String> {
    field(object, key).as_string()
}

/// JSON numbers are doubles: integers are exact up to 2^53.
fn integer(value: &JsValue) -> Option<i64> {
    const MAX_EXACT: f64 = 9_007_199_254_740_992.0;
    let number = value.as_f64()?;
    (number.fract() == 0.0 && number.abs() <= MAX_EXACT).then_some(number as i64)
}

/// A vote count; 0 when missing (an older server).
fn tally(object: &JsValue, key: &str) -> u32 {
    count(object, key).map_or(0, |n| n.min(u64::from(u32::MAX)) as u32)
}

fn count(object: &JsValue, key: &str) -> Option<u64> {
    u64::try_from(integer(&field(object, key))?).ok()
}

/// `Some(None)` for `null` or a missing field, `None` for a value of the wrong type.
fn optional<T>(value: JsValue, read: impl FnOnce(&JsValue) -> Option<T>) -> Option<Option<T>> {
    if value.is_null() || value.is_undefined() {
        Some(None)
    } else {
        read(&value).map(Some)
    }
}

fn optional_string(object: &JsValue, key: &str) -> Option<Option<String>> {
    optional(field(object, key), JsValue::as_string)
}

/// An object of `fields`, leaving out the `undefined` ones.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        if !value.is_undefined() {
            let _ = Reflect::set(&object, &JsValue::from_str(key), value);
        }
    }
    object.into()
}

fn text_or_undefined(text: Option<&str>) -> JsValue {
    text.map_or(JsValue::UNDEFINED, JsValue::from_str)
}

impl FromJs for Comment {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(Comment {
            id: integer(&field(value, "id"))?,
            parent: optional(field(value, "parent"), integer)?,
            author: optional_string(value, "author")?,
            website: optional_string(value, "website")?,
            html: string(value, "html")?,
            created_at: string(value, "created_at")?,
            edited_at: optional_string(value, "edited_at")?,
            status: CommentStatus::parse(&string(value, "status")?)?,
            upvotes: tally(value, "upvotes"),
            downvotes: tally(value, "downvotes"),
            avatar: optional_string(value, "avatar")?,
            picture: optional_string(value, "picture")?,
            pinned: field(value, "pinned").is_truthy(),
            confirmed: field(value, "confirmed").is_truthy(),
            badge: string(value, "badge").and_then(|badge| Badge::parse(&badge)),
        })
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(value: &JsValue) -> Option<Self> {
        if !Array::is_array(value) {
            return None;
        }
        Array::from(value)
            .iter()
            .map(|item| T::from_js(&item))
            .collect()
    }
}

impl FromJs for i64 {
    fn from_js(value: &JsValue) -> Option<Self> {
        integer(value)
    }
}

impl FromJs for Thread {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(Thread {
            site: string(value, "site")?,
            page: string(value, "page")?,
            count: count(value, "count")?,
            comments: Vec::from_js(&field(value, "comments"))?,
            next: optional_string(value, "next")?,
            votes: string(value, "votes")
                .and_then(|votes| Votes::parse(&votes))
                .unwrap_or_default(),
            // Absent when no conversation was cut (and from an older server).
            more_replies: Vec::from_js(&field(value, "more_replies")).unwrap_or_default(),
            closed: field(value, "closed").is_truthy(),
        })
    }
}

impl FromJs for MoreReplies {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(MoreReplies {
            conversation: integer(&field(value, "conversation"))?,
            after: string(value, "after")?,
        })
    }
}

impl FromJs for ErrorBody {
    fn from_js(value: &JsValue) -> Option<Self> {
        let error = field(value, "error");
        Some(ErrorBody {
            error: ErrorDetail {
                code: ErrorCode::parse(&string(&error, "code")?)?,
                message: string(&error, "message")?,
                field: optional_string(&error, "field")?,
            },
        })
    }
}

impl FromJs for CountEvent {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(CountEvent {
            count: count(value, "count")?,
        })
    }
}

impl FromJs for Tally {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(Tally {
            id: integer(&field(value, "id"))?,
            upvotes: tally(value, "upvotes"),
            downvotes: tally(value, "downvotes"),
        })
    }
}

impl ToJs for Vote {
    fn to_js(&self) -> JsValue {
        object(&[
            ("voter", JsValue::from_str(&self.voter)),
            ("value", JsValue::from_f64(f64::from(self.value))),
        ])
    }
}

impl FromJs for DeleteEvent {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(DeleteEvent {
            id: integer(&field(value, "id"))?,
        })
    }
}

impl ToJs for NewComment {
    fn to_js(&self) -> JsValue {
        object(&[
            ("site", JsValue::from_str(&self.site)),
            ("page", JsValue::from_str(&self.page)),
            ("parent", self.parent.map_or(JsValue::UNDEFINED, i64_to_js)),
            ("author", text_or_undefined(self.author.as_deref())),
            ("email", text_or_undefined(self.email.as_deref())),
            ("website", text_or_undefined(self.website.as_deref())),
            ("text", JsValue::from_str(&self.text)),
            ("challenge", text_or_undefined(self.challenge.as_deref())),
            ("solution", text_or_undefined(self.solution.as_deref())),
            ("trap", text_or_undefined(self.trap.as_deref())),
            (
                "notify",
                if self.notify {
                    JsValue::TRUE
                } else {
                    JsValue::UNDEFINED
                },
            ),
        ])
    }
}

/// A reader's report as the widget sends it: the reason as its button names it (the
/// contract's `Report` would parse it into an enum only to write it back out).
pub struct Report<'a> {
    pub voter: &'a str,
    pub reason: &'a str,
}

impl ToJs for Report<'_> {
    fn to_js(&self) -> JsValue {
        object(&[
            ("voter", JsValue::from_str(self.voter)),
            ("reason", JsValue::from_str(self.reason)),
        ])
    }
}

impl ToJs for EditComment {
    fn to_js(&self) -> JsValue {
        object(&[("text", JsValue::from_str(&self.text))])
    }
}

impl ToJs for [i64] {
    fn to_js(&self) -> JsValue {
        self.iter()
            .map(|&number| i64_to_js(number))
            .collect::<Array>()
            .into()
    }
}

fn i64_to_js(number: i64) -> JsValue {
    JsValue::from_f64(number as f64)
}

/// Builds an object of text fields (for the widget's own stored shapes).
pub fn text_object(fields: &[(&str, &str)]) -> JsValue {
    let values: Vec<(&str, JsValue)> = fields
        .iter()
        .map(|(key, text)| (*key, JsValue::from_str(text)))
        .collect();
    object(&values)
}
