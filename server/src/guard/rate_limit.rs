//! Rate limits per client address (governor): a strict one for posting, a loose one for reads,
//! and their own for votes, reports, previews and sign-in attempts.
//! A site may set its own posting rate; its readers then have a bucket for that site alone.
//! Limits are per node: N nodes let an address post N times the configured rate.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::Refusal;
use crate::domain::net::network;
use crate::settings::Settings;

/// Both limiters; `None` where the setting is 0 (no limit).
pub struct RateLimits {
    posts: Option<DefaultKeyedRateLimiter<IpAddr>>,
    /// Burst of the server's posting rate, which sites' own rates keep (at most their rate).
    posts_burst: u32,
    /// Sites' own posting rates: one limiter per rate, keyed by site and address.
    site_posts: Mutex<HashMap<u32, Arc<SiteLimiter>>>,
    reads: Option<DefaultKeyedRateLimiter<IpAddr>>,
    /// Sign-in attempts, keyed by address and by account name: 5 a minute each.
    sign_in: DefaultKeyedRateLimiter<String>,
    /// Votes: 60 a minute per address, 20 at once (a reader going down a thread).
    votes: DefaultKeyedRateLimiter<IpAddr>,
    /// Previews: 30 a minute per address, 10 at once. A preview renders as a post does, so
    /// it has a limit of its own rather than the reads' (twenty a second).
    previews: DefaultKeyedRateLimiter<IpAddr>,
    /// Reports of comments: 20 an hour per address, 5 at once (a reader going down a
    /// thread full of spam); each is a write, and reports move comments.
    reports: DefaultKeyedRateLimiter<IpAddr>,
    /// Confirmation emails asked for: 3 an hour per address, so no client makes the server
    /// mail many strangers (each stranger gets one a day at most, kept in the database).
    confirmations: DefaultKeyedRateLimiter<IpAddr>,
    /// Sign-in links asked for: 10 an hour per address, 3 at once (each mailbox gets at most
    /// three live links, kept in the database).
    signin_mails: DefaultKeyedRateLimiter<IpAddr>,
    /// Sign-ins started at a site's OpenID provider: 6 a minute per address, 20 at once.
    /// Each keeps a row for ten minutes, so one address holds 60 at most of the 1,000 a site
    /// may have under way.
    provider_signins: DefaultKeyedRateLimiter<IpAddr>,
}

impl RateLimits {
    pub fn new(settings: &Settings) -> Self {
        let posts = NonZeroU32::new(settings.posts_per_minute).map(|rate| {
            Quota::per_minute(rate)
                .allow_burst(NonZeroU32::new(settings.posts_burst).unwrap_or(rate))
        });
        let reads = NonZeroU32::new(settings.reads_per_second).map(|rate| {
            Quota::per_second(rate)
                .allow_burst(NonZeroU32::new(settings.reads_burst).unwrap_or(rate))
        });
        let sign_in = Quota::per_minute(NonZeroU32::MIN.saturating_add(4));
        Self {
            posts: posts.map(RateLimiter::keyed),
            posts_burst: settings.posts_burst,
            site_posts: Mutex::default(),
            reads: reads.map(RateLimiter::keyed),
            sign_in: RateLimiter::keyed(sign_in),
            votes: RateLimiter::keyed(
                Quota::per_minute(NonZeroU32::MIN.saturating_add(59))
                    .allow_burst(NonZeroU32::MIN.saturating_add(19)),
            ),
            previews: RateLimiter::keyed(
                Quota::per_minute(NonZeroU32::MIN.saturating_add(29))
                    .allow_burst(NonZeroU32::MIN.saturating_add(9)),
            ),
            confirmations: RateLimiter::keyed(Quota::per_hour(NonZeroU32::MIN.saturating_add(2))),
            signin_mails: RateLimiter::keyed(
                Quota::per_hour(NonZeroU32::MIN.saturating_add(9))
                    .allow_burst(NonZeroU32::MIN.saturating_add(2)),
            ),
            reports: RateLimiter::keyed(
                Quota::per_hour(NonZeroU32::MIN.saturating_add(19))
                    .allow_burst(NonZeroU32::MIN.saturating_add(4)),
            ),
            provider_signins: RateLimiter::keyed(
                Quota::per_minute(NonZeroU32::MIN.saturating_add(5))
                    .allow_burst(NonZeroU32::MIN.saturating_add(19)),
            ),
        }
    }

    /// One post from `ip` on `site`, under the site's own rate per minute when it has one.
    pub fn check_post(&self, site: &str, own_rate: Option<u32>, ip: IpAddr) -> Result<(), Refusal> {
        let Some(rate) = own_rate else {
            return check(self.posts.as_ref(), ip);
        };
        let Some(per_minute) = NonZeroU32::new(rate) else {
            return Ok(());
        };
        let limiter = {
            let mut limiters = self.site_posts.lock().unwrap_or_else(|p| p.into_inner());
            let burst = NonZeroU32::new(self.posts_burst.min(rate)).unwrap_or(per_minute);
            Arc::clone(limiters.entry(rate).or_insert_with(|| {
                Arc::new(RateLimiter::keyed(
                    Quota::per_minute(per_minute).allow_burst(burst),
                ))
            }))
        };
        limiter
            .check_key(&(site.to_owned(), network(ip)))
            .map_err(refusal)
    }

    pub fn check_vote(&self, ip: IpAddr) -> Result<(), Refusal> {
        check(Some(&self.votes), ip)
    }

    pub fn check_report(&self, ip: IpAddr) -> Result<(), Refusal> {
        check(Some(&self.reports), ip)
    }

    pub fn check_confirmation(&self, ip: IpAddr) -> Result<(), Refusal> {
        check(Some(&self.confirmations), ip)
    }

    pub fn check_signin_mail(&self, ip: IpAddr) -> Result<(), Refusal> {
        check(Some(&self.signin_mails), ip)
    }

    pub fn check_provider_signin(&self, ip: IpAddr) -> Result<(), Refusal> {
        check(Some(&self.provider_signins), ip)
    }

    pub fn check_preview(&self, ip: IpAddr) -> Result<(), Refusal> {
        check(Some(&self.previews), ip)
    }

    pub fn check_read(&self, ip: IpAddr) -> Result<(), Refusal> {
        check(self.reads.as_ref(), ip)
    }

    /// One sign-in attempt for this address and this account (`domain::moderator::account_of`:
    /// as looked up, case aside, at most a name's 64 characters); both must have room.
    pub fn check_sign_in(&self, ip: IpAddr, account: &str) -> Result<(), Refusal> {
        let account: String = account.chars().take(64).collect();
        for key in [
            format!("ip:{}", network(ip)),
            format!("name:{}", account.to_lowercase()),
        ] {
            self.sign_in.check_key(&key).map_err(|not_until| {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                Refusal::RateLimited {
                    retry_after_secs: wait.as_secs() + 1,
                }
            })?;
        }
        Ok(())
    }

    /// Forgets addresses whose buckets are full again, so memory does not grow with visitors.
    /// Every ten seconds: a flood from many addresses leaves many keys, each full again
    /// within seconds (a sign-in bucket in twelve), and each sweep stays short.
    pub async fn forget_idle_addresses(&self) {
        let mut ticks = tokio::time::interval(Duration::from_secs(10));
        loop {
            ticks.tick().await;
            for limiter in [&self.posts, &self.reads].into_iter().flatten().chain([
                &self.votes,
                &self.previews,
                &self.confirmations,
                &self.signin_mails,
                &self.provider_signins,
                &self.reports,
            ]) {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
            let sites: Vec<Arc<SiteLimiter>> = self
                .site_posts
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .values()
                .cloned()
                .collect();
            for limiter in sites {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
            self.sign_in.retain_recent();
            self.sign_in.shrink_to_fit();
        }
    }
}

fn check(limiter: Option<&DefaultKeyedRateLimiter<IpAddr>>, ip: IpAddr) -> Result<(), Refusal> {
    let Some(limiter) = limiter else {
        return Ok(());
    };
    limiter.check_key(&network(ip)).map_err(refusal)
}

type SiteLimiter = DefaultKeyedRateLimiter<(String, IpAddr)>;

fn refusal(not_until: governor::NotUntil<<DefaultClock as Clock>::Instant>) -> Refusal {
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    Refusal::RateLimited {
        retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_burst_passes_then_posts_are_refused_with_a_wait() {
        let settings = Settings {
            posts_per_minute: 5,
            posts_burst: 3,
            ..Settings::default()
        };
        let limits = RateLimits::new(&settings);
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        for _ in 0..3 {
            limits
                .check_post("blog", None, ip)
                .expect("within the burst");
        }
        match limits.check_post("blog", None, ip) {
            Err(Refusal::RateLimited { retry_after_secs }) => {
                assert!((1..=12).contains(&retry_after_secs))
            }
            other => panic!("expected a rate limit, got {other:?}"),
        }
        limits
            .check_post("blog", None, "192.0.2.2".parse().expect("ip"))
            .expect("another address has its own bucket");
    }

    #[test]
    fn a_sites_own_rate_has_its_own_buckets() {
        let limits = RateLimits::new(&Settings {
            posts_per_minute: 5,
            posts_burst: 3,
            ..Settings::default()
        });
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        limits.check_post("strict", Some(1), ip).expect("the first");
        assert!(
            limits.check_post("strict", Some(1), ip).is_err(),
            "one a minute"
        );
        limits
            .check_post("also-strict", Some(1), ip)
            .expect("another site's bucket");
        for _ in 0..50 {
            limits.check_post("open", Some(0), ip).expect("no limit");
        }
        limits
            .check_post("blog", None, ip)
            .expect("the server's bucket is apart");
    }

    #[test]
    fn a_rate_of_zero_means_no_limit() {
        let limits = RateLimits::new(&Settings {
            posts_per_minute: 0,
            ..Settings::default()
        });
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        for _ in 0..100 {
            limits.check_post("blog", None, ip).expect("unlimited");
        }
    }
}
