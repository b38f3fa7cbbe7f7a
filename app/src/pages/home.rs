use domain::CategoryNode;
use leptos::prelude::*;

use super::{error_view, loading};
use crate::{
    api::get_home,
    components::ProductGrid,
    locale::{prefix, route_locale},
    seo::{Seo, site_url, structured},
};

/// The home page: what the shop sells, the category tree and a few products.
#[component]
pub fn Home() -> impl IntoView {
    let locale = route_locale();
    let home = Resource::new(move || locale.get(), get_home);
    // Read before suspending: the future below must not touch reactive values, which the server may have
    // disposed by the time it polls the future once more.
    let prefix = prefix(&locale.get_untracked());
    view! {
        <Suspense fallback=loading>
            {move || {
                let prefix = prefix.clone();
                Suspend::new(async move {
                let path = if prefix.is_empty() { "/".to_owned() } else { prefix.clone() };
                match home.await {
                    Ok(home) => {
                        view! {
                            <Seo
                                title="Wholesale fasteners, tools, safety gear and packaging".into()
                                description="Trade prices on fasteners, hand tools, safety gear and packaging. Pack sizes for workshops and industry, same-day dispatch.".into()
                                path
                            />
                            <structured::JsonLd data=structured::organization(&site_url()) />
                            <section class="hero">
                                <h1>"Supplies for trade and industry"</h1>
                                <p>"Fasteners, hand tools, safety gear and packaging in the pack sizes you order, at trade prices."</p>
                            </section>
                            <section aria-labelledby="categories-heading">
                                <h2 id="categories-heading">"Shop by category"</h2>
                                <ul class="category-grid">
                                    {home.categories.into_iter().map(|node| view! { <li><CategoryTile node prefix=prefix.clone() /></li> }).collect_view()}
                                </ul>
                            </section>
                            <section aria-labelledby="featured-heading">
                                <h2 id="featured-heading">"Popular with our customers"</h2>
                                <ProductGrid products=home.featured prefix=prefix.clone() />
                            </section>
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

#[component]
fn CategoryTile(node: CategoryNode, prefix: String) -> impl IntoView {
    view! {
        <article class="category-tile">
            <h3>
                <a href=format!("{prefix}/categories/{}", node.category.slug)>{node.category.name}</a>
            </h3>
            <p class="count">{format!("{} products", node.product_count)}</p>
            <ul>
                {node
                    .children
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a href=format!("{prefix}/categories/{}", c.category.slug)>{c.category.name}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </article>
    }
}
