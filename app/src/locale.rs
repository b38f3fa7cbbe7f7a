//! The locale of a URL: `/de/products/…` is German, unprefixed paths are the channel's default language.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The route's `:locale` segment, empty on unprefixed routes. Not validated here: the server answers 404 for a
/// locale the channel does not serve.
pub fn route_locale() -> Signal<String> {
    let params = use_params_map();
    Signal::derive(move || params.read().get("locale").unwrap_or_default())
}

/// The URL prefix of a route locale: `""` or `/de`.
pub fn prefix(locale: &str) -> String {
    if locale.is_empty() {
        String::new()
    } else {
        format!("/{locale}")
    }
}
