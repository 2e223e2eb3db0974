//! scikit-learn's warnings (UndefinedMetricWarning, FitFailedWarning, ...): natively through the
//! `log` facade, the Rust ecosystem's convention (target "wglearn", the category first), and in
//! the page through `console.warn`, never to stderr directly.

/// The warning categories the library emits, named as scikit-learn names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// scikit-learn's plain `UserWarning`.
    UserWarning,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::UserWarning => "UserWarning",
        }
    }
}

/// Emits `message` as a warning of `category`.
pub(crate) fn warn(category: Category, message: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    log::warn!(target: "wglearn", "{}: {message}", category.name());
    #[cfg(target_arch = "wasm32")]
    console_warn(&format!("{}: {message}", category.name()));
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(message: &str);
}
