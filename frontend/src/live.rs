//! The page's live events (SSE), kept open for as long as the page is.
//!
//! Browsers reconnect an `EventSource` by themselves after a dropped connection, sending the
//! last event's id (`Last-Event-ID`): the server first sends what was missed meanwhile. When
//! the server answers with an error instead (a restart behind a proxy, say), the source closes
//! and we open a new one after a growing delay, naming the last id in its URL. When the
//! server cannot replay (the reader was away too long, or too much changed), it sends
//! `reload`, and the thread is read again.

use std::cell::RefCell;
use std::rc::Rc;

use parlons_shared::{Comment, CountEvent, DeleteEvent, Tally};
use wasm_bindgen::JsCast;

use crate::json::{self, FromJs};
use crate::mounted;
use wasm_bindgen::prelude::Closure;
use web_sys::{EventSource, MessageEvent};

/// What to do with each kind of event.
pub struct Handlers {
    pub comment: Box<dyn Fn(Comment)>,
    pub delete: Box<dyn Fn(i64)>,
    pub count: Box<dyn Fn(u64)>,
    /// A comment's votes changed.
    pub votes: Box<dyn Fn(Tally)>,
    /// What was missed cannot be replayed: read the thread again.
    pub reload: Box<dyn Fn()>,
}

/// The stream's URL and the id of the last event received, kept across reopenings, for the
/// mounting that opened it.
pub struct Source {
    url: Rc<str>,
    last_id: RefCell<String>,
    generation: u32,
}

impl Source {
    pub fn new(url: &str) -> Rc<Self> {
        Rc::new(Self {
            url: Rc::from(url),
            last_id: RefCell::new(String::new()),
            generation: mounted::current(),
        })
    }

    /// The URL to open: with the last id once there is one.
    fn url(&self) -> String {
        let last = self.last_id.borrow();
        if last.is_empty() {
            self.url.to_string()
        } else {
            format!("{}&last_event_id={last}", self.url)
        }
    }

    fn saw(&self, event: &MessageEvent) {
        let id = event.last_event_id();
        if !id.is_empty() {
            *self.last_id.borrow_mut() = id;
        }
    }
}

const MAX_DELAY_MS: i32 = 30_000;

/// Opens the stream, unless its mounting ended; `attempt` counts the reopenings so far.
pub fn connect(stream: Rc<Source>, handlers: Rc<Handlers>, attempt: u32) {
    if !mounted::is_current(stream.generation) {
        return;
    }
    let Ok(source) = EventSource::new(&stream.url()) else {
        reopen_later(stream, handlers, attempt);
        return;
    };
    mounted::keep_stream(source.clone());
    listen::<Comment>(&source, &stream, "comment", {
        let handlers = handlers.clone();
        move |comment| (handlers.comment)(comment)
    });
    listen::<DeleteEvent>(&source, &stream, "delete", {
        let handlers = handlers.clone();
        move |event| (handlers.delete)(event.id)
    });
    listen::<CountEvent>(&source, &stream, "count", {
        let handlers = handlers.clone();
        move |event| (handlers.count)(event.count)
    });
    listen::<Tally>(&source, &stream, "votes", {
        let handlers = handlers.clone();
        move |tally| (handlers.votes)(tally)
    });
    let on_reload = Closure::<dyn FnMut(MessageEvent)>::new({
        let (stream, handlers) = (stream.clone(), handlers.clone());
        move |event: MessageEvent| {
            stream.saw(&event);
            (handlers.reload)();
        }
    });
    let _ = source.add_event_listener_with_callback("reload", on_reload.as_ref().unchecked_ref());
    on_reload.forget();

    let on_error = Closure::<dyn FnMut()>::new({
        let source = source.clone();
        move || {
            if source.ready_state() == EventSource::CLOSED {
                reopen_later(stream.clone(), handlers.clone(), attempt + 1);
            }
        }
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}

fn listen<T: FromJs + 'static>(
    source: &EventSource,
    stream: &Rc<Source>,
    name: &str,
    handle: impl Fn(T) + 'static,
) {
    let stream = stream.clone();
    let callback = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        stream.saw(&event);
        if let Some(data) = event.data().as_string()
            && let Some(payload) = json::parse::<T>(&data)
        {
            handle(payload);
        }
    });
    let _ = source.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
    callback.forget();
}

/// 1 s, 2 s, 4 s ... up to 30 s.
fn reopen_later(stream: Rc<Source>, handlers: Rc<Handlers>, attempt: u32) {
    let delay = 1_000i32
        .saturating_mul(1 << attempt.min(5))
        .min(MAX_DELAY_MS);
    let reopen = Closure::once_into_js(move || connect(stream, handlers, attempt));
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(reopen.unchecked_ref(), delay);
    }
}
