//! Any file given to `parlons import` as a Disqus, WordPress or Parlons export is read or
//! refused with its line, never a panic; whatever is read is planned, parents before
//! replies, and every comment's HTML is inert.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parlons_server::domain::render::live_construct;
use parlons_server::import::{disqus, parlons, plan, wordpress};

fuzz_target!(|text: &str| {
    let sources = [
        disqus::read(text, "fuzz.xml"),
        wordpress::read(text, "fuzz.xml"),
        parlons::read(text, "fuzz.json"),
    ];
    for source in sources.into_iter().flatten() {
        let planned = plan(&source, &[]);
        let mut seen = std::collections::HashSet::new();
        for record in &planned.records {
            if let Some(parent) = &record.parent_key {
                assert!(
                    seen.contains(parent),
                    "{} before its parent {parent}",
                    record.key
                );
            }
            seen.insert(record.key.clone());
            if let Some(problem) = live_construct(&record.html) {
                panic!("{problem} in {:?}", record.html);
            }
        }
    }
});
