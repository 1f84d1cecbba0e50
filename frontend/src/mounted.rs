//! The widget shows one page's thread at a time: a single-page site that navigates has
//! `embed.js` mount it again for the next page. What one mounting owns ends with it: its
//! signals and effects (a Leptos `Owner`), its live stream and its tasks, which stop at their
//! next `await` once it has ended, so a late answer for the old page never reaches the new one.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use leptos::prelude::Owner;
use leptos::task::spawn_local;
use web_sys::EventSource;

thread_local! {
    static OWNER: RefCell<Option<Owner>> = const { RefCell::new(None) };
    /// Counts the mountings, so a task or a stream knows whether its own is the one shown.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    static STREAM: RefCell<Option<EventSource>> = const { RefCell::new(None) };
}

/// Ends the mounting shown, if any, and runs `mount` as the next one.
pub fn begin(mount: impl FnOnce()) {
    end();
    let owner = Owner::new();
    owner.with(mount);
    OWNER.with(|cell| *cell.borrow_mut() = Some(owner));
}

/// Ends the mounting shown: its stream closes, its signals and effects are disposed of.
pub fn end() {
    GENERATION.with(|generation| generation.set(generation.get() + 1));
    if let Some(stream) = STREAM.with(RefCell::take) {
        stream.close();
    }
    if let Some(owner) = OWNER.with(RefCell::take) {
        owner.cleanup();
    }
}

/// The mounting shown now.
pub fn current() -> u32 {
    GENERATION.with(Cell::get)
}

/// Whether `generation` is still the mounting shown.
pub fn is_current(generation: u32) -> bool {
    current() == generation
}

/// Keeps the live stream of the mounting shown, closed when it ends.
pub fn keep_stream(stream: EventSource) {
    STREAM.with(|cell| *cell.borrow_mut() = Some(stream));
}

/// Runs `task` until it is done or the mounting it began in ends (it is then dropped at its
/// next `await`: what it holds is dropped with it).
pub fn spawn(task: impl Future<Output = ()> + 'static) {
    spawn_boxed(Box::pin(task));
}

/// One body for every task (each generic copy costs the download).
fn spawn_boxed(mut task: Pin<Box<dyn Future<Output = ()>>>) {
    let generation = current();
    spawn_local(std::future::poll_fn(move |context| {
        if is_current(generation) {
            task.as_mut().poll(context)
        } else {
            Poll::Ready(())
        }
    }));
}
