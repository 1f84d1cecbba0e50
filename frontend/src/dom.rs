//! The few DOM operations the views are made of, each one function, not generic.
//!
//! Leptos' typed views (`view!`, tachys) compile a build, rebuild and drop routine for every
//! shape of element tree and every reactive attribute: the widget's views cost 40 KB of the
//! 116 KB brotli'd wasm (measured by removing them). Here a view is plain calls to the
//! browser, so a new element costs a few calls, not a new type; Leptos' signals and effects
//! still decide when each part is drawn again.

use js_sys::Reflect;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, EventTarget};

pub fn document() -> Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("the widget runs in a page")
}

/// A new element; `class` may be empty.
pub fn element(tag: &str, class: &str) -> Element {
    let element = document().create_element(tag).expect("a valid tag name");
    if !class.is_empty() {
        element.set_class_name(class);
    }
    element
}

/// A new element appended to `parent`.
pub fn child(parent: &Element, tag: &str, class: &str) -> Element {
    let element = element(tag, class);
    let _ = parent.append_child(&element);
    element
}

/// A new element with `text` in it, appended to `parent`.
pub fn text_child(parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let element = child(parent, tag, class);
    element.set_text_content(Some(text));
    element
}

/// Appends `text` as a text node.
pub fn text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

/// A `<button type="button">` whose press the widget's listener reads as `action`.
pub fn button(parent: &Element, class: &str, action: &str, label: &str) -> Element {
    let button = text_child(parent, "button", class, label);
    set(&button, "type", "button");
    set(&button, "data-act", action);
    button
}

pub fn set(element: &Element, name: &str, value: &str) {
    let _ = element.set_attribute(name, value);
}

/// Puts `element` in `parent` (before `before`, or last) when `shown`, or takes it out.
pub fn place(parent: &Element, element: &Element, before: Option<&Element>, shown: bool) {
    if !shown {
        element.remove();
    } else if !element.is_connected() {
        let _ = parent.insert_before(element, before.map(AsRef::as_ref));
    }
}

/// Sets or removes a boolean attribute (`hidden`, `disabled`, `required`...).
pub fn flag(element: &Element, name: &str, on: bool) {
    let _ = element.toggle_attribute_with_force(name, on);
}

/// A property of an element (`value`, `checked`), for inputs, whose attributes are only
/// their initial state.
pub fn property(element: &JsValue, name: &str) -> JsValue {
    Reflect::get(element, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

pub fn set_property(element: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(element, &JsValue::from_str(name), value);
}

/// The `value` of an input, text area or select.
pub fn value(element: &Element) -> String {
    property(element, "value").as_string().unwrap_or_default()
}

pub fn set_value(element: &Element, value: &str) {
    set_property(element, "value", &JsValue::from_str(value));
}

/// The first element under `parent` that `selector` matches.
pub fn find(parent: &Element, selector: &str) -> Option<Element> {
    parent.query_selector(selector).ok().flatten()
}

/// The element an event came from, or its nearest ancestor that `selector` matches.
pub fn closest(event: &Event, selector: &str) -> Option<Element> {
    event
        .target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

/// Calls `handle` for each `name` event on `target`, for as long as the page lives (the
/// widget listens on its root and on the window only, never per element).
pub fn listen(target: &EventTarget, name: &str, handle: Box<dyn Fn(Event)>) {
    let callback = Closure::<dyn Fn(Event)>::new(handle);
    let _ = target.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
    callback.forget();
}

/// Moves the keyboard focus to `element`.
pub fn focus(element: &Element) {
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}
