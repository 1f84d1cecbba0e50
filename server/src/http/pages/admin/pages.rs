//! The HTML of `/admin` (maud escapes every value; only comment HTML, already sanitized on
//! write, is inserted as markup).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::Filter;
use crate::domain::site::Site;
use crate::store::records::rfc3339;
use crate::store::spam::Block;
use crate::store::{AuditEntry, CommentRecord, ReportSummary};

pub const CSS: &str = include_str!("../../../../assets/admin.css");
pub const JS: &str = include_str!("../../../../assets/admin.js");
pub const WRONG_CREDENTIALS: &str =
    "That name and password do not match. Check them and try again.";
pub const TOO_MANY_ATTEMPTS: &str = "Too many sign-in attempts. Wait a minute, then try again.";

/// A page of `/admin`; `root` is the path the server is served under (`""`, `/comments`).
pub(super) fn layout(root: &str, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Parlons" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href={ (root) "/admin/admin.css" };
                script src={ (root) "/admin/admin.js" } defer {}
            }
            body { (body) }
        }
    }
}

pub fn sign_in(root: &str, error: Option<&str>) -> Markup {
    layout(
        root,
        "Sign in",
        html! {
            main class="narrow" {
                h1 { "Parlons moderation" }
                form method="post" action={ (root) "/admin/sign-in" } class="sign-in" {
                    @if let Some(error) = error {
                        p class="error" role="alert" { (error) }
                    }
                    label for="name" { "Name" }
                    input id="name" name="name" autocomplete="username" required autofocus;
                    label for="password" { "Password" }
                    input id="password" name="password" type="password" autocomplete="current-password" required;
                    button type="submit" { "Sign in" }
                }
            }
        },
    )
}

/// Everything the signed-in page shows.
pub struct Dashboard<'a> {
    /// The path the server is served under (`""`, `/comments`).
    pub root: &'a str,
    pub moderator: &'a str,
    pub sites: &'a [String],
    pub filter: &'a Filter,
    pub pending: Vec<CommentRecord>,
    pub published: Vec<CommentRecord>,
    pub deleted: Vec<CommentRecord>,
    pub audit: Vec<AuditEntry>,
    pub origins: Vec<Site>,
    /// Blocks in force on the sites shown.
    pub blocks: Vec<Block>,
    /// The thread filtered on (one site and one page).
    pub thread: Option<super::threads::ThreadView>,
    /// The word filters of the site filtered on.
    pub filters: Option<super::filtering::FiltersView>,
    /// Comments with readers' reports not dismissed.
    pub reported: Vec<ReportSummary>,
    /// The site filtered on, when the moderator manages it.
    pub managed: Option<String>,
}

impl Dashboard<'_> {
    pub fn render(&self) -> Markup {
        let root = self.root;
        layout(
            root,
            "Moderation",
            html! {
                header class="bar" {
                    strong { "Parlons moderation" }
                    span { "Signed in as " (self.moderator) }
                    a href={ (root) "/admin/stats" } { "Statistics" }
                    @if let Some(site) = &self.managed { a href={ (root) "/admin/sites/" (site) } { "Manage " (site) } }
                    a href={ (root) "/admin/deliveries" } { "Webhook deliveries" }
                    form method="post" action={ (root) "/admin/sign-out" } { button type="submit" class="link" { "Sign out" } }
                }
                main {
                    (self.filters())
                    section aria-labelledby="queue-title" {
                        h2 id="queue-title" { "Waiting for approval (" (self.pending.len()) ")" }
                        p class="hint" { "Keys: j / k next and previous, a approve, d delete." }
                        @if self.pending.is_empty() { p class="empty" { "Nothing waits for approval." } }
                        ol class="queue" {
                            @for comment in &self.pending { (self.item(comment, &["approve", "delete"], None)) }
                        }
                    }
                    section aria-labelledby="reported-title" {
                        h2 id="reported-title" { "Reported by readers (" (self.reported.len()) ")" }
                        @if self.reported.is_empty() { p class="empty" { "No comment is reported." } }
                        ol class="reported" {
                            @for summary in &self.reported {
                                (self.item(&summary.comment, reported_actions(&summary.comment), Some(reports(summary))))
                            }
                        }
                    }
                    section aria-labelledby="recent-title" {
                        h2 id="recent-title" { "Recently published" }
                        ol class="recent" {
                            @for comment in &self.published {
                                (self.item(comment, recent_actions(comment), None))
                            }
                        }
                    }
                    @if let Some(thread) = &self.thread { (super::threads::markup(root, thread)) }
                    section aria-labelledby="deleted-title" {
                        h2 id="deleted-title" { "Deleted (restorable for 30 days)" }
                        ol class="deleted" {
                            @for comment in self.deleted.iter().filter(|c| !c.source.is_empty()) {
                                (self.item(comment, &["restore"], None))
                            }
                        }
                    }
                    (self.blocked())
                    @if let Some(filters) = &self.filters { (super::filtering::markup(root, filters)) }
                    section aria-labelledby="audit-title" {
                        h2 id="audit-title" { "Audit log" }
                        table class="audit" {
                            thead { tr { th { "When" } th { "Who" } th { "Action" } th { "Site" } th { "Comment" } th { "Before → after" } } }
                            tbody {
                                @for entry in &self.audit {
                                    tr {
                                        td { time datetime=(rfc3339(entry.at)) { (rfc3339(entry.at)) } }
                                        td { (entry.actor) }
                                        td { (entry.action) }
                                        td { (entry.site.as_deref().unwrap_or("")) }
                                        td { @if let Some(id) = entry.comment { "#" (id) } }
                                        td class="change" { (entry.before.as_deref().unwrap_or("")) " → " (entry.after.as_deref().unwrap_or("")) }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        )
    }

    fn filters(&self) -> Markup {
        html! {
            form method="get" action={ (self.root) "/admin" } class="filters" {
                label for="filter-site" { "Site" }
                select id="filter-site" name="site" {
                    option value="" { "All my sites" }
                    @for site in self.sites {
                        option value=(site) selected[self.filter.site.as_deref() == Some(site.as_str())] { (site) }
                    }
                }
                label for="filter-page" { "Page" }
                input id="filter-page" name="page" value=(self.filter.page.as_deref().unwrap_or("")) placeholder="/article";
                button type="submit" { "Filter" }
            }
        }
    }

    /// A comment with its actions, and `about` it (its reports) when there is something.
    fn item(&self, comment: &CommentRecord, actions: &[&str], about: Option<Markup>) -> Markup {
        let link = self
            .origins
            .iter()
            .find(|s| s.id == comment.site)
            .and_then(|site| site.comment_url(&comment.page, comment.id));
        html! {
            li class="item" tabindex="0" data-id=(comment.id) {
                p class="meta" {
                    // Names and texts in any script: each is laid out in its own direction.
                    bdi { strong { (comment.author.as_deref().unwrap_or("Anonymous")) } }
                    @if comment.pinned { " " span class="badge" { "Pinned" } }
                    " on " (comment.site) " · "
                    @match &link {
                        Some(link) => a href=(link) target="_blank" rel="noopener" { (comment.page) },
                        None => span { (comment.page) },
                    }
                    " · " time datetime=(rfc3339(comment.created_at)) { (rfc3339(comment.created_at)) }
                }
                div class="body" dir="auto" { (PreEscaped(&comment.html)) }
                @if let Some(about) = about { (about) }
                div class="actions" {
                    @for action in actions {
                        form method="post" action=(format!("{}/admin/comments/{}/{action}", self.root, comment.id)) {
                            input type="hidden" name="site" value=(self.filter.site.as_deref().unwrap_or(""));
                            input type="hidden" name="page" value=(self.filter.page.as_deref().unwrap_or(""));
                            input type="hidden" name="version" value=(comment.version());
                            button type="submit" class=(action) data-action=(action) { (label(action)) }
                        }
                    }
                    @if actions.contains(&"delete") { (self.block_form(comment)) }
                }
            }
        }
    }
}

impl Dashboard<'_> {
    /// Blocks the address or email of a comment's poster on its site.
    fn block_form(&self, comment: &CommentRecord) -> Markup {
        let id = comment.id;
        html! {
            form method="post" action=(format!("{}/admin/comments/{id}/block", self.root)) class="block" {
                input type="hidden" name="site" value=(self.filter.site.as_deref().unwrap_or(""));
                input type="hidden" name="page" value=(self.filter.page.as_deref().unwrap_or(""));
                label for=(format!("block-kind-{id}")) { "Block" }
                select id=(format!("block-kind-{id}")) name="kind" {
                    option value="address" { "this address" }
                    option value="email" { "this email" }
                }
                label for=(format!("block-days-{id}")) { "for" }
                select id=(format!("block-days-{id}")) name="days" {
                    @for days in super::blocking::DAYS {
                        option value=(days) { (days) @if days == 1 { " day" } @else { " days" } }
                    }
                }
                button type="submit" class="block" { "Block" }
            }
        }
    }

    fn blocked(&self) -> Markup {
        html! {
            section aria-labelledby="blocks-title" {
                h2 id="blocks-title" { "Blocked (" (self.blocks.len()) ")" }
                @if self.blocks.is_empty() { p class="empty" { "No address or email is blocked." } }
                table class="blocks" {
                    thead { tr { th { "Site" } th { "What" } th { "Until" } th { "By" } th { "From comment" } th { "" } } }
                    tbody {
                        @for block in &self.blocks {
                            tr {
                                td { (block.site) }
                                td { (block.kind.as_str()) " " code { (block.hash.get(..12).unwrap_or(&block.hash)) } }
                                td { time datetime=(rfc3339(block.until)) { (rfc3339(block.until)) } }
                                td { (block.created_by) }
                                td { @if let Some(id) = block.comment { "#" (id) } }
                                td {
                                    form method="post" action=(format!("{}/admin/blocks/{}/remove", self.root, block.id)) {
                                        input type="hidden" name="site" value=(self.filter.site.as_deref().unwrap_or(""));
                                        input type="hidden" name="page" value=(self.filter.page.as_deref().unwrap_or(""));
                                        button type="submit" class="unblock" { "Unblock" }
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

fn label(action: &str) -> &'static str {
    match action {
        "approve" => "Approve",
        "delete" => "Delete",
        "pin" => "Pin to the top",
        "unpin" => "Unpin",
        "dismiss" => "Dismiss reports",
        _ => "Restore",
    }
}

/// A reported comment: its reports dismissed, or it deleted (approved first when its
/// reports sent it back to waiting).
fn reported_actions(comment: &CommentRecord) -> &'static [&'static str] {
    if comment.status == parlons_shared::CommentStatus::Pending {
        &["approve", "delete", "dismiss"]
    } else {
        &["dismiss", "delete"]
    }
}

/// How many reported a comment, why, and their notes (plain text).
fn reports(summary: &ReportSummary) -> Markup {
    html! {
        p class="reports" {
            strong { (summary.reports) @if summary.reports == 1 { " report" } @else { " reports" } }
            @for (reason, count) in &summary.reasons { " · " (reason.replace('_', " ")) " " (count) }
        }
        @if !summary.notes.is_empty() {
            ul class="notes" { @for note in &summary.notes { li dir="auto" { (note) } } }
        }
    }
}

/// A published comment may be deleted; a top-level one pinned, or unpinned.
fn recent_actions(comment: &CommentRecord) -> &'static [&'static str] {
    match (comment.parent, comment.pinned) {
        (_, true) => &["delete", "unpin"],
        (None, false) => &["delete", "pin"],
        (Some(_), false) => &["delete"],
    }
}
