//! `/admin/stats[?site=S]`: a site's figures over 90 days, drawn on the server as SVG (no
//! script), each chart followed by the table it draws, for screen readers and for copying.
//! The same figures as `GET /api/v1/moderation/stats`.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use parlons_shared::{DayCount, LayerCount, SiteStats};
use serde::Deserialize;

use super::pages::layout;
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
    moderator: Result<ModeratorAuth, ApiError>,
    ApiQuery(chosen): ApiQuery<Chosen>,
) -> Result<Response, ApiError> {
    let Ok(moderator) = moderator else {
        let page = super::pages::sign_in(&state.public.path(""), None);
        return Ok(Html(page.into_string()).into_response());
    };
    let sites: Vec<String> = state
        .store
        .list_sites()
        .await?
        .into_iter()
        .map(|site| site.id)
        .filter(|site| moderator.0.may_moderate(site))
        .collect();
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
        "Statistics",
        html! {
            header class="bar" {
                strong { "Statistics" }
                a href={ (root) "/admin" } { "Back to moderation" }
            }
            main class="stats" {
                nav aria-label="Sites" {
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
                    Some(stats) => (figures(stats)),
                    None => p class="empty" { "You moderate no site yet." },
                }
            }
        },
    );
    Ok(Html(page.into_string()).into_response())
}

fn figures(stats: &SiteStats) -> Markup {
    let total: u64 = stats.days.iter().map(|day| day.comments).sum();
    let queue = &stats.queue;
    html! {
        h1 { (stats.site) ", last 90 days" }
        section aria-labelledby="per-day-title" {
            h2 id="per-day-title" { "Comments per day" }
            p { (total) " comments in 90 days (UTC days; held and deleted ones included)." }
            (day_chart(&stats.days))
            details {
                summary { "Comments per day as a table" }
                table class="figures" {
                    thead { tr { th scope="col" { "Day" } th scope="col" { "Comments" } } }
                    tbody {
                        @for day in stats.days.iter().rev() {
                            tr { td { time datetime=(day.day) { (day.day) } } td { (day.comments) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="queue-title" {
            h2 id="queue-title" { "Waiting for a moderator" }
            dl class="figures" {
                dt { "Held comments decided" } dd { (queue.decided) }
                dt { "Median wait" } dd { (wait(queue.median_secs)) }
                dt { "90th percentile" } dd { (wait(queue.p90_secs)) }
                dt { "Waiting now" } dd { (queue.waiting) }
            }
        }
        section aria-labelledby="refusals-title" {
            h2 id="refusals-title" { "Posts refused, by spam layer" }
            (layer_chart(&stats.refusals))
            table class="figures" {
                thead { tr { th scope="col" { "Layer" } th scope="col" { "Refused" } } }
                tbody {
                    @for count in &stats.refusals {
                        tr { td { (layer_name(count)) } td { (count.refused) } }
                    }
                }
            }
        }
        section aria-labelledby="pages-title" {
            h2 id="pages-title" { "Most commented pages" }
            @if stats.top_pages.is_empty() { p class="empty" { "No published comment in 90 days." } }
            @else {
                table class="figures" {
                    thead { tr { th scope="col" { "Page" } th scope="col" { "Published comments" } } }
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
fn day_chart(days: &[DayCount]) -> Markup {
    let most = days
        .iter()
        .map(|day| day.comments)
        .max()
        .unwrap_or(0)
        .max(1);
    let slot = WIDTH / days.len().max(1) as u64;
    let busiest = days.iter().max_by_key(|day| day.comments);
    let label = match busiest {
        Some(day) if day.comments > 0 => format!(
            "Bar chart of comments per day; the busiest day is {} with {}.",
            day.day, day.comments
        ),
        _ => "Bar chart of comments per day: none in 90 days.".to_owned(),
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
fn layer_chart(counts: &[LayerCount]) -> Markup {
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
        svg class="chart" role="img" aria-label={ "Bar chart of refused posts by layer: " (total) " in all." }
            viewBox={ "0 0 " (WIDTH) " " (row * counts.len() as u64) } xmlns="http://www.w3.org/2000/svg" {
            @for (index, count) in counts.iter().enumerate() {
                @let y = index as u64 * row;
                text x="0" y=(y + 16) { (layer_name(count)) }
                rect x="160" y=(y + 4) width=(count.refused * bars / most) height="16" {}
                text x=(164 + count.refused * bars / most) y=(y + 16) { (count.refused) }
            }
        }
    }
}

fn layer_name(count: &LayerCount) -> &'static str {
    use parlons_shared::SpamLayer as L;
    match count.layer {
        L::RateLimit => "Rate limit",
        L::Trap => "Hidden field",
        L::Block => "Blocked",
        L::Challenge => "Challenge",
        L::Duplicate => "Duplicate",
        L::Filter => "Word filter",
    }
}

/// A wait as people say it: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
fn wait(secs: Option<u64>) -> String {
    let Some(secs) = secs else {
        return "none decided".to_owned();
    };
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86_400 => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
        _ => format!("{} d {} h", secs / 86_400, secs % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::wait;

    #[test]
    fn waits_read_as_people_say_them() {
        assert_eq!(wait(None), "none decided");
        assert_eq!(wait(Some(45)), "45 s");
        assert_eq!(wait(Some(12 * 60 + 3)), "12 min");
        assert_eq!(wait(Some(3 * 3600 + 5 * 60)), "3 h 5 min");
        assert_eq!(wait(Some(2 * 86_400 + 4 * 3600)), "2 d 4 h");
    }
}
