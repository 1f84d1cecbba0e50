//! Unless the server allows private addresses, webhooks reach only the public internet: a
//! site owner cannot make the server call this machine or its private network, whether the
//! URL writes an address or names a host that resolves to one.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use parlons_server::cli::webhook::{WebhookCommand, run};
use parlons_tests::admin::{owner_session, post};
use parlons_tests::{TestApp, comment, spawn_app_with};
use reqwest::StatusCode;

async fn public_only() -> TestApp {
    spawn_app_with(|settings| settings.webhook_private_addresses = false).await
}

/// A listener on loopback that counts the connections it gets.
async fn listener() -> (u16, Arc<AtomicUsize>) {
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let port = socket.local_addr().expect("an address").port();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((stream, _)) = socket.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (port, connections)
}

async fn add_by_command_line(app: &TestApp, url: String) {
    let command = WebhookCommand::Add {
        site: "demo".into(),
        url,
    };
    run(command, app.store.as_ref(), &mut Vec::new())
        .await
        .expect("added");
}

#[tokio::test]
async fn a_webhook_to_this_machine_is_never_called_when_private_addresses_are_not_allowed() {
    let app = public_only().await;
    let (port, connections) = listener().await;
    add_by_command_line(&app, format!("http://127.0.0.1:{port}/hook")).await;
    add_by_command_line(&app, format!("http://localhost:{port}/hook")).await;

    app.create_comment(&comment("Personne ne doit l’entendre."))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;

    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "no call reached loopback"
    );
    let messages = app
        .store
        .recent_messages(None, 10)
        .await
        .expect("the outbox");
    let by_address = messages
        .iter()
        .find(|message| message.status == "failed")
        .expect("the call to 127.0.0.1 failed for good");
    assert!(
        by_address
            .last_error
            .as_deref()
            .is_some_and(|error| error.contains("public address")),
        "{by_address:?}"
    );
}

#[tokio::test]
async fn an_owner_may_not_add_a_webhook_to_a_private_address() {
    let app = public_only().await;
    let cookie = owner_session(&app, "olivia", "demo").await;

    for url in [
        "http://127.0.0.1:9/hook",
        "http://[::1]/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.7/hook",
    ] {
        let refused = post(&app, &cookie, "/admin/sites/demo/webhooks", &[("url", url)]).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
    }
    let public = post(
        &app,
        &cookie,
        "/admin/sites/demo/webhooks",
        &[("url", "https://hooks.example/parlons")],
    )
    .await;
    assert_eq!(public.status(), StatusCode::OK);
    assert_eq!(
        app.store.webhooks(Some("demo")).await.expect("hooks").len(),
        1
    );
}
