//! The strings from the language file `embed.js` fetched, with the browser's `Intl` for
//! plural categories and numbers.

use std::cell::RefCell;

use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::Strings;

/// The strings of the language file `embed.js` fetched (parsed: the values alone, in the
/// order of [`Strings`], as `scripts/build-widget` writes them), with the plural rules and
/// number format of `locale` (the reader's BCP 47 tag).
pub fn from_js(file: &JsValue, locale: &str) -> Strings {
    let get = |at: usize| {
        Reflect::get_u32(file, u32::try_from(at).unwrap_or(u32::MAX)).unwrap_or(JsValue::UNDEFINED)
    };
    Strings::read(
        &|at| get(at).as_string(),
        &|at| {
            let forms = get(at);
            let Some(forms) = forms.dyn_ref::<Object>() else {
                return Vec::new();
            };
            Object::entries(forms)
                .iter()
                .filter_map(|pair| {
                    let pair: Array = pair.unchecked_into();
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect()
        },
        locale.to_owned(),
        category,
        number,
    )
}

thread_local! {
    /// `Intl.PluralRules` and `Intl.NumberFormat().format` of the locale, made once.
    static INTL: RefCell<Option<(Intl::PluralRules, Function)>> = const { RefCell::new(None) };
}

fn with_intl<T>(locale: &str, use_it: impl FnOnce(&Intl::PluralRules, &Function) -> T) -> T {
    INTL.with(|intl| {
        let mut intl = intl.borrow_mut();
        let (rules, format) = intl.get_or_insert_with(|| {
            let locales = Array::of1(&JsValue::from_str(locale));
            (
                Intl::PluralRules::new(&locales, &Object::new()),
                Intl::NumberFormat::new(&locales, &Object::new()).format(),
            )
        });
        use_it(rules, format)
    })
}

fn category(locale: &str, n: u64) -> String {
    with_intl(locale, |rules, _| {
        rules.select(n as f64).as_string().unwrap_or_default()
    })
}

fn number(locale: &str, n: u64) -> String {
    with_intl(locale, |_, format| {
        format
            .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| n.to_string())
    })
}
