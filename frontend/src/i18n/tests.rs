//! The language files are complete, and plurals and errors read right.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::*;

/// The languages `embed.js` offers; each has `frontend/i18n/<lang>.json`.
const LANGUAGES: [&str; 12] = [
    "en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "ja", "zh", "ar",
];

/// A language file as written.
fn source(lang: &str) -> String {
    let path = format!("{}/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn file(lang: &str) -> Map<String, Value> {
    serde_json::from_str(&source(lang)).unwrap_or_else(|e| panic!("{lang}.json: {e}"))
}

/// Every key a language file has, in the order the widget reads them (`admin`, /admin's
/// words, which the server reads and the widget's build leaves out, last).
fn keys() -> impl Iterator<Item = &'static str> {
    TEXTS.iter().chain(PLURALS).chain(&["admin"]).copied()
}

/// The `{name}` placeholders in `text`.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// A language's strings with English-like plural rules (the browser's rules are checked
/// by tests/browser/languages.test.mjs).
fn strings(lang: &str) -> Strings {
    let file = file(lang);
    let forms = file.clone();
    // As the build writes the file: the values alone, in the order of the keys.
    let key = |at: usize| {
        TEXTS
            .iter()
            .chain(PLURALS)
            .nth(at)
            .copied()
            .unwrap_or_default()
    };
    Strings::read(
        &|at| file.get(key(at))?.as_str().map(str::to_owned),
        &|at| {
            forms[key(at)]
                .as_object()
                .map(|forms| {
                    forms
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect()
                })
                .unwrap_or_default()
        },
        lang.to_owned(),
        |_, n| if n == 1 { "one" } else { "other" }.to_owned(),
        |_, n| n.to_string(),
    )
}

#[test]
fn every_language_file_keeps_the_strings_in_the_widgets_order() {
    // scripts/build-widget writes the values alone, in this order, which the widget reads.
    let expected: Vec<&str> = keys().collect();
    for lang in LANGUAGES {
        let order: Vec<String> = source(lang)
            .lines()
            .filter_map(|line| {
                line.strip_prefix("  \"")?
                    .split_once('"')
                    .map(|(key, _)| key.to_owned())
            })
            .collect();
        assert_eq!(
            order, expected,
            "{lang}.json: its keys, in the order of i18n/mod.rs"
        );
    }
}

#[test]
fn every_language_has_every_string_and_no_other() {
    let expected: BTreeSet<&str> = keys().collect();
    for lang in LANGUAGES {
        let file = file(lang);
        let keys: BTreeSet<&str> = file.keys().map(String::as_str).collect();
        let missing: Vec<_> = expected.difference(&keys).collect();
        let unknown: Vec<_> = keys.difference(&expected).collect();
        assert!(missing.is_empty(), "{lang}.json lacks {missing:?}");
        assert!(unknown.is_empty(), "{lang}.json has unknown {unknown:?}");
    }
}

#[test]
fn every_string_is_written_and_keeps_the_english_placeholders() {
    let english = file("en");
    for lang in LANGUAGES {
        let file = file(lang);
        for key in TEXTS {
            let text = file[*key].as_str().unwrap_or_default();
            assert!(!text.trim().is_empty(), "{lang}.json: {key} is empty");
            let wanted = placeholders(english[*key].as_str().unwrap_or_default());
            assert_eq!(placeholders(text), wanted, "{lang}.json: {key}");
        }
        for key in PLURALS {
            let forms = file[*key].as_object();
            let other = forms.and_then(|forms| forms.get("other")?.as_str());
            let other = other.unwrap_or_else(|| panic!("{lang}.json: {key} has no other"));
            assert!(
                other.contains("{n}"),
                "{lang}.json: {key}.other lacks {{n}}"
            );
        }
    }
}

#[test]
fn a_plural_picks_its_category_and_a_sentence_of_its_own_for_none() {
    let french = strings("fr");
    assert_eq!(french.count(0), "Aucun commentaire pour l’instant");
    assert_eq!(french.count(1), "1 commentaire");
    assert_eq!(french.count(2), "2 commentaires");
    assert_eq!(strings("en").new_comments(1), "Show 1 new comment");
    assert_eq!(french.announce_new("Ada"), "Nouveau commentaire de Ada.");
}

#[test]
fn a_429_tells_when_to_retry_in_the_readers_language() {
    let failure = Failure::Api {
        code: ErrorCode::RateLimited,
        field: None,
        retry_after: Some(12),
    };
    assert_eq!(
        error_message(&strings("fr"), &failure),
        "Vous publiez trop vite. Réessayez dans 12 secondes."
    );
    assert_eq!(
        error_message(&strings("en"), &failure),
        "You are posting too fast. Please try again in 12 seconds."
    );
}

#[test]
fn a_refused_field_is_explained_and_a_network_failure_keeps_the_text() {
    let website = Failure::Api {
        code: ErrorCode::InvalidField,
        field: Some("website".into()),
        retry_after: None,
    };
    let french = strings("fr");
    assert!(error_message(&french, &website).contains("http://"));
    assert!(error_message(&french, &Failure::Network).contains("conservé"));
}
