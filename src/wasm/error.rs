//! Library errors as thrown JS `Error`s: the Rust message, and a `kind` naming the variant.

use crate::error::Error;
use wasm_bindgen::JsValue;

/// What the exported functions return: a thrown `Error` on failure.
pub type JsResult<T> = std::result::Result<T, JsValue>;

/// `err` as a JS `Error` with the same message, `name` "WglearnError" and `kind` the
/// variant's name ("ShapeMismatch", "NotFitted", ...), so that callers can branch on it.
pub fn js_error(err: Error) -> JsValue {
    let e = js_sys::Error::new(&err.to_string());
    e.set_name("WglearnError");
    // The variant's name is how Debug starts: `ShapeMismatch { op: .. }`, `Wgpu(..)`.
    let debug = format!("{err:?}");
    let kind: String = debug.chars().take_while(char::is_ascii_alphanumeric).collect();
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&e, &"kind".into(), &kind.into());
    e.into()
}
