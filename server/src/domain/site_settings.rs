//! A site's settings by name, as text: what `parlons site update --<name> <value>` and the
//! owner's form in `/admin` change, parsed once for both. A number setting takes `default`
//! for the server's own value.

use super::InvalidField;
use super::reader::Readers;
use super::site::{Language, Moderation, Site, Votes, parse_origin};

/// Every setting by name, in the order forms show them.
pub const NAMES: [&str; 15] = [
    "origins",
    "moderation",
    "edit_window",
    "min_post_seconds",
    "pow_bits",
    "max_links",
    "posts_per_minute",
    "duplicate_window",
    "crawlable",
    "lang",
    "votes",
    "gravatar",
    "close_after_days",
    "report_threshold",
    "readers",
];

/// Sets `name` to `value` on `site`; the site is unchanged when the value is refused.
pub fn set(site: &mut Site, name: &str, value: &str) -> Result<(), InvalidField> {
    let value = value.trim();
    let unknown = || InvalidField::new("setting", format!("There is no site setting `{name}`."));
    let name = NAMES
        .into_iter()
        .find(|known| *known == name)
        .ok_or_else(unknown)?;
    match name {
        "origins" => site.origins = parse_origins(value.split_whitespace())?,
        "moderation" => site.moderation = Moderation::parse(value)?,
        "edit_window" => site.edit_window_minutes = number(name, value, u32::MAX)?,
        "min_post_seconds" => site.spam.min_post_seconds = number(name, value, u32::MAX)?,
        "pow_bits" => site.spam.pow_bits = number(name, value, 32)?,
        "max_links" => site.spam.max_links = number(name, value, u32::MAX)?,
        "posts_per_minute" => site.spam.posts_per_minute = number(name, value, u32::MAX)?,
        "duplicate_window" => {
            site.spam.duplicate_window_minutes = number(name, value, u32::MAX)?;
        }
        "crawlable" => site.crawlable = flag(name, value)?,
        "lang" => site.lang = Language::parse(value)?,
        "votes" => {
            site.votes = Votes::parse(value).ok_or_else(|| {
                InvalidField::new(
                    "votes",
                    format!("Votes must be `off`, `up` or `up_down`, not `{value}`."),
                )
            })?;
        }
        "gravatar" => site.gravatar = flag(name, value)?,
        "close_after_days" => site.close_after_days = days(value)?,
        "report_threshold" => site.report_threshold = number(name, value, 1000)?,
        "readers" => site.readers = Readers::parse(value)?,
        _ => return Err(unknown()),
    }
    Ok(())
}

/// The setting's value as [`set`] takes it back.
pub fn get(site: &Site, name: &str) -> String {
    let shown = |value: Option<u32>| value.map_or("default".to_owned(), |n| n.to_string());
    match name {
        "origins" => site.origins.join("\n"),
        "moderation" => site.moderation.as_str().to_owned(),
        "edit_window" => shown(site.edit_window_minutes),
        "min_post_seconds" => shown(site.spam.min_post_seconds),
        "pow_bits" => shown(site.spam.pow_bits),
        "max_links" => shown(site.spam.max_links),
        "posts_per_minute" => shown(site.spam.posts_per_minute),
        "duplicate_window" => shown(site.spam.duplicate_window_minutes),
        "crawlable" => site.crawlable.to_string(),
        "lang" => site.lang.as_str().to_owned(),
        "votes" => site.votes.as_str().to_owned(),
        "gravatar" => site.gravatar.to_string(),
        "close_after_days" => site
            .close_after_days
            .map_or("never".to_owned(), |days| days.to_string()),
        "report_threshold" => shown(site.report_threshold),
        "readers" => site.readers.as_str().to_owned(),
        _ => String::new(),
    }
}

/// Origins, normalized, each once, at least one.
pub fn parse_origins<'a>(
    origins: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, InvalidField> {
    let mut parsed: Vec<String> = Vec::new();
    for origin in origins {
        let origin = parse_origin(origin.trim())?;
        if !parsed.contains(&origin) {
            parsed.push(origin);
        }
    }
    if parsed.is_empty() {
        return Err(InvalidField::new(
            "origins",
            "A site needs at least one origin.",
        ));
    }
    Ok(parsed)
}

/// A number up to `max`, or `default` (`None`).
fn number(name: &'static str, value: &str, max: u32) -> Result<Option<u32>, InvalidField> {
    match value {
        "default" => Ok(None),
        text => match text.parse::<u32>() {
            Ok(number) if number <= max => Ok(Some(number)),
            _ => Err(InvalidField::new(
                name,
                format!("`{name}` takes a number from 0 to {max}, or `default`."),
            )),
        },
    }
}

fn flag(name: &'static str, value: &str) -> Result<bool, InvalidField> {
    match value {
        "true" | "on" => Ok(true),
        "false" | "off" => Ok(false),
        _ => Err(InvalidField::new(
            name,
            format!("`{name}` is `true` or `false`."),
        )),
    }
}

/// A number of days from 1 to 36,500, or `never`.
fn days(value: &str) -> Result<Option<u32>, InvalidField> {
    match value {
        "never" => Ok(None),
        text => match text.parse::<u32>() {
            Ok(days @ 1..=36_500) => Ok(Some(days)),
            _ => Err(InvalidField::new(
                "close_after_days",
                "`close_after_days` takes a number from 1 to 36500, or `never`.",
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_reads_back_as_it_was_set() {
        let mut site = Site::default();
        let values = [
            ("origins", "https://a.example\nhttps://b.example"),
            ("moderation", "pre"),
            ("edit_window", "30"),
            ("min_post_seconds", "default"),
            ("pow_bits", "12"),
            ("max_links", "2"),
            ("posts_per_minute", "5"),
            ("duplicate_window", "10"),
            ("crawlable", "true"),
            ("lang", "fr"),
            ("votes", "up_down"),
            ("gravatar", "false"),
            ("close_after_days", "never"),
            ("report_threshold", "4"),
            ("readers", "signed_in"),
        ];
        for (name, value) in values {
            set(&mut site, name, value).expect(name);
            assert_eq!(get(&site, name), value, "{name}");
        }
        assert_eq!(values.map(|(name, _)| name), NAMES);
    }

    #[test]
    fn a_refused_value_names_its_setting_and_changes_nothing() {
        let mut site = Site::default();
        for (name, value) in [
            ("pow_bits", "33"),
            ("moderation", "sometimes"),
            ("origins", ""),
            ("origins", "ftp://a.example"),
            ("close_after_days", "0"),
            ("crawlable", "maybe"),
            ("colour", "blue"),
        ] {
            let before = site.clone();
            assert!(set(&mut site, name, value).is_err(), "{name}={value}");
            assert_eq!(site, before);
        }
    }
}
