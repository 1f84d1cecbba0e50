//! The thread arrives flat (parents by id); readers see it as a tree.

use parlons_shared::{Comment, Sort};

/// Children of each comment (`None`: top level), in the order they came, sorted by parent.
/// A sorted list rather than a hash map: the widget then compiles no hash table or hasher of
/// its own (about 3 KB of wasm), and lookups are a binary search either way.
#[derive(Debug, Default)]
pub struct Tree(Vec<(Option<i64>, Vec<Comment>)>);

impl Tree {
    pub fn get(&self, parent: Option<i64>) -> Option<&Vec<Comment>> {
        self.at(parent).map(|at| &self.0[at].1)
    }

    pub fn get_mut(&mut self, parent: Option<i64>) -> Option<&mut Vec<Comment>> {
        self.at(parent).map(|at| &mut self.0[at].1)
    }

    pub fn contains(&self, parent: Option<i64>) -> bool {
        self.at(parent).is_some()
    }

    fn at(&self, parent: Option<i64>) -> Option<usize> {
        self.0.binary_search_by_key(&parent, |(key, _)| *key).ok()
    }
}

/// Groups `comments` (ordered by id) by parent. A reply whose parent is not in the list (not
/// loaded yet, or gone) is shown at the top level rather than lost.
pub fn by_parent(comments: &[Comment]) -> Tree {
    let present = |id: i64| {
        comments
            .binary_search_by_key(&id, |comment| comment.id)
            .is_ok()
    };
    // (parent, place in the list): sorted, the children of each parent keep their order.
    let mut places: Vec<(Option<i64>, usize)> = comments
        .iter()
        .enumerate()
        .map(|(at, comment)| (comment.parent.filter(|parent| present(*parent)), at))
        .collect();
    places.sort_unstable();
    let mut groups: Vec<(Option<i64>, Vec<Comment>)> = Vec::new();
    for (parent, at) in places {
        let comment = comments[at].clone();
        match groups.last_mut() {
            Some((key, children)) if *key == parent => children.push(comment),
            _ => groups.push((parent, vec![comment])),
        }
    }
    Tree(groups)
}

/// Puts the top-level comments in the reader's order: the pinned ones first, as the server
/// gave them; then by date (as they are), newest first, or as the server ranked them by
/// score (`ranks`; comments it has not ranked, new since, come after, by date).
pub fn order_roots(roots: &mut [Comment], sort: Sort, ranks: &[(i64, usize)]) {
    let rank = |comment: &Comment| {
        let at = ranks.binary_search_by_key(&comment.id, |rank| rank.0);
        at.map_or(usize::MAX, |at| ranks[at].1)
    };
    roots.sort_unstable_by_key(|comment| {
        let (place, id) = match (comment.pinned, sort) {
            (true, _) | (_, Sort::Top) => (rank(comment), comment.id),
            (_, Sort::Newest) => (0, -comment.id),
            _ => (0, comment.id),
        };
        (!comment.pinned, place, id)
    });
}

/// Adds a comment, or replaces the one with its id, keeping the list ordered by id.
pub fn upsert(comments: &mut Vec<Comment>, comment: Comment) -> bool {
    match comments.binary_search_by_key(&comment.id, |existing| existing.id) {
        Ok(index) => {
            comments[index] = comment;
            false
        }
        Err(index) => {
            comments.insert(index, comment);
            true
        }
    }
}

/// Removes a comment, or leaves an empty placeholder where it still has replies.
pub fn remove(comments: &mut Vec<Comment>, id: i64) {
    let has_replies = comments.iter().any(|comment| comment.parent == Some(id));
    if has_replies {
        if let Some(comment) = comments.iter_mut().find(|comment| comment.id == id) {
            comment.status = parlons_shared::CommentStatus::Deleted;
            comment.html.clear();
            comment.author = None;
            comment.website = None;
        }
    } else {
        comments.retain(|comment| comment.id != id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parlons_shared::CommentStatus;

    fn comment(id: i64, parent: Option<i64>) -> Comment {
        Comment {
            id,
            parent,
            author: None,
            website: None,
            html: format!("<p>{id}</p>"),
            created_at: "2026-11-29T08:00:00Z".into(),
            edited_at: None,
            status: CommentStatus::Published,
            upvotes: 0,
            downvotes: 0,
            avatar: None,
            picture: None,
            pinned: false,
            badge: None,
            confirmed: false,
        }
    }

    #[test]
    fn replies_are_grouped_under_their_parent_in_order() {
        let tree = by_parent(&[
            comment(1, None),
            comment(2, Some(1)),
            comment(3, Some(1)),
            comment(4, None),
        ]);
        let ids = |key| {
            tree.get(key)
                .expect("a group")
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(None), [1, 4]);
        assert_eq!(ids(Some(1)), [2, 3]);
    }

    #[test]
    fn a_reply_whose_parent_is_missing_is_shown_at_the_top() {
        let tree = by_parent(&[comment(5, Some(99))]);
        assert_eq!(tree.get(None).expect("top level")[0].id, 5);
        assert!(!tree.contains(Some(99)));
    }

    #[test]
    fn top_level_comments_follow_the_readers_order() {
        let ids = |roots: &[Comment]| roots.iter().map(|c| c.id).collect::<Vec<_>>();
        let mut roots = vec![comment(1, None), comment(2, None), comment(3, None)];
        order_roots(&mut roots, Sort::Newest, &[]);
        assert_eq!(ids(&roots), [3, 2, 1]);
        roots.reverse();
        // The server ranked 2 then 1; 3 came later (live): it goes after them.
        let ranks = [(1, 1), (2, 0)];
        order_roots(&mut roots, Sort::Top, &ranks);
        assert_eq!(ids(&roots), [2, 1, 3]);
        order_roots(&mut roots, Sort::Oldest, &ranks);
        assert_eq!(ids(&roots), [1, 2, 3], "by date");
    }

    #[test]
    fn pinned_comments_come_first_in_every_order_as_the_server_gave_them() {
        let ids = |roots: &[Comment]| roots.iter().map(|c| c.id).collect::<Vec<_>>();
        let pinned = |id| Comment {
            pinned: true,
            ..comment(id, None)
        };
        // The server sent the pinned 4 then 2, then 1 and 3.
        let ranks = [(1, 2), (2, 1), (3, 3), (4, 0)];
        for (sort, rest) in [
            (Sort::Oldest, [1, 3]),
            (Sort::Newest, [3, 1]),
            (Sort::Top, [1, 3]),
        ] {
            let mut roots = vec![comment(1, None), pinned(2), comment(3, None), pinned(4)];
            order_roots(&mut roots, sort, &ranks);
            assert_eq!(ids(&roots), [4, 2, rest[0], rest[1]], "{sort:?}");
        }
    }

    #[test]
    fn upsert_inserts_in_id_order_and_replaces_existing() {
        let mut list = vec![comment(1, None), comment(3, None)];
        assert!(upsert(&mut list, comment(2, None)));
        let mut edited = comment(3, None);
        edited.html = "<p>edited</p>".into();
        assert!(!upsert(&mut list, edited));
        assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(list[2].html, "<p>edited</p>");
    }

    #[test]
    fn removing_a_comment_with_replies_keeps_a_placeholder() {
        let mut list = vec![comment(1, None), comment(2, Some(1)), comment(3, None)];
        remove(&mut list, 1);
        remove(&mut list, 3);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].status, CommentStatus::Deleted);
        assert!(list[0].html.is_empty());
    }
}
