//! The HTML of `/admin` (maud escapes every value; only comment HTML, already sanitized on
//! write, is inserted as markup).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::Filter;
use super::words::{LANGUAGES, Words};
use crate::domain::site::Site;
use crate::store::records::rfc3339;
use crate::store::spam::Block;
use crate::store::{AuditEntry, CommentRecord, ReportSummary};

pub const CSS: &str = include_str!("../../../../assets/admin.css");
pub const JS: &str = include_str!("../../../../assets/admin.js");
/// A page of `/admin` in `w`'s language and direction; `root` is the path the server is
/// served under (`""`, `/comments`). Its foot holds the language switch.
pub(super) fn layout(root: &str, w: &Words, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(w.lang) dir=(w.dir) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Parlons" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href={ (root) "/admin/admin.css" };
                script src={ (root) "/admin/admin.js" } defer {}
            }
            body {
                (body)
                footer {
                    form method="post" action={ (root) "/admin/language" } class="inline" {
                        label for="language" { (w.t("language")) }
                        select id="language" name="lang" {
                            @for lang in LANGUAGES {
                                option value=(lang) lang=(lang) selected[lang == w.lang] { (Words::of(lang).t("language_name")) }
                            }
                        }
                        button type="submit" { (w.t("change_language")) }
                    }
                }
            }
        }
    }
}

/// The sign-in form; `error` is a key of the words.
pub fn sign_in(root: &str, w: &Words, error: Option<&str>) -> Markup {
    layout(
        root,
        w,
        w.t("sign_in"),
        html! {
            main class="narrow" {
                h1 { (w.t("parlons_moderation")) }
                form method="post" action={ (root) "/admin/sign-in" } class="sign-in" {
                    @if let Some(error) = error {
                        p class="error" role="alert" { (w.t(error)) }
                    }
                    label for="name" { (w.t("name_label")) }
                    input id="name" name="name" autocomplete="username" required autofocus;
                    label for="password" { (w.t("password")) }
                    input id="password" name="password" type="password" autocomplete="current-password" required;
                    button type="submit" { (w.t("sign_in")) }
                }
            }
        },
    )
}

/// Everything the signed-in page shows.
pub struct Dashboard<'a> {
    /// The path the server is served under (`""`, `/comments`).
    pub root: &'a str,
    pub words: &'static Words,
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
    /// How the signed-in readers among the comments' authors signed in.
    pub known: std::collections::HashMap<i64, crate::domain::reader::Known>,
}

impl Dashboard<'_> {
    pub fn render(&self) -> Markup {
        let (root, w) = (self.root, self.words);
        layout(
            root,
            w,
            w.t("moderation"),
            html! {
                header class="bar" {
                    strong { (w.t("parlons_moderation")) }
                    span { (w.f("signed_in_as", &[("name", &self.moderator)])) }
                    a href={ (root) "/admin/stats" } { (w.t("statistics")) }
                    @if let Some(site) = &self.managed { a href={ (root) "/admin/sites/" (site) } { (w.f("manage_site", &[("site", site)])) } }
                    a href={ (root) "/admin/deliveries" } { (w.t("webhook_deliveries")) }
                    form method="post" action={ (root) "/admin/sign-out" } { button type="submit" class="link" { (w.t("sign_out")) } }
                }
                main {
                    (self.filters())
                    section aria-labelledby="queue-title" {
                        h2 id="queue-title" { (w.f("waiting_title", &[("n", &self.pending.len())])) }
                        p class="hint" { (w.t("keys_hint")) }
                        @if self.pending.is_empty() { p class="empty" { (w.t("nothing_waits")) } }
                        ol class="queue" {
                            @for comment in &self.pending { (self.item(comment, &["approve", "delete"], None)) }
                        }
                    }
                    section aria-labelledby="reported-title" {
                        h2 id="reported-title" { (w.f("reported_title", &[("n", &self.reported.len())])) }
                        @if self.reported.is_empty() { p class="empty" { (w.t("none_reported")) } }
                        ol class="reported" {
                            @for summary in &self.reported {
                                (self.item(&summary.comment, reported_actions(&summary.comment), Some(reports(w, summary))))
                            }
                        }
                    }
                    section aria-labelledby="recent-title" {
                        h2 id="recent-title" { (w.t("recent_title")) }
                        ol class="recent" {
                            @for comment in &self.published {
                                (self.item(comment, recent_actions(comment), None))
                            }
                        }
                    }
                    @if let Some(thread) = &self.thread { (super::threads::markup(root, w, thread)) }
                    section aria-labelledby="deleted-title" {
                        h2 id="deleted-title" { (w.t("deleted_title")) }
                        ol class="deleted" {
                            @for comment in self.deleted.iter().filter(|c| !c.source.is_empty()) {
                                (self.item(comment, &["restore"], None))
                            }
                        }
                    }
                    (self.blocked())
                    @if let Some(filters) = &self.filters { (super::filtering::markup(root, w, filters)) }
                    section aria-labelledby="audit-title" {
                        h2 id="audit-title" { (w.t("audit_title")) }
                        table class="audit" {
                            thead { tr { th { (w.t("when")) } th { (w.t("who")) } th { (w.t("action")) } th { (w.t("site")) } th { (w.t("comment")) } th { (w.t("before_after")) } } }
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
        let w = self.words;
        html! {
            form method="get" action={ (self.root) "/admin" } class="filters" {
                label for="filter-site" { (w.t("site")) }
                select id="filter-site" name="site" {
                    option value="" { (w.t("all_my_sites")) }
                    @for site in self.sites {
                        option value=(site) selected[self.filter.site.as_deref() == Some(site.as_str())] { (site) }
                    }
                }
                label for="filter-page" { (w.t("page")) }
                input id="filter-page" name="page" value=(self.filter.page.as_deref().unwrap_or("")) placeholder="/article";
                button type="submit" { (w.t("filter")) }
            }
        }
    }

    /// A comment with its actions, and `about` it (its reports) when there is something.
    fn item(&self, comment: &CommentRecord, actions: &[&str], about: Option<Markup>) -> Markup {
        let w = self.words;
        let link = self
            .origins
            .iter()
            .find(|s| s.id == comment.site)
            .and_then(|site| site.comment_url(&comment.page, comment.id));
        html! {
            li class="item" tabindex="0" data-id=(comment.id) {
                p class="meta" {
                    // Names and texts in any script: each is laid out in its own direction.
                    bdi { strong { (comment.author.as_deref().unwrap_or(w.t("anonymous"))) } }
                    @if comment.pinned { " " span class="badge" { (w.t("pinned")) } }
                    @if let Some(badge) = comment.badge { " " span class="badge" { (w.t(&format!("badge_{}", badge.as_str()))) } }
                    // A reader who signed in (by a link mailed to them, or at the site's
                    // provider): the same person on each comment so marked, and how; the
                    // others are known by what they typed only.
                    @if let Some(reader) = comment.reader_id {
                        " " span class="badge" { (w.t(match self.known.get(&reader) {
                            Some(crate::domain::reader::Known::Provider) => "known_provider",
                            _ => "known_email",
                        })) }
                    }
                    " · " (comment.site) " · "
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
                            button type="submit" class=(action) data-action=(action) { (w.t(label(action))) }
                        }
                    }
                    @if actions.contains(&"delete") { (self.block_form(comment)) }
                }
                (self.reply_form(comment))
            }
        }
    }
}

/// The words' key of an action's button.
fn label(action: &str) -> &'static str {
    match action {
        "approve" => "approve",
        "delete" => "delete",
        "pin" => "pin",
        "unpin" => "unpin",
        "dismiss" => "dismiss",
        _ => "restore",
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
fn reports(w: &Words, summary: &ReportSummary) -> Markup {
    html! {
        p class="reports" {
            strong { @if summary.reports == 1 { (w.t("one_report")) } @else { (w.f("n_reports", &[("n", &summary.reports)])) } }
            @for (reason, count) in &summary.reasons { " · " (w.t(&format!("reason_{reason}"))) " " (count) }
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
