//! Building blocks shared by the pages.

mod facets;
mod frame;
mod listing;

pub use facets::{FacetPanel, SortForm};
pub use frame::Frame;
pub use listing::{Breadcrumbs, Pagination, ProductGrid, listing_href};

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The message a JavaScript-free form post left in `?error=` when it failed.
#[component]
pub fn FormError() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.read().get("error").map(|message| {
            view! {
                <p class="alert alert-error" role="alert">
                    {message}
                </p>
            }
        })
    }
}

/// Marks the response 404 while the server renders it, so crawlers and caches see a real "not found".
pub fn set_not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}
