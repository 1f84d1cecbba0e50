//! The OpenID Connect authorization code flow with PKCE, by the `openidconnect` crate: each
//! provider's discovery document and keys (fetched again after ten minutes), the address a
//! reader is sent to, and the code traded for an ID token whose issuer, audience, expiry,
//! signature and nonce are checked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessToken, AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, SubjectIdentifier, TokenResponse,
};

use crate::domain::provider::reader_name;
use crate::store::providers::Provider;

/// How long a provider's discovery document and keys are used before being fetched again.
const FRESH_FOR: Duration = Duration::from_secs(600);

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in at the provider failed; the text is for the log.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error("the provider could not be reached or answered badly: {0}")]
    Unreachable(String),
    #[error("the provider refused to trade the code: {0}")]
    CodeRefused(String),
    #[error("the ID token was refused: {0}")]
    TokenRefused(String),
}

/// A sign-in started: where the reader goes, and what their return is checked with.
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// Who the provider says the reader is.
pub struct Identity {
    pub subject: String,
    pub name: Option<String>,
}

/// The providers' documents, by issuer (as many as sites set one), and the HTTP client that
/// fetches them: it follows no redirect, and gives up after ten seconds.
pub struct Flows {
    http: reqwest::Client,
    discovered: Mutex<HashMap<String, (Instant, Arc<CoreProviderMetadata>)>>,
}

impl Flows {
    pub fn new() -> reqwest::Result<Self> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("parlons/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            http,
            discovered: Mutex::default(),
        })
    }

    /// The address that starts the reader's sign-in at `provider`, coming back to `redirect`.
    pub async fn start(&self, provider: &Provider, redirect: &str) -> Result<Started, FlowError> {
        let client = self.client(provider, redirect).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// Trades `code` for an ID token, checks it, and says who signed in.
    pub async fn finish(
        &self,
        provider: &Provider,
        redirect: &str,
        code: &str,
        verifier: String,
        nonce: String,
    ) -> Result<Identity, FlowError> {
        let client = self.client(provider, redirect).await?;
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| FlowError::Unreachable(error.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier))
            .request_async(&self.http)
            .await
            .map_err(|error| FlowError::CodeRefused(error.to_string()))?;
        let refused = |error: &dyn std::fmt::Display| FlowError::TokenRefused(error.to_string());
        let id_token = answer
            .id_token()
            .ok_or_else(|| refused(&"the provider sent no ID token"))?;
        let checks = client.id_token_verifier();
        let claims = id_token
            .claims(&checks, &Nonce::new(nonce))
            .map_err(|error| refused(&error))?;
        if let Some(expected) = claims.access_token_hash() {
            let algorithm = id_token.signing_alg().map_err(|error| refused(&error))?;
            let key = id_token
                .signing_key(&checks)
                .map_err(|error| refused(&error))?;
            let actual = AccessTokenHash::from_token(answer.access_token(), algorithm, key)
                .map_err(|error| refused(&error))?;
            if actual != *expected {
                return Err(refused(
                    &"the access token is not the one the ID token names",
                ));
            }
        }
        let subject = claims.subject().clone();
        let mut name = reader_name([
            claims
                .name()
                .and_then(|name| name.get(None))
                .map(|name| name.as_str()),
            claims.preferred_username().map(|name| name.as_str()),
        ]);
        if name.is_none() {
            // Providers that follow the spec closely give the profile at the user info
            // endpoint only; a reader is signed in without a name when it fails.
            name = self
                .user_info_name(&client, answer.access_token().clone(), subject.clone())
                .await
                .unwrap_or_else(|error| {
                    tracing::info!(%error, "the provider's user info gave no name");
                    None
                });
        }
        Ok(Identity {
            subject: subject.as_str().to_owned(),
            name,
        })
    }

    /// The reader's name at the user info endpoint, for the subject the ID token named.
    async fn user_info_name(
        &self,
        client: &Client,
        access_token: AccessToken,
        subject: SubjectIdentifier,
    ) -> Result<Option<String>, String> {
        let claims: CoreUserInfoClaims = client
            .user_info(access_token, Some(subject))
            .map_err(|error| error.to_string())?
            .request_async(&self.http)
            .await
            .map_err(|error| error.to_string())?;
        Ok(reader_name([
            claims
                .name()
                .and_then(|name| name.get(None))
                .map(|name| name.as_str()),
            claims.preferred_username().map(|name| name.as_str()),
        ]))
    }

    async fn client(&self, provider: &Provider, redirect: &str) -> Result<Client, FlowError> {
        let metadata = self.metadata(&provider.issuer).await?;
        let redirect = RedirectUrl::new(redirect.to_owned())
            .map_err(|error| FlowError::Unreachable(error.to_string()))?;
        Ok(CoreClient::from_provider_metadata(
            (*metadata).clone(),
            ClientId::new(provider.client_id.clone()),
            Some(ClientSecret::new(provider.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// The issuer's discovery document with its keys, fetched when not fetched in the last
    /// ten minutes (a key the provider rotated in is then known within that time).
    async fn metadata(&self, issuer: &str) -> Result<Arc<CoreProviderMetadata>, FlowError> {
        if let Some((at, metadata)) = self.lock().get(issuer)
            && at.elapsed() < FRESH_FOR
        {
            return Ok(Arc::clone(metadata));
        }
        let url = IssuerUrl::new(issuer.to_owned())
            .map_err(|error| FlowError::Unreachable(error.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(url, &self.http)
            .await
            .map_err(|error| FlowError::Unreachable(error.to_string()))?;
        let metadata = Arc::new(metadata);
        let mut discovered = self.lock();
        discovered.retain(|_, (at, _)| at.elapsed() < FRESH_FOR);
        discovered.insert(issuer.to_owned(), (Instant::now(), Arc::clone(&metadata)));
        Ok(metadata)
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Arc<CoreProviderMetadata>)>> {
        self.discovered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
