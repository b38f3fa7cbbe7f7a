//! Progressive enhancement for plain `<form method="post">` elements whose action is a server function URL.
//! `ActionForm` does the same generically, but its generic form decoding and type-erased children cost the browser
//! bundle about 10 KB of brotli; reading the two or three named fields by hand costs almost nothing.

use leptos::{
    ev::SubmitEvent,
    wasm_bindgen::JsCast,
    web_sys::{FormData, HtmlFormElement},
};

/// Stops the browser's own submission and returns the form's fields; `None` when the event has no form.
pub fn take_submission(ev: &SubmitEvent) -> Option<FormData> {
    ev.prevent_default();
    let form = ev.target()?.dyn_into::<HtmlFormElement>().ok()?;
    FormData::new_with_form(&form).ok()
}

/// A text field's value; empty when missing, so the server's validation names the field.
pub fn field(data: &FormData, name: &str) -> String {
    data.get(name).as_string().unwrap_or_default()
}
