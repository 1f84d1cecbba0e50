//! `/admin` in the moderator's language: the words come from the widget's own files
//! (`frontend/i18n/<lang>.json`, their `admin` object, which the widget's build leaves out,
//! beside the widget's words such as `delete` or `pinned`), built into the binary. The
//! language is the one the moderator picked (a cookie set by the page's switch), else the
//! first of `Accept-Language` that Parlons speaks, else English. Arabic is right to left.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::LazyLock;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

/// The languages, as `embed.js` offers them to readers.
pub const LANGUAGES: [&str; 12] = [
    "en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "ja", "zh", "ar",
];

/// The cookie that keeps the language a moderator picked.
pub const COOKIE: &str = "parlons_admin_lang";

const FILES: [&str; 12] = [
    include_str!("../../../../../frontend/i18n/en.json"),
    include_str!("../../../../../frontend/i18n/fr.json"),
    include_str!("../../../../../frontend/i18n/de.json"),
    include_str!("../../../../../frontend/i18n/es.json"),
    include_str!("../../../../../frontend/i18n/it.json"),
    include_str!("../../../../../frontend/i18n/pt.json"),
    include_str!("../../../../../frontend/i18n/nl.json"),
    include_str!("../../../../../frontend/i18n/pl.json"),
    include_str!("../../../../../frontend/i18n/ru.json"),
    include_str!("../../../../../frontend/i18n/ja.json"),
    include_str!("../../../../../frontend/i18n/zh.json"),
    include_str!("../../../../../frontend/i18n/ar.json"),
];

/// One language's words.
#[derive(Debug)]
pub struct Words {
    pub lang: &'static str,
    /// `ltr` or `rtl`.
    pub dir: String,
    texts: HashMap<String, String>,
}

static ALL: LazyLock<Vec<Words>> = LazyLock::new(|| {
    LANGUAGES
        .iter()
        .zip(FILES)
        .map(|(lang, file)| Words::read(lang, file))
        .collect()
});

impl Words {
    /// A file's `admin` words over its top-level (widget) words. A file the tests did not
    /// pass leaves its words out, and English stands in for them.
    fn read(lang: &'static str, file: &str) -> Self {
        let json: serde_json::Value = serde_json::from_str(file).unwrap_or_default();
        let strings = |value: &serde_json::Value| -> Vec<(String, String)> {
            value
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(key, text)| Some((key.clone(), text.as_str()?.to_owned())))
                .collect()
        };
        let mut texts: HashMap<String, String> = strings(&json).into_iter().collect();
        texts.extend(strings(&json["admin"]));
        Self {
            lang,
            dir: texts
                .get("dir")
                .cloned()
                .unwrap_or_else(|| "ltr".to_owned()),
            texts,
        }
    }

    pub fn of(lang: &str) -> &'static Self {
        ALL.iter()
            .find(|words| words.lang == lang)
            .unwrap_or_else(|| english())
    }

    /// The text of `key`, in English when this language lacks it, else the key itself.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts
            .get(key)
            .or_else(|| english().texts.get(key))
            .map_or(key, String::as_str)
    }

    /// The text of `key` in this language only (no English stand-in).
    pub fn own(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn f(&self, key: &str, values: &[(&str, &dyn Display)]) -> String {
        values
            .iter()
            .fold(self.t(key).to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), &value.to_string())
            })
    }

    /// Every key of `/admin`'s own words, as English has them.
    #[cfg(test)]
    pub fn admin_keys() -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(FILES[0]).unwrap_or_default();
        json["admin"]
            .as_object()
            .map(|words| words.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The raw `admin` object of a language's file, for the tests.
    #[cfg(test)]
    pub fn file(lang: &str) -> Option<&'static str> {
        LANGUAGES
            .iter()
            .position(|known| *known == lang)
            .map(|index| FILES[index])
    }
}

fn english() -> &'static Words {
    &ALL[0]
}

/// The language of a request: the moderator's pick, else `Accept-Language`, else English.
pub fn chosen(headers: &HeaderMap) -> &'static Words {
    let picked = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, lang)| lang)
        .filter(|lang| LANGUAGES.contains(lang));
    Words::of(picked.unwrap_or_else(|| accepted(headers)))
}

/// The first language of `Accept-Language` (by weight, then order) that Parlons speaks.
fn accepted(headers: &HeaderMap) -> &'static str {
    let header = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let mut ranked: Vec<(f32, usize, &'static str)> = header
        .split(',')
        .take(20)
        .enumerate()
        .filter_map(|(order, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim().to_ascii_lowercase();
            let primary = tag.split('-').next()?;
            let lang = LANGUAGES.iter().find(|lang| **lang == primary)?;
            let weight = parts
                .find_map(|part| part.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (weight > 0.0).then_some((weight, order, *lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map_or("en", |(_, _, lang)| lang)
}

/// The words of the request's language, for a handler.
pub struct Lang(pub &'static Words);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(chosen(&parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(accept: &str) -> &'static str {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, accept.parse().expect("a header"));
        chosen(&headers).lang
    }

    #[test]
    fn accept_language_picks_the_heaviest_language_parlons_speaks() {
        assert_eq!(asked("fr-FR,fr;q=0.9,en;q=0.8"), "fr");
        assert_eq!(asked("sv,ar;q=0.5,en;q=0.4"), "ar");
        assert_eq!(asked("en;q=0.2,de;q=0.9"), "de");
        assert_eq!(asked("fr;q=0,es"), "es");
        assert_eq!(asked("tlh, x-klingon"), "en");
        assert_eq!(asked(""), "en");
    }

    #[test]
    fn a_picked_language_wins_over_the_header() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, "fr".parse().expect("a header"));
        headers.insert(
            header::COOKIE,
            "a=b; parlons_admin_lang=ja".parse().expect("a cookie"),
        );
        assert_eq!(chosen(&headers).lang, "ja");
        headers.insert(
            header::COOKIE,
            "parlons_admin_lang=xx".parse().expect("a cookie"),
        );
        assert_eq!(chosen(&headers).lang, "fr");
    }

    #[test]
    fn every_language_has_every_admin_word_with_the_english_placeholders() {
        let keys = Words::admin_keys();
        assert!(keys.len() > 100, "{}", keys.len());
        let placeholders = |text: &str| -> Vec<String> {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect();
            names.sort();
            names
        };
        for lang in LANGUAGES {
            let file: serde_json::Value =
                serde_json::from_str(Words::file(lang).expect("a file")).expect("JSON");
            let admin = file["admin"].as_object().expect("an admin object");
            let english = Words::of("en");
            for key in &keys {
                let text = admin
                    .get(key)
                    .and_then(|t| t.as_str())
                    .unwrap_or_else(|| panic!("{lang} lacks {key}"));
                assert!(!text.trim().is_empty(), "{lang} {key} is empty");
                assert_eq!(
                    placeholders(text),
                    placeholders(english.t(key)),
                    "{lang} {key}"
                );
            }
            assert_eq!(admin.len(), keys.len(), "{lang} has words English lacks");
        }
        assert_eq!(Words::of("ar").dir, "rtl");
        assert_eq!(Words::of("fr").dir, "ltr");
    }
}
