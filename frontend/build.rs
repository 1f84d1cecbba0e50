//! Minifies `src/widget.css` into `$OUT_DIR/widget.css`, which the wasm carries: its comments
//! and indentation are for the people who change it, not for every reader's download (they
//! cost the brotli'd widget about 500 B). Only what cannot change a rule's meaning goes:
//! comments, runs of white space (kept as one space: `.a :focus` is not `.a:focus`), and the
//! space around `{`, `}`, `;` and `,`. The widget's styles hold no string with those in it;
//! a build fails if one ever does, rather than shipping a changed string.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=src/widget.css");
    let css = std::fs::read_to_string("src/widget.css").expect("src/widget.css is readable");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("widget.css"), minify(&css)).expect("OUT_DIR is writable");
}

fn minify(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("every comment is closed");
        rest = &rest[start + end + 2..];
    }
    text.push_str(rest);
    for string in text.split('"').skip(1).step_by(2) {
        assert!(
            !string.contains(['{', '}', ';', ',']) && !string.contains("  "),
            "widget.css: the string \"{string}\" would change when minified"
        );
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut minified = words.join(" ");
    for mark in ["{", "}", ";", ","] {
        minified = minified
            .replace(&format!(" {mark}"), mark)
            .replace(&format!("{mark} "), mark);
    }
    minified
}
