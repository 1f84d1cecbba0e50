//! Where webhook calls may go: unless the server allows private addresses
//! (`webhook_private_addresses`), a receiver's name must resolve to addresses of the public
//! internet, and the call connects only to those (checked when connecting, so a name that
//! changes its answer between two lookups gains nothing). A site owner adding a webhook in
//! `/admin` thus cannot make the server call this machine or its private network.

use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::domain::net::is_public;

/// Resolves names to their public addresses only; a name with none fails.
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|address| is_public(address.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// Why a webhook may not be called at `url` when private addresses are not allowed: an
/// address written in the URL that is not public (names are checked when connecting).
pub fn refused_target(url: &str) -> Option<&'static str> {
    let host = url::Url::parse(url).ok()?.host()?.to_owned();
    let ip: IpAddr = match host {
        url::Host::Ipv4(v4) => v4.into(),
        url::Host::Ipv6(v6) => v6.into(),
        url::Host::Domain(name) if name.eq_ignore_ascii_case("localhost") => {
            return Some("a webhook goes to a public address, not this machine");
        }
        url::Host::Domain(_) => return None,
    };
    (!is_public(ip)).then_some("a webhook goes to a public address, not a private network")
}
