//! `parlons healthcheck`: asks the server this configuration describes whether it is
//! healthy, for container health checks (an image from `scratch` has no shell and no curl).
//! Exits 0 when `/healthz` answers 200 within the timeout, 1 otherwise.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use anyhow::{Context, bail};

/// How long the server has to answer.
const TIMEOUT: Duration = Duration::from_secs(5);

/// The `/healthz` URL of a server bound to `bind`: a wildcard address is asked on loopback.
pub fn healthz_url(bind: SocketAddr) -> String {
    let ip = match bind.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/healthz", SocketAddr::new(ip, bind.port()))
}

/// Asks `url`; `Ok` when it answers 200.
pub async fn run(url: &str, out: &mut impl std::io::Write) -> anyhow::Result<()> {
    let client = reqwest::Client::builder().timeout(TIMEOUT).build()?;
    let response = client
        .get(url)
        .send()
        .await
        .with_context(|| format!("{url} does not answer"))?;
    let status = response.status();
    if !status.is_success() {
        bail!("{url} answered {status}");
    }
    writeln!(out, "{url}: {status}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_bound_to_every_address_is_asked_on_loopback() {
        let v4: SocketAddr = "0.0.0.0:8080".parse().expect("an address");
        let v6: SocketAddr = "[::]:8080".parse().expect("an address");
        let one: SocketAddr = "10.0.0.5:9000".parse().expect("an address");

        assert_eq!(healthz_url(v4), "http://127.0.0.1:8080/healthz");
        assert_eq!(healthz_url(v6), "http://[::1]:8080/healthz");
        assert_eq!(healthz_url(one), "http://10.0.0.5:9000/healthz");
    }

    #[tokio::test]
    async fn a_server_that_does_not_answer_is_unhealthy() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let url = healthz_url(listener.local_addr().expect("an address"));
        drop(listener);

        let outcome = run(&url, &mut Vec::new()).await;

        assert!(outcome.is_err());
    }
}
