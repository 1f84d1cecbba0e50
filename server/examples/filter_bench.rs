//! The filter bench: a site's list at its largest (10,000 entries, words and phrases with
//! accents) against the longest comment (10,000 characters), a name and a website, as a post
//! is checked. Prints the list's build time and the median and worst check over the rounds,
//! for inputs that match nothing (the whole text is read), match at the very end, and the
//! worst shapes for folding (one long word, accents on every letter, ideographs). The budget
//! is 1 ms a check.
//!
//!     cargo run --release -p parlons-server --example filter_bench [rounds]

use std::time::{Duration, Instant};

use parlons_server::domain::filters::{FilterAction, Filters, MAX_FILTERS, parse_phrase};
use parlons_shared::limits::MAX_TEXT_CHARS;

/// A small deterministic generator (xorshift), so every run checks the same list.
struct Words(u64);

impl Words {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A word of 3 to 12 letters, some accented.
    fn word(&mut self) -> String {
        const LETTERS: &[char] = &[
            'a', 'b', 'c', 'd', 'e', 'é', 'è', 'f', 'g', 'h', 'i', 'î', 'j', 'k', 'l', 'm', 'n',
            'o', 'ô', 'p', 'q', 'r', 's', 't', 'u', 'ù', 'v', 'w', 'x', 'y', 'z', 'ç',
        ];
        let length = 3 + (self.next() % 10) as usize;
        (0..length)
            .map(|_| LETTERS[(self.next() % LETTERS.len() as u64) as usize])
            .collect()
    }
}

/// Text made of `unit` to the longest a comment may have.
fn filled(unit: &str) -> String {
    unit.repeat(MAX_TEXT_CHARS / unit.chars().count() + 1)
        .chars()
        .take(MAX_TEXT_CHARS)
        .collect()
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(200);
    let mut words = Words(0x5eed_cafe);
    let entries: Vec<(String, FilterAction)> = (0..MAX_FILTERS)
        .map(|n| {
            let phrase = if n % 4 == 0 {
                format!("{} {}", words.word(), words.word())
            } else {
                words.word()
            };
            let action = if n % 2 == 0 {
                FilterAction::Hold
            } else {
                FilterAction::Refuse
            };
            (parse_phrase(&phrase).expect("a valid entry"), action)
        })
        .collect();
    let started = Instant::now();
    let filters = Filters::new(
        entries
            .iter()
            .map(|(phrase, action)| (phrase.as_str(), *action)),
    );
    let built = started.elapsed();

    let mut prose = String::new();
    while prose.chars().count() < MAX_TEXT_CHARS - 20 {
        prose.push_str(&format!("Zz{} ", words.word()));
    }
    let last = entries.last().map(|(phrase, _)| phrase.trim().to_owned());
    let inputs = [
        ("prose, no match", prose.clone()),
        (
            "prose, a match at the end",
            format!("{prose}{}", last.unwrap_or_default()),
        ),
        ("one long word", filled("a")),
        ("accents on every letter", filled("é")),
        ("ideographs", filled("垃圾邮件")),
        ("punctuation only", filled("!?")),
    ];
    println!(
        "filters: {} entries built in {:.1} ms; {rounds} rounds per input (budget: 1 ms a check)",
        MAX_FILTERS,
        built.as_secs_f64() * 1e3
    );
    for (name, text) in inputs {
        let mut times: Vec<Duration> = (0..rounds)
            .map(|_| {
                let started = Instant::now();
                let verdict = filters.check(&[&text, "Zoé Durand", "https://zoe.example/blog"]);
                let took = started.elapsed();
                std::hint::black_box(verdict);
                took
            })
            .collect();
        times.sort_unstable();
        let verdict = filters.check(&[&text, "Zoé Durand", "https://zoe.example/blog"]);
        println!(
            "  {name:<28} median {:>7.3} ms  worst {:>7.3} ms  ({} chars, {:?})",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            text.chars().count(),
            verdict,
        );
    }
}
