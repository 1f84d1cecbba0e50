//! From what a file holds to the records the store writes: page keys, safe HTML, what is
//! left out and why, parents before replies.

use std::collections::{HashMap, HashSet};

use parlons_shared::CommentStatus;

use super::page_key::page_key;
use super::record::record;
use super::{Body, Imported, Skipped, Source, State};
use crate::domain::render::{SafeHtml, render, sanitize_html};
use crate::store::ImportRecord;

/// The records to write, in order, and what to tell the operator.
#[derive(Debug, Default)]
pub struct Plan {
    pub records: Vec<ImportRecord>,
    pub report: Report,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Pages with at least one comment to import.
    pub threads: usize,
    pub comments: usize,
    pub replies: usize,
    pub pending: usize,
    /// Deleted comments kept as empty placeholders, because they have replies.
    pub placeholders: usize,
    /// Replies whose parent was left out or is not in the file: attached to the nearest
    /// ancestor that is imported, or to the thread.
    pub reattached: usize,
    pub skipped: Vec<Skipped>,
}

/// A comment that passed the first checks, with its page and safe text.
pub(super) struct Candidate<'a> {
    pub(super) comment: &'a Imported,
    pub(super) page: String,
    pub(super) source: String,
    pub(super) html: SafeHtml,
}

type Parents<'a> = HashMap<&'a str, Option<&'a str>>;

/// Plans the import of `source`. `maps` rewrite URL prefixes (`--map-url FROM=TO`) before
/// page keys are taken from them.
pub fn plan(source: &Source, maps: &[(String, String)]) -> Plan {
    let mut report = Report {
        skipped: source.skipped.clone(),
        ..Report::default()
    };
    let mut candidates: HashMap<&str, Candidate<'_>> = HashMap::new();
    for comment in &source.comments {
        if candidates.contains_key(comment.key.as_str()) {
            report
                .skipped
                .push(Skipped::new(&comment.key, "the same id appears twice"));
            continue;
        }
        match candidate(comment, maps) {
            Ok(candidate) => {
                candidates.insert(&comment.key, candidate);
            }
            Err(reason) => report.skipped.push(Skipped::new(&comment.key, reason)),
        }
    }
    let mut by_key: HashMap<&str, &Imported> = HashMap::new();
    for comment in &source.comments {
        by_key.entry(&comment.key).or_insert(comment);
    }
    let parents: Parents<'_> = candidates
        .iter()
        .map(|(key, candidate)| (*key, nearest_parent(candidate, &candidates, &by_key)))
        .collect();
    let kept = without_lone_deletions(&candidates, &parents, &mut report.skipped);

    let mut records = Vec::with_capacity(kept.len());
    let mut pages = HashSet::new();
    for (key, parent) in parents_first(&kept, &candidates, &parents) {
        let candidate = &candidates[key];
        if parent.map(str::to_owned) != candidate.comment.parent {
            report.reattached += 1;
        }
        pages.insert(candidate.page.as_str());
        let record = record(candidate, parent);
        report.replies += usize::from(parent.is_some());
        report.pending += usize::from(record.status == CommentStatus::Pending);
        report.placeholders += usize::from(record.status == CommentStatus::Deleted);
        records.push(record);
    }
    report.threads = pages.len();
    report.comments = records.len();
    report.skipped.sort_by(|a, b| a.key.cmp(&b.key));
    Plan { records, report }
}

/// A comment with a page and something to show, or why it is left out.
fn candidate<'a>(
    comment: &'a Imported,
    maps: &[(String, String)],
) -> Result<Candidate<'a>, String> {
    if comment.state == State::Spam {
        return Err("marked as spam".into());
    }
    let page = page_key(&comment.url, maps)
        .ok_or_else(|| format!("no usable page in its thread URL {:?}", comment.url))?;
    let (source, html) = match &comment.body {
        Body::Markdown(text) => (text.trim().to_owned(), render(text)),
        Body::Html(text) => (text.trim().to_owned(), sanitize_html(text)),
        Body::Rendered { source, html } => (source.clone(), sanitize_html(html)),
    };
    if comment.state != State::Deleted && (comment.body.is_blank() || html.is_blank()) {
        return Err("empty".into());
    }
    Ok(Candidate {
        comment,
        page,
        source,
        html,
    })
}

/// The nearest ancestor that is imported on the same page: a reply to a spam comment goes
/// to the spam comment's parent; a reply to a comment missing from the file, to the thread.
fn nearest_parent<'a>(
    candidate: &Candidate<'a>,
    candidates: &HashMap<&'a str, Candidate<'a>>,
    by_key: &HashMap<&'a str, &'a Imported>,
) -> Option<&'a str> {
    let mut next = candidate.comment.parent.as_deref();
    // Each step goes one ancestor up; a cycle in a broken file stops after every comment.
    for _ in 0..=by_key.len() {
        let key = next?;
        if let Some((found, parent)) = candidates.get_key_value(key) {
            return (parent.page == candidate.page).then_some(*found);
        }
        next = by_key
            .get(key)
            .and_then(|comment| comment.parent.as_deref());
    }
    None
}

/// Deleted comments stay (as empty placeholders) only above a reply that is imported.
fn without_lone_deletions<'a>(
    candidates: &HashMap<&'a str, Candidate<'a>>,
    parents: &Parents<'a>,
    skipped: &mut Vec<Skipped>,
) -> HashSet<&'a str> {
    let mut kept: HashSet<&str> = candidates
        .iter()
        .filter(|(_, candidate)| candidate.comment.state != State::Deleted)
        .map(|(key, _)| *key)
        .collect();
    let live: Vec<&str> = kept.iter().copied().collect();
    for key in live {
        let mut next = parents[key];
        while let Some(parent) = next {
            if !kept.insert(parent) {
                break;
            }
            next = parents[parent];
        }
    }
    for key in candidates.keys().filter(|key| !kept.contains(*key)) {
        skipped.push(Skipped::new(*key, "deleted, and no reply to keep it for"));
    }
    kept
}

/// The kept comments, oldest first, each after its parent; with the parent it gets.
fn parents_first<'a>(
    kept: &HashSet<&'a str>,
    candidates: &HashMap<&'a str, Candidate<'a>>,
    parents: &Parents<'a>,
) -> Vec<(&'a str, Option<&'a str>)> {
    let mut oldest_first: Vec<&str> = kept.iter().copied().collect();
    oldest_first.sort_by_key(|key| (candidates[key].comment.created_at, *key));
    let mut replies: HashMap<&str, Vec<&str>> = HashMap::new();
    for key in &oldest_first {
        if let Some(parent) = parents[key] {
            replies.entry(parent).or_default().push(key);
        }
    }
    let mut ordered = Vec::with_capacity(oldest_first.len());
    let mut placed = HashSet::new();
    // Roots first; then whatever a cycle left unplaced, taken as roots.
    for root in oldest_first
        .iter()
        .filter(|key| parents[*key].is_none())
        .chain(&oldest_first)
    {
        if placed.contains(root) {
            continue;
        }
        let mut stack = vec![(*root, None)];
        while let Some((key, parent)) = stack.pop() {
            if !placed.insert(key) {
                continue;
            }
            ordered.push((key, parent));
            for reply in replies.get(key).into_iter().flatten().rev() {
                stack.push((reply, Some(key)));
            }
        }
    }
    ordered
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn imported(key: &str, parent: Option<&str>, state: State) -> Imported {
        Imported {
            key: key.into(),
            parent: parent.map(str::to_owned),
            url: "https://example.org/a".into(),
            author: Some(" Ana\u{7} ".into()),
            email_hash: None,
            website: None,
            body: Body::Markdown(format!("text of {key}")),
            state,
            created_at: datetime!(2026-11-29 08:00 UTC),
            edited_at: None,
            edit_token_hash: None,
            notify_email: None,
        }
    }

    #[test]
    fn a_reply_cycle_in_a_broken_file_is_imported_with_one_of_them_at_the_top() {
        let source = Source {
            comments: vec![
                imported("x:1", Some("x:2"), State::Published),
                imported("x:2", Some("x:1"), State::Published),
            ],
            skipped: Vec::new(),
        };

        let plan = plan(&source, &[]);

        assert_eq!(plan.records.len(), 2);
        assert_eq!(plan.records[0].parent_key, None);
        assert_eq!(
            plan.records[1].parent_key.as_deref(),
            Some(plan.records[0].key.as_str())
        );
        assert_eq!(plan.records[0].author.as_deref(), Some("Ana"));
    }

    #[test]
    fn a_deleted_comment_is_kept_empty_above_a_reply_and_left_out_alone() {
        let source = Source {
            comments: vec![
                imported("x:1", None, State::Deleted),
                imported("x:2", Some("x:1"), State::Published),
                imported("x:3", None, State::Deleted),
            ],
            skipped: Vec::new(),
        };

        let plan = plan(&source, &[]);

        assert_eq!(plan.records.len(), 2);
        assert_eq!(plan.records[0].status, CommentStatus::Deleted);
        assert!(plan.records[0].source.is_empty() && plan.records[0].author.is_none());
        assert_eq!(
            plan.report.skipped,
            [Skipped::new("x:3", "deleted, and no reply to keep it for")]
        );
    }
}
