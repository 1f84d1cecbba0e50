//! Erasure forgets at once and the purge after 30 days: once an author erased their edited
//! comment and a moderator's deletion was purged, no table or column of the database, on
//! either backend, holds their text, their name or their address.

use parlons_shared::NewComment;
use parlons_tests::scan::places_holding;
use parlons_tests::{comment, spawn_app};
use time::{Duration, OffsetDateTime};

const NAME: &str = "Zéphyrine Oubliable";
const EMAIL: &str = "zephyrine.oubliable@example.fr";
const MARK: &str = "texte-7f3k";

#[tokio::test]
async fn after_an_erasure_and_a_purge_no_table_holds_the_text_the_name_or_the_address() {
    let app = spawn_app().await;
    let bearer = format!("Bearer {}", app.add_moderator("ines", None).await);
    let by_her = |text: &str| NewComment {
        author: Some(NAME.into()),
        email: Some(EMAIL.into()),
        notify: true,
        ..comment(text)
    };
    let erased = app
        .create_comment(&by_her(&format!("Premier {MARK}")))
        .await;
    let (id, token) = (
        erased["id"].as_i64().expect("id"),
        erased["edit_token"].as_str().expect("token").to_owned(),
    );
    app.edit_comment(id, &token, &format!("Corrigé {MARK}"))
        .await;
    let deleted = app.create_comment(&by_her(&format!("Second {MARK}"))).await;
    let deleted_id = deleted["id"].as_i64().expect("id");
    app.moderate(deleted_id, "delete", &[("authorization", &bearer)])
        .await;
    assert!(
        !places_holding(&app, MARK).await.is_empty(),
        "the scan finds what is there"
    );

    app.erase_comment(id, &token).await;
    app.store
        .purge_deleted(OffsetDateTime::now_utc() + Duration::days(31))
        .await
        .expect("purged");

    for needle in [MARK, NAME, EMAIL] {
        assert_eq!(
            places_holding(&app, needle).await,
            Vec::<String>::new(),
            "{needle}"
        );
    }
}
