//! Blocking from `/admin`: a moderator blocks the address or the email a comment was posted
//! with, on that comment's site, for a day, a week or a month; and lifts a block early.
//! Both are written to the audit log, and every node applies them within seconds. The block
//! form beside each comment and the list of blocks in force are the dashboard's, drawn here.

use axum::extract::{Form, State};
use axum::response::Redirect;
use maud::{Markup, html};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::Filter;
use super::pages::Dashboard;
use crate::domain::InvalidField;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiPath;
use crate::store::records::rfc3339;
use crate::store::spam::{Block, BlockKind};
use crate::store::{AuditEntry, CommentRecord};

/// The lengths offered, in days.
pub const DAYS: [i64; 3] = [1, 7, 30];

#[derive(Deserialize)]
pub struct BlockForm {
    kind: String,
    days: i64,
    #[serde(flatten)]
    filter: Filter,
}

pub async fn block_poster(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath(id): ApiPath<i64>,
    Form(form): Form<BlockForm>,
) -> Result<Redirect, ApiError> {
    let kind = BlockKind::parse(&form.kind).ok_or_else(|| {
        InvalidField::new(
            "kind",
            "Block an `address`, an `email` or a signed-in `reader`.",
        )
    })?;
    if !DAYS.contains(&form.days) {
        return Err(InvalidField::new("days", "Block for 1, 7 or 30 days.").into());
    }
    let poster = state.store.poster_hashes(id).await?;
    moderator.require_site(&poster.site)?;
    let hash = match kind {
        BlockKind::Address => poster.address_hash,
        BlockKind::Email => poster.email_hash,
        BlockKind::Reader => poster
            .reader_id
            .map(crate::domain::reader::reader_block_key),
    }
    .ok_or_else(|| {
        InvalidField::new(
            "kind",
            format!(
                "This comment has no {} to block (none given, or no longer kept).",
                kind.as_str()
            ),
        )
    })?;
    let now = OffsetDateTime::now_utc();
    let until = now + Duration::days(form.days);
    state
        .store
        .add_block(&Block {
            id: 0,
            site: poster.site.clone(),
            kind,
            hash,
            until,
            created_by: moderator.0.name.clone(),
            comment: Some(id),
            created_at: now,
        })
        .await?;
    audit(
        &state,
        &moderator,
        "block",
        &poster.site,
        Some(id),
        kind,
        until,
    )
    .await?;
    state.guards.blocks.reload().await?;
    Ok(Redirect::to(&form.filter.normalized().url(&state.public)))
}

pub async fn unblock(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath(id): ApiPath<i64>,
    Form(filter): Form<Filter>,
) -> Result<Redirect, ApiError> {
    let block = state.store.block(id).await.map_err(|error| match error {
        crate::store::StoreError::NotFound => ApiError::NotFound,
        other => other.into(),
    })?;
    moderator.require_site(&block.site)?;
    state.store.remove_block(id).await?;
    let now = OffsetDateTime::now_utc();
    audit(
        &state,
        &moderator,
        "unblock",
        &block.site,
        block.comment,
        block.kind,
        now,
    )
    .await?;
    state.guards.blocks.reload().await?;
    Ok(Redirect::to(&filter.normalized().url(&state.public)))
}

async fn audit(
    state: &AppState,
    moderator: &ModeratorAuth,
    action: &str,
    site: &str,
    comment: Option<i64>,
    kind: BlockKind,
    until: OffsetDateTime,
) -> Result<(), ApiError> {
    let entry = AuditEntry {
        at: OffsetDateTime::now_utc(),
        actor: moderator.0.name.clone(),
        action: format!("{action}_{}", kind.as_str()),
        site: Some(site.to_owned()),
        comment,
        before: None,
        after: Some(format!("until {}", rfc3339(until))),
    };
    Ok(state.store.append_audit(&entry).await?)
}

impl Dashboard<'_> {
    /// Blocks the address or email of a comment's poster on its site.
    pub(super) fn block_form(&self, comment: &CommentRecord) -> Markup {
        let (id, w) = (comment.id, self.words);
        html! {
            form method="post" action=(format!("{}/admin/comments/{id}/block", self.root)) class="block" {
                input type="hidden" name="site" value=(self.filter.site.as_deref().unwrap_or(""));
                input type="hidden" name="page" value=(self.filter.page.as_deref().unwrap_or(""));
                label for=(format!("block-kind-{id}")) { (w.t("block")) }
                select id=(format!("block-kind-{id}")) name="kind" {
                    option value="address" { (w.t("this_address")) }
                    option value="email" { (w.t("this_email")) }
                    @if comment.reader_id.is_some() { option value="reader" { (w.t("this_reader")) } }
                }
                label for=(format!("block-days-{id}")) { (w.t("block_for")) }
                select id=(format!("block-days-{id}")) name="days" {
                    @for days in super::blocking::DAYS {
                        option value=(days) { @if days == 1 { (w.t("one_day")) } @else { (w.f("n_days", &[("n", &days)])) } }
                    }
                }
                button type="submit" class="block" { (w.t("block")) }
            }
        }
    }

    pub(super) fn blocked(&self) -> Markup {
        let w = self.words;
        html! {
            section aria-labelledby="blocks-title" {
                h2 id="blocks-title" { (w.f("blocked_title", &[("n", &self.blocks.len())])) }
                @if self.blocks.is_empty() { p class="empty" { (w.t("none_blocked")) } }
                table class="blocks" {
                    thead { tr { th { (w.t("site")) } th { (w.t("what")) } th { (w.t("until")) } th { (w.t("by")) } th { (w.t("from_comment")) } th { "" } } }
                    tbody {
                        @for block in &self.blocks {
                            tr {
                                td { (block.site) }
                                td { (w.t(&format!("kind_{}", block.kind.as_str()))) " " code { (block.hash.get(..12).unwrap_or(&block.hash)) } }
                                td { time datetime=(rfc3339(block.until)) { (rfc3339(block.until)) } }
                                td { (block.created_by) }
                                td { @if let Some(id) = block.comment { "#" (id) } }
                                td {
                                    form method="post" action=(format!("{}/admin/blocks/{}/remove", self.root, block.id)) {
                                        input type="hidden" name="site" value=(self.filter.site.as_deref().unwrap_or(""));
                                        input type="hidden" name="page" value=(self.filter.page.as_deref().unwrap_or(""));
                                        button type="submit" class="unblock" { (w.t("unblock")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
