//! `/admin/deliveries`: the latest webhook calls of the moderator's sites, with their state
//! (sent, waiting for a retry, failed), attempts and last error.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use maud::html;

use super::pages::layout;
use super::words::{Lang, Words};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::store::notifications::{Channel, Message};
use crate::store::records::rfc3339;

const SHOWN: i64 = 100;

pub(super) async fn show(
    State(state): State<AppState>,
    Lang(w): Lang,
    moderator: Result<ModeratorAuth, ApiError>,
) -> Result<Response, ApiError> {
    let Ok(moderator) = moderator else {
        return Ok(super::sign_in_page(&state, w));
    };
    let sites = super::moderated_sites(&state, &moderator).await?;
    let hooks = state.store.webhooks(None).await?;
    let messages: Vec<Message> = state
        .store
        .recent_messages(Some(&sites), SHOWN)
        .await?
        .into_iter()
        .filter(|message| message.channel == Channel::Webhook)
        .collect();
    let url_of = |message: &Message| {
        hooks
            .iter()
            .find(|hook| hook.id.to_string() == message.destination)
            .map_or(w.t("removed"), |hook| hook.url.as_str())
    };
    let root = state.public.path("");
    let page = layout(
        &root,
        w,
        w.t("webhook_deliveries"),
        html! {
            header class="bar" {
                strong { (w.t("webhook_deliveries")) }
                a href={ (root) "/admin" } { (w.t("back")) }
            }
            main {
                @if messages.is_empty() { p class="empty" { (w.t("no_deliveries")) } }
                table class="deliveries" {
                    thead { tr { th { "#" } th { (w.t("site")) } th { (w.t("event")) } th { (w.t("to")) } th { (w.t("state")) } th { (w.t("attempts")) } th { (w.t("last_error")) } th { (w.t("queued")) } } }
                    tbody {
                        @for message in &messages {
                            tr class=(message.status) {
                                td { (message.id) }
                                td { (message.site) }
                                td { (message.event) }
                                td { (url_of(message)) }
                                td { (state_of(w, message)) }
                                td { (message.attempts) }
                                td { (message.last_error.as_deref().unwrap_or("")) }
                                td { time datetime=(rfc3339(message.created_at)) { (rfc3339(message.created_at)) } }
                            }
                        }
                    }
                }
            }
        },
    );
    Ok(Html(page.into_string()).into_response())
}

fn state_of(w: &Words, message: &Message) -> String {
    match (message.status.as_str(), message.sent_at) {
        ("sent", Some(at)) => w.f("sent_at", &[("at", &rfc3339(at))]),
        ("pending", _) if message.attempts > 0 => {
            w.f("retry_at", &[("at", &rfc3339(message.next_attempt_at))])
        }
        ("pending", _) => w.t("queued_state").to_owned(),
        ("failed", _) => w.t("failed_state").to_owned(),
        (other, _) => other.to_owned(),
    }
}
