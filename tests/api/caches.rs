//! The answer caches keep only what the widget asks for, and never more bytes than the
//! `cache_mib` setting, whatever pages and views a client asks for (`parlons_cache_bytes`).

use parlons_tests::{TestApp, spawn_app, spawn_app_with};
use reqwest::StatusCode;

use crate::observability::{sample, scrape};

async fn cached_bytes(app: &TestApp, cache: &str) -> f64 {
    let metrics = scrape(app).await;
    sample(
        &metrics,
        &format!("parlons_cache_bytes{{cache=\"{cache}\"}}"),
    )
    .unwrap_or_else(|| panic!("no gauge for {cache}: {metrics}"))
}

#[tokio::test]
async fn views_the_widget_never_asks_for_are_answered_but_not_cached() {
    let app = spawn_app().await;

    for limit in (1..=60).filter(|limit| *limit != 50) {
        for sort in ["oldest", "newest", "top"] {
            let read = app
                .get_thread(&format!("site=demo&page=/&sort={sort}&limit={limit}"))
                .await;
            assert_eq!(read.status(), StatusCode::OK);
        }
    }
    let before_the_widget = cached_bytes(&app, "threads").await;
    app.get_thread("site=demo&page=/").await;
    app.get_thread("site=demo&page=/&sort=newest&limit=50")
        .await;

    assert_eq!(before_the_widget, 0.0);
    assert!(
        cached_bytes(&app, "threads").await > 0.0,
        "the widget's views are cached"
    );
}

#[tokio::test]
async fn the_thread_cache_holds_no_more_than_its_share_of_the_setting() {
    let app = spawn_app_with(|settings| {
        settings.cache_mib = 1;
        settings.reads_per_second = 0;
    })
    .await;
    let long_path = "p".repeat(900);

    for n in 0..400 {
        let read = app
            .get_thread(&format!("site=demo&page=/{long_path}/{n}"))
            .await;
        assert_eq!(read.status(), StatusCode::OK);
    }

    let held = cached_bytes(&app, "threads").await;
    assert!(held > 0.0);
    assert!(held <= 512.0 * 1024.0, "{held} bytes, over half of 1 MiB");
}
