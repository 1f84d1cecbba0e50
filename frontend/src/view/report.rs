//! A reader reports a comment they did not write: "Report" unfolds (a native `details`, so
//! no state to keep) one button per reason; once the server took the report, the control
//! folds into thanks (when it did not, its summary says why and the reasons stay). A second report of the same reader changes nothing on the server, so it
//! is thanked the same.

use leptos::prelude::*;
use web_sys::Element;

use super::action::Action;
use crate::i18n::Strings;
use crate::state::Ctx;
use crate::{api, dom, i18n, mounted, storage};

/// The control, at the end of a comment's `article`.
pub fn draw(article: &Element, strings: &Strings) {
    let details = dom::child(article, "details", "report");
    dom::text_child(&details, "summary", "", strings.report);
    for (reason, text) in [
        ("spam", strings.report_spam),
        ("abuse", strings.report_abuse),
        ("off_topic", strings.report_off_topic),
        ("other", strings.report_other),
    ] {
        let button = Action::Report.button(&details, "link", text);
        dom::set(&button, "value", reason);
    }
}

/// The reader pressed one of comment `id`'s reasons, `button`.
pub fn send(ctx: Ctx, id: i64, button: &Element) {
    let Some(details) = button.parent_element() else {
        return;
    };
    let reason = dom::value(button);
    let config = ctx.config.get_value();
    mounted::spawn(async move {
        let strings = config.strings;
        // Taken: the control folds into thanks. Not: its summary says why, its reasons stay.
        let message = match api::report(&config, id, &storage::voter(), &reason).await {
            Ok(()) => {
                details.set_text_content(None);
                dom::child(&details, "summary", "reported");
                strings.reported.to_owned()
            }
            Err(failure) => i18n::error_message(strings, &failure),
        };
        if let Some(summary) = details.first_element_child() {
            summary.set_text_content(Some(&message));
        }
        super::announce(&message);
    });
}
