//! Faces beside authors' names. Each named author gets an identicon, drawn here as a small
//! SVG and sent inline (`data:`), so showing it asks nothing of anyone: its pattern and color
//! come from a keyed hash (HMAC-SHA256 under a key of the server's own) of the site, the name
//! and the email's hash, which says nothing of the email to whoever sees it. A site that opts
//! in also gets the author's Gravatar URL (`picture`), drawn over the identicon: readers'
//! browsers then ask Gravatar, with the email's unkeyed SHA-256 in the URL.

use hmac::{Hmac, Mac};
use parlons_shared::Comment;
use sha2::Sha256;

use super::site::Site;

/// Colors of the cells: mid tones, visible on light and dark pages alike.
const COLORS: [&str; 12] = [
    "c0392b", "d35400", "b7950b", "27ae60", "16a085", "2980b9", "3867d6", "8e44ad", "c2185b",
    "6d4c41", "546e7a", "00897b",
];

pub struct Faces {
    key: Vec<u8>,
}

impl Faces {
    pub fn new(key: &str) -> Self {
        Self {
            key: key.as_bytes().to_vec(),
        }
    }

    /// Gives a comment of `site` its faces: none for an anonymous or erased one.
    /// `email_hash` is the stored SHA-256 of the author's email, if they gave one.
    pub fn dress(&self, site: &Site, comment: &mut Comment, email_hash: Option<&str>) {
        let Some(author) = comment.author.as_deref() else {
            return;
        };
        comment.avatar = Some(self.identicon(&site.id, author, email_hash));
        comment.picture = email_hash
            .filter(|_| site.gravatar)
            .map(|hash| format!("https://gravatar.com/avatar/{hash}?s=80&d=blank"));
    }

    /// The identicon of `author` on `site`, as a `data:` URI: a 5 by 5 grid, mirrored left to
    /// right, of cells in one color.
    pub fn identicon(&self, site: &str, author: &str, email_hash: Option<&str>) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        for part in [site, author, email_hash.unwrap_or("")] {
            mac.update(part.as_bytes());
            mac.update(b"\n");
        }
        let hash = mac.finalize().into_bytes();
        let color = COLORS[usize::from(hash[0]) % COLORS.len()];
        // 15 bits: three columns (the middle one and its left) of five rows.
        let bits = u32::from(hash[1]) | u32::from(hash[2]) << 8;
        let filled = |x: usize, y: usize| bits >> (y * 3 + x.min(4 - x)) & 1 == 1;
        let mut path = String::new();
        for y in 0..5 {
            let mut x = 0;
            while x < 5 {
                let start = x;
                while x < 5 && filled(x, y) {
                    x += 1;
                }
                if x > start {
                    path.push_str(&format!("M{start} {y}h{}v1H{start}z", x - start));
                }
                x += 1;
            }
        }
        // `#`, `<` and `>` escaped: the rest is valid in a data URI as it is.
        format!(
            "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='-1 -1 7 7'%3E\
             %3Cpath fill='%23{color}' d='{path}'/%3E%3C/svg%3E"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parlons_shared::CommentStatus;

    fn comment(author: Option<&str>) -> Comment {
        Comment {
            id: 1,
            parent: None,
            author: author.map(str::to_owned),
            website: None,
            html: "<p>Bonjour</p>".into(),
            created_at: "2026-12-02T10:00:00Z".into(),
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

    fn site(gravatar: bool) -> Site {
        Site {
            id: "blog".into(),
            gravatar,
            ..Site::default()
        }
    }

    #[test]
    fn an_author_keeps_one_face_and_another_gets_another() {
        let faces = Faces::new("key");
        let zoe = faces.identicon("blog", "Zoé", Some("abc"));
        assert_eq!(zoe, faces.identicon("blog", "Zoé", Some("abc")));
        assert_ne!(zoe, faces.identicon("blog", "Zoé", Some("abd")));
        assert_ne!(zoe, faces.identicon("blog", "Zoe", Some("abc")));
        assert_ne!(zoe, faces.identicon("news", "Zoé", Some("abc")));
    }

    #[test]
    fn a_face_depends_on_the_servers_key() {
        let face = |key| Faces::new(key).identicon("blog", "Zoé", None);
        assert_ne!(face("one key"), face("another key"));
    }

    #[test]
    fn an_identicon_is_an_inline_svg_that_names_no_other_place() {
        let face = Faces::new("key").identicon("blog", "Zoé", None);
        assert!(face.starts_with("data:image/svg+xml,%3Csvg "));
        let without_namespace = face.replace("http://www.w3.org/2000/svg", "");
        assert!(!without_namespace.contains("http"), "{face}");
        assert!(!face.contains(['#', '<', '>', '"']), "{face}");
    }

    #[test]
    fn anonymous_comments_get_no_face() {
        let mut anonymous = comment(None);
        Faces::new("key").dress(&site(true), &mut anonymous, Some("abc"));
        assert_eq!((anonymous.avatar, anonymous.picture), (None, None));
    }

    #[test]
    fn gravatar_is_asked_only_where_the_site_opted_in() {
        let faces = Faces::new("key");
        let mut plain = comment(Some("Zoé"));
        faces.dress(&site(false), &mut plain, Some("abc"));
        assert!(plain.avatar.is_some());
        assert_eq!(plain.picture, None);

        let mut opted_in = comment(Some("Zoé"));
        faces.dress(&site(true), &mut opted_in, Some("abc"));
        assert_eq!(
            opted_in.picture.as_deref(),
            Some("https://gravatar.com/avatar/abc?s=80&d=blank")
        );
    }
}
