//! The escapes of rendered HTML, rewritten to what the sanitizer parses fastest.

/// The same HTML, in the form the sanitizer's parser reads fastest: each character reference
/// costs it about a microsecond (a named one, a table lookup more), where plain text costs a
/// few nanoseconds a character, so 3,333 `<a>` typed as text took 7 ms. `>` needs no escape
/// in text or in a quoted attribute value (pulldown-cmark quotes every attribute), and `<`,
/// `&` and `"` are written as numeric references. The parsed document is the same, and the
/// sanitizer writes its own escapes on the way out.
pub(super) fn quicker_to_parse(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (written, replaced) = [
            ("&gt;", ">"),
            ("&lt;", "&#60;"),
            ("&amp;", "&#38;"),
            ("&quot;", "&#34;"),
        ]
        .into_iter()
        .find(|(named, _)| rest.starts_with(named))
        .unwrap_or(("&", "&"));
        out.push_str(replaced);
        rest = &rest[written.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::render::POLICY;

    #[test]
    fn greater_than_signs_lose_their_escape_and_the_rest_become_numeric() {
        let rewritten =
            quicker_to_parse(r#"<p>a &gt; b &lt; c &amp; d</p><a href="?x=1&amp;y=&quot;">&</a>"#);

        assert_eq!(
            rewritten,
            r#"<p>a > b &#60; c &#38; d</p><a href="?x=1&#38;y=&#34;">&</a>"#
        );
    }

    #[test]
    fn the_sanitized_output_is_the_same_as_without_the_rewrite() {
        let samples = [
            "a > b < c & d &amp; &copy &#60; `<x>` <b>gras</b>",
            "[l](https://e.org/?a=1&b=\"2\" \"titre & <autre>\")",
            "```\n<script>&lt;</script>\n```",
            "> citation & <http://e.org/?q=a&b>",
        ];
        for markdown in samples {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));

            let direct = POLICY.clean(&html).to_string();
            let rewritten = POLICY.clean(&quicker_to_parse(&html)).to_string();

            assert_eq!(rewritten, direct, "{markdown}");
        }
    }
}
