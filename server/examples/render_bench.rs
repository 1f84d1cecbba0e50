//! The render bench: every nesting construct of the Markdown Parlons accepts, at the longest
//! text a comment may have (10,000 characters), rendered and sanitized as a post is. Prints
//! the median and worst time of each input over several rounds; the budget is 5 ms each.
//!
//!     cargo run --release -p parlons-server --example render_bench [rounds]

use std::time::{Duration, Instant};

use parlons_server::domain::render::render;
use parlons_shared::limits::MAX_TEXT_CHARS;

/// `unit` repeated to the longest text a comment may have.
fn filled(unit: &str) -> String {
    unit.repeat(MAX_TEXT_CHARS / unit.chars().count())
        .chars()
        .take(MAX_TEXT_CHARS)
        .collect()
}

fn corpus() -> Vec<(&'static str, String)> {
    vec![
        ("block quotes, one line", filled(">")),
        ("block quotes, a line each", filled("> ")),
        (
            "block quotes, nested by line",
            (1..200)
                .map(|n| ">".repeat(n) + " x\n")
                .collect::<String>()
                .chars()
                .take(MAX_TEXT_CHARS)
                .collect(),
        ),
        ("bullet lists", filled("- ")),
        ("ordered lists", filled("1. ")),
        (
            "lists nested by indent",
            (0..400)
                .map(|n| format!("{}- x\n", "  ".repeat(n)))
                .collect::<String>()
                .chars()
                .take(MAX_TEXT_CHARS)
                .collect(),
        ),
        ("emphasis", filled("*a")),
        ("strong", filled("**a")),
        ("underscores", filled("_a")),
        ("strikethrough", filled("~~a")),
        (
            "emphasis closed",
            format!("{}x{}", "*".repeat(4_999), "*".repeat(4_999)),
        ),
        ("link brackets", filled("[")),
        ("link brackets and parens", filled("[a](")),
        (
            "nested links",
            format!("{}x{}", "[".repeat(3_000), "](u)".repeat(1_750)),
        ),
        ("images", filled("![")),
        ("code spans", filled("`a")),
        (
            "code span backticks",
            format!("{}x{}", "`".repeat(4_999), "`".repeat(4_998)),
        ),
        ("inline html", filled("<a>")),
        ("html blocks", filled("<div>\n")),
        ("autolinks", filled("<http://a")),
        ("entities", filled("&amp;")),
        ("ampersands", filled("&")),
        ("less-than signs", filled("<")),
        (
            "ampersands in a link's address",
            format!("[a](http://e.org/?{})", "&a".repeat(4_990)),
        ),
        (
            "escapes in a link's title",
            format!("[a](http://e.org/ \"{}\")", "<&'\\\"".repeat(1_990)),
        ),
        ("fenced info strings", filled("```&&&&&&&&\n")),
        ("headings", filled("# ")),
        ("setext", filled("a\n=\n")),
        ("fences", filled("```\n")),
        ("quotes in lists", filled("- > ")),
        ("lists in quotes", filled("> - ")),
        ("mixed", filled("> - *[`a")),
        ("plain text", filled("Merci pour cet article. ")),
    ]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let mut worst_of_all = Duration::ZERO;
    println!(
        "{:<30} {:>8} {:>10} {:>10}",
        "input", "chars", "median", "worst"
    );
    for (name, input) in corpus() {
        let mut times: Vec<Duration> = (0..rounds)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(render(std::hint::black_box(&input)));
                started.elapsed()
            })
            .collect();
        times.sort();
        let worst = times[times.len() - 1];
        worst_of_all = worst_of_all.max(worst);
        println!(
            "{name:<30} {:>8} {:>8.2}ms {:>8.2}ms",
            input.chars().count(),
            times[times.len() / 2].as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3
        );
    }
    println!(
        "worst of all: {:.2} ms (budget 5 ms)",
        worst_of_all.as_secs_f64() * 1e3
    );
}
