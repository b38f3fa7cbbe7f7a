//! Listing pieces: product cards, breadcrumbs, pagination.

use domain::{CategoryRef, ListingQuery, PageInfo, ProductSummary};
use leptos::prelude::*;

/// A grid of product cards; `prefix` is the locale's URL prefix.
#[component]
pub fn ProductGrid(products: Vec<ProductSummary>, prefix: String) -> impl IntoView {
    view! {
        <ul class="product-grid">
            {products
                .into_iter()
                .map(|p| view! { <li><ProductCard product=p prefix=prefix.clone() /></li> })
                .collect_view()}
        </ul>
    }
}

/// One product in a listing.
#[component]
pub fn ProductCard(product: ProductSummary, prefix: String) -> impl IntoView {
    let href = format!("{prefix}/products/{}", product.slug);
    let stock_class = if product.stock.is_available() {
        "stock in"
    } else {
        "stock out"
    };
    let variants =
        (product.variant_count > 1).then(|| format!("{} options", product.variant_count));
    view! {
        <article class="product-card">
            <a href=href.clone() class="card-image" tabindex="-1" aria-hidden="true">
                {product
                    .image
                    .map(|image| {
                        view! {
                            <super::Picture image width=400 alt="" sizes="(max-width: 600px) 50vw, 240px" />
                        }
                    })}
            </a>
            <div class="card-body">
                <p class="card-brand">{product.brand}</p>
                <h3 class="card-title">
                    <a href=href>{product.name}</a>
                </h3>
                {product.price_from.map(|price| view! {
                    <p class="card-price">
                        {(product.variant_count > 1).then_some("from ")}
                        <strong>{price.display()}</strong>
                    </p>
                })}
                <p class="card-meta">
                    <span class=stock_class>{product.stock.label()}</span>
                    {variants.map(|v| view! { <span class="variants">{v}</span> })}
                </p>
            </div>
        </article>
    }
}

/// The path to a category or product, from the home page down.
#[component]
pub fn Breadcrumbs(
    trail: Vec<CategoryRef>,
    #[prop(optional)] current: Option<String>,
    #[prop(optional)] prefix: String,
) -> impl IntoView {
    let home = if prefix.is_empty() {
        "/".to_owned()
    } else {
        prefix.clone()
    };
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <ol>
                <li>
                    <a href=home>"Home"</a>
                </li>
                {trail
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a href=format!("{prefix}/categories/{}", c.slug)>{c.name}</a>
                            </li>
                        }
                    })
                    .collect_view()}
                {current.map(|c| view! { <li aria-current="page">{c}</li> })}
            </ol>
        </nav>
    }
}

/// `path` with the listing query, if any.
pub fn listing_href(path: &str, query: &ListingQuery) -> String {
    let qs = query.to_query_string();
    if qs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{qs}")
    }
}

/// Numbered pages with previous and next; plain links that keep the filters, so crawlers and JavaScript-free
/// buyers follow them.
#[component]
pub fn Pagination(info: PageInfo, path: String, query: ListingQuery) -> impl IntoView {
    let total = info.total_pages();
    if total <= 1 {
        return None;
    }
    let href = move |n: u32| listing_href(&path, &query.with_page(n));
    let window: Vec<u32> = (1..=total)
        .filter(|&n| n == 1 || n == total || n.abs_diff(info.number) <= 2)
        .collect();
    let mut items = Vec::new();
    let mut last = 0;
    for n in window {
        if n > last + 1 {
            items.push(view! { <li class="gap">"…"</li> }.into_any());
        }
        let item = if n == info.number {
            view! { <li><span aria-current="page">{n}</span></li> }.into_any()
        } else {
            view! { <li><a href=href(n)>{n}</a></li> }.into_any()
        };
        items.push(item);
        last = n;
    }
    Some(view! {
        <nav class="pagination" aria-label="Pages">
            <ul>
                {info.has_previous().then(|| view! { <li><a rel="prev" href=href(info.number - 1)>"← Previous"</a></li> })}
                {items}
                {info.has_next().then(|| view! { <li><a rel="next" href=href(info.number + 1)>"Next →"</a></li> })}
            </ul>
        </nav>
    })
}
