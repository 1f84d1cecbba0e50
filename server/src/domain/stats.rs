//! A site's statistics from the store's raw figures: every day of the period listed (zeros
//! included), every spam layer listed, and the queue's waits as a median and 90th percentile.

use std::collections::HashMap;

use parlons_shared::{
    DayCount, LayerCount, PageCount, QueueWait, STATS_DAYS, SiteStats, SpamLayer,
};
use time::{Date, Duration, OffsetDateTime, Time};

/// What the database knows of a site since a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawStats {
    /// `(YYYY-MM-DD, comments)` for days with any, in no order.
    pub days: Vec<(String, i64)>,
    /// Seconds each held comment waited until approved or deleted, latest decisions first.
    pub waits: Vec<i64>,
    /// Comments waiting now.
    pub waiting: i64,
    /// `(layer, refused)` for layers with any.
    pub refusals: Vec<(String, i64)>,
    /// `(page, comments)`, most first.
    pub top_pages: Vec<(String, i64)>,
}

/// A UTC instant's day as `YYYY-MM-DD`.
pub fn day_of(at: OffsetDateTime) -> String {
    format_day(at.to_offset(time::UtcOffset::UTC).date())
}

fn format_day(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Midnight UTC of the period's first day: [`STATS_DAYS`] days, today included.
pub fn period_start(now: OffsetDateTime) -> OffsetDateTime {
    let today = now.to_offset(time::UtcOffset::UTC).date();
    (today - Duration::days(STATS_DAYS as i64 - 1))
        .with_time(Time::MIDNIGHT)
        .assume_utc()
}

/// The figures as the API and the page show them.
pub fn site_stats(site: &str, raw: RawStats, now: OffsetDateTime) -> SiteStats {
    let per_day: HashMap<String, i64> = raw.days.into_iter().collect();
    let first = period_start(now).date();
    let days = (0..STATS_DAYS as i64)
        .map(|offset| {
            let day = format_day(first + Duration::days(offset));
            let comments = per_day.get(&day).copied().unwrap_or(0);
            DayCount {
                day,
                comments: count(comments),
            }
        })
        .collect();
    let refused: HashMap<String, i64> = raw.refusals.into_iter().collect();
    let refusals = SpamLayer::ALL
        .into_iter()
        .map(|layer| LayerCount {
            layer,
            refused: count(refused.get(layer.as_str()).copied().unwrap_or(0)),
        })
        .collect();
    let mut waits = raw.waits;
    waits.sort_unstable();
    SiteStats {
        site: site.to_owned(),
        days,
        queue: QueueWait {
            decided: waits.len() as u64,
            median_secs: percentile(&waits, 50),
            p90_secs: percentile(&waits, 90),
            waiting: count(raw.waiting),
        },
        refusals,
        top_pages: raw
            .top_pages
            .into_iter()
            .map(|(page, comments)| PageCount {
                page,
                comments: count(comments),
            })
            .collect(),
    }
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// The nearest-rank percentile of sorted values: the smallest value with at least
/// `percent` % of the values at or below it.
fn percentile(sorted: &[i64], percent: usize) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    Some(count(sorted[rank - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_and_90th_percentile_are_values_that_were_measured() {
        let waits: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&waits, 50), Some(5));
        assert_eq!(percentile(&waits, 90), Some(9));
        assert_eq!(percentile(&[42], 90), Some(42));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn every_day_of_the_period_is_listed_oldest_first_with_zeros() {
        let now = OffsetDateTime::parse(
            "2026-12-03T10:00:00Z",
            &time::format_description::well_known::Rfc3339,
        )
        .expect("a time");
        let raw = RawStats {
            days: vec![("2026-12-03".into(), 4), ("2026-09-05".into(), 1)],
            ..RawStats::default()
        };

        let stats = site_stats("blog", raw, now);

        assert_eq!(stats.days.len(), STATS_DAYS);
        assert_eq!(stats.days[0].day, "2026-09-05");
        assert_eq!(stats.days[0].comments, 1);
        assert_eq!(stats.days[STATS_DAYS - 1].day, "2026-12-03");
        assert_eq!(stats.days[STATS_DAYS - 1].comments, 4);
        assert_eq!(stats.days.iter().map(|day| day.comments).sum::<u64>(), 5);
        assert_eq!(stats.refusals.len(), SpamLayer::ALL.len());
        assert_eq!(stats.queue.median_secs, None);
    }
}
