use domain::{PriceQuote, PriceStep, Product};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{error_view, loading};
use crate::{
    api::{BuyerLists, get_product, get_quote, my_lists},
    components::{Breadcrumbs, FormError, ProductToList, form_error, query_param},
    islands::{AddToCart, BuyOption, FromServer},
    locale::{prefix, route_locale},
    seo::{Seo, site_url, structured},
};

/// A product page: images, variant choice with price and stock, add to cart, the volume-break table with the
/// explanation of the price, the price for a chosen quantity (`?sku=…&qty=…`), specification, description and
/// a variant table.
#[component]
pub fn ProductDetail() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let locale = route_locale();
    // One resource for the product and the asked-for quote, so the page awaits once.
    let page = Resource::new(
        move || {
            let q = query.read();
            let (sku, qty) = (q.get("sku"), q.get("qty"));
            drop(q);
            (
                locale.get(),
                params.read().get("slug").unwrap_or_default(),
                sku,
                qty,
            )
        },
        |(locale, slug, sku, qty)| async move {
            let product = get_product(locale.clone(), slug).await;
            let quote = match (sku, qty) {
                (Some(sku), Some(qty)) if product.is_ok() => {
                    Some(get_quote(locale, sku, qty).await)
                }
                _ => None,
            };
            // A guest has none; a signed-in buyer's lists, for "Add to a list".
            let lists = if product.is_ok() {
                my_lists().await.ok().flatten().filter(|l| l.can_keep)
            } else {
                None
            };
            (product, quote, lists)
        },
    );
    // Read before suspending: the future below must not touch reactive values, which the server may have
    // disposed by the time it polls the future once more.
    let prefix = prefix(&locale.get_untracked());
    let error = form_error();
    let listed = query_param("listed").and_then(|id| id.parse::<i64>().ok());
    view! {
        <Suspense fallback=loading>
            {move || {
                let prefix = prefix.clone();
                let error = error.clone();
                Suspend::new(async move {
                match page.await {
                    (Ok(product), quote, lists) => view! { <ProductView product prefix quote error lists listed /> }.into_any(),
                    (Err(e), _, _) => error_view(e),
                }
            })
            }}
        </Suspense>
    }
}

#[component]
fn ProductView(
    product: Product,
    prefix: String,
    quote: Option<Result<PriceQuote, crate::error::AppError>>,
    error: Option<String>,
    lists: Option<BuyerLists>,
    listed: Option<i64>,
) -> impl IntoView {
    // A quote asked for in the URL selects its variant; otherwise the first orderable one.
    let quoted_variant = quote
        .as_ref()
        .and_then(|q| q.as_ref().ok())
        .and_then(|q| product.variants.iter().find(|v| v.id == q.variant_id));
    let selected = quoted_variant
        .or_else(|| product.default_variant())
        .map(|v| v.sku.to_string())
        .unwrap_or_default();
    let image = product.images.first().cloned();
    let paragraphs: Vec<String> = product
        .description
        .split("\n\n")
        .map(str::to_owned)
        .collect();
    let rows = product.variants.clone();
    let base = site_url();
    let path = format!("{prefix}/products/{}", product.slug);
    let product_data = structured::product(&product, &path, &base);
    let buy_options: Vec<BuyOption> = product
        .variants
        .iter()
        .map(BuyOption::from_variant)
        .collect();
    let tax_note = product.tax_display.note().to_owned();
    let opening_line = BuyOption::opening_line(&buy_options, &selected);
    let trail_data =
        structured::breadcrumbs(&product.breadcrumbs, Some((&product.name, &path)), &base);
    view! {
        <structured::JsonLd data=product_data />
        <structured::JsonLd data=trail_data />
        <Seo
            title=product.page_title().to_owned()
            description=product.meta_description()
            path=path.clone()
            image=image.as_ref().map(|i| i.url.clone()).unwrap_or_default()
            alternates=product.alternates.clone()
        />
        <Breadcrumbs trail=product.breadcrumbs.clone() current=product.name.clone() prefix=prefix.clone() />
        <FormError message=error />
        <article class="product">
            <Gallery images=variant_first(&product.images, &selected) />
            <div class="product-summary">
                <p class="product-brand">{product.brand.clone()}</p>
                <h1>{product.name.clone()}</h1>
                <AddToCart variants=FromServer(buy_options) selected=selected.clone() tax_note=tax_note.clone() line=FromServer(opening_line) />
                {lists.map(|lists| {
                    let mut variants: Vec<(String, String)> = product
                        .variants
                        .iter()
                        .map(|v| (v.sku.to_string(), v.title.clone()))
                        .collect();
                    variants.sort_by_key(|v| v.0 != selected);
                    view! { <ProductToList lists variants product=product.name.clone() listed /> }
                })}
                <PriceDetails product=product.clone() selected path=path.clone() quote />
            </div>
            <Specifications product=product.clone() />
            <section class="product-description" aria-labelledby="description-heading">
                <h2 id="description-heading">"Description"</h2>
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </section>
            <section class="product-variants" aria-labelledby="variants-heading">
                <h2 id="variants-heading">"All options"</h2>
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">"SKU"</th>
                                <th scope="col">"Option"</th>
                                <th scope="col" class="num">"Price"</th>
                                <th scope="col">"Availability"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|v| {
                                    view! {
                                        <tr>
                                            <td class="sku">{v.sku.to_string()}</td>
                                            <td>{v.title}</td>
                                            <td class="num">{v.price.as_ref().map(domain::Money::display)}</td>
                                            <td>{v.stock.label()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </article>
    }
}

/// The images with the selected variant's own first, so choosing a variant shows it.
fn variant_first(images: &[domain::Image], sku: &str) -> Vec<domain::Image> {
    let mut images = images.to_vec();
    images.sort_by_key(|i| i.variant.as_deref() != Some(sku));
    images
}

/// The product's images as a swipeable strip (CSS scroll snap) with thumbnails that are plain links to each image:
/// no script, so it works before hydration and costs the browser bundle nothing.
#[component]
fn Gallery(images: Vec<domain::Image>) -> impl IntoView {
    let thumbs = (images.len() > 1).then(|| {
        view! {
            <ul class="gallery-thumbs">
                {images
                    .iter()
                    .enumerate()
                    .map(|(n, i)| {
                        view! {
                            <li>
                                <a href=format!("#image-{}", n + 1) aria-label=format!("Image {} of {}", n + 1, images.len())>
                                    <img src=i.url.clone() alt="" width="64" height="64" loading="lazy" />
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        <div class="product-gallery">
            <div class="gallery-slides">
                {images
                    .iter()
                    .enumerate()
                    .map(|(n, i)| {
                        view! {
                            <figure class="slide" id=format!("image-{}", n + 1)>
                                <crate::components::Picture
                                    image=i.clone()
                                    width=400
                                    alt=i.alt.clone()
                                    sizes="(max-width: 700px) 100vw, 480px"
                                    first=n == 0
                                />
                            </figure>
                        }
                    })
                    .collect_view()}
            </div>
            {thumbs}
        </div>
    }
}

/// The volume-break table and the explanation of the price for the selected variant, and a GET form that prices
/// any quantity on the server: works without JavaScript and can be bookmarked.
#[component]
fn PriceDetails(
    product: Product,
    selected: String,
    path: String,
    quote: Option<Result<PriceQuote, crate::error::AppError>>,
) -> impl IntoView {
    let variant = product
        .variants
        .iter()
        .find(|v| v.sku.as_str() == selected)
        .or_else(|| product.variants.first())
        .cloned()?;
    variant.price.as_ref()?;
    let currency = variant.price.as_ref().map(|p| p.currency.clone())?;
    let breaks = (variant.breaks.len() > 1).then(|| {
        view! {
            <table class="tier-table" data-testid="tier-table">
                <caption>
                    {if product.variants.len() > 1 {
                        format!("Volume prices for {}", variant.title)
                    } else {
                        "Volume prices".to_owned()
                    }}
                </caption>
                <thead><tr><th scope="col">"Quantity"</th><th scope="col" class="num">"Unit price"</th></tr></thead>
                <tbody>
                    {variant.breaks.iter().map(|b| view! {
                        <tr><td>{format!("{}+", b.min_quantity)}</td><td class="num">{b.unit_shown.money().display()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    });
    let steps = explanation(&variant.explanation, &currency);
    let asked = quote
        .as_ref()
        .and_then(|q| q.as_ref().ok())
        .map_or(variant.rules.first_valid(), |q| q.quantity.get());
    let quoted = quote.map(|q| match q {
        Ok(q) => {
            let steps = explanation(&q.explanation, &currency);
            view! {
                <div class="quote" data-testid="quote">
                    <p>
                        <strong>{format!("{} × {}", q.quantity.get(), q.unit_shown.money().display())}</strong>
                        {format!(" = {}", q.line_shown.display())}
                    </p>
                    <p class="quote-tax">{format!("Net {} + tax {} = {}", q.line_net.display(), q.line_tax.display(), q.line_gross.display())}</p>
                    <h3>"Why this price"</h3>
                    {steps}
                </div>
            }
            .into_any()
        }
        Err(e) => view! { <p class="alert alert-error" role="alert">{e.message()}</p> }.into_any(),
    });
    Some(view! {
        <section class="price-details" aria-label="Prices">
            {breaks}
            <details class="why-price">
                <summary>"Why this price?"</summary>
                {steps}
            </details>
            <form method="get" action=path class="quote-form">
                <input type="hidden" name="sku" value=variant.sku.to_string() />
                <label>
                    "Price for "
                    <input
                        type="number"
                        name="qty"
                        value=asked.to_string()
                        min=variant.rules.min.to_string()
                        step=variant.rules.increment.to_string()
                        max=variant.rules.max.unwrap_or(100_000).to_string()
                        inputmode="numeric"
                    />
                    " units"
                </label>
                <button type="submit" class="button-secondary">"Calculate"</button>
            </form>
            {quoted}
            <p class="rules-note">{rules_note(&variant.rules)}</p>
        </section>
    })
}

fn rules_note(rules: &domain::QuantityRules) -> String {
    let mut parts = Vec::new();
    if rules.min > 1 {
        parts.push(format!("minimum order {}", rules.min));
    }
    if rules.increment > 1 {
        parts.push(format!("in steps of {}", rules.increment));
    }
    if let Some(max) = rules.max {
        parts.push(format!("at most {max} per order"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        let mut text = parts.join(", ");
        text[..1].make_ascii_uppercase();
        format!("{text}.")
    }
}

fn explanation(steps: &[PriceStep], currency: &domain::Currency) -> impl IntoView + use<> {
    let items: Vec<String> = steps.iter().map(|s| s.describe(currency)).collect();
    view! {
        <ol class="price-steps" data-testid="price-steps">
            {items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
        </ol>
    }
}

/// The specification table: the product type's attributes with their values.
#[component]
fn Specifications(product: Product) -> impl IntoView {
    (!product.specifications.is_empty()).then(|| {
        view! {
            <section class="product-specs" aria-labelledby="specs-heading">
                <h2 id="specs-heading">"Specifications"</h2>
                <table class="spec-table" data-testid="spec-table">
                    <tbody>
                        {product.product_type.map(|t| view! { <tr><th scope="row">"Type"</th><td>{t}</td></tr> })}
                        <tr><th scope="row">"Brand"</th><td>{product.brand.clone()}</td></tr>
                        {product.specifications.into_iter().map(|s| view! {
                            <tr><th scope="row">{s.name}</th><td>{s.value}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    })
}
