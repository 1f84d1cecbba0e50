//! Server settings: defaults in code, then an optional TOML file, then `PARLONS_*` variables.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

mod public_url;
pub use public_url::PublicUrl;

/// Every setting with its default and what it does, as a TOML file (`parlons config
/// print-default`); a test keeps it in step with [`Settings`].
pub const DEFAULT_FILE: &str = include_str!("../../parlons.toml");

/// The variable that names the settings file; it is not itself a setting.
pub const CONFIG_FILE_VAR: &str = "PARLONS_CONFIG";

/// Every setting of the server. Every field has a default, so no file is needed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address and port to listen on (`PARLONS_BIND`).
    pub bind: SocketAddr,
    /// `sqlite://path/to/file.db` (`PARLONS_DATABASE_URL`).
    pub database_url: String,
    /// Comments one client address may post per minute (`PARLONS_POSTS_PER_MINUTE`).
    pub posts_per_minute: u32,
    /// Comments one address may post at once before the per-minute rate applies.
    pub posts_burst: u32,
    /// Read requests one address may make per second (`PARLONS_READS_PER_SECOND`).
    pub reads_per_second: u32,
    /// Read requests one address may make at once before the per-second rate applies.
    pub reads_burst: u32,
    /// Proxies whose `X-Forwarded-For` is believed (`PARLONS_TRUSTED_PROXIES=10.0.0.1,10.0.0.2`).
    pub trusted_proxies: Vec<IpAddr>,
    /// How long after posting an author may still edit, in minutes (a site may set its own).
    pub edit_window_minutes: u32,
    /// A comment with more links than this waits for a moderator (a site may set its own).
    pub max_links: u32,
    /// Seconds between the form appearing and the post; posts then need a challenge
    /// (0: off; a site may set its own).
    pub min_post_seconds: u32,
    /// Leading zero bits of the proof of work the widget solves (0: off; a site may set its own).
    pub pow_bits: u32,
    /// Days address hashes, and sent webhook calls and emails, are kept.
    pub address_retention_days: u32,
    /// Minutes during which the same text is refused again: from the same address, and for
    /// long texts from any address (0: off).
    pub duplicate_window_minutes: u64,
    /// A folder to read the built widget from (`embed.js`, `parlons-widget.js`,
    /// `parlons-widget_bg.wasm`...) instead of the copy in the binary. Unset: the binary's,
    /// or `dist` for a binary built without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub widget_dir: Option<PathBuf>,
    /// The address readers reach the server at, e.g. `https://comments.example.org`, or
    /// `https://example.org/comments/` behind a proxy that strips the path: the URLs the
    /// server makes (links in emails, feeds, `/admin`) start with it. When empty, the bind
    /// address is used; the `demo` site allows it.
    pub public_url: String,
    /// Create the `demo` site (and serve the demo article at `/`). Unset: on only when the
    /// server listens on a loopback address, so a production server takes no demo posts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo: Option<bool>,
    /// Longest time a request may take, in seconds (streams excepted).
    pub request_timeout_secs: u64,
    /// Seconds a client has to send a request's headers, and an idle connection stays open.
    pub header_read_timeout_secs: u64,
    /// Live streams one client address (an IPv6 /64) may hold open (0: no limit).
    pub max_streams_per_address: usize,
    /// Live streams the server holds open in all (0: no limit); each costs about 17 KiB.
    pub max_streams: usize,
    /// Memory the answer caches (threads' first pages, counts) may hold in all, in MiB.
    pub cache_mib: usize,
    /// Minutes the change log keeps each change: a reader whose stream was cut for less gets
    /// what it missed when it reconnects; one away longer reloads its thread.
    pub live_log_minutes: u32,
    /// `text`, or `json` (one object per line, for log collectors).
    pub log_format: crate::telemetry::LogFormat,
    /// When set, `/metrics` answers any client that sends it as a bearer token; when empty,
    /// only clients on the same machine that no proxy relayed.
    pub metrics_token: String,
    /// Seconds before a failed webhook call is tried again; the wait doubles each time
    /// (8 attempts in all).
    pub webhook_retry_secs: u64,
    /// Webhooks may call this machine and private networks (off: only public addresses, so
    /// a site owner's webhook cannot reach what only the server's network should).
    pub webhook_private_addresses: bool,
    /// The SMTP server emails leave through; empty: no emails.
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `starttls` (port 587), `tls` (465) or `none` (a relay on this machine).
    pub smtp_tls: SmtpTls,
    pub smtp_username: String,
    pub smtp_password: String,
    /// The sender, e.g. `Parlons <comments@example.org>`.
    pub mail_from: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    #[default]
    Starttls,
    Tls,
    None,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://data/parlons.db".into(),
            posts_per_minute: 5,
            posts_burst: 3,
            reads_per_second: 20,
            reads_burst: 100,
            trusted_proxies: Vec::new(),
            edit_window_minutes: 15,
            max_links: 2,
            min_post_seconds: 3,
            pow_bits: 0,
            address_retention_days: 30,
            duplicate_window_minutes: 10,
            widget_dir: None,
            public_url: String::new(),
            demo: None,
            request_timeout_secs: 15,
            header_read_timeout_secs: 10,
            max_streams_per_address: 32,
            max_streams: 20_000,
            cache_mib: 32,
            live_log_minutes: 60,
            log_format: crate::telemetry::LogFormat::Text,
            metrics_token: String::new(),
            webhook_retry_secs: 30,
            webhook_private_addresses: false,
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: String::new(),
            smtp_password: String::new(),
            mail_from: String::new(),
        }
    }
}

impl Settings {
    /// Whether the `demo` site is served: as set, else only on a loopback address.
    pub fn demo_enabled(&self) -> bool {
        self.demo.unwrap_or_else(|| self.bind.ip().is_loopback())
    }

    /// Defaults, then `file` if given, then every `PARLONS_*` variable of the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, config::ConfigError> {
        Self::load_from(file, std::env::vars())
    }

    /// As [`Settings::load`], with the environment given (for tests).
    pub fn load_from(
        file: Option<&Path>,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, config::ConfigError> {
        let mut builder =
            config::Config::builder().add_source(config::Config::try_from(&Self::default())?);
        if let Some(file) = file {
            builder = builder.add_source(config::File::from(file).required(true));
        }
        let env: config::Map<String, String> = vars
            .into_iter()
            .filter(|(key, _)| key.starts_with("PARLONS_") && key != CONFIG_FILE_VAR)
            .collect();
        builder
            .add_source(
                config::Environment::with_prefix("PARLONS")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("trusted_proxies")
                    .source(Some(env)),
            )
            .build()?
            .try_deserialize()
    }

    /// Where readers reach this server (see [`PublicUrl`]); `local` is the bound address.
    pub fn public(&self, local: SocketAddr) -> Result<PublicUrl, String> {
        PublicUrl::new(&self.public_url, local)
    }
}

impl Settings {
    /// The settings with every secret hidden (`parlons config print`): the database's
    /// password, the SMTP password, the metrics token.
    pub fn redacted(&self) -> Self {
        const HIDDEN: &str = "********";
        let mut shown = self.clone();
        if let Ok(mut url) = url::Url::parse(&shown.database_url)
            && url.password().is_some()
            && url.set_password(Some(HIDDEN)).is_ok()
        {
            shown.database_url = url.to_string();
        }
        for secret in [&mut shown.smtp_password, &mut shown.metrics_token] {
            if !secret.is_empty() {
                *secret = HIDDEN.into();
            }
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_settings_hide_every_secret() {
        let settings = Settings {
            database_url: "postgres://parlons:db-secret@localhost/parlons".into(),
            smtp_password: "smtp-secret".into(),
            metrics_token: "metrics-secret".into(),
            ..Settings::default()
        };

        let printed = toml::to_string(&settings.redacted()).expect("toml");

        for secret in ["db-secret", "smtp-secret", "metrics-secret"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("postgres://parlons:********@localhost/parlons"));
    }

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn with_nothing_set_the_defaults_serve_a_laptop() {
        let settings = Settings::load_from(None, vars(&[])).expect("loads");
        assert_eq!(settings, Settings::default());
        assert_eq!(settings.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.database_url, "sqlite://data/parlons.db");
    }

    #[test]
    fn the_documented_variables_override_the_defaults() {
        let settings = Settings::load_from(
            None,
            vars(&[
                ("PARLONS_BIND", "0.0.0.0:9000"),
                ("PARLONS_DATABASE_URL", "sqlite:///tmp/x.db"),
                ("PARLONS_POSTS_PER_MINUTE", "12"),
                ("PARLONS_TRUSTED_PROXIES", "10.0.0.1,10.0.0.2"),
                ("PARLONS_CONFIG", "/etc/parlons.toml"),
                ("HOME", "/root"),
            ]),
        )
        .expect("loads");
        assert_eq!(settings.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(settings.database_url, "sqlite:///tmp/x.db");
        assert_eq!(settings.posts_per_minute, 12);
        assert_eq!(settings.trusted_proxies.len(), 2);
    }

    #[test]
    fn a_file_is_read_and_the_environment_wins_over_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("parlons.toml");
        std::fs::write(&path, "posts_per_minute = 7\nreads_burst = 50\n").expect("write");
        let settings =
            Settings::load_from(Some(&path), vars(&[("PARLONS_READS_BURST", "9")])).expect("loads");
        assert_eq!(settings.posts_per_minute, 7);
        assert_eq!(settings.reads_burst, 9);
    }

    #[test]
    fn a_misspelt_setting_in_the_file_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("parlons.toml");
        std::fs::write(&path, "post_per_minute = 7\n").expect("write");
        assert!(Settings::load_from(Some(&path), vars(&[])).is_err());
    }

    #[test]
    fn the_documented_default_file_names_every_setting_with_its_default() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("parlons.toml");
        std::fs::write(&path, DEFAULT_FILE).expect("write");

        let loaded = Settings::load_from(Some(&path), vars(&[])).expect("loads");
        let in_file: std::collections::BTreeSet<String> =
            toml::from_str::<toml::Table>(DEFAULT_FILE)
                .expect("TOML")
                .into_iter()
                .map(|(key, _)| key)
                .collect();
        let in_code: std::collections::BTreeSet<String> =
            match serde_json::to_value(Settings::default()).expect("serializes") {
                serde_json::Value::Object(fields) => {
                    fields.into_iter().map(|(key, _)| key).collect()
                }
                other => panic!("settings serialize as {other}"),
            };

        assert_eq!(loaded, Settings::default());
        assert_eq!(in_file, in_code);
    }

    #[test]
    fn the_demo_site_is_on_by_default_only_on_a_loopback_address() {
        let on_this_machine = Settings::default();
        let on_the_internet =
            Settings::load_from(None, vars(&[("PARLONS_BIND", "0.0.0.0:8080")])).expect("loads");
        let asked_for = Settings::load_from(
            None,
            vars(&[("PARLONS_BIND", "[::]:8080"), ("PARLONS_DEMO", "true")]),
        )
        .expect("loads");

        assert!(on_this_machine.demo_enabled());
        assert!(!on_the_internet.demo_enabled());
        assert!(asked_for.demo_enabled());
    }
}
