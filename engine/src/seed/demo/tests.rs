//! Checks that the demo catalog is complete and consistent: slugs, SKUs, descriptions, images and stock.

use super::build::slugify;
use super::demo_catalog;
use crate::seed::SeedCategory;
use std::collections::HashSet;

fn walk<'a>(
    categories: &'a [SeedCategory],
    depth: usize,
    out: &mut Vec<(usize, &'a SeedCategory)>,
) {
    for c in categories {
        out.push((depth, c));
        walk(&c.children, depth + 1, out);
    }
}

fn subtree_products(c: &SeedCategory) -> usize {
    c.products.len() + c.children.iter().map(subtree_products).sum::<usize>()
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

#[test]
fn slugify_handles_multiplication_sign_and_micro() {
    assert_eq!(
        slugify("Hex Bolt DIN 933 M8 × 40, Zinc-Plated Steel 8.8"),
        "hex-bolt-din-933-m8-40-zinc-plated-steel-8-8"
    );
    assert_eq!(slugify("Film, 17 µm"), "film-17-um");
    assert_eq!(slugify("  --A--  "), "a");
}

#[test]
fn demo_catalog_is_complete_and_consistent() {
    let catalog = demo_catalog();
    let mut all = Vec::new();
    walk(&catalog.categories, 1, &mut all);

    let max_depth = all.iter().map(|(d, _)| *d).max().unwrap();
    assert!((2..=3).contains(&max_depth));
    assert!((4..=5).contains(&catalog.categories.len()));
    assert!(catalog.categories.iter().all(|c| !c.children.is_empty()));

    let mut category_slugs = HashSet::new();
    let mut product_slugs = HashSet::new();
    let mut skus = HashSet::new();
    let mut products = 0;
    let (mut sold_out, mut low, mut fine_prices) = (0, 0, 0);
    for (_, c) in &all {
        assert!(valid_slug(&c.slug), "bad category slug {}", c.slug);
        assert!(
            category_slugs.insert(c.slug.as_str()),
            "duplicate category slug {}",
            c.slug
        );
        assert!(!c.description.is_empty());
        if c.children.is_empty() {
            assert!(
                c.products.len() >= 4,
                "{} has {} products",
                c.slug,
                c.products.len()
            );
        }
        for p in &c.products {
            products += 1;
            assert!(valid_slug(&p.slug), "bad product slug {}", p.slug);
            assert!(
                product_slugs.insert(p.slug.as_str()),
                "duplicate product slug {}",
                p.slug
            );
            let paragraphs: Vec<&str> = p.description.split("\n\n").collect();
            assert_eq!(paragraphs.len(), 2, "{}", p.slug);
            assert!(paragraphs.iter().all(|s| s.trim().len() > 20), "{}", p.slug);
            assert_eq!(p.images.len(), 1);
            assert_eq!(p.images[0].path, format!("products/{}.svg", p.slug));
            assert!(p.images[0].svg.len() < 3000 && !p.images[0].alt.is_empty());
            assert!((1..=4).contains(&p.variants.len()), "{}", p.slug);
            for v in &p.variants {
                assert!(v.sku.len() <= 64, "{}", v.sku);
                assert!(
                    v.sku
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
                    "{}",
                    v.sku
                );
                assert!(skus.insert(v.sku.as_str()), "duplicate SKU {}", v.sku);
                assert!(v.price_micros > 0 && v.stock >= 0);
                sold_out += usize::from(v.stock == 0);
                low += usize::from((1..=10).contains(&v.stock));
                fine_prices += usize::from(v.price_micros % 10_000 != 0);
            }
        }
    }
    assert!(products >= 160, "{products} products");
    assert!(all.iter().any(|(_, c)| subtree_products(c) > 24));
    assert!(
        sold_out > 0 && low > 0 && fine_prices > 0,
        "{sold_out} {low} {fine_prices}"
    );

    let first_leaf = all.iter().find(|(_, c)| c.children.is_empty()).unwrap().1;
    assert!(first_leaf.products[0].variants[0].stock >= 50);
}

/// The demo has no free variant: every price it sets (base, other currency, break, contract) is above 0 and within
/// what an import accepts, so the demo shop exports to a file that imports back into any shop.
#[test]
fn every_demo_price_is_above_zero_and_within_the_limit() {
    use crate::seed::SeedEntry;
    use domain::UnitPrice;

    let catalog = demo_catalog();
    let mut all = Vec::new();
    walk(&catalog.categories, 1, &mut all);
    let fine = |micros: i64| (1..=UnitPrice::MAX_MICROS).contains(&micros);
    for (_, c) in &all {
        for v in c.products.iter().flat_map(|p| &p.variants) {
            assert!(fine(v.price_micros), "{}", v.sku);
            assert!(v.tiers.iter().all(|&(_, m)| fine(m)), "{}", v.sku);
            assert!(v.other_prices.iter().all(|(_, m)| fine(*m)), "{}", v.sku);
        }
    }
    let lists = &catalog.setup.price_lists;
    assert!(!lists.is_empty());
    for (sku, entry) in lists.iter().flat_map(|l| &l.entries) {
        match entry {
            SeedEntry::Fixed(price, tiers) => {
                assert!(fine(*price), "{sku}");
                assert!(tiers.iter().all(|&(_, m)| fine(m)), "{sku}");
            }
            SeedEntry::PercentOff(p) => {
                let p: rust_decimal::Decimal = p.parse().unwrap();
                assert!(p > 0.into() && p < 100.into(), "{sku}: {p}");
            }
        }
    }
}
