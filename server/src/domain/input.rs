//! Reader input, parsed once into values that are known to respect every limit.

use parlons_shared::NewComment;
use parlons_shared::limits::{
    MAX_AUTHOR_CHARS, MAX_EMAIL_CHARS, MAX_PAGE_CHARS, MAX_TEXT_CHARS, MAX_WEBSITE_CHARS, char_len,
};

use super::InvalidField;
use super::site::parse_site_id;

/// A new comment whose every field respects the limits. Built only by [`CommentInput::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentInput {
    pub site: String,
    pub page: String,
    pub parent: Option<i64>,
    pub author: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub text: String,
    /// The reader asked to hear about replies (and gave an email).
    pub notify: bool,
    /// The spam fields, checked by the HTTP layer against the site's rules.
    pub challenge: Option<String>,
    pub solution: Option<String>,
    pub trap: Option<String>,
}

/// Longest challenge token and solution accepted (ours are 60 and at most 20 characters).
const MAX_CHALLENGE_CHARS: usize = 200;
const MAX_SOLUTION_CHARS: usize = 20;

impl CommentInput {
    pub fn parse(body: NewComment) -> Result<Self, InvalidField> {
        Ok(Self {
            site: parse_site_id(body.site.trim())?,
            page: parse_page(&body.page)?,
            parent: body.parent.map(parse_parent).transpose()?,
            author: optional(body.author, "author", MAX_AUTHOR_CHARS)?,
            email: optional(body.email, "email", MAX_EMAIL_CHARS)?
                .map(parse_email)
                .transpose()?,
            website: optional(body.website, "website", MAX_WEBSITE_CHARS)?
                .map(parse_website)
                .transpose()?,
            notify: body.notify,
            text: parse_text(&body.text)?,
            challenge: optional(body.challenge, "challenge", MAX_CHALLENGE_CHARS)?,
            solution: optional(body.solution, "solution", MAX_SOLUTION_CHARS)?,
            trap: body.trap,
        })
        .and_then(|input| {
            if input.notify && input.email.is_none() {
                return Err(InvalidField::new(
                    "email",
                    "An email is needed to be told of replies.",
                ));
            }
            Ok(input)
        })
    }
}

/// A thread's `after` cursor (the `next` of the previous answer); empty is none.
pub fn parse_cursor(after: Option<&str>) -> Result<Option<i64>, InvalidField> {
    after
        .filter(|after| !after.is_empty())
        .map(str::parse::<i64>)
        .transpose()
        .map_err(|_| InvalidField::new("after", "The cursor is not one this server gave."))
}

/// A page key: the path of the page a thread belongs to (query allowed), without
/// `#fragment`. It starts with `/` (but not `//`, which browsers read as another host), since
/// links to the page are the site's origin joined with it.
pub fn parse_page(page: &str) -> Result<String, InvalidField> {
    let page = page.split('#').next().unwrap_or_default().trim();
    if page.is_empty() {
        return Err(InvalidField::new("page", "The page is missing."));
    }
    if !page.starts_with('/') || page.starts_with("//") || page.starts_with("/\\") {
        return Err(InvalidField::new(
            "page",
            "A page key is the page's path: it starts with a single `/`, such as /2026/article.",
        ));
    }
    if char_len(page) > MAX_PAGE_CHARS {
        return Err(InvalidField::new(
            "page",
            format!("The page key is longer than {MAX_PAGE_CHARS} characters."),
        ));
    }
    if page.chars().any(char::is_control) {
        return Err(InvalidField::new(
            "page",
            "The page key contains control characters.",
        ));
    }
    Ok(page.to_owned())
}

/// Comment text: not blank, at most [`MAX_TEXT_CHARS`] characters as sent (the contract's
/// `maxLength`: spaces around the text count too, though they are not kept).
pub fn parse_text(text: &str) -> Result<String, InvalidField> {
    let length = char_len(text);
    if length > MAX_TEXT_CHARS {
        return Err(InvalidField::new(
            "text",
            format!("The comment has {length} characters; the limit is {MAX_TEXT_CHARS}."),
        ));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(InvalidField::new(
            "text",
            "The comment is empty: write something first.",
        ));
    }
    // Line breaks and tabs are text; other control characters (NUL among them, which
    // PostgreSQL refuses to store) are not.
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(InvalidField::new(
            "text",
            "The comment contains control characters.",
        ));
    }
    Ok(text.to_owned())
}

fn parse_parent(id: i64) -> Result<i64, InvalidField> {
    if id > 0 {
        Ok(id)
    } else {
        Err(InvalidField::new(
            "parent",
            "The parent must be the id of a comment.",
        ))
    }
}

/// A trimmed optional field; blank means absent.
fn optional(
    value: Option<String>,
    field: &'static str,
    max: usize,
) -> Result<Option<String>, InvalidField> {
    let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if char_len(&value) > max {
        return Err(InvalidField::new(
            field,
            format!("The {field} is longer than {max} characters."),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(InvalidField::new(
            field,
            format!("The {field} contains control characters."),
        ));
    }
    Ok(Some(value))
}

/// An http(s) URL with a host, normalized.
pub fn parse_website(website: String) -> Result<String, InvalidField> {
    let refused = || {
        InvalidField::new(
            "website",
            "The website must be an http:// or https:// address.",
        )
    };
    let url = url::Url::parse(&website).map_err(|_| refused())?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(refused());
    }
    Ok(url.to_string())
}

/// The name a signed-in reader gives their next comments: 1 to [`MAX_AUTHOR_CHARS`]
/// characters once trimmed, none a control character.
pub fn parse_name(name: &str) -> Result<String, InvalidField> {
    let name = name.trim();
    if name.is_empty() || char_len(name) > MAX_AUTHOR_CHARS || name.chars().any(char::is_control) {
        return Err(InvalidField::new(
            "name",
            format!("A name is 1 to {MAX_AUTHOR_CHARS} characters, without control characters."),
        ));
    }
    Ok(name.to_owned())
}

/// An address with a local part, an `@` and a dotted domain, at most [`MAX_EMAIL_CHARS`].
pub fn parse_email(email: String) -> Result<String, InvalidField> {
    if char_len(&email) > MAX_EMAIL_CHARS {
        return Err(InvalidField::new("email", "The email address is too long."));
    }
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !email.contains(' ')
    });
    if valid {
        Ok(email)
    } else {
        Err(InvalidField::new(
            "email",
            "The email address is not valid.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readers_name_is_trimmed_bounded_and_printable() {
        assert_eq!(parse_name("  Zoé ").as_deref(), Ok("Zoé"));
        assert!(parse_name("   ").is_err());
        assert!(parse_name("Zoé\u{7}").is_err());
        assert!(parse_name(&"é".repeat(MAX_AUTHOR_CHARS + 1)).is_err());
        assert!(parse_name(&"é".repeat(MAX_AUTHOR_CHARS)).is_ok());
    }

    #[test]
    fn an_email_over_its_limit_is_refused_whatever_its_shape() {
        let long = format!("{}@example.fr", "a".repeat(MAX_EMAIL_CHARS));
        assert!(parse_email(long).is_err());
        assert!(parse_email("zoe@example.fr".into()).is_ok());
    }

    fn comment(text: &str) -> NewComment {
        NewComment {
            site: "demo".into(),
            page: "/".into(),
            text: text.into(),
            ..Default::default()
        }
    }

    fn field_of(body: NewComment) -> &'static str {
        CommentInput::parse(body)
            .expect_err("should be refused")
            .field
    }

    #[test]
    fn a_minimal_comment_is_accepted_and_trimmed() {
        let input = CommentInput::parse(comment("  Bonjour  ")).expect("valid");
        assert_eq!(input.text, "Bonjour");
        assert_eq!(input.author, None);
    }

    #[test]
    fn a_blank_text_is_refused() {
        assert_eq!(field_of(comment(" \n\t ")), "text");
    }

    #[test]
    fn a_text_over_the_limit_is_refused_but_the_limit_itself_is_fine() {
        assert!(CommentInput::parse(comment(&"é".repeat(MAX_TEXT_CHARS))).is_ok());
        assert_eq!(field_of(comment(&"é".repeat(MAX_TEXT_CHARS + 1))), "text");
        // Counted as sent (schemathesis found a text within the limit once trimmed accepted).
        let padded = format!("Dü{}", "\u{a0}".repeat(MAX_TEXT_CHARS));
        assert_eq!(field_of(comment(&padded)), "text");
    }

    #[test]
    fn an_author_over_100_characters_is_refused() {
        let body = NewComment {
            author: Some("a".repeat(101)),
            ..comment("hi")
        };
        assert_eq!(field_of(body), "author");
    }

    #[test]
    fn a_blank_author_is_anonymous() {
        let body = NewComment {
            author: Some("   ".into()),
            ..comment("hi")
        };
        assert_eq!(CommentInput::parse(body).expect("valid").author, None);
    }

    #[test]
    fn only_http_websites_are_accepted() {
        for bad in [
            "javascript:alert(1)",
            "ftp://x.org",
            "example.org",
            "data:text/html,x",
        ] {
            let body = NewComment {
                website: Some(bad.into()),
                ..comment("hi")
            };
            assert_eq!(field_of(body), "website", "{bad}");
        }
        let body = NewComment {
            website: Some("https://marie.fr".into()),
            ..comment("hi")
        };
        assert_eq!(
            CommentInput::parse(body).expect("valid").website.as_deref(),
            Some("https://marie.fr/")
        );
    }

    #[test]
    fn a_page_key_loses_its_fragment_and_has_a_length_limit() {
        let body = NewComment {
            page: "/article#parlons-3".into(),
            ..comment("hi")
        };
        assert_eq!(CommentInput::parse(body).expect("valid").page, "/article");
        let body = NewComment {
            page: format!("/{}", "p".repeat(MAX_PAGE_CHARS)),
            ..comment("hi")
        };
        assert_eq!(field_of(body), "page");
        let body = NewComment {
            page: "".into(),
            ..comment("hi")
        };
        assert_eq!(field_of(body), "page");
    }

    #[test]
    fn a_page_key_is_a_path_from_the_sites_root() {
        for path in ["/", "/2026/article", "/?p=12", "/a//b"] {
            assert_eq!(parse_page(path).as_deref(), Ok(path));
        }
        for not_a_path in [
            "article-12",
            "@evil.example/login",
            "//evil.example",
            "/\\evil",
            "https://blog.example.org/a",
        ] {
            assert_eq!(
                parse_page(not_a_path).map_err(|e| e.field),
                Err("page"),
                "{not_a_path}"
            );
        }
    }

    #[test]
    fn a_parent_must_be_a_positive_id() {
        let body = NewComment {
            parent: Some(0),
            ..comment("hi")
        };
        assert_eq!(field_of(body), "parent");
    }

    #[test]
    fn a_malformed_email_is_refused() {
        let body = NewComment {
            email: Some("marie".into()),
            ..comment("hi")
        };
        assert_eq!(field_of(body), "email");
    }
}
