//! `/admin/stats[?site=S]`: a site's figures over 90 days, drawn on the server as SVG (no
//! script), each chart followed by the table it draws, for screen readers and for copying.
//! The same figures as `GET /api/v1/moderation/stats`.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use parlons_shared::{DayCount, LayerCount, SiteStats};
use serde::Deserialize;

use super::pages::layout;
use super::words::{Lang, Words};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::api::stats::read_stats;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiQuery;

/// The drawing's size in SVG units; the page scales it to its width.
const WIDTH: u64 = 720;
const HEIGHT: u64 = 160;

#[derive(Debug, Default, Deserialize)]
pub(super) struct Chosen {
    site: Option<String>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    Lang(w): Lang,
    moderator: Result<ModeratorAuth, ApiError>,
    ApiQuery(chosen): ApiQuery<Chosen>,
) -> Result<Response, ApiError> {
    let Ok(moderator) = moderator else {
        return Ok(super::sign_in_page(&state, w));
    };
    let sites = super::moderated_sites(&state, &moderator).await?;
    let site = match chosen.site.filter(|site| !site.is_empty()) {
        Some(site) => {
            moderator.require_site(&site)?;
            Some(site)
        }
        None => sites.first().cloned(),
    };
    let stats = match &site {
        Some(site) => Some(read_stats(&state, site).await?),
        None => None,
    };
    let root = state.public.path("");
    let page = layout(
        &root,
        w,
        w.t("statistics"),
        html! {
            header class="bar" {
                strong { (w.t("statistics")) }
                a href={ (root) "/admin" } { (w.t("back")) }
            }
            main class="stats" {
                nav aria-label=(w.t("sites")) {
                    ul class="sites" {
                        @for id in &sites {
                            li {
                                a href={ (root) "/admin/stats?site=" (id) }
                                  aria-current=[(site.as_ref() == Some(id)).then_some("page")] { (id) }
                            }
                        }
                    }
                }
                @match &stats {
                    Some(stats) => (figures(w, stats)),
                    None => p class="empty" { (w.t("no_site")) },
                }
            }
        },
    );
    Ok(Html(page.into_string()).into_response())
}

fn figures(w: &Words, stats: &SiteStats) -> Markup {
    let total: u64 = stats.days.iter().map(|day| day.comments).sum();
    let queue = &stats.queue;
    html! {
        h1 { (w.f("stats_title", &[("site", &stats.site)])) }
        section aria-labelledby="per-day-title" {
            h2 id="per-day-title" { (w.t("per_day")) }
            p { (w.f("per_day_total", &[("n", &total)])) }
            (day_chart(w, &stats.days))
            details {
                summary { (w.t("per_day_table")) }
                table class="figures" {
                    thead { tr { th scope="col" { (w.t("day")) } th scope="col" { (w.t("comments")) } } }
                    tbody {
                        @for day in stats.days.iter().rev() {
                            tr { td { time datetime=(day.day) { (day.day) } } td { (day.comments) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="queue-title" {
            h2 id="queue-title" { (w.t("queue_title")) }
            dl class="figures" {
                dt { (w.t("decided")) } dd { (queue.decided) }
                dt { (w.t("median_wait")) } dd { (wait(w, queue.median_secs)) }
                dt { (w.t("p90_wait")) } dd { (wait(w, queue.p90_secs)) }
                dt { (w.t("waiting_now")) } dd { (queue.waiting) }
            }
        }
        section aria-labelledby="refusals-title" {
            h2 id="refusals-title" { (w.t("refusals_title")) }
            (layer_chart(w, &stats.refusals))
            table class="figures" {
                thead { tr { th scope="col" { (w.t("layer")) } th scope="col" { (w.t("refused")) } } }
                tbody {
                    @for count in &stats.refusals {
                        tr { td { (w.t(layer_name(count))) } td { (count.refused) } }
                    }
                }
            }
        }
        section aria-labelledby="pages-title" {
            h2 id="pages-title" { (w.t("top_pages")) }
            @if stats.top_pages.is_empty() { p class="empty" { (w.t("no_top_pages")) } }
            @else {
                table class="figures" {
                    thead { tr { th scope="col" { (w.t("page")) } th scope="col" { (w.t("published_comments")) } } }
                    tbody {
                        @for page in &stats.top_pages {
                            tr { td { code { (page.page) } } td { (page.comments) } }
                        }
                    }
                }
            }
        }
    }
}

/// One bar a day; the tallest day reaches the top. Described as a whole for screen readers,
/// which find each figure in the table after it.
fn day_chart(w: &Words, days: &[DayCount]) -> Markup {
    let most = days
        .iter()
        .map(|day| day.comments)
        .max()
        .unwrap_or(0)
        .max(1);
    let slot = WIDTH / days.len().max(1) as u64;
    let busiest = days.iter().max_by_key(|day| day.comments);
    let label = match busiest {
        Some(day) if day.comments > 0 => {
            w.f("day_chart", &[("day", &day.day), ("n", &day.comments)])
        }
        _ => w.t("day_chart_empty").to_owned(),
    };
    html! {
        svg class="chart" role="img" aria-label=(label) viewBox={ "0 0 " (WIDTH) " " (HEIGHT + 20) }
            xmlns="http://www.w3.org/2000/svg" {
            line class="axis" x1="0" y1=(HEIGHT) x2=(WIDTH) y2=(HEIGHT) {}
            @for (index, day) in days.iter().enumerate() {
                @let height = day.comments * HEIGHT / most;
                rect x=(index as u64 * slot + 1) y=(HEIGHT - height) width=(slot.saturating_sub(2).max(1)) height=(height) {
                    title { (day.day) ": " (day.comments) }
                }
            }
            @if let (Some(first), Some(last)) = (days.first(), days.last()) {
                text x="0" y=(HEIGHT + 16) { (first.day) }
                text x=(WIDTH) y=(HEIGHT + 16) text-anchor="end" { (last.day) }
            }
            text x="4" y="12" { (most) }
        }
    }
}

/// One horizontal bar a layer.
fn layer_chart(w: &Words, counts: &[LayerCount]) -> Markup {
    let most = counts
        .iter()
        .map(|count| count.refused)
        .max()
        .unwrap_or(0)
        .max(1);
    let row = 24;
    let bars = WIDTH - 200;
    let total: u64 = counts.iter().map(|count| count.refused).sum();
    html! {
        svg class="chart" role="img" aria-label=(w.f("layer_chart", &[("n", &total)]))
            viewBox={ "0 0 " (WIDTH) " " (row * counts.len() as u64) } xmlns="http://www.w3.org/2000/svg" {
            @for (index, count) in counts.iter().enumerate() {
                @let y = index as u64 * row;
                text x="0" y=(y + 16) { (w.t(layer_name(count))) }
                rect x="160" y=(y + 4) width=(count.refused * bars / most) height="16" {}
                text x=(164 + count.refused * bars / most) y=(y + 16) { (count.refused) }
            }
        }
    }
}

/// The words' key of a layer's name.
fn layer_name(count: &LayerCount) -> &'static str {
    use parlons_shared::SpamLayer as L;
    match count.layer {
        L::RateLimit => "layer_rate_limit",
        L::Trap => "layer_trap",
        L::Block => "layer_block",
        L::Challenge => "layer_challenge",
        L::Duplicate => "layer_duplicate",
        L::Filter => "layer_filter",
    }
}

/// A wait as people say it: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
fn wait(w: &Words, secs: Option<u64>) -> String {
    let Some(secs) = secs else {
        return w.t("none_decided").to_owned();
    };
    let (key, a, b) = match secs {
        0..60 => ("wait_s", secs, 0),
        60..3600 => ("wait_min", secs / 60, 0),
        3600..86_400 => ("wait_h_min", secs / 3600, secs % 3600 / 60),
        _ => ("wait_d_h", secs / 86_400, secs % 86_400 / 3600),
    };
    w.f(key, &[("a", &a), ("b", &b)])
}

#[cfg(test)]
mod tests {
    use super::{Words, wait};

    #[test]
    fn waits_read_as_people_say_them() {
        let w = Words::of("en");
        assert_eq!(wait(w, None), "none decided");
        assert_eq!(wait(w, Some(45)), "45 s");
        assert_eq!(wait(w, Some(12 * 60 + 3)), "12 min");
        assert_eq!(wait(w, Some(3 * 3600 + 5 * 60)), "3 h 5 min");
        assert_eq!(wait(w, Some(2 * 86_400 + 4 * 3600)), "2 d 4 h");
    }
}
