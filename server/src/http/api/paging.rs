//! Paging a thread answer: the limits of each shape, the views the widget asks for (the only
//! ones cached), the replies cut from each conversation, and the cursor of the next page.

use parlons_shared::MoreReplies;
use parlons_shared::limits::{
    CONVERSATIONS_PER_PAGE, DEFAULT_THREAD_LIMIT, MAX_CONVERSATIONS_PER_PAGE, MAX_THREAD_LIMIT,
    REPLIES_PER_CONVERSATION,
};

use crate::domain::InvalidField;
use crate::store::{CommentRecord, Shape};

/// The `limit` asked for, or the shape's default; refused outside the shape's range.
pub(super) fn limit(shape: Shape, asked: Option<u32>) -> Result<u32, InvalidField> {
    let (default, max) = match shape {
        Shape::Comments | Shape::Replies => (DEFAULT_THREAD_LIMIT, MAX_THREAD_LIMIT),
        Shape::Conversations(_) | Shape::Pinned => {
            (CONVERSATIONS_PER_PAGE, MAX_CONVERSATIONS_PER_PAGE)
        }
    };
    let limit = asked.unwrap_or(default);
    if (1..=max).contains(&limit) {
        Ok(limit)
    } else {
        Err(InvalidField::new(
            "limit",
            format!("The limit must be between 1 and {max}."),
        ))
    }
}

/// Whether the widget asks for this first page: `oldest` at the default limit, `newest` and
/// `top` by [`CONVERSATIONS_PER_PAGE`].
pub(super) fn is_widget_view(shape: Shape, limit: u32) -> bool {
    match shape {
        Shape::Comments => limit == DEFAULT_THREAD_LIMIT,
        Shape::Conversations(_) => limit == CONVERSATIONS_PER_PAGE,
        Shape::Replies | Shape::Pinned => false,
    }
}

/// Conversations come, each after its top-level comment, with one reply more than are shown
/// when they have more (the statement reads no further): that one goes, and the conversation
/// is named with the cursor of its last reply shown.
pub(super) fn cut_replies(records: &mut Vec<CommentRecord>, shape: Shape) -> Vec<MoreReplies> {
    if !matches!(shape, Shape::Conversations(_)) {
        return Vec::new();
    }
    let mut more = Vec::new();
    let (mut conversation, mut replies, mut last_reply) = (0, 0, 0);
    records.retain(|record| {
        if record.parent.is_none() {
            (conversation, replies) = (record.id, 0);
            return true;
        }
        replies += 1;
        if replies <= REPLIES_PER_CONVERSATION {
            last_reply = record.id;
            return true;
        }
        more.push(MoreReplies {
            conversation,
            after: last_reply.to_string(),
        });
        false
    });
    more
}

/// Trims the one row (comments, replies) or conversation read beyond `limit`, and gives the
/// cursor of the next page when there was one. A conversation starts with its top-level
/// comment (replies are younger than what they answer). The pinned comments the first page
/// begins with are not counted: the page holds `limit` others.
pub(super) fn next_page(
    records: &mut Vec<CommentRecord>,
    shape: Shape,
    limit: u32,
    after: Option<i64>,
) -> Option<String> {
    let limit = limit as usize;
    let Shape::Conversations(sort) = shape else {
        let pinned = records
            .iter()
            .take_while(|record| is_pinned(record))
            .count();
        if records.len() - pinned <= limit {
            return None;
        }
        records.truncate(pinned + limit);
        return records.last().map(|last| last.id.to_string());
    };
    let mut roots = records
        .iter()
        .enumerate()
        .filter(|(_, record)| record.parent.is_none() && !is_pinned(record));
    let (extra, _) = roots.nth(limit)?;
    records.truncate(extra);
    Some(match sort {
        parlons_shared::Sort::Top => (after.unwrap_or(0) + limit as i64).to_string(),
        _ => records
            .iter()
            .rev()
            .find(|record| record.parent.is_none() && !is_pinned(record))?
            .id
            .to_string(),
    })
}

/// Among the pinned comments the first page begins with (a pinned comment that is not
/// published is in its place).
fn is_pinned(record: &CommentRecord) -> bool {
    record.pinned && record.status == parlons_shared::CommentStatus::Published
}
