//! A site's own OpenID provider: what its settings may be, and how long a sign-in there may
//! take.

use super::InvalidField;

/// How long a reader has between starting a sign-in at the provider and coming back.
pub const LOGIN_MINUTES: i64 = 10;

/// Sign-ins under way at once on one site: past this, new ones wait (each costs a row until
/// it is used or its time passes, whoever starts it).
pub const LIVE_LOGINS_PER_SITE: i64 = 1_000;

/// The provider's issuer: an `https` URL without query or fragment, as its ID tokens name it
/// (`http` only on this machine's loopback, for a provider run beside the server).
pub fn parse_issuer(text: &str) -> Result<String, InvalidField> {
    let refused = |why: &str| InvalidField::new("oidc_issuer", format!("The issuer {why}."));
    if text.len() > 500 {
        return Err(refused("is longer than 500 characters"));
    }
    let url = url::Url::parse(text)
        .map_err(|_| refused("must be a URL, e.g. https://id.example.org/realms/blog"))?;
    let loopback = matches!(
        url.host(),
        Some(url::Host::Domain("localhost"))
            | Some(url::Host::Ipv4(std::net::Ipv4Addr::LOCALHOST))
            | Some(url::Host::Ipv6(std::net::Ipv6Addr::LOCALHOST))
    );
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(refused("must be an https URL")),
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(refused("may have neither query, fragment nor user"));
    }
    Ok(text.to_owned())
}

/// The client id the provider gave the site: 1 to 255 visible ASCII characters.
pub fn parse_client_id(text: &str) -> Result<String, InvalidField> {
    if text.is_empty() || text.len() > 255 || !text.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Err(InvalidField::new(
            "oidc_client_id",
            "The client id must be 1 to 255 visible ASCII characters.",
        ));
    }
    Ok(text.to_owned())
}

/// The client secret: 1 to 1,024 characters, none a control character (a line read from
/// standard input, its end of line removed).
pub fn parse_client_secret(text: &str) -> Result<String, InvalidField> {
    let text = text.trim_end_matches(['\r', '\n']);
    if text.is_empty() || text.len() > 1024 || text.chars().any(char::is_control) {
        return Err(InvalidField::new(
            "oidc_client_secret",
            "The client secret must be one line of 1 to 1,024 characters.",
        ));
    }
    Ok(text.to_owned())
}

/// What the widget's button names: "Sign in with {label}", 1 to 40 characters.
pub fn parse_label(text: &str) -> Result<String, InvalidField> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 40 || text.chars().any(char::is_control) {
        return Err(InvalidField::new(
            "oidc_label",
            "The label must be 1 to 40 characters, e.g. the provider's or the site's name.",
        ));
    }
    Ok(text.to_owned())
}

/// The name a provider's reader gets: the `name` claim, else `preferred_username`, cut to
/// the 80 characters a name may have, or none.
pub fn reader_name<'a>(candidates: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    candidates
        .into_iter()
        .flatten()
        .map(|name| {
            name.chars()
                .filter(|c| !c.is_control())
                .take(80)
                .collect::<String>()
        })
        .map(|name| name.trim().to_owned())
        .find(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issuer_is_https_or_http_on_loopback_only() {
        assert!(parse_issuer("https://id.example.org/realms/blog").is_ok());
        assert!(parse_issuer("http://127.0.0.1:8080").is_ok());
        assert!(parse_issuer("http://localhost:3000/oidc").is_ok());
        for refused in [
            "http://id.example.org",
            "ftp://id.example.org",
            "id.example.org",
            "https://id.example.org/?realm=blog",
            "https://user@id.example.org",
        ] {
            assert!(parse_issuer(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn ids_secrets_and_labels_are_bounded_and_printable() {
        assert!(parse_client_id("parlons-blog").is_ok());
        assert!(parse_client_id("with space").is_err());
        assert!(parse_client_id(&"x".repeat(256)).is_err());
        assert_eq!(parse_client_secret("s3cret\n").as_deref(), Ok("s3cret"));
        assert!(parse_client_secret("\n").is_err());
        assert!(parse_client_secret("two\nlines").is_err());
        assert_eq!(parse_label("  Keycloak ").as_deref(), Ok("Keycloak"));
        assert!(parse_label(&"é".repeat(41)).is_err());
    }

    #[test]
    fn a_reader_is_named_by_the_first_name_the_provider_gives() {
        assert_eq!(reader_name([None, Some(" zoe ")]).as_deref(), Some("zoe"));
        assert_eq!(
            reader_name([Some("Zoé Martin"), Some("zoe")]).as_deref(),
            Some("Zoé Martin")
        );
        assert_eq!(reader_name([Some("  "), None]), None);
    }
}
