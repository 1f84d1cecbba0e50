//! Where readers reach this server (`public_url`): the origins its own pages are trusted from,
//! and the path put before every URL it makes, so that it can be served under a sub-path
//! behind a reverse proxy (`https://example.org/comments/`, the proxy stripping `/comments`).

use std::net::SocketAddr;

/// This server as browsers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    /// The first is the one links are made with.
    origins: Vec<String>,
    /// `""` at the root, else `/comments`: a leading slash and none at the end.
    path: String,
}

impl PublicUrl {
    /// From the `public_url` setting; when empty, the bind address `local` (and `localhost`
    /// beside a loopback address) at the root.
    pub fn new(public_url: &str, local: SocketAddr) -> Result<Self, String> {
        let public_url = public_url.trim();
        if public_url.is_empty() {
            let mut origins = vec![format!("http://{local}")];
            if local.ip().is_loopback() {
                origins.push(format!("http://localhost:{}", local.port()));
            }
            return Ok(Self {
                origins,
                path: String::new(),
            });
        }
        let invalid = |why: &str| {
            format!(
                "public_url `{public_url}` {why}: give the address readers reach, such as \
                 https://comments.example.org or https://example.org/comments/"
            )
        };
        let url = url::Url::parse(public_url).map_err(|_| invalid("is not a URL"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(invalid("is not an http(s) address"));
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            return Err(invalid("has a query, a fragment or a user name"));
        }
        Ok(Self {
            origins: vec![url.origin().ascii_serialization()],
            path: url.path().trim_end_matches('/').to_owned(),
        })
    }

    /// The origins requests from this server's own pages carry.
    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    /// A path of this server as browsers must ask for it: `/admin` is `/comments/admin`
    /// under a sub-path.
    pub fn path(&self, path: &str) -> String {
        format!("{}{path}", self.path)
    }

    /// An absolute URL of this server, for what leaves its pages (emails, feeds, the API's
    /// description): `https://example.org/comments/api/v1/...`.
    pub fn url(&self, path: &str) -> String {
        let origin = self.origins.first().map_or("", String::as_str);
        format!("{origin}{}{path}", self.path)
    }

    /// Whether this server is reached over TLS (its cookies are then `Secure`).
    pub fn is_https(&self) -> bool {
        self.origins
            .first()
            .is_some_and(|origin| origin.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> SocketAddr {
        "127.0.0.1:8080".parse().expect("addr")
    }

    #[test]
    fn a_loopback_server_without_public_url_allows_itself_under_both_names() {
        let public = PublicUrl::new("", local()).expect("valid");
        assert_eq!(
            public.origins(),
            ["http://127.0.0.1:8080", "http://localhost:8080"]
        );
        assert_eq!(public.path("/admin"), "/admin");
        assert_eq!(public.url("/admin"), "http://127.0.0.1:8080/admin");
    }

    #[test]
    fn a_sub_path_goes_before_every_path_with_or_without_its_final_slash() {
        for given in [
            "https://Example.org/comments/",
            "https://example.org/comments",
        ] {
            let public = PublicUrl::new(given, local()).expect("valid");
            assert_eq!(public.origins(), ["https://example.org"]);
            assert_eq!(public.path("/admin"), "/comments/admin");
            assert_eq!(
                public.url("/api/v1/docs"),
                "https://example.org/comments/api/v1/docs"
            );
            assert!(public.is_https());
        }
    }

    #[test]
    fn a_root_public_url_adds_no_path() {
        let public = PublicUrl::new("http://comments.example.org/", local()).expect("valid");
        assert_eq!(public.path("/admin"), "/admin");
        assert!(!public.is_https());
    }

    #[test]
    fn what_is_not_a_plain_http_address_is_refused_with_the_reason() {
        for wrong in [
            "comments.example.org",
            "ftp://example.org",
            "https://example.org/?a=1",
            "https://example.org/#top",
            "https://user@example.org/",
        ] {
            let error = PublicUrl::new(wrong, local()).expect_err(wrong);
            assert!(error.contains("public_url"), "{error}");
        }
    }
}
