//! Several nodes on one PostgreSQL database: live events cross from node to node.
//! These need PostgreSQL: `scripts/with-postgres cargo test -p parlons-tests -- --include-ignored`
//! (scripts/test runs them).

use std::time::Duration;

use parlons_tests::{TestApp, comment, spawn_app, spawn_app_with};

const WAIT: Duration = Duration::from_secs(5);

/// Node A and node B, serving the same database.
async fn two_nodes() -> (TestApp, TestApp) {
    let a = spawn_app().await;
    assert!(
        a.database_url.starts_with("postgres"),
        "run with TEST_DATABASE_URL=postgres://..."
    );
    let url = a.database_url.clone();
    let b = spawn_app_with(|settings| settings.database_url = url).await;
    (a, b)
}

#[tokio::test]
#[ignore = "needs PostgreSQL (scripts/with-postgres)"]
async fn a_reader_on_node_b_sees_a_comment_posted_on_node_a_and_its_count() {
    let (a, b) = two_nodes().await;
    let mut reader_on_b = b.events("site=demo&page=/").await;
    reader_on_b.next_named("count", WAIT).await;

    let created = a.create_comment(&comment("posté sur A")).await;

    let live = reader_on_b.next_named("comment", WAIT).await;
    assert_eq!(live["id"], created["id"]);
    assert_eq!(live["html"], "<p>posté sur A</p>\n");
    assert_eq!(reader_on_b.next_named("count", WAIT).await["count"], 1);
    assert_eq!(
        b.demo_thread().await["count"],
        1,
        "counts agree on every node"
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL (scripts/with-postgres)"]
async fn a_moderators_delete_on_node_b_disappears_from_node_as_readers() {
    let (a, b) = two_nodes().await;
    let token = b.add_moderator("amelie", None).await;
    let created = a.create_comment(&comment("à supprimer")).await;
    let id = created["id"].as_i64().expect("id");
    let mut reader_on_a = a.events("site=demo&page=/").await;
    reader_on_a.next_named("count", WAIT).await;

    let deleted = b
        .moderate(
            id,
            "delete",
            &[("authorization", &format!("Bearer {token}"))],
        )
        .await;

    assert_eq!(deleted.status(), reqwest::StatusCode::OK);
    assert_eq!(reader_on_a.next_named("delete", WAIT).await["id"], id);
    assert_eq!(reader_on_a.next_named("count", WAIT).await["count"], 0);
}

#[tokio::test]
#[ignore = "needs PostgreSQL (scripts/with-postgres)"]
async fn a_node_does_not_deliver_its_own_change_twice() {
    let (a, _b) = two_nodes().await;
    let mut reader_on_a = a.events("site=demo&page=/").await;
    reader_on_a.next_named("count", WAIT).await;

    let first = a.create_comment(&comment("un")).await;
    let second = a.create_comment(&comment("deux")).await;

    assert_eq!(
        reader_on_a.next_named("comment", WAIT).await["id"],
        first["id"]
    );
    assert_eq!(
        reader_on_a.next_named("comment", WAIT).await["id"],
        second["id"],
        "no echo of the first"
    );
}
