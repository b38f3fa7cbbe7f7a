use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{error_view, loading};
use crate::{
    api::get_search,
    components::{FacetPanel, Pagination, ProductGrid, SortForm},
    islands::ListingNav,
    locale::{prefix, route_locale},
    seo::Seo,
};

/// Search results with facets, sort and pages, driven by the URL (`/search?q=…`). Not indexed by crawlers: the
/// same products are reachable through the category pages.
#[component]
pub fn SearchResults() -> impl IntoView {
    let location = use_location();
    let locale = route_locale();
    let results = Resource::new(
        move || (locale.get(), location.search.get()),
        |(locale, query)| get_search(locale, query),
    );
    // Read before suspending: the future below must not touch reactive values, which the server may have
    // disposed by the time it polls the future once more.
    let prefix = prefix(&locale.get_untracked());
    view! {
        <Suspense fallback=loading>
            {move || {
                let prefix = prefix.clone();
                Suspend::new(async move {
                match results.await {
                    Ok(results) => {
                        let path = format!("{prefix}/search");
                        let text = results.query.text.clone();
                        let heading = if text.is_empty() {
                            "All products".to_owned()
                        } else {
                            format!("Results for “{text}”")
                        };
                        let prices_shown = results.products.iter().any(|p| p.price_from.is_some());
                        view! {
                            <Seo title=heading.clone() description=heading.clone() path=path.clone() noindex=true />
                            <ListingNav />
                            <div class="listing" data-listing="">
                                <header class="listing-header">
                                    <h1>{heading}</h1>
                                </header>
                                <div class="listing-layout">
                                    <FacetPanel
                                        facets=results.facets.clone()
                                        query=results.query.clone()
                                        path=path.clone()
                                        prefix=prefix.clone()
                                        search=true
                                    />
                                    <div class="listing-results">
                                        <div class="listing-toolbar">
                                            <p class="result-count" data-testid="result-count">
                                                {format!("{} products", results.page.total_items)}
                                            </p>
                                            <SortForm query=results.query.clone() path=path.clone() prices_shown />
                                        </div>
                                        {if results.products.is_empty() {
                                            view! {
                                                <p class="empty">"Nothing matches. Check the spelling or try fewer words."</p>
                                            }.into_any()
                                        } else {
                                            view! { <ProductGrid products=results.products.clone() prefix=prefix.clone() /> }.into_any()
                                        }}
                                        <Pagination info=results.page path query=results.query.clone() />
                                    </div>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    Err(e) => error_view(e),
                }
            })
            }}
        </Suspense>
    }
}
