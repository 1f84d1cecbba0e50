//! Authors' faces: an identicon drawn by the server in every comment readers get (thread,
//! post, edit, live event), and a Gravatar URL only where the site opted in.

use std::time::Duration;

use parlons_shared::NewComment;
use parlons_tests::{comment, spawn_app};

fn signed(author: &str, email: Option<&str>, text: &str) -> NewComment {
    NewComment {
        author: Some(author.into()),
        email: email.map(str::to_owned),
        ..comment(text)
    }
}

#[tokio::test]
async fn a_named_authors_comments_carry_one_identicon_and_no_gravatar() {
    let app = spawn_app().await;
    let posted = app
        .create_comment(&signed("Zoé", Some("zoe@example.org"), "Premier"))
        .await;
    app.create_comment(&signed("Zoé", Some("ZOE@example.org "), "Second"))
        .await;
    app.create_comment(&signed("Zoé", None, "Sans adresse"))
        .await;
    app.create_comment(&comment("Anonyme")).await;

    let thread = app.demo_thread().await;

    let faces: Vec<&serde_json::Value> = thread["comments"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|comment| &comment["avatar"])
        .collect();
    let first = faces[0].as_str().expect("an identicon");
    assert!(first.starts_with("data:image/svg+xml,"), "{first}");
    assert_eq!(posted["avatar"], *faces[0], "the post's answer has it too");
    assert_eq!(faces[1], faces[0], "the same author, the same face");
    assert_ne!(faces[2], faces[0], "another email, another face");
    assert!(faces[3].is_null(), "anonymous: no face");
    assert!(
        thread["comments"]
            .as_array()
            .expect("a list")
            .iter()
            .all(|comment| comment["picture"].is_null())
    );
}

#[tokio::test]
async fn a_site_that_opts_in_gives_gravatar_urls_for_authors_with_an_email() {
    let app = spawn_app().await;
    app.change_site("demo", |site| site.gravatar = true).await;
    app.create_comment(&signed("Zoé", Some(" Zoe@Example.org"), "Avec"))
        .await;
    app.create_comment(&signed("Marc", None, "Sans")).await;

    let thread = app.demo_thread().await;

    // Gravatar's hash: SHA-256 of the trimmed, lowercased address.
    let gravatar = format!(
        "https://gravatar.com/avatar/{}?s=80&d=blank",
        sha256("zoe@example.org")
    );
    assert_eq!(thread["comments"][0]["picture"], gravatar.as_str());
    assert!(thread["comments"][1]["picture"].is_null());
    assert!(thread["comments"][1]["avatar"].is_string());
}

#[tokio::test]
async fn a_live_comment_and_an_erased_one_carry_their_faces_as_the_thread_does() {
    let app = spawn_app().await;
    let mut events = app.events("site=demo&page=/").await;
    events.next_event(Duration::from_secs(5)).await;

    let posted = app.create_comment(&signed("Zoé", None, "En direct")).await;
    let (name, live) = events.next_event(Duration::from_secs(5)).await;
    let reply = NewComment {
        parent: posted["id"].as_i64(),
        ..signed("Marc", None, "Une réponse")
    };
    app.create_comment(&reply).await;
    let erased = app
        .erase_comment(
            posted["id"].as_i64().expect("an id"),
            posted["edit_token"].as_str().expect("a token"),
        )
        .await;

    assert_eq!(name, "comment");
    assert_eq!(live["avatar"], posted["avatar"]);
    assert!(erased.status().is_success());
    let thread = app.demo_thread().await;
    assert_eq!(thread["comments"][0]["status"], "deleted", "{thread}");
    assert!(thread["comments"][0]["avatar"].is_null(), "{thread}");
    assert!(thread["comments"][1]["avatar"].is_string(), "{thread}");
}

fn sha256(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}
