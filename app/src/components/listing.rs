//! Listing pieces: product cards, breadcrumbs, pagination.

use domain::{CategoryRef, PageInfo, ProductSummary};
use leptos::prelude::*;

/// A grid of product cards.
#[component]
pub fn ProductGrid(products: Vec<ProductSummary>) -> impl IntoView {
    view! {
        <ul class="product-grid">
            {products.into_iter().map(|p| view! { <li><ProductCard product=p /></li> }).collect_view()}
        </ul>
    }
}

/// One product in a listing.
#[component]
pub fn ProductCard(product: ProductSummary) -> impl IntoView {
    let href = format!("/products/{}", product.slug);
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
                    .map(|i| {
                        view! { <img src=i.url alt="" width="400" height="400" loading="lazy" decoding="async" /> }
                    })}
            </a>
            <div class="card-body">
                <p class="card-brand">{product.brand}</p>
                <h3 class="card-title">
                    <a href=href>{product.name}</a>
                </h3>
                <p class="card-price">
                    {(product.variant_count > 1).then_some("from ")}
                    <strong>{product.price_from.display()}</strong>
                </p>
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
) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <ol>
                <li>
                    <a href="/">"Home"</a>
                </li>
                {trail
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a href=format!("/categories/{}", c.slug)>{c.name}</a>
                            </li>
                        }
                    })
                    .collect_view()}
                {current.map(|c| view! { <li aria-current="page">{c}</li> })}
            </ol>
        </nav>
    }
}

/// Numbered pages with previous and next; plain links, so crawlers and JavaScript-free buyers follow them.
#[component]
pub fn Pagination(info: PageInfo, base: String) -> impl IntoView {
    let total = info.total_pages();
    if total <= 1 {
        return None;
    }
    let href = move |n: u32| {
        if n == 1 {
            base.clone()
        } else {
            format!("{base}?page={n}")
        }
    };
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
