//! Sites: who may embed the widget, and how their comments are moderated.

use super::InvalidField;
use super::reader::Readers;
pub use parlons_shared::Votes;
use parlons_shared::limits::MAX_SITE_CHARS;

/// A thread: (site, page).
pub type PageKey = (String, String);

/// When a new comment becomes public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Moderation {
    /// Published at once; moderators delete afterwards.
    #[default]
    Post,
    /// Every comment waits for a moderator.
    Pre,
    /// A comment waits unless its author's email had a comment approved on the site before.
    Trusted,
}

impl Moderation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Pre => "pre",
            Self::Trusted => "trusted",
        }
    }

    pub fn parse(text: &str) -> Result<Self, InvalidField> {
        match text {
            "post" => Ok(Self::Post),
            "pre" => Ok(Self::Pre),
            "trusted" => Ok(Self::Trusted),
            other => Err(InvalidField::new(
                "moderation",
                format!("Moderation must be `post`, `pre` or `trusted`, not `{other}`."),
            )),
        }
    }
}

/// A site that embeds the widget.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Site {
    pub id: String,
    /// Normalized origins (`scheme://host[:port]`) allowed to post and to use the API.
    pub origins: Vec<String>,
    pub moderation: Moderation,
    /// Minutes an author may edit; `None`: the server's default.
    pub edit_window_minutes: Option<u32>,
    /// The site's own spam settings.
    pub spam: SpamRules,
    /// Its threads are published as plain HTML (`GET /api/v1/threads.html`).
    pub crawlable: bool,
    /// The language of what the server writes for it (emails, the crawlable HTML's words).
    pub lang: Language,
    /// Which votes readers may give.
    pub votes: Votes,
    /// Authors' Gravatar pictures are shown over their identicons (readers' browsers then ask
    /// gravatar.com for them).
    pub gravatar: bool,
    /// Threads take no new comments this many days after their first; `None`: never by age.
    pub close_after_days: Option<u32>,
    /// Reports from this many distinct networks send a published comment back to waiting;
    /// `Some(0)`: never; `None`: [`DEFAULT_REPORT_THRESHOLD`].
    pub report_threshold: Option<u32>,
    /// Who may post: anyone, or only readers who signed in.
    pub readers: Readers,
}

/// Reports from distinct networks that send a comment back to waiting, unless a site says.
pub const DEFAULT_REPORT_THRESHOLD: u32 = 3;

/// The languages the server writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    En,
    Fr,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    /// `fr`, `fr-FR`, `FR`... are French; anything else English.
    pub fn from_tag(tag: &str) -> Self {
        if tag.to_ascii_lowercase().starts_with("fr") {
            Self::Fr
        } else {
            Self::En
        }
    }

    pub fn parse(text: &str) -> Result<Self, InvalidField> {
        match text {
            "en" => Ok(Self::En),
            "fr" => Ok(Self::Fr),
            other => Err(InvalidField::new(
                "lang",
                format!("The language must be `en` or `fr`, not `{other}`."),
            )),
        }
    }
}

/// Spam settings a site may set for itself; each `None` is the server's setting of that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SpamRules {
    /// Seconds between the form's challenge and the post (0: no challenge needed for time).
    pub min_post_seconds: Option<u32>,
    /// Leading zero bits of the proof of work (0: none).
    pub pow_bits: Option<u32>,
    /// A comment with more links than this waits for a moderator.
    pub max_links: Option<u32>,
    /// Comments one address may post on this site per minute (0: no limit).
    pub posts_per_minute: Option<u32>,
    /// Minutes during which the same text is refused again on this site (0: off).
    pub duplicate_window_minutes: Option<u32>,
}

/// What the site's mode, the author's record and the comment's links make of a new comment:
/// a link-heavy comment waits on every site.
pub fn needs_review(
    moderation: Moderation,
    trusted_author: bool,
    links: usize,
    max_links: usize,
) -> bool {
    links > max_links
        || match moderation {
            Moderation::Post => false,
            Moderation::Pre => true,
            Moderation::Trusted => !trusted_author,
        }
}

impl Site {
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.origins.iter().any(|allowed| allowed == origin)
    }

    /// The address of one of the site's pages: the key joined to the site's first origin as
    /// a URL, kept only when it stays on that origin. A key such as `@evil.example/login` or
    /// `//evil.example` (refused as input now, but older rows and imports may hold one) gets
    /// no link rather than one that leaves the site.
    pub fn page_url(&self, page: &str) -> Option<String> {
        let origin = self.origins.first()?;
        let url = url::Url::parse(origin).ok()?.join(page).ok()?;
        (url.origin().ascii_serialization() == *origin && page.starts_with('/'))
            .then(|| url.to_string())
    }

    /// The widget's permalink to a comment: its page's address and `#parlons-<id>`.
    pub fn comment_url(&self, page: &str, id: i64) -> Option<String> {
        self.page_url(page).map(|url| format!("{url}#parlons-{id}"))
    }
}

/// A site id: 1 to 64 of `a-z`, `0-9`, `-`, `_`.
pub fn parse_site_id(id: &str) -> Result<String, InvalidField> {
    let valid = !id.is_empty()
        && id.len() <= MAX_SITE_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(id.to_owned())
    } else {
        Err(InvalidField::new(
            "site",
            format!("A site id is 1 to {MAX_SITE_CHARS} lowercase letters, digits, `-` or `_`."),
        ))
    }
}

/// An origin as browsers send it in `Origin`: `scheme://host[:port]`, default port omitted.
pub fn parse_origin(text: &str) -> Result<String, InvalidField> {
    let invalid = || {
        InvalidField::new(
            "origin",
            format!("`{text}` is not an http(s) origin such as https://blog.example.org."),
        )
    };
    let url = url::Url::parse(text).map_err(|_| invalid())?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid());
    }
    Ok(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalized_as_browsers_send_them() {
        assert_eq!(
            parse_origin("https://Blog.Example.org/path?q=1").as_deref(),
            Ok("https://blog.example.org")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080/").as_deref(),
            Ok("http://127.0.0.1:8080")
        );
        assert_eq!(
            parse_origin("https://example.org:443").as_deref(),
            Ok("https://example.org")
        );
    }

    #[test]
    fn links_to_pages_stay_on_the_sites_origin() {
        let site = Site {
            origins: vec!["https://blog.example.org".into()],
            ..Site::default()
        };

        assert_eq!(
            site.comment_url("/2026/article?p=2", 7).as_deref(),
            Some("https://blog.example.org/2026/article?p=2#parlons-7")
        );
        for leaving in [
            "@evil.example/login",
            "//evil.example/x",
            "/\\evil.example/x",
            "x",
        ] {
            assert_eq!(site.page_url(leaving), None, "{leaving}");
        }
        assert_eq!(Site::default().page_url("/a"), None, "no origin, no link");
    }

    #[test]
    fn only_http_origins_are_accepted() {
        for bad in [
            "ftp://example.org",
            "example.org",
            "javascript:alert(1)",
            "",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn each_mode_decides_which_comments_wait() {
        assert!(
            !needs_review(Moderation::Post, false, 2, 2),
            "post publishes a comment with few links"
        );
        assert!(
            needs_review(Moderation::Post, false, 3, 2),
            "a link-heavy comment waits even on a post site"
        );
        assert!(
            needs_review(Moderation::Pre, true, 0, 2),
            "pre holds everything"
        );
        assert!(
            needs_review(Moderation::Trusted, false, 0, 2),
            "an unknown author waits"
        );
        assert!(
            !needs_review(Moderation::Trusted, true, 2, 2),
            "a known author is published"
        );
        assert!(
            needs_review(Moderation::Trusted, true, 3, 2),
            "too many links wait"
        );
    }

    #[test]
    fn site_ids_are_short_lowercase_words() {
        assert!(parse_site_id("le-monde_2").is_ok());
        for bad in ["", "Blog", "a b", "é", &"x".repeat(65)] {
            assert!(parse_site_id(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
