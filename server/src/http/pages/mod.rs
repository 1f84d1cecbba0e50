//! What the server renders for people rather than for the widget's script: `/admin`, the
//! pages behind email links, and the widget's files with the demo article.

pub mod admin;
pub mod assets;
mod email_claim;
mod email_confirm;
pub mod email_links;
pub mod email_words;

use axum::Router;

use crate::http::AppState;
use crate::settings::{PublicUrl, Settings};

pub fn router(settings: &Settings, public: &PublicUrl) -> Router<AppState> {
    Router::new()
        .merge(assets::router(settings, public))
        .merge(admin::router(public))
        .merge(email_links::router())
}
