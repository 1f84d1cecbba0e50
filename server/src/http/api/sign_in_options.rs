//! `GET /api/v1/readers/options?site=S`: how the site's readers may sign in (a link by email,
//! its own OpenID provider) and who may post; the widget's account panel asks it when opened.

use axum::Json;
use axum::extract::State;
use parlons_shared::{ErrorBody, ProviderOption, SignInOptions};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::extract::{ApiQuery, ReadAllowed};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sign_in_options))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct OptionsParams {
    #[param(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")]
    site: String,
}

/// How readers of the site may sign in, and who may post there.
#[utoipa::path(get, path = "/api/v1/readers/options", tag = "readers", params(OptionsParams),
    responses(
        (status = 200, description = "The site's ways to sign in", body = SignInOptions),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 422, description = "A parameter breaks a limit", body = ErrorBody),
        (status = 429, description = "Too many reads from this address", body = ErrorBody),
    ))]
async fn sign_in_options(
    _: ReadAllowed,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<OptionsParams>,
) -> Result<Json<SignInOptions>> {
    let site_id = parse_site_id(&params.site)?;
    let site = state
        .sites
        .get(&site_id)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    let provider = state.store.provider(&site.id).await?.map(|provider| {
        // Site ids are lowercase letters, digits, `-` and `_`: nothing to escape.
        let start = format!("{}?site={}", state.public.url("/auth/oidc/start"), site.id);
        ProviderOption {
            label: provider.label,
            start,
        }
    });
    Ok(Json(SignInOptions {
        readers: site.readers.as_str().to_owned(),
        email: state.notifier.sends_email(),
        provider,
    }))
}
