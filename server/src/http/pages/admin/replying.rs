//! A moderator replies from `/admin`: under each published comment, a reply form (folded in a
//! `details`, so the page stays short) that posts through the API's
//! `moderator_reply`: published at once, with the moderator's name and mark.

use axum::extract::{Form, State};
use axum::response::Redirect;
use maud::{Markup, html};
use parlons_shared::CommentStatus;
use serde::Deserialize;

use super::Filter;
use super::pages::Dashboard;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::api::replies::moderator_reply;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiPath;
use crate::store::CommentRecord;

#[derive(Deserialize)]
pub struct ReplyForm {
    text: String,
    #[serde(flatten)]
    filter: Filter,
}

/// `POST /admin/comments/{id}/reply`, then back to the list.
pub async fn reply(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath(id): ApiPath<i64>,
    Form(form): Form<ReplyForm>,
) -> Result<Redirect, ApiError> {
    moderator_reply(&state, &moderator, id, &form.text).await?;
    Ok(Redirect::to(&form.filter.normalized().url(&state.public)))
}

impl Dashboard<'_> {
    /// The reply form of a published comment (nothing for others).
    pub(super) fn reply_form(&self, comment: &CommentRecord) -> Markup {
        if comment.status != CommentStatus::Published {
            return html! {};
        }
        let (id, w) = (comment.id, self.words);
        html! {
            details class="reply" {
                summary { (w.t("reply")) }
                form method="post" action=(format!("{}/admin/comments/{id}/reply", self.root)) {
                    input type="hidden" name="site" value=(self.filter.site.as_deref().unwrap_or(""));
                    input type="hidden" name="page" value=(self.filter.page.as_deref().unwrap_or(""));
                    label for=(format!("reply-{id}")) { (w.t("your_reply")) }
                    textarea id=(format!("reply-{id}")) name="text" rows="3" maxlength="10000" required {}
                    p class="hint" { (w.t("reply_hint")) }
                    button type="submit" class="send-reply" { (w.t("send_reply")) }
                }
            }
        }
    }
}
