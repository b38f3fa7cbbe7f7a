use domain::Product;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{error_view, loading};
use crate::{
    api::get_product,
    components::{Breadcrumbs, FormError},
    islands::AddToCart,
    seo::{Seo, site_url, structured},
};

/// A product page: images, variant choice with price and stock, add to cart, description and a variant table.
#[component]
pub fn ProductDetail() -> impl IntoView {
    let params = use_params_map();
    let product = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_product,
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(product) => view! { <ProductView product /> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductView(product: Product) -> impl IntoView {
    let selected = product
        .default_variant()
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
    let product_data = structured::product(&product, &base);
    let path = format!("/products/{}", product.slug);
    let trail_data =
        structured::breadcrumbs(&product.breadcrumbs, Some((&product.name, &path)), &base);
    view! {
        <structured::JsonLd data=product_data />
        <structured::JsonLd data=trail_data />
        <Seo
            title=product.name.clone()
            description=product.meta_description()
            path=format!("/products/{}", product.slug)
            image=image.as_ref().map(|i| i.url.clone()).unwrap_or_default()
        />
        <Breadcrumbs trail=product.breadcrumbs.clone() current=product.name.clone() />
        <FormError />
        <article class="product">
            <Gallery images=product.images.clone() />
            <div class="product-summary">
                <p class="product-brand">{product.brand.clone()}</p>
                <h1>{product.name.clone()}</h1>
                <AddToCart variants=product.variants.clone() selected />
            </div>
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
                                            <td class="num">{v.price.display()}</td>
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
                        let first = n == 0;
                        view! {
                            <figure class="slide" id=format!("image-{}", n + 1)>
                                <img
                                    src=i.url.clone()
                                    alt=i.alt.clone()
                                    width="400"
                                    height="400"
                                    fetchpriority=if first { "high" } else { "auto" }
                                    loading=if first { "eager" } else { "lazy" }
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
