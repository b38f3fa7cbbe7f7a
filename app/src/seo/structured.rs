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

/// `Product` with one `Offer` per variant (or an `AggregateOffer` over several). Offers carry only public prices:
/// a page priced for a signed-in buyer gets none, and neither does a channel that hides prices from guests.
pub fn product(product: &Product, path: &str, base: &str) -> Value {
    let url = format!("{base}{path}");
    let priced: Vec<(&domain::Variant, &domain::Money)> = product
        .variants
        .iter()
        .filter(|_| product.public_prices)
        .filter_map(|v| v.price.as_ref().map(|p| (v, p)))
        .collect();
    let offers: Vec<Value> = priced
        .iter()
        .map(|(v, price)| {
            json!({
                "@type": "Offer",
                "sku": v.sku.as_str(),
                "name": v.title,
                "price": price.amount.to_string(),
                "priceCurrency": price.currency.code(),
                "availability": v.stock.schema_org(),
                "url": url,
            })
        })
        .collect();
    let offers = match (offers.as_slice(), priced.first()) {
        (_, None) => Value::Null,
        ([single], _) => single.clone(),
        (_, Some((_, first))) => {
            let amounts = priced.iter().map(|(_, p)| p.amount);
            let low = amounts.clone().min().unwrap_or_default();
            let high = amounts.max().unwrap_or_default();
            json!({
                "@type": "AggregateOffer",
                "lowPrice": low.to_string(),
                "highPrice": high.to_string(),
                "priceCurrency": first.currency.code(),
                "offerCount": offers.len(),
                "offers": offers,
            })
        }
    };
    let images: Vec<String> = product
        .images
        .iter()
        .map(|i| absolute(base, &i.url))
        .collect();
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.meta_description(),
        "sku": product.default_variant().map(|v| v.sku.as_str()),
        "brand": { "@type": "Brand", "name": product.brand },
        "image": images,
        "url": url,
    });
    if !offers.is_null() {
        data["offers"] = offers;
    }
    data
}

/// `BreadcrumbList` from the home page down to the current page.
/// `current` is (name, path); the trail's links take the current page's locale prefix from its path.
pub fn breadcrumbs(trail: &[CategoryRef], current: Option<(&str, &str)>, base: &str) -> Value {
    let prefix = current
        .and_then(|(_, path)| {
            let first = path.trim_start_matches('/').split('/').next()?;
            domain::Locale::parse(first).ok().map(|l| format!("/{l}"))
        })
        .unwrap_or_default();
    let home = if prefix.is_empty() {
        "/".to_owned()
    } else {
        prefix.clone()
    };
    let mut items = vec![("Home".to_owned(), format!("{base}{home}"))];
    items.extend(trail.iter().map(|c| {
        (
            c.name.clone(),
            format!("{base}{prefix}/categories/{}", c.slug),
        )
    }));
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

/// `Organization` and `WebSite` with the site search as a `SearchAction`, for the home page.
pub fn organization(base: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@graph": [
            { "@type": "Organization", "name": SHOP_NAME, "url": format!("{base}/"), "logo": format!("{base}/favicon.svg") },
            {
                "@type": "WebSite",
                "name": SHOP_NAME,
                "url": format!("{base}/"),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": { "@type": "EntryPoint", "urlTemplate": format!("{base}/search?q={{search_term_string}}") },
                    "query-input": "required name=search_term_string",
                },
            },
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
