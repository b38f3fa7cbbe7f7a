//! Building blocks shared by the pages.

mod facets;
mod field;
mod frame;
mod listing;
mod lists;
mod picture;

pub use facets::{FacetPanel, SortForm};
pub use field::{AddressFields, Field};
pub use frame::Frame;
#[cfg(feature = "ssr")]
pub use frame::{HeaderAccount, HeaderTop};
pub use listing::{Breadcrumbs, Pagination, ProductGrid, listing_href};
#[cfg(feature = "ssr")]
pub use lists::ListOptions;
pub use lists::{ListChoice, ProductToList};
pub use picture::Picture;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The message a JavaScript-free form post left in `?error=` when it failed. Call it where the page's component
/// starts, not inside a suspended view: the query is read once, there.
pub fn form_error() -> Option<String> {
    use_query_map().with_untracked(|q| q.get("error"))
}

/// A query parameter of the page's URL, read once where the page's component starts.
pub fn query_param(name: &str) -> Option<String> {
    use_query_map().with_untracked(|q| q.get(name))
}

/// Shows a form error read by [`form_error`].
#[component]
pub fn FormError(message: Option<String>) -> impl IntoView {
    message.map(|message| {
        view! {
            <p class="alert alert-error" role="alert">
                {message}
            </p>
        }
    })
}

/// Marks the response 404 while the server renders it, so crawlers and caches see a real "not found".
pub fn set_not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}
