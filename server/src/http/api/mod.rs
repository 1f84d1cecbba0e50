//! The v1 contract, one file per resource. Each file declares its routes with their
//! OpenAPI documentation (`utoipa-axum`), so a route cannot be served undocumented.

pub mod challenge;
pub mod closing;
pub mod comments;
pub mod counts;
pub mod docs;
pub mod events;
pub mod feeds;
pub mod health;
pub mod moderation;
mod paging;
pub mod posting;
pub mod preview;
pub mod reader_data;
pub mod readers;
pub mod replies;
pub mod reports;
mod review;
pub mod sign_in_options;
pub mod stats;
pub mod threads;
pub mod threads_html;
pub mod votes;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::AppState;

/// Every route of the contract but `/metrics` (which `http` adds beside its registry).
pub fn router() -> OpenApiRouter<AppState> {
    let reads = OpenApiRouter::new()
        .merge(threads::router())
        .merge(counts::router())
        .merge(events::router())
        .merge(feeds::router())
        .merge(challenge::router())
        .merge(threads_html::router())
        .merge(preview::router());
    OpenApiRouter::new()
        .merge(reads)
        .merge(posting::router())
        .merge(comments::router())
        .merge(votes::router())
        .merge(moderation::router())
        .merge(replies::router())
        .merge(closing::router())
        .merge(reports::router())
        .merge(stats::router())
        .merge(readers::router())
        .merge(reader_data::router())
        .merge(sign_in_options::router())
        .routes(routes!(health::healthz))
}
