//! How many live streams are open, per client address and in all, so that no one client,
//! and no crowd, holds more connections than the server can keep (each costs memory for as
//! long as it is open). A stream holds a [`Slot`] until it ends.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::Refusal;
use crate::domain::net::network;

pub struct StreamSlots {
    /// 0: no limit.
    per_address: usize,
    total: usize,
    open: AtomicUsize,
    by_address: Mutex<HashMap<IpAddr, usize>>,
}

/// One open stream; dropping it frees its place.
pub struct Slot {
    slots: Arc<StreamSlots>,
    address: IpAddr,
}

impl StreamSlots {
    pub fn new(per_address: usize, total: usize) -> Arc<Self> {
        Arc::new(Self {
            per_address,
            total,
            open: AtomicUsize::new(0),
            by_address: Mutex::new(HashMap::new()),
        })
    }

    /// A place for a stream from `ip`, or why there is none.
    pub fn take(self: &Arc<Self>, ip: IpAddr) -> Result<Slot, Refusal> {
        let address = network(ip);
        let mut by_address = self.by_address.lock().unwrap_or_else(|p| p.into_inner());
        let here = by_address.get(&address).copied().unwrap_or(0);
        if self.per_address > 0 && here >= self.per_address {
            return Err(Refusal::TooManyStreams { per_address: true });
        }
        if self.total > 0 && self.open.load(Ordering::Relaxed) >= self.total {
            return Err(Refusal::TooManyStreams { per_address: false });
        }
        by_address.insert(address, here + 1);
        self.open.fetch_add(1, Ordering::Relaxed);
        Ok(Slot {
            slots: Arc::clone(self),
            address,
        })
    }

    pub fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut by_address = self
            .slots
            .by_address
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(count) = by_address.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                by_address.remove(&self.address);
            }
        }
        self.slots.open.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_share_and_a_place_again_when_a_stream_ends() {
        let slots = StreamSlots::new(2, 10);
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        let first = slots.take(ip).expect("first");
        let _second = slots.take(ip).expect("second");

        assert!(matches!(
            slots.take(ip),
            Err(Refusal::TooManyStreams { per_address: true })
        ));
        assert!(slots.take("192.0.2.2".parse().expect("ip")).is_ok());
        drop(first);
        assert!(slots.take(ip).is_ok());
    }

    #[test]
    fn the_whole_server_has_a_ceiling_and_the_addresses_of_one_ipv6_64_share() {
        let slots = StreamSlots::new(1, 2);
        let _a = slots.take("2001:db8::1".parse().expect("ip")).expect("a");
        assert!(
            slots.take("2001:db8::2".parse().expect("ip")).is_err(),
            "same /64"
        );
        let _b = slots.take("192.0.2.1".parse().expect("ip")).expect("b");

        assert!(matches!(
            slots.take("192.0.2.9".parse().expect("ip")),
            Err(Refusal::TooManyStreams { per_address: false })
        ));
        assert_eq!(slots.open(), 2);
    }
}
