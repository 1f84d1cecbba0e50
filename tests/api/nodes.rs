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
    assert_eq!(
        b.demo_thread().await["count"],
        0,
        "node B has read (and cached) the page"
    );

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
async fn a_vote_on_node_a_moves_the_score_for_node_bs_readers() {
    let (a, b) = two_nodes().await;
    let created = a.create_comment(&comment("bien vu")).await;
    let id = created["id"].as_i64().expect("id");
    let mut reader_on_b = b.events("site=demo&page=/").await;
    reader_on_b.next_named("count", WAIT).await;
    assert_eq!(b.demo_thread().await["comments"][0]["upvotes"], 0);

    assert_eq!(a.vote(id, "reader-0123456789abcdef", 1).await.status(), 200);

    let tally = reader_on_b.next_named("votes", WAIT).await;
    assert_eq!(
        (tally["id"].as_i64(), tally["upvotes"].as_u64()),
        (Some(id), Some(1))
    );
    assert_eq!(
        b.demo_thread().await["comments"][0]["upvotes"],
        1,
        "node B's cached page was dropped"
    );
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

/// Restarts the PostgreSQL cluster under the running nodes. Run alone (scripts/test does):
/// other tests' connections would break too.
#[tokio::test]
#[ignore = "needs PostgreSQL and restarts it (scripts/test runs it alone)"]
async fn after_the_database_restarts_events_cross_nodes_again() {
    let restart = std::env::var("TEST_PG_RESTART").expect("run under scripts/with-postgres");
    let (a, b) = two_nodes().await;
    let mut reader_on_b = b.events("site=demo&page=/").await;
    reader_on_b.next_named("count", WAIT).await;

    let restarted = std::process::Command::new("sh")
        .args(["-c", &restart])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("pg_ctl runs");
    assert!(restarted.success(), "the cluster restarts");

    // Node B's listener reconnects by itself; until it has, notices are missed, so keep
    // posting on A (whose pool reconnects too) until one reaches B, for at most 20 s.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut posted = Vec::new();
    let delivered = loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no event crossed nodes after the restart"
        );
        let response = a.post_comment(&comment("après le redémarrage")).await;
        if response.status() == reqwest::StatusCode::CREATED {
            let created: serde_json::Value = response.json().await.expect("json");
            posted.push(created["id"].clone());
        }
        let waited = tokio::time::timeout(
            Duration::from_secs(1),
            reader_on_b.next_named("comment", WAIT),
        )
        .await;
        if let Ok(event) = waited {
            break event;
        }
    };

    assert!(
        posted.contains(&delivered["id"]),
        "{delivered} came from node A after the restart"
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL (scripts/with-postgres)"]
async fn a_node_whose_listener_was_cut_delivers_what_changed_meanwhile() {
    let (a, b) = two_nodes().await;
    let mut reader_on_b = b.events("site=demo&page=/").await;
    reader_on_b.next_named("count", WAIT).await;
    let database = sqlx::PgPool::connect(&a.database_url)
        .await
        .expect("connects");

    // Every listener of this database is cut; the comment is posted before any is back.
    sqlx::query(
        "select pg_terminate_backend(pid) from pg_stat_activity \
         where datname = current_database() and query ilike 'listen%'",
    )
    .execute(&database)
    .await
    .expect("cut");
    let created = a.create_comment(&comment("pendant la coupure")).await;

    assert_eq!(
        reader_on_b.next_named("comment", WAIT).await["id"],
        created["id"]
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL (scripts/with-postgres)"]
async fn a_reader_who_moves_to_another_node_gets_what_it_missed_there() {
    let (a, b) = two_nodes().await;
    let mut reader_on_a = a.events("site=demo&page=/").await;
    reader_on_a.next_named("count", WAIT).await;
    let last_seen = reader_on_a.id;
    drop(reader_on_a);
    let missed = a.create_comment(&comment("manqué")).await;

    let mut reader_on_b = b.events_after("site=demo&page=/", last_seen).await;

    assert_eq!(
        reader_on_b.next_named("comment", WAIT).await["id"],
        missed["id"]
    );
}
