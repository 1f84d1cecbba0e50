//! One comment: who wrote it and when, its votes, its text, the author's own controls and
//! the reply button.

use leptos::prelude::*;
use parlons_shared::{Badge, Comment, CommentStatus};
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::action::Action;
use super::{form, own, report, votes};
use crate::dom;
use crate::state::Ctx;
use crate::storage::Own;

/// The comment's `article`; `own` when this browser wrote it.
pub fn article(ctx: Ctx, comment: &Comment, own: Option<Own>) -> Element {
    let (strings, locale) = ctx
        .config
        .with_value(|config| (config.strings, config.locale.clone()));
    let id = comment.id;
    let pending = comment.status == CommentStatus::Pending;
    let article = dom::element(
        "article",
        if pending {
            "comment pending"
        } else {
            "comment"
        },
    );
    dom::set(&article, "tabindex", "-1");
    if comment.status == CommentStatus::Deleted {
        dom::text_child(&article, "p", "deleted", strings.deleted);
        form::reattach(id, &article);
        return article;
    }
    let header = dom::child(&article, "header", "");
    face(&header, comment);
    let author = comment.author.as_deref().unwrap_or(strings.anonymous);
    match &comment.website {
        Some(url) => {
            let link = dom::text_child(&header, "a", "author", author);
            dom::set(&link, "href", url);
            dom::set(&link, "rel", "nofollow ugc noopener");
            dom::set(&link, "target", "_blank");
        }
        None => {
            dom::text_child(&header, "span", "author", author);
        }
    }
    dom::text(&header, " ");
    let permalink = dom::child(&header, "a", "permalink");
    dom::set(&permalink, "href", &format!("#parlons-{id}"));
    let (when, date) = format_date(&comment.created_at, &locale);
    let time = dom::text_child(&permalink, "time", "", &when);
    dom::set(&time, "datetime", &comment.created_at);
    dom::set(&time, "title", &date);
    if comment.edited_at.is_some() {
        dom::text_child(&header, "span", "edited", &format!(" · {}", strings.edited));
    }
    if comment.pinned {
        dom::text_child(&header, "span", "pinned", strings.pinned);
    }
    let mark = match comment.badge {
        Some(Badge::Moderator) => Some(strings.badge_moderator),
        Some(Badge::Author) => Some(strings.badge_author),
        None => comment.confirmed.then_some(strings.badge_confirmed),
    };
    if let Some(mark) = mark {
        dom::text_child(&header, "span", "badge", mark);
    }
    if pending {
        dom::text_child(&article, "p", "pending-note", strings.pending);
    } else {
        votes::draw(ctx, &header, comment);
    }
    dom::child(&article, "div", "body").set_inner_html(&comment.html);
    let others = own.is_none();
    if let Some(own) = own {
        own::draw(ctx, &article, &own);
    }
    if !pending {
        let reply = Action::Reply.button(&article, "link reply", strings.reply);
        let open = ctx.replying.get_untracked() == Some(id);
        dom::set(&reply, "aria-expanded", if open { "true" } else { "false" });
        if others {
            report::draw(&article, strings);
        }
    }
    form::reattach(id, &article);
    article
}

/// The author's face: the identicon the server drew (inline: it asks nothing of anyone), and
/// over it their Gravatar where the site shows it. Anonymous comments get a plain disc.
fn face(header: &Element, comment: &Comment) {
    let face = dom::child(header, "img", "face");
    dom::set(&face, "alt", "");
    let avatar = comment.avatar.as_deref().unwrap_or_default();
    match &comment.picture {
        Some(picture) => {
            dom::set(&face, "src", picture);
            dom::set(&face, "referrerpolicy", "no-referrer");
            dom::set(&face, "loading", "lazy");
            dom::set(
                &face,
                "style",
                &format!("background-image:url(\"{avatar}\")"),
            );
        }
        None if !avatar.is_empty() => dom::set(&face, "src", avatar),
        None => {}
    }
}

/// When a comment was written, in the reader's language (`Intl`): relative within a week
/// ("il y a 5 minutes", "hier"), else the date; and the full date in their time zone
/// ("29 nov. 2026, 09:14"), which the element's `title` shows.
fn format_date(iso: &str, locale: &str) -> (String, String) {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return (iso.to_owned(), iso.to_owned());
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let full: String = date.to_locale_string(locale, &options).into();
    // Seconds from now, negative in the past; a clock a little ahead shows "now".
    let seconds = ((date.get_time() - js_sys::Date::now()) / 1000.0).min(0.0);
    let (value, unit) = match -seconds {
        s if s < 60.0 => (seconds, "second"),
        s if s < 3600.0 => (seconds / 60.0, "minute"),
        s if s < 86_400.0 => (seconds / 3600.0, "hour"),
        s if s < 7.0 * 86_400.0 => (seconds / 86_400.0, "day"),
        _ => return (full.clone(), full),
    };
    let relative_options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&relative_options, &"numeric".into(), &"auto".into());
    let locales = js_sys::Array::of1(&JsValue::from_str(locale));
    let relative = js_sys::Intl::RelativeTimeFormat::new(&locales, &relative_options)
        .format(value.trunc(), unit);
    (relative.into(), full)
}
