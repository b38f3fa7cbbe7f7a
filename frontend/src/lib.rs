//! The browser entry point: hydrates the server-rendered storefront. With the `islands` feature only the islands
//! wake up; without it the whole app hydrates.

// The islands register themselves from the app crate; this keeps it linked when nothing else names it.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "islands")]
    leptos::mount::hydrate_islands();
    #[cfg(not(feature = "islands"))]
    leptos::mount::hydrate_body(app::App);
}
