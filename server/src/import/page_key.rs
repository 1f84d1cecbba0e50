//! The page key a thread URL gives: what the widget would send from that page.

use crate::domain::input::parse_page;

/// The page key of a thread URL: its path, and its query without tracking parameters
/// (`utm_*`, `fbclid`...), which the widget leaves out too. A path is taken as it is.
pub fn page_key(url: &str, maps: &[(String, String)]) -> Option<String> {
    let url = url.trim();
    let mapped = maps
        .iter()
        .find_map(|(from, to)| {
            url.strip_prefix(from.as_str())
                .map(|rest| format!("{to}{rest}"))
        })
        .unwrap_or_else(|| url.to_owned());
    let page = if mapped.starts_with('/') {
        mapped
    } else {
        let parsed = url::Url::parse(&mapped).ok()?;
        let kept: Vec<(String, String)> = parsed
            .query_pairs()
            .filter(|(name, _)| !is_tracking(name))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let mut page = parsed.path().to_owned();
        if !kept.is_empty() {
            page.push('?');
            page.push_str(
                &form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(kept)
                    .finish(),
            );
        }
        page
    };
    parse_page(&page).ok()
}

fn is_tracking(parameter: &str) -> bool {
    parameter.starts_with("utm_") || ["fbclid", "gclid", "mc_cid", "mc_eid"].contains(&parameter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_drop_tracking_parameters_and_fragments_and_follow_url_maps() {
        let maps = [(
            "http://old.example".to_owned(),
            "https://example.org".to_owned(),
        )];
        assert_eq!(
            page_key("https://example.org/a?utm_source=x&fbclid=y#c", &[]).as_deref(),
            Some("/a")
        );
        assert_eq!(
            page_key("https://example.org/?p=12&utm_medium=z", &[]).as_deref(),
            Some("/?p=12")
        );
        assert_eq!(
            page_key("http://old.example/b", &maps).as_deref(),
            Some("/b")
        );
        assert_eq!(page_key("/isso/path/", &[]).as_deref(), Some("/isso/path/"));
        assert_eq!(page_key("not a url", &[]), None);
    }
}
