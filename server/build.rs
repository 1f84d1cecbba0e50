// Migrations are embedded with `sqlx::migrate!`; rebuild when one changes.
//
// The widget is embedded from `../dist` (`http/pages/assets/built.rs`). A debug build reads
// it from there at request time, but only under the path rust-embed resolved when it
// compiled: a build made before the first `scripts/build-widget` would never find it. The
// folder is made here so that it always resolves.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let _ = std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/../dist"));
}
