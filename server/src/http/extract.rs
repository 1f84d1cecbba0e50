//! Extractors whose failures answer with the contract's error body, and the read limit
//! every read handler takes first.

use std::net::{IpAddr, SocketAddr};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;

use super::AppState;
use crate::error::ApiError;

/// `axum::Json`, with bad bodies answered as 400, 413, 415 or 422 in our format.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// The request's headers and its body's bytes, with a body past the limit answered as 413 in
/// our format. The headers are moved out of the request, where the `HeaderMap` extractor
/// would copy them.
pub struct ApiBody {
    pub headers: HeaderMap,
    pub bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(mut request: Request, state: &S) -> Result<Self, ApiError> {
        let headers = std::mem::take(request.headers_mut());
        let bytes = Bytes::from_request(request, state).await?;
        Ok(Self { headers, bytes })
    }
}

/// Reads a body already taken as [`ApiBody`] as [`ApiJson`] would have: the same media type
/// check, the same errors.
pub async fn parse_json<T: DeserializeOwned>(
    headers: HeaderMap,
    body: Bytes,
    state: &AppState,
) -> Result<T, ApiError> {
    let mut request = Request::new(Body::from(body));
    *request.headers_mut() = headers;
    let ApiJson(value) = ApiJson::<T>::from_request(request, state).await?;
    Ok(value)
}

/// Whether the body is declared exactly `application/json` (the usual case, which caches
/// may trust; any other spelling goes through [`parse_json`]).
pub fn is_plain_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"application/json"))
}

/// `axum::extract::Query`, with bad query strings answered as 400 in our format.
#[derive(FromRequestParts)]
#[from_request(via(Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path`, with an id that is not a number answered as 404.
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// The client's address: the socket peer, or, when the peer is a trusted proxy, the hop that
/// the trusted proxies appended last to `X-Forwarded-For` (the first from the right that is
/// not a trusted proxy). IPv4 addresses written as IPv6 (`::ffff:a.b.c.d`) count as IPv4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("served without connect info")))?;
        Ok(Self(client_ip(
            peer.ip(),
            &parts.headers,
            &state.settings.trusted_proxies,
        )))
    }
}

/// A read within its address's rate (`reads_per_second`). Each read handler takes it first,
/// so a refused read is answered before anything else is looked at. An extractor, not a
/// `route_layer`: that would clone and box each read's service and future once more.
pub struct ReadAllowed;

impl FromRequestParts<AppState> for ReadAllowed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
        state.guards.limits.check_read(ip)?;
        Ok(Self)
    }
}

fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|proxy| proxy.to_canonical() == *ip);
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        // A hop that is not an address ends the walk: what is left of it was written by
        // someone no trusted proxy vouches for.
        let Some(ip) = parse_hop(hop) else { break };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

/// One `X-Forwarded-For` entry as an address: `a.b.c.d`, an IPv6 address, or either with a
/// port (`a.b.c.d:port`, `[v6]:port`), as some proxies write it.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().expect("header"));
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn forwarded_for_is_ignored_without_trusted_proxies() {
        let got = client_ip(ip("203.0.113.9"), &forwarded("1.2.3.4"), &[]);
        assert_eq!(got, ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_last_untrusted_hop_is_the_client() {
        let trusted = [ip("10.0.0.1")];
        let got = client_ip(
            ip("10.0.0.1"),
            &forwarded("6.6.6.6, 198.51.100.7, 10.0.0.1"),
            &trusted,
        );
        assert_eq!(got, ip("198.51.100.7"));
    }

    #[test]
    fn a_hop_that_is_not_an_address_ends_the_walk_instead_of_reaching_further_left() {
        let trusted = [ip("10.0.0.1")];
        let got = client_ip(ip("10.0.0.1"), &forwarded("6.6.6.6, unknown"), &trusted);
        assert_eq!(got, ip("10.0.0.1"), "not 6.6.6.6, which the client wrote");
    }

    #[test]
    fn a_hop_written_with_its_port_is_its_address() {
        let trusted = [ip("10.0.0.1")];
        let with_port = client_ip(
            ip("10.0.0.1"),
            &forwarded("6.6.6.6, 198.51.100.7:4711"),
            &trusted,
        );
        let v6_with_port = client_ip(
            ip("10.0.0.1"),
            &forwarded("6.6.6.6, [2001:db8::7]:4711"),
            &trusted,
        );
        assert_eq!(with_port, ip("198.51.100.7"));
        assert_eq!(v6_with_port, ip("2001:db8::7"));
    }

    #[test]
    fn ipv4_addresses_written_as_ipv6_count_as_ipv4() {
        let trusted = [ip("127.0.0.1")];
        let got = client_ip(
            ip("::ffff:127.0.0.1"),
            &forwarded("::ffff:198.51.100.7"),
            &trusted,
        );
        assert_eq!(got, ip("198.51.100.7"));
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_walked_to_the_client() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let got = client_ip(
            ip("10.0.0.2"),
            &forwarded("6.6.6.6, 198.51.100.7, 10.0.0.1"),
            &trusted,
        );
        assert_eq!(got, ip("198.51.100.7"));
    }

    #[test]
    fn a_trusted_proxy_without_the_header_is_the_client() {
        let got = client_ip(ip("10.0.0.1"), &HeaderMap::new(), &[ip("10.0.0.1")]);
        assert_eq!(got, ip("10.0.0.1"));
    }
}
