use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{error_view, loading};
use crate::{
    api::get_category_page,
    components::{Breadcrumbs, Pagination, ProductGrid},
    seo::{Seo, site_url, structured},
};

/// A category listing with sub-categories and numbered pages (`?page=2`).
#[component]
pub fn CategoryListing() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let listing = Resource::new(
        move || {
            let slug = params.read().get("slug").unwrap_or_default();
            // A page that is not a positive number is not a page: 0 makes the engine answer "not found".
            let page = query
                .read()
                .get("page")
                .map_or(Some(1), |p| p.parse::<u32>().ok())
                .unwrap_or(0);
            (slug, page)
        },
        |(slug, page)| get_category_page(slug, page),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(listing) => {
                        let base = format!("/categories/{}", listing.category.slug);
                        let path = if listing.page.number == 1 {
                            base.clone()
                        } else {
                            format!("{base}?page={}", listing.page.number)
                        };
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
                        view! {
                            <Seo title description=listing.category.description.clone() path />
                            <structured::JsonLd data=trail_data />
                            <Breadcrumbs trail current=listing.category.name.clone() />
                            <header class="listing-header">
                                <h1>{listing.category.name.clone()}</h1>
                                <p class="lead">{listing.category.description.clone()}</p>
                                <p class="result-count">{format!("{} products", listing.page.total_items)}</p>
                            </header>
                            {(!listing.children.is_empty()).then(|| view! {
                                <nav class="subcategories" aria-label="Sub-categories">
                                    <ul>
                                        {listing.children.iter().map(|c| view! {
                                            <li><a class="chip" href=format!("/categories/{}", c.slug)>{c.name.clone()}</a></li>
                                        }).collect_view()}
                                    </ul>
                                </nav>
                            })}
                            {if listing.products.is_empty() {
                                view! { <p class="empty">"No products in this category yet."</p> }.into_any()
                            } else {
                                view! { <ProductGrid products=listing.products.clone() /> }.into_any()
                            }}
                            <Pagination info=listing.page base />
                        }
                            .into_any()
                    }
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}
