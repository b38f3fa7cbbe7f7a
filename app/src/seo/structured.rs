//! schema.org structured data as JSON-LD: what search engines read to show price, availability and the category
//! path in results. Only the public price is ever written here: contract prices must not leak into public markup.

use domain::{CategoryRef, Product};
use leptos::prelude::*;
use serde_json::{Value, json};

use super::SHOP_NAME;

/// A `<script type="application/ld+json">` block. `<` is escaped so no value can close the script element.
#[component]
pub fn JsonLd(data: Value) -> impl IntoView {
    let text = data.to_string().replace('<', "\\u003c");
    view! { <script type="application/ld+json" inner_html=text></script> }
}

/// `Product` with one `Offer` per variant (or an `AggregateOffer` over several).
pub fn product(product: &Product, base: &str) -> Value {
    let url = format!("{base}/products/{}", product.slug);
    let offers: Vec<Value> = product
        .variants
        .iter()
        .map(|v| {
            json!({
                "@type": "Offer",
                "sku": v.sku.as_str(),
                "name": v.title,
                "price": v.price.amount.to_string(),
                "priceCurrency": v.price.currency.code(),
                "availability": v.stock.schema_org(),
                "url": url,
            })
        })
        .collect();
    let offers = match offers.as_slice() {
        [single] => single.clone(),
        _ => {
            let amounts = product.variants.iter().map(|v| v.price.amount);
            let low = amounts.clone().min().unwrap_or_default();
            let high = amounts.max().unwrap_or_default();
            json!({
                "@type": "AggregateOffer",
                "lowPrice": low.to_string(),
                "highPrice": high.to_string(),
                "priceCurrency": product.variants.first().map(|v| v.price.currency.code()).unwrap_or("EUR"),
                "offerCount": product.variants.len(),
                "offers": offers,
            })
        }
    };
    let images: Vec<String> = product
        .images
        .iter()
        .map(|i| absolute(base, &i.url))
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.meta_description(),
        "sku": product.default_variant().map(|v| v.sku.as_str()),
        "brand": { "@type": "Brand", "name": product.brand },
        "image": images,
        "url": url,
        "offers": offers,
    })
}

/// `BreadcrumbList` from the home page down to the current page.
pub fn breadcrumbs(trail: &[CategoryRef], current: Option<(&str, &str)>, base: &str) -> Value {
    let mut items = vec![("Home".to_owned(), format!("{base}/"))];
    items.extend(
        trail
            .iter()
            .map(|c| (c.name.clone(), format!("{base}/categories/{}", c.slug))),
    );
    if let Some((name, path)) = current {
        items.push((name.to_owned(), format!("{base}{path}")));
    }
    let elements: Vec<Value> = items
        .into_iter()
        .enumerate()
        .map(|(i, (name, item))| json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": item }))
        .collect();
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": elements })
}

/// `Organization` and `WebSite` for the home page.
pub fn organization(base: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@graph": [
            { "@type": "Organization", "name": SHOP_NAME, "url": format!("{base}/"), "logo": format!("{base}/favicon.svg") },
            { "@type": "WebSite", "name": SHOP_NAME, "url": format!("{base}/") },
        ],
    })
}

fn absolute(base: &str, url: &str) -> String {
    if url.starts_with('/') {
        format!("{base}{url}")
    } else {
        url.to_owned()
    }
}
