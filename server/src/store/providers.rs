//! Sites' own OpenID providers, the sign-ins under way at them, and the readers they sign in.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{AuditEntry, Reader, StoreResult};
use crate::domain::reader::Known;

/// A site's OpenID provider, as its owner set it (`parlons site update --oidc-*`).
#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Provider {
    pub issuer: String,
    pub client_id: String,
    /// Sent to the provider's token endpoint only: never shown, exported or logged.
    pub client_secret: String,
    /// What the widget's button says: "Sign in with {label}".
    pub label: String,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Provider")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"(hidden)")
            .field("label", &self.label)
            .finish()
    }
}

/// A sign-in at a provider under way, kept from its start to its callback.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProviderLogin {
    pub site_id: String,
    pub nonce: String,
    /// The PKCE verifier the code is traded with.
    pub verifier: String,
    /// The page origin the reader token goes back to (one of the site's).
    pub origin: String,
    pub expires_at: OffsetDateTime,
}

/// A site's provider as `parlons migrate-data` carries it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProviderRow {
    pub site_id: String,
    #[sqlx(flatten)]
    pub provider: Provider,
}

#[async_trait]
pub trait ProviderStore: Send + Sync {
    /// The site's provider, if it has one.
    async fn provider(&self, site: &str) -> StoreResult<Option<Provider>>;
    /// Sets the site's provider, or removes it (`None`), with a line in the audit log.
    async fn set_provider(
        &self,
        site: &str,
        provider: Option<&Provider>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Keeps a sign-in under way under a sha256 of its state, unless the site has
    /// `live_at_most` live ones already: then `false`, and nothing is kept.
    async fn add_provider_login(
        &self,
        state_hash: &str,
        login: &ProviderLogin,
        now: OffsetDateTime,
        live_at_most: i64,
    ) -> StoreResult<bool>;
    /// Takes a sign-in under way, once, whatever its time (the caller checks it): `NotFound`
    /// for a state unknown or used.
    async fn take_provider_login(&self, state_hash: &str) -> StoreResult<ProviderLogin>;
    /// How each of these readers signed in (the unknown ones are left out).
    async fn readers_known(&self, reader_ids: &[i64]) -> StoreResult<Vec<(i64, Known)>>;
    /// The reader of `site` known by `subject` at its provider (made at their first sign-in,
    /// named `name`), with `token_hash` as a new browser of theirs.
    async fn sign_in_by_subject(
        &self,
        site: &str,
        subject: &str,
        name: Option<&str>,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Reader>;
}
