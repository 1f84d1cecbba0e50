//! Client addresses as Parlons counts them: an IPv4 address alone, an IPv6 address by its
//! /64 (a household or a phone usually holds a whole /64, so counting by address would let
//! one client step aside within its own network).

use std::net::{IpAddr, Ipv6Addr};

/// The network `ip` counts as: itself for IPv4, its /64 for IPv6.
pub fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::V6(Ipv6Addr::from(segments))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_one_ipv6_64_are_one_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().expect("ip");
        let elsewhere: IpAddr = "2001:db8:1:3::1".parse().expect("ip");

        assert_eq!(network(a), network(b));
        assert_ne!(network(a), network(elsewhere));
    }

    #[test]
    fn an_ipv4_address_is_its_own_network() {
        let ip: IpAddr = "192.0.2.7".parse().expect("ip");

        assert_eq!(network(ip), ip);
    }
}
