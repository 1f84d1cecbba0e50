//! The test harness: a real Parlons server on `127.0.0.1:0` with a SQLite file of its own,
//! and what tests arrange with (sites, moderators, stored comments); `calls.rs` has one helper
//! per contract call.

pub mod admin;
mod calls;
pub mod readers;
pub mod scan;
pub mod smtp;
mod sse;

use std::sync::Arc;

use parlons_server::domain::moderator::{Scope, hash_password};
use parlons_server::domain::render::render;
use parlons_server::domain::site::{Moderation, Site};
use parlons_server::domain::token::{hash_secret, new_secret};
use parlons_server::guard::SiteFilters;
use parlons_server::sites::Sites;
use parlons_server::store::Store;
use parlons_server::store::{CredentialKind, NewCommentRecord, NewModerator};
use parlons_server::{App, Settings};
use parlons_shared::{CommentStatus, NewComment};
use sqlx::migrate::MigrateDatabase;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use calls::{assert_error, vary_names};
pub use sse::EventStream;

/// A running server; it stops when dropped.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`, also the `demo` site's allowed origin.
    pub base_url: String,
    pub client: reqwest::Client,
    pub store: Arc<dyn Store>,
    pub sites: Arc<Sites>,
    /// The server's word filters (tests read them again at once, as the change log would).
    pub filters: Arc<SiteFilters>,
    /// Where this server reads the widget's files from (empty until a test writes there).
    pub widget_dir: std::path::PathBuf,
    /// The server's own SQLite file, for tests that look underneath the store.
    pub database_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    _db: TestDb,
    _dir: tempfile::TempDir,
}

/// The test's own database: a SQLite file in the temporary folder, or, when
/// `TEST_DATABASE_URL` names a PostgreSQL server, a database of its own there, dropped after.
pub enum TestDb {
    Sqlite,
    Postgres { url: String },
}

impl TestDb {
    /// A new empty database, and its URL; the SQLite file goes in `dir`.
    pub async fn create(dir: &std::path::Path) -> (Self, String) {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(server) if server.starts_with("postgres") => {
                let (base, _) = server.rsplit_once('/').expect("a URL with a database name");
                let url = format!("{base}/parlons_test_{}", &new_secret()[..16]);
                sqlx::Postgres::create_database(&url)
                    .await
                    .expect("a test database");
                (Self::Postgres { url: url.clone() }, url)
            }
            _ => (
                Self::Sqlite,
                format!("sqlite://{}/parlons.db", dir.display()),
            ),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Self::Postgres { url } = self {
            let url = url.clone();
            // Drop runs outside any runtime; drop the database (closing its connections) on a thread.
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                runtime
                    .block_on(sqlx::Postgres::force_drop_database(&url))
                    .map_err(std::io::Error::other)
            })
            .join();
            if !matches!(dropped, Ok(Ok(()))) {
                eprintln!("could not drop a test database");
            }
        }
    }
}

/// A server with rate limits off (the rate-limit tests turn them on).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A server whose settings `tweak` adjusts.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (db, database_url) = TestDb::create(dir.path()).await;
    let mut settings = Settings {
        database_url,
        posts_per_minute: 0,
        reads_per_second: 0,
        duplicate_window_minutes: 0,
        // Most tests post straight away; tests/api/spam.rs turns the challenge on.
        min_post_seconds: 0,
        // Tests' webhook receivers listen on 127.0.0.1; tests/api/webhooks.rs turns this off.
        webhook_private_addresses: true,
        widget_dir: Some(dir.path().join("widget")),
        ..Settings::default()
    };
    tweak(&mut settings);
    let database_url = settings.database_url.clone();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let local = listener.local_addr().expect("a bound address");
    let app = App::build(settings, local).await.expect("the app builds");
    let (store, sites, filters) = (app.store(), app.sites(), app.filters());
    let (shutdown, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.serve(listener, async move {
        let _ = stopped.await;
    }));
    TestApp {
        base_url: format!("http://{local}"),
        client: reqwest::Client::new(),
        store,
        sites,
        filters,
        widget_dir: dir.path().join("widget"),
        database_url,
        shutdown: Some(shutdown),
        _db: db,
        _dir: dir,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// A published comment on page `/` of site `demo` as the store takes it, written `at`, for
/// tests that write beside the server (as the command line or an import would).
pub fn stored_comment(text: &str, at: time::OffsetDateTime) -> NewCommentRecord {
    NewCommentRecord {
        site: "demo".into(),
        page: "/".into(),
        parent: None,
        author: None,
        website: None,
        email_hash: None,
        notify_email: None,
        source: text.into(),
        html: render(text),
        status: CommentStatus::Published,
        edit_token_hash: "0".repeat(64),
        created_at: at,
        address_hash: None,
        challenge_nonce: None,
        badge: None,
        reader_id: None,
    }
}

/// A comment on page `/` of site `demo`.
pub fn comment(text: &str) -> NewComment {
    NewComment {
        site: "demo".into(),
        page: "/".into(),
        text: text.into(),
        ..NewComment::default()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Adds a site and makes the running server see it at once.
    pub async fn add_site(&self, id: &str, origins: &[&str], moderation: Moderation) {
        let site = Site {
            id: id.into(),
            origins: origins.iter().map(|o| o.to_string()).collect(),
            moderation,
            edit_window_minutes: None,
            ..Site::default()
        };
        self.store
            .insert_site(&site)
            .await
            .expect("the site is added");
        self.sites.reload().await.expect("the sites reload");
    }

    /// Adds a moderator of `sites` (`None`: all sites) and returns a fresh API token.
    pub async fn add_moderator(&self, name: &str, sites: Option<&[&str]>) -> String {
        let scope = match sites {
            Some(sites) => Scope::Sites(sites.iter().map(|s| s.to_string()).collect()),
            None => Scope::AllSites,
        };
        let password_hash = hash_password("correct horse battery").expect("hash");
        let moderator = NewModerator {
            name: name.into(),
            password_hash,
            scope,
            owns: Vec::new(),
        };
        self.store
            .insert_moderator(&moderator)
            .await
            .expect("moderator added");
        self.new_credential(name, CredentialKind::Token, None).await
    }

    /// A new token or session secret for an existing moderator.
    pub async fn new_credential(
        &self,
        name: &str,
        kind: CredentialKind,
        expires_at: Option<time::OffsetDateTime>,
    ) -> String {
        let moderator = self.store.moderator(name).await.expect("moderator exists");
        let secret = new_secret();
        self.store
            .insert_credential(moderator.id, kind, &hash_secret(&secret), expires_at)
            .await
            .expect("credential stored");
        secret
    }

    /// Changes a site's settings as `parlons site update` would, and has the server see it now.
    pub async fn change_site(&self, id: &str, change: impl FnOnce(&mut Site)) {
        let mut site = self
            .sites
            .get(id)
            .await
            .expect("the sites are read")
            .expect("the site exists")
            .as_ref()
            .clone();
        change(&mut site);
        self.store
            .update_site(&site, None)
            .await
            .expect("the site is updated");
        self.sites.reload().await.expect("the sites are reread");
    }
}
