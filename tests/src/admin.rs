//! `/admin` as a signed-in moderator: a session, the page, its forms.

use time::{Duration, OffsetDateTime};

use parlons_server::cli::moderator::ModeratorCommand;
use parlons_server::store::CredentialKind;

use crate::TestApp;

/// A new moderator of `sites` (`None`: all) signed in: their session cookie.
pub async fn session(app: &TestApp, name: &str, sites: Option<&[&str]>) -> String {
    app.add_moderator(name, sites).await;
    let expires = OffsetDateTime::now_utc() + Duration::hours(1);
    let secret = app
        .new_credential(name, CredentialKind::Session, Some(expires))
        .await;
    format!("parlons_session={secret}")
}

/// A new owner of `site` signed in (through the command line's `--owner`): their session
/// cookie.
pub async fn owner_session(app: &TestApp, name: &str, site: &str) -> String {
    let command = ModeratorCommand::Add {
        name: name.into(),
        sites: Vec::new(),
        owns: vec![site.into()],
        all_sites: false,
        password_stdin: true,
    };
    let mut input = "correct horse battery\n".as_bytes();
    parlons_server::cli::moderator::run(command, app.store.as_ref(), &mut input, &mut Vec::new())
        .await
        .expect("the owner is added");
    let expires = OffsetDateTime::now_utc() + Duration::hours(1);
    let secret = app
        .new_credential(name, CredentialKind::Session, Some(expires))
        .await;
    format!("parlons_session={secret}")
}

/// A form of `/admin` posted with the session, from the server's origin, not following the
/// redirect.
pub async fn post(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    post_with(app, cookie, path, form, &[]).await
}

/// The same, with more headers (a browser's `Accept`, `Accept-Language`).
pub async fn post_with(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url(path))
        .header("origin", &app.base_url)
        .header("cookie", cookie)
        .form(form);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("answers")
}

/// The HTML of `/admin?{query}` with the session.
pub async fn page(app: &TestApp, cookie: &str, query: &str) -> String {
    let page = app
        .client
        .get(app.url(&format!("/admin?{query}")))
        .header("cookie", cookie)
        .send()
        .await
        .expect("answers");
    page.text().await.expect("HTML")
}
