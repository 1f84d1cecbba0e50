//! Markdown to safe HTML: pulldown-cmark renders, then one ammonia policy keeps only an
//! allowlist. Raw HTML typed by a reader becomes text; images become their alt text (no
//! request ever leaves for a third party); bare web addresses become links (`autolink.rs`);
//! links get `rel="nofollow ugc noopener"`.
//! Containers nested too deep, or too many, are flattened first (`flatten.rs`), which bounds
//! what any text costs.

mod autolink;
mod escapes;
mod flatten;

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use self::autolink::Autolinks;
use self::flatten::Flatten;
pub use self::flatten::{MAX_ELEMENTS, MAX_NESTING};

/// HTML that went through [`render`]. The only constructor sanitizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// No HTML at all: what a hidden or erased comment keeps.
    pub fn empty() -> Self {
        Self(String::new())
    }

    /// Whether nothing but white space is left.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// Links left after sanitizing (the trusted mode holds link-heavy comments).
    pub fn link_count(&self) -> usize {
        self.0.matches("<a ").count()
    }
}

/// The only tags a rendered comment may contain.
pub const ALLOWED_TAGS: [&str; 13] = [
    "p",
    "br",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
];

static POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut policy = ammonia::Builder::empty();
    policy
        .add_tags(ALLOWED_TAGS)
        // ammonia keeps `lang` and `title` on every tag unless told otherwise: none here.
        .generic_attributes(HashSet::new())
        // Markdown's `[text](url "title")`: a tooltip, text only.
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("nofollow ugc noopener"))
        // Browsers drop control characters and spaces around a URL, so the text of a link
        // must be what it does: a link with control characters loses its target, and spaces
        // around it go (found by the `imports` fuzz target: "\x0f...https://...").
        .attribute_filter(|_, attribute, value| match attribute {
            "href" if value.chars().any(char::is_control) => None,
            "href" => Some(value.trim().to_owned().into()),
            _ => Some(value.into()),
        })
        .strip_comments(true);
    policy
});

/// Renders a reader's Markdown to HTML that is safe to insert into any page. Containers
/// nested deeper than [`MAX_NESTING`], or past the first [`MAX_ELEMENTS`], are flattened,
/// which bounds the cost of any text.
pub fn render(markdown: &str) -> SafeHtml {
    let markdown = escapes::without_stand_ins(markdown);
    let events = Flatten::new(Autolinks::new(
        Parser::new_ext(&markdown, Options::ENABLE_STRIKETHROUGH).filter_map(neutralize),
    ))
    .map(escapes::hide);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    let clean = POLICY.clean(&escapes::quicker_to_parse(&html)).to_string();
    SafeHtml(escapes::restore(clean))
}

/// HTML from another comment system (imports): the same allowlist as [`render`]'s output,
/// so an imported comment can hold nothing a comment written here could not.
pub fn sanitize_html(html: &str) -> SafeHtml {
    SafeHtml(POLICY.clean(html).to_string())
}

/// Raw HTML becomes text, HTML blocks become paragraphs, images become their alt text.
fn neutralize(event: Event<'_>) -> Option<Event<'_>> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    }
}

/// The first thing in `html` that could load or run something, if any: a tag off the
/// allowlist, an attribute other than `href`, `rel`, `start` and `title`, or a link whose scheme is
/// not `http`, `https` or `mailto`. Every literal `<` in sanitized output opens a tag (text has
/// `&lt;`), so scanning the tags finds every live construct. The tests and the fuzz targets
/// (`fuzz/`) hold every output of [`render`] and [`sanitize_html`] to it.
pub fn live_construct(html: &str) -> Option<String> {
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or_default();
        if !ALLOWED_TAGS.contains(&name) {
            return Some(format!("tag <{tag}>"));
        }
        // ammonia writes every attribute as key="value".
        let mut rest = tag[tag.find(' ').unwrap_or(tag.len())..].trim();
        while let Some((key, after)) = rest.split_once("=\"") {
            let (value, tail) = after.split_once('"').unwrap_or((after, ""));
            let (key, value) = (key.trim(), value.to_lowercase());
            if !["href", "rel", "start", "title"].contains(&key) {
                return Some(format!("attribute {key}"));
            }
            // Relative links are removed, so a link has a scheme: what precedes its first
            // `:` (ammonia writes `https:host/path` as it came; browsers read it as https).
            let scheme = value.split_once(':').map(|(scheme, _)| scheme);
            let safe_link = matches!(scheme, Some("http" | "https" | "mailto"));
            if key == "href" && !safe_link {
                return Some(format!("a link to {value}"));
            }
            rest = tail.trim();
        }
        if !(rest.is_empty() || rest == "/") {
            return Some(format!("{rest} in <{tag}>"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_nested_deeper_than_the_limit_keep_their_text_and_lose_their_tags() {
        let deep = format!("{} au fond", ">".repeat(10_000));

        let rendered = render(&deep).into_string();

        assert_eq!(rendered.matches("<blockquote>").count(), MAX_NESTING);
        assert_eq!(rendered.matches("</blockquote>").count(), MAX_NESTING);
        assert!(rendered.contains("au fond"), "{rendered}");
    }

    #[test]
    fn elements_past_the_budget_keep_their_text_and_lose_their_tags() {
        let many = "*a* `b` ".repeat(MAX_ELEMENTS);

        let rendered = render(&many).into_string();

        let elements = rendered.matches("<em>").count() + rendered.matches("<code>").count();
        assert_eq!(elements, MAX_ELEMENTS);
        assert_eq!(
            rendered.matches('a').count(),
            MAX_ELEMENTS,
            "every text is kept"
        );
        assert_eq!(rendered.matches('b').count(), MAX_ELEMENTS);
    }

    #[test]
    fn nesting_within_the_limit_is_rendered_as_written() {
        let rendered = render("> - *une **liste** citée*").into_string();

        assert_eq!(
            rendered,
            "<blockquote>\n<ul>\n<li><em>une <strong>liste</strong> citée</em></li>\n</ul>\n</blockquote>\n"
        );
    }

    fn html(markdown: &str) -> String {
        render(markdown).into_string()
    }

    /// Every literal `<` in the output opens a tag (text has `&lt;`), so scanning the tags
    /// finds every live construct: each must be on the allowlist, with allowed attributes,
    /// and each link must point to http(s) or mailto.
    fn assert_inert(output: &str) {
        if let Some(problem) = live_construct(output) {
            panic!("{problem} in {output}");
        }
    }

    #[test]
    fn a_link_written_https_colon_without_slashes_stays_an_https_link() {
        // Found by the `render` fuzz target (fuzz/regressions/render/https-without-slashes):
        // the rule wanted `https://`; browsers read `https:host` as https too.
        let output = html("[x](https:t/p.gif)");
        assert_inert(&output);
        assert!(output.contains(r#"href="https:t/p.gif""#), "{output}");
    }

    #[test]
    fn a_link_with_control_characters_loses_its_target_and_spaces_around_one_go() {
        // Found by the `imports` fuzz target (fuzz/regressions/imports/control-characters-in-href):
        // an imported href of "\x0f...https://..." kept its control characters.
        for input in [
            "<a href=\"\u{f}\u{f}https://example.org/\">x</a>",
            "<a href=\"\u{f}javascript:alert(1)\">x</a>",
            "<a href=\"java\u{9}script:alert(1)\">x</a>",
        ] {
            let output = sanitize_html(input).into_string();
            assert_inert(&output);
            assert!(!output.contains("href"), "{input:?} gave {output}");
        }
        let spaced = sanitize_html("<a href=\"  https://example.org/ \">x</a>").into_string();
        assert!(
            spaced.contains(r#"href="https://example.org/""#),
            "{spaced}"
        );
    }

    #[test]
    fn only_links_keep_a_title_and_no_tag_keeps_lang() {
        // Found by the `render` fuzz target (fuzz/regressions/render/title-without-link).
        assert_eq!(
            html("[x](https://e.example \"t\")"),
            "<p><a href=\"https://e.example\" title=\"t\" rel=\"nofollow ugc noopener\">x</a></p>\n"
        );
        assert_eq!(
            sanitize_html("<p title=\"u\" lang=\"fr\">y</p>").into_string(),
            "<p>y</p>"
        );
    }

    #[test]
    fn the_inertness_rule_itself_catches_scripts_handlers_and_other_schemes() {
        for live in [
            r#"<script>alert(1)</script>"#,
            r#"<a href="JavaScript:alert(1)">x</a>"#,
            r#"<a href="data:text/html,x">x</a>"#,
            r#"<p onclick="x()">x</p>"#,
            r#"<img src="https://t.example/p.gif">"#,
        ] {
            assert!(live_construct(live).is_some(), "{live} passed");
        }
        assert_eq!(
            live_construct(r#"<p><a href="mailto:a@b.example">a</a></p>"#),
            None
        );
    }

    #[test]
    fn the_allowlist_has_no_tag_that_loads_or_runs_anything() {
        for live in [
            "script", "img", "iframe", "svg", "math", "style", "object", "embed", "form", "input",
            "link", "meta", "video", "audio", "source", "base",
        ] {
            assert!(
                !ALLOWED_TAGS.contains(&live),
                "{live} must never be allowed"
            );
        }
    }

    #[test]
    fn markdown_becomes_paragraphs_emphasis_code_quotes_and_lists() {
        assert_eq!(
            html("*Bonjour* **à tous**"),
            "<p><em>Bonjour</em> <strong>à tous</strong></p>\n"
        );
        assert_eq!(html("`x < y`"), "<p><code>x &lt; y</code></p>\n");
        assert_eq!(html("> cité"), "<blockquote>\n<p>cité</p>\n</blockquote>\n");
        assert_eq!(
            html("- un\n- deux"),
            "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n"
        );
        assert_eq!(html("~~faux~~"), "<p><del>faux</del></p>\n");
    }

    #[test]
    fn links_are_kept_with_nofollow_ugc_noopener() {
        assert_eq!(
            html("[Le Monde](https://lemonde.fr)"),
            "<p><a href=\"https://lemonde.fr\" rel=\"nofollow ugc noopener\">Le Monde</a></p>\n"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text_never_as_markup() {
        let output = html("<b>gras</b> et <script>alert(1)</script>");
        assert!(output.contains("&lt;b&gt;gras&lt;/b&gt;"), "{output}");
        assert!(
            output.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{output}"
        );
        assert_inert(&output);
    }

    #[test]
    fn an_html_block_is_shown_as_a_paragraph_of_text() {
        let output = html("<div onclick=\"steal()\">\nhello\n</div>");
        assert!(output.starts_with("<p>&lt;div"), "{output}");
        assert_inert(&output);
    }

    #[test]
    fn images_become_their_alt_text_and_load_nothing() {
        assert_eq!(
            html("![un chat](https://tracker.example/cat.png)"),
            "<p>un chat</p>\n"
        );
    }

    #[test]
    fn known_xss_vectors_come_out_inert() {
        let vectors = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)><circle/></svg>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "[clic](javascript:alert(1))",
            "[clic](JaVaScRiPt:alert(1))",
            "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[clic](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
            "[clic](&#x6A;avascript&#x3A;alert(1))",
            "[clic](java\tscript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<<script>script>alert(1)<</script>/script>",
            "<img src=\"x\" onerror=\"alert(1)\"",
            "<style>body{background:url(https://evil)}</style>",
            "[x](vbscript:msgbox(1))",
            "<form action=https://evil><input name=p></form>",
            "![x](javascript:alert(1))",
            "<!-- <script>alert(1)</script> -->",
            "`<script>` <scr<script>ipt>alert(1)</script>",
        ];
        for vector in vectors {
            assert_inert(&html(vector));
        }
    }

    #[test]
    fn a_dangerous_link_keeps_its_text_but_loses_its_target() {
        let output = html("[clic](javascript:alert(1))");
        assert!(output.contains("clic"), "{output}");
        assert!(!output.contains("javascript"), "{output}");
    }
}
