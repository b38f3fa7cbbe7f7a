//! Building blocks of the demo catalog: hand-written rows and generated items become products with slugs,
//! images and variants, and stock levels are assigned deterministically.

use crate::seed::{SeedCategory, SeedImage, SeedProduct, SeedVariant, product_svg};

/// How a product is sold; decides its variants.
#[derive(Clone, Copy)]
pub(super) enum Sell {
    /// One variant, price as given.
    Each,
    /// Pack sizes (count, unit noun, container word); the row price is per piece, packs get volume discounts.
    Packs(&'static [u32], &'static str, &'static str),
    /// One variant per size at the same price.
    Sizes(&'static [&'static str]),
    /// One variant per colour at the same price.
    Colours(&'static [&'static str]),
}

/// A hand-written product: name, SKU stem, image label, alt text, price in EUR, how it is sold, description.
pub(super) type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    Sell,
    &'static str,
);

/// A product before slugs, images and variants are derived.
pub(super) struct Item {
    pub(super) kind: &'static str,
    pub(super) brand: &'static str,
    pub(super) name: String,
    pub(super) sku: String,
    pub(super) label: String,
    pub(super) alt: String,
    pub(super) price: i64,
    pub(super) sell: Sell,
    pub(super) text: String,
}

pub(super) const GLOVE_SIZES: &[&str] = &["7", "8", "9", "10"];
pub(super) const LARGE_GLOVE_SIZES: &[&str] = &["8", "9", "10", "11"];
pub(super) const GARMENT_SIZES: &[&str] = &["M", "L", "XL", "XXL"];
pub(super) const DISPOSABLE_SIZES: &[&str] = &["S", "M", "L", "XL"];

pub(super) fn eur(amount: f64) -> i64 {
    (amount * 1_000_000.0).round() as i64
}

fn round_to(micros: i64, step: i64) -> i64 {
    ((micros + step / 2) / step * step).max(step)
}

pub(super) fn rows(kind: &'static str, brand: &'static str, rows: &[Row]) -> Vec<Item> {
    rows.iter()
        .map(|&(name, sku, label, alt, price, sell, text)| Item {
            kind,
            brand,
            name: name.to_owned(),
            sku: sku.to_owned(),
            label: label.to_owned(),
            alt: alt.to_owned(),
            price: eur(price),
            sell,
            text: text.to_owned(),
        })
        .collect()
}

pub(super) fn cat(
    slug: &str,
    name: &str,
    description: &str,
    children: Vec<SeedCategory>,
    products: Vec<SeedProduct>,
) -> SeedCategory {
    SeedCategory {
        slug: slug.to_owned(),
        name: name.to_owned(),
        description: description.to_owned(),
        children,
        products,
        translations: Vec::new(),
    }
}

pub(super) fn leaf(
    slug: &str,
    name: &str,
    description: &str,
    hue: u16,
    items: Vec<Item>,
) -> SeedCategory {
    cat(slug, name, description, Vec::new(), build(hue, items))
}

fn build(hue: u16, items: Vec<Item>) -> Vec<SeedProduct> {
    items
        .into_iter()
        .map(|item| {
            let slug = slugify(&item.name);
            // A small per-product shift keeps a page of thumbnails from looking like one image repeated.
            let shift = (fnv(&item.sku) % 17) as u16;
            let tint = (hue + 360 + shift - 8) % 360;
            SeedProduct {
                images: vec![SeedImage {
                    path: format!("products/{slug}.svg"),
                    alt: item.alt,
                    svg: product_svg(item.kind, &item.label, tint),
                }],
                variants: variants(&item.sku, item.price, item.sell),
                slug,
                name: item.name,
                brand: item.brand.to_owned(),
                description: item.text,
                product_type: None,
                attributes: Vec::new(),
                translations: Vec::new(),
                tax_class: "standard".to_owned(),
            }
        })
        .collect()
}

fn variants(sku: &str, price: i64, sell: Sell) -> Vec<SeedVariant> {
    let variant = |suffix: &str,
                   title: String,
                   options: Vec<(String, String)>,
                   price_micros: i64| SeedVariant {
        sku: format!("{sku}-{suffix}").to_uppercase(),
        title,
        options,
        price_micros,
        stock: 0,
        other_prices: Vec::new(),
        tiers: Vec::new(),
        rules: (1, 1, None),
    };
    match sell {
        Sell::Each => vec![SeedVariant {
            sku: sku.to_owned(),
            title: "Each".to_owned(),
            options: Vec::new(),
            price_micros: round_to(price, 10_000),
            stock: 0,
            other_prices: Vec::new(),
            tiers: Vec::new(),
            rules: (1, 1, None),
        }],
        Sell::Packs(counts, unit, container) => counts
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                // Wholesale price lists reward the bigger pack.
                let discount = [0, 5, 9, 12][i.min(3)];
                let total = price * i64::from(n) * (100 - discount) / 100;
                if n == 1 {
                    let title = if unit == "pcs" { "Per piece" } else { "Each" };
                    // Single fasteners cost fractions of a cent, so keep four decimals here.
                    let option = ("Pack size".to_owned(), "Single".to_owned());
                    variant("1", title.to_owned(), vec![option], round_to(total, 100))
                } else {
                    let option = ("Pack size".to_owned(), format!("{n} {unit}"));
                    variant(
                        &n.to_string(),
                        format!("{container} of {n}"),
                        vec![option],
                        round_to(total, 10_000),
                    )
                }
            })
            .collect(),
        Sell::Sizes(sizes) => sizes
            .iter()
            .map(|&s| {
                variant(
                    s,
                    format!("Size {s}"),
                    vec![("Size".to_owned(), s.to_owned())],
                    round_to(price, 10_000),
                )
            })
            .collect(),
        Sell::Colours(colours) => colours
            .iter()
            .map(|&c| {
                variant(
                    &c[..3],
                    c.to_owned(),
                    vec![("Colour".to_owned(), c.to_owned())],
                    round_to(price, 10_000),
                )
            })
            .collect(),
    }
}

/// Lower-case ASCII words joined by single hyphens; "µ" keeps its meaning as "u", everything else non-ASCII
/// (such as "×") separates words.
pub(super) fn slugify(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars() {
        let c = if c == 'µ' || c == 'μ' { 'u' } else { c };
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    if out.len() > 120 {
        let cut = out[..120].rfind('-').unwrap_or(120);
        out.truncate(cut);
    }
    out
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64 finaliser: enough scatter for stock levels without a randomness crate.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Walks in display order so "the first variant of the shop" is well defined.
pub(super) fn assign_stock(categories: &mut [SeedCategory], position: &mut u64) {
    for category in categories {
        for variant in category
            .products
            .iter_mut()
            .flat_map(|p| p.variants.iter_mut())
        {
            variant.stock = stock_for(*position, variant.price_micros);
            *position += 1;
        }
        assign_stock(&mut category.children, position);
    }
}

fn stock_for(position: u64, price: i64) -> i64 {
    if position == 0 {
        return 480;
    }
    let h = mix(position);
    let r = (h >> 16) as i64;
    // About 4 % sold out and 4 % nearly gone, so the storefront's stock badges all have something to show.
    match h % 100 {
        0..=3 => 0,
        4..=7 => 1 + r % 10,
        _ if price > eur(25.0) => 20 + r % 280,
        _ if price > eur(5.0) => 40 + r % 1460,
        _ => 100 + r % 4900,
    }
}
