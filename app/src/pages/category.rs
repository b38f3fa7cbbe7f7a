use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

use super::{error_view, loading};
use crate::{
    api::get_category_page,
    components::{Breadcrumbs, FacetPanel, Pagination, ProductGrid, SortForm, listing_href},
    islands::ListingNav,
    locale::{prefix, route_locale},
    seo::{Seo, site_url, structured},
};

/// A category listing with sub-categories, facets, sort and numbered pages, all driven by the URL.
#[component]
pub fn CategoryListing() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let locale = route_locale();
    let listing = Resource::new(
        move || {
            (
                locale.get(),
                params.read().get("slug").unwrap_or_default(),
                location.search.get(),
            )
        },
        |(locale, slug, query)| get_category_page(locale, slug, query),
    );
    // Read before suspending: the future below must not touch reactive values, which the server may have
    // disposed by the time it polls the future once more.
    let prefix = prefix(&locale.get_untracked());
    view! {
        <Suspense fallback=loading>
            {move || {
                let prefix = prefix.clone();
                Suspend::new(async move {
                match listing.await {
                    Ok(listing) => {
                        let base = format!("{prefix}/categories/{}", listing.category.slug);
                        // Filtered and sorted variants of a listing point crawlers to the plain listing (keeping
                        // the page number), so the index holds one URL per page of products.
                        let canonical = listing_href(&base, &domain::ListingQuery {
                            page: listing.page.number,
                            ..Default::default()
                        });
                        let mut trail = listing.breadcrumbs.clone();
                        trail.pop();
                        let trail_data = structured::breadcrumbs(
                            &trail,
                            Some((&listing.category.name, &base)),
                            &site_url(),
                        );
                        let title = if listing.page.number == 1 {
                            listing.category.name.clone()
                        } else {
                            format!("{} – page {}", listing.category.name, listing.page.number)
                        };
                        let prices_shown = listing.products.iter().any(|p| p.price_from.is_some());
                        view! {
                            <Seo
                                title
                                description=listing.category.description.clone()
                                path=canonical
                                alternates=listing.alternates.clone()
                            />
                            <structured::JsonLd data=trail_data />
                            <ListingNav />
                            <div class="listing" data-listing="">
                                <Breadcrumbs trail current=listing.category.name.clone() prefix=prefix.clone() />
                                <header class="listing-header">
                                    <h1>{listing.category.name.clone()}</h1>
                                    <p class="lead">{listing.category.description.clone()}</p>
                                </header>
                                <div class="listing-layout">
                                    <FacetPanel
                                        facets=listing.facets.clone()
                                        query=listing.query.clone()
                                        path=base.clone()
                                        prefix=prefix.clone()
                                    />
                                    <div class="listing-results">
                                        <div class="listing-toolbar">
                                            <p class="result-count" data-testid="result-count">
                                                {format!("{} products", listing.page.total_items)}
                                            </p>
                                            <SortForm query=listing.query.clone() path=base.clone() prices_shown />
                                        </div>
                                        {if listing.products.is_empty() {
                                            view! { <p class="empty">"No products match."</p> }.into_any()
                                        } else {
                                            view! { <ProductGrid products=listing.products.clone() prefix=prefix.clone() /> }.into_any()
                                        }}
                                        <Pagination info=listing.page path=base query=listing.query.clone() />
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
