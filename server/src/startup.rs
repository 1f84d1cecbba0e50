//! Building the application from settings, and serving it on a listener it is given.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::cache::Caches;
use crate::domain::site::{Moderation, Site};
use crate::guard::{
    Blocks, Duplicates, Guards, Policy, RateLimits, SiteFilters, StreamSlots, Turns,
};
use crate::http::{AppState, Services};
use crate::live::Live;
use crate::live::relay::{self, PgRelay};
use crate::notify::Notifier;
use crate::notify::email::Mailer;
use crate::notify::links::Links;
use crate::settings::Settings;
use crate::sites::Sites;
use crate::store::group_commit::CommentWriter;
use crate::store::moderation::RESTORE_DAYS;
use crate::store::{self, Store};

/// A built application: store open and migrated, sites loaded. It does not bind.
pub struct App {
    state: AppState,
}

impl App {
    /// Opens the database and, when `demo` is on, makes sure the `demo` site allows the
    /// server's own origins (`local` is the address the server is reached at).
    pub async fn build(settings: Settings, local: SocketAddr) -> anyhow::Result<Self> {
        let public = settings.public(local).map_err(anyhow::Error::msg)?;
        let store = store::connect(&settings.database_url)
            .await
            .with_context(|| format!("could not open the database at {}", settings.database_url))?;
        if settings.demo_enabled() {
            ensure_demo_site(store.as_ref(), public.origins().to_vec()).await?;
        }
        // Live events start from the log's end, read before the sites, blocks and filters
        // are: a change made while they load is then read again, never missed.
        let watermark = store
            .last_change()
            .await
            .context("could not read the change log")?;
        let relay = if settings.database_url.starts_with("postgres") {
            Some(
                PgRelay::connect(&settings.database_url)
                    .await
                    .context("could not connect the event relay")?,
            )
        } else {
            None
        };
        let sites = Arc::new(
            Sites::load(store.clone())
                .await
                .context("could not load the sites")?,
        );
        warn_if_widget_missing(&settings);
        let links_key = store
            .server_secret("email-links", &crate::domain::token::new_secret())
            .await
            .context("could not read the key of email links")?;
        let notifier = Notifier::new(
            Arc::clone(&store),
            Arc::clone(&sites),
            Mailer::from_settings(&settings).context("the email settings")?,
            Links::new(&links_key, &public.url("")),
            std::time::Duration::from_secs(settings.webhook_retry_secs),
            settings.webhook_private_addresses,
        );
        let spam_key = store
            .server_secret("spam", &crate::domain::token::new_secret())
            .await
            .context("could not read the key of challenges")?;
        let faces = Arc::new(crate::domain::faces::Faces::new(
            &store
                .server_secret("faces", &crate::domain::token::new_secret())
                .await
                .context("could not read the key of identicons")?,
        ));
        let blocks = Arc::new(
            Blocks::load(Arc::clone(&store))
                .await
                .context("could not load the blocks")?,
        );
        let filters = Arc::new(
            SiteFilters::load(Arc::clone(&store))
                .await
                .context("could not load the word filters")?,
        );
        let streams = StreamSlots::new(settings.max_streams_per_address, settings.max_streams);
        let settings = Arc::new(settings);
        let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let guards = Guards {
            limits: Arc::new(RateLimits::new(&settings)),
            blocks,
            filters,
            refusals: Arc::default(),
            duplicates: Duplicates::default(),
            used_challenges: Arc::default(),
            streams,
            spam_keys: crate::domain::spam::SpamKeys::new(&spam_key),
            policy: Policy::new(Arc::clone(&settings)),
            passwords: Turns::new("passwords", cpus / 2, 16),
            renders: Turns::new("renders", cpus, 64),
        };
        let caches = Arc::new(Caches::new(settings.cache_mib.saturating_mul(1 << 20)));
        let live = Arc::new(Live::new(
            Arc::clone(&store),
            Arc::clone(&caches),
            relay,
            Arc::clone(&faces),
            Arc::clone(&sites),
        ));
        live.hub.pass(watermark);
        let state = AppState::new(Services {
            writer: CommentWriter::start(Arc::clone(&store)),
            store: Arc::clone(&store),
            sites,
            live,
            caches,
            guards,
            settings,
            public: Arc::new(public),
            metrics: crate::http::metrics::Metrics::default(),
            notifier,
            faces,
            oidc: Arc::new(
                crate::http::oidc::flow::Flows::new()
                    .context("could not make the OpenID providers' HTTP client")?,
            ),
        });
        Ok(Self { state })
    }

    pub fn store(&self) -> Arc<dyn Store> {
        self.state.store.clone()
    }

    pub fn sites(&self) -> Arc<Sites> {
        self.state.sites.clone()
    }

    pub fn filters(&self) -> Arc<SiteFilters> {
        self.state.guards.filters.clone()
    }

    /// Serves until `shutdown` resolves; then live streams end and requests in flight finish.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // Subscribed before the log's reader starts, so no change it reads goes unheard.
        let settings_changes = self.state.live.settings_changes();
        // Listening to the other nodes comes before serving (see `relay::start`).
        let relay_task = relay::start(self.state.live.clone()).await;
        let background = [
            tokio::spawn(self.state.sites.clone().keep_fresh()),
            tokio::spawn({
                let limits = self.state.guards.limits.clone();
                async move { limits.forget_idle_addresses().await }
            }),
            tokio::spawn({
                let state = self.state.clone();
                async move {
                    let mut minutes = tokio::time::interval(std::time::Duration::from_secs(60));
                    loop {
                        minutes.tick().await;
                        state.guards.duplicates.forget_old();
                        state.guards.used_challenges.forget_old();
                    }
                }
            }),
            tokio::spawn(self.state.guards.blocks.clone().keep_fresh()),
            tokio::spawn(
                self.state
                    .guards
                    .refusals
                    .clone()
                    .keep_written(self.state.store.clone()),
            ),
            tokio::spawn(self.state.caches.clone().keep_swept()),
            tokio::spawn(crate::os::keep_giving_back(std::time::Duration::from_secs(
                15,
            ))),
            tokio::spawn(purge_deleted_text(self.state.store.clone())),
            tokio::spawn(purge_personal_data(
                self.state.store.clone(),
                self.state.settings.address_retention_days,
            )),
            relay_task,
            tokio::spawn(crate::live::tail::run(self.state.live.clone())),
            tokio::spawn(crate::live::tail::forget_old(
                self.state.live.clone(),
                self.state.settings.live_log_minutes,
            )),
            tokio::spawn(reload_on_changes(self.state.clone(), settings_changes)),
            tokio::spawn(self.state.notifier.clone().run()),
        ];
        let hub = self.state.live.hub.clone();
        let header_read_timeout =
            std::time::Duration::from_secs(self.state.settings.header_read_timeout_secs);
        let served = crate::http::accept::run(
            listener,
            crate::http::service(self.state.clone()),
            header_read_timeout,
            async move {
                shutdown.await;
                hub.close();
            },
        )
        .await
        .context("the HTTP server failed");
        background.iter().for_each(tokio::task::JoinHandle::abort);
        if let Err(error) = self
            .state
            .guards
            .refusals
            .write(self.state.store.as_ref())
            .await
        {
            tracing::warn!(%error, "could not write the refused posts' counts");
        }
        served
    }
}

/// Reads the sites, blocks and filters again when the change log shows one changed; a read
/// that fails (the database away for a moment) is tried again each second until it succeeds,
/// so a change is never left unapplied until the next one.
async fn reload_on_changes(state: AppState, mut changes: tokio::sync::watch::Receiver<u64>) {
    while changes.changed().await.is_ok() {
        while let Err(error) = reload_settings(&state).await {
            tracing::warn!(%error, "could not read the changed settings; trying again");
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }
}

async fn reload_settings(state: &AppState) -> crate::store::StoreResult<()> {
    state.sites.reload().await?;
    state.guards.blocks.reload().await?;
    state.guards.filters.reload().await
}

/// Every hour, forgets the text of comments moderators deleted more than 30 days ago (the
/// restore window); until then it is kept, hidden from every public answer.
async fn purge_deleted_text(store: Arc<dyn Store>) {
    let mut hours = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hours.tick().await;
        let before = time::OffsetDateTime::now_utc() - time::Duration::days(RESTORE_DAYS);
        match store.purge_deleted(before).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "forgot the text of comments deleted 30 days ago"),
            Err(error) => tracing::warn!(%error, "could not purge deleted comments"),
        }
    }
}

/// Every hour, forgets what identifies readers once `address_retention_days` have passed:
/// the address hashes of comments, sent webhook calls and emails, addresses never confirmed;
/// and blocks that ended, and sign-in links past their time.
async fn purge_personal_data(store: Arc<dyn Store>, retention_days: u32) {
    let mut hours = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hours.tick().await;
        let now = time::OffsetDateTime::now_utc();
        let before = now - time::Duration::days(i64::from(retention_days));
        match store.purge_personal_data(before, now).await {
            Ok(purged) if purged == crate::store::spam::Purged::default() => {}
            Ok(purged) => tracing::info!(
                address_hashes = purged.address_hashes,
                blocks = purged.blocks,
                messages = purged.messages,
                "forgot personal data past its retention"
            ),
            Err(error) => tracing::warn!(%error, "could not purge personal data"),
        }
        match store.forget_unconfirmed(before).await {
            Ok(0) => {}
            Ok(forgotten) => tracing::info!(forgotten, "forgot email addresses never confirmed"),
            Err(error) => tracing::warn!(%error, "could not forget unconfirmed addresses"),
        }
        if let Err(error) = store.forget_expired_signins(now).await {
            tracing::warn!(%error, "could not forget expired sign-in links");
        }
    }
}

async fn ensure_demo_site(store: &dyn Store, own: Vec<String>) -> anyhow::Result<()> {
    let existing = store
        .list_sites()
        .await?
        .into_iter()
        .find(|site| site.id == "demo");
    match existing {
        None => {
            let site = Site {
                id: "demo".into(),
                origins: own,
                moderation: Moderation::Post,
                edit_window_minutes: None,
                spam: Default::default(),
                crawlable: false,
                votes: Default::default(),
                lang: Default::default(),
                gravatar: false,
                close_after_days: None,
                report_threshold: None,
                readers: Default::default(),
            };
            store.insert_site(&site).await?;
        }
        Some(mut site) if own.iter().any(|origin| !site.origins.contains(origin)) => {
            for origin in own {
                if !site.origins.contains(&origin) {
                    site.origins.push(origin);
                }
            }
            store.update_site(&site, None).await?;
        }
        Some(_) => {}
    }
    Ok(())
}

fn warn_if_widget_missing(settings: &Settings) {
    // `None`: the widget is in the binary.
    let Some(folder) = crate::http::widget_folder(settings) else {
        return;
    };
    for name in crate::http::WIDGET_FILES {
        let path = folder.join(name);
        if !path.is_file() {
            tracing::warn!(path = %path.display(), "widget file missing: build it with scripts/build-widget");
        }
    }
}
