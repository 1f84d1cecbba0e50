//! Any text, as a reader's Markdown or as imported HTML, comes out with nothing that could
//! load or run (the same rule the unit tests hold every sample to).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parlons_server::domain::render::{live_construct, render, sanitize_html};

fuzz_target!(|text: &str| {
    for html in [
        render(text).into_string(),
        sanitize_html(text).into_string(),
    ] {
        if let Some(problem) = live_construct(&html) {
            panic!("{problem} in {html:?}, from {text:?}");
        }
    }
});
