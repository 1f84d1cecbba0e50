//! Connections that hold the server without asking anything: a client that sends headers
//! too slowly, or keeps a connection idle, is closed after `header_read_timeout_secs`; one
//! that sends its body too slowly is answered 408 after `request_timeout_secs`.

use std::time::{Duration, Instant};

use parlons_tests::spawn_app_with;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn closed_after(stream: &mut TcpStream) -> Duration {
    let started = Instant::now();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return started.elapsed(),
            Ok(Ok(_)) => {}
            Err(_) => panic!("the connection was still open after 10 s"),
        }
    }
}

#[tokio::test]
async fn a_client_sending_its_headers_too_slowly_is_disconnected() {
    let app = spawn_app_with(|settings| settings.header_read_timeout_secs = 1).await;
    let mut stream = TcpStream::connect(app.base_url.trim_start_matches("http://"))
        .await
        .expect("connects");

    stream
        .write_all(b"GET /api/v1/threads?site=demo&page=/ HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("writes");

    assert!(closed_after(&mut stream).await < Duration::from_secs(5));
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let app = spawn_app_with(|settings| settings.header_read_timeout_secs = 1).await;
    let mut stream = TcpStream::connect(app.base_url.trim_start_matches("http://"))
        .await
        .expect("connects");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("writes");

    assert!(closed_after(&mut stream).await < Duration::from_secs(5));
}

#[tokio::test]
async fn a_client_sending_its_body_too_slowly_gets_408_and_nothing_is_stored() {
    let app = spawn_app_with(|settings| settings.request_timeout_secs = 1).await;
    let mut stream = TcpStream::connect(app.base_url.trim_start_matches("http://"))
        .await
        .expect("connects");
    let origin = &app.base_url;

    stream
        .write_all(
            format!(
                "POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\n\
                 Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"site\":\"demo\","
            )
            .as_bytes(),
        )
        .await
        .expect("writes");
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered within 10 s")
        .expect("reads");

    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    assert_eq!(app.demo_thread().await["count"], 0);
}
