//! `/admin` in the moderator's language: chosen by `Accept-Language`, else English, kept by
//! the page's switch; Arabic right to left. The words are the widget's language files'.

use parlons_tests::admin::{page, session};
use parlons_tests::{TestApp, spawn_app};
use reqwest::StatusCode;

async fn admin_in(app: &TestApp, accept: &str, cookie: &str) -> String {
    app.client
        .get(app.url("/admin"))
        .header("accept-language", accept)
        .header("cookie", cookie)
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("HTML")
}

#[tokio::test]
async fn admin_speaks_french_to_a_browser_that_asks_for_french() {
    let app = spawn_app().await;
    let cookie = session(&app, "amelie", None).await;

    let signed_out = admin_in(&app, "fr-FR,fr;q=0.9,en;q=0.5", "").await;
    let signed_in = admin_in(&app, "fr-FR,fr;q=0.9,en;q=0.5", &cookie).await;

    assert!(
        signed_out.contains(r#"<html lang="fr" dir="ltr">"#),
        "{signed_out}"
    );
    assert!(signed_out.contains("Se connecter") && signed_out.contains("Mot de passe"));
    assert!(
        signed_in.contains("En attente d’approbation (0)"),
        "{signed_in}"
    );
    assert!(signed_in.contains("Journal d’audit"));
    assert!(!signed_in.contains("Waiting for approval"));
}

#[tokio::test]
async fn admin_is_right_to_left_in_arabic_and_english_for_a_language_it_does_not_speak() {
    let app = spawn_app().await;
    let cookie = session(&app, "amelie", None).await;

    let arabic = admin_in(&app, "ar", &cookie).await;
    let klingon = admin_in(&app, "tlh", &cookie).await;

    assert!(arabic.contains(r#"<html lang="ar" dir="rtl">"#), "{arabic}");
    assert!(arabic.contains("بانتظار الموافقة (0)"));
    assert!(klingon.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(klingon.contains("Waiting for approval (0)"));
}

#[tokio::test]
async fn the_language_switch_keeps_the_moderators_pick_over_the_browsers() {
    let app = spawn_app().await;
    let cookie = session(&app, "amelie", None).await;
    let back = app.url("/admin/stats");

    let switched = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url("/admin/language"))
        .header("origin", &app.base_url)
        .header("referer", &back)
        .header("cookie", &cookie)
        .form(&[("lang", "ja")])
        .send()
        .await
        .expect("answers");

    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    assert_eq!(switched.headers()["location"], back.as_str());
    let set = switched.headers()["set-cookie"]
        .to_str()
        .expect("a cookie")
        .to_owned();
    assert!(set.starts_with("parlons_admin_lang=ja;"), "{set}");
    let picked = format!("{cookie}; parlons_admin_lang=ja");
    let japanese = admin_in(&app, "fr", &picked).await;
    assert!(japanese.contains(r#"<html lang="ja""#) && japanese.contains("承認待ち"));
    assert!(page(&app, &cookie, "").await.contains(r#"<html lang="en""#));
}

#[tokio::test]
async fn the_language_switch_refuses_a_language_it_does_not_offer_and_a_foreign_referer() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let switch = |lang: &'static str, referer: &'static str| {
        client
            .post(app.url("/admin/language"))
            .header("origin", &app.base_url)
            .header("referer", referer)
            .form(&[("lang", lang)])
            .send()
    };

    let unknown = switch("xx", "https://evil.example/")
        .await
        .expect("answers");
    let foreign = switch("fr", "https://evil.example/admin")
        .await
        .expect("answers");

    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(foreign.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        foreign.headers()["location"],
        "/admin",
        "never sent elsewhere"
    );
}

/// A form of `/admin` sent as a browser sends it: asking for HTML, in French.
async fn browser_form(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let browser = [
        ("accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("accept-language", "fr"),
    ];
    parlons_tests::admin::post_with(app, cookie, path, form, &browser).await
}

#[tokio::test]
async fn a_refused_admin_form_is_a_page_in_the_moderators_language_and_json_to_api_clients() {
    let app = spawn_app().await;
    let owner = parlons_tests::admin::owner_session(&app, "redaction", "demo").await;

    let refused = browser_form(
        &app,
        &owner,
        "/admin/sites/demo/authors",
        &[("email", "pas une adresse")],
    )
    .await;
    let expired = browser_form(
        &app,
        "parlons_session=expired",
        "/admin/comments/1/approve",
        &[],
    )
    .await;
    let api_client = parlons_tests::admin::post(
        &app,
        &owner,
        "/admin/sites/demo/authors",
        &[("email", "pas une adresse")],
    )
    .await;

    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.headers()["content-type"]
            .to_str()
            .expect("text")
            .starts_with("text/html")
    );
    let page = refused.text().await.expect("HTML");
    assert!(page.contains(r#"<html lang="fr" dir="ltr">"#), "{page}");
    assert!(
        page.contains("Cela n’a pas fonctionné") && page.contains("Un champ n’est pas valide."),
        "{page}"
    );
    assert!(
        page.contains(r#"lang="en""#) && page.contains("The email address is not valid."),
        "{page}"
    );
    assert!(page.contains("Retour à la modération"));
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    assert!(
        expired
            .text()
            .await
            .expect("HTML")
            .contains("Votre session a pris fin")
    );
    parlons_tests::assert_error(
        api_client,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
}
