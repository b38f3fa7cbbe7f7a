//! The demo shop's set-up: a B2B trade channel (EUR, net prices, English and German) and a Swiss B2C shop (CHF,
//! gross prices, German first), tax rates, attributes and product types, two customer groups, two companies with
//! contract prices, a dealer discount and a public promotion.

use super::enrich::{MATERIALS, MATERIALS_DE, THREADS};
use crate::seed::{
    SeedAttribute, SeedCategory, SeedChannel, SeedCompany, SeedEntry, SeedPriceList,
    SeedProductType, SeedSetup,
};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn attribute(code: &str, name: &str, kind: &str, unit: &str, filterable: bool) -> SeedAttribute {
    SeedAttribute {
        code: code.into(),
        name: name.into(),
        kind: kind.into(),
        unit: unit.into(),
        filterable,
        options: Vec::new(),
        names: Vec::new(),
        labels: Vec::new(),
    }
}

/// `attribute` with its German name.
fn attribute_de(
    code: &str,
    name: &str,
    german: &str,
    kind: &str,
    unit: &str,
    filterable: bool,
) -> SeedAttribute {
    let mut a = attribute(code, name, kind, unit, filterable);
    a.names.push(("de".into(), german.into()));
    a
}

/// (SKU, base price in micro-units) of every variant in the sub-tree of the category with `slug`.
fn variants_under<'a>(
    categories: &'a [SeedCategory],
    slug: &str,
    inside: bool,
) -> Vec<(&'a str, i64)> {
    categories
        .iter()
        .flat_map(|c| {
            let here = inside || c.slug == slug;
            let own = c
                .products
                .iter()
                .filter(move |_| here)
                .flat_map(|p| p.variants.iter().map(|v| (v.sku.as_str(), v.price_micros)));
            own.chain(variants_under(&c.children, slug, here))
        })
        .collect()
}

/// Four decimals: per-piece fastener prices are fractions of a cent.
fn round4(micros: i64) -> i64 {
    (micros + 50) / 100 * 100
}

pub(super) fn demo_setup(categories: &[SeedCategory]) -> SeedSetup {
    let mut material = attribute_de("material", "Material", "Material", "enum", "", true);
    material.options = MATERIALS
        .iter()
        .map(|(key, label, _)| ((*key).into(), (*label).into()))
        .collect();
    material.labels = MATERIALS_DE
        .iter()
        .map(|(key, label)| ((*key).into(), "de".into(), (*label).into()))
        .collect();
    let mut thread = attribute_de("thread", "Thread", "Gewinde", "enum", "", true);
    thread.options = THREADS
        .iter()
        .map(|d| (format!("m{d}"), format!("M{d}")))
        .collect();
    let product_type = |code: &str, name: &str, attributes: &[&str]| SeedProductType {
        code: code.into(),
        name: name.into(),
        attributes: strings(attributes),
    };
    // Contract prices for the first hex bolts: what a negotiated sheet looks like (own price and own breaks).
    // 15 % below list on the hex bolts, 5 % and 10 % more from 10 and 50 boxes.
    let acme_entries = variants_under(categories, "hex-bolts", false)
        .into_iter()
        .map(|(sku, base)| {
            let price = round4(base * 85 / 100);
            let tiers = vec![
                (10, round4(price * 95 / 100)),
                (50, round4(price * 90 / 100)),
            ];
            (sku.to_owned(), SeedEntry::Fixed(price, tiers))
        })
        .collect();
    let percent = |slug: &str, p: &str| -> Vec<(String, SeedEntry)> {
        variants_under(categories, slug, false)
            .into_iter()
            .map(|(sku, _)| (sku.to_owned(), SeedEntry::PercentOff(p.into())))
            .collect()
    };
    SeedSetup {
        channels: vec![
            SeedChannel {
                code: "trade".into(),
                name: "Kontor Trade".into(),
                currency: "EUR".into(),
                locales: strings(&["en", "de"]),
                country: "DE".into(),
                prices_include_tax: false,
                prices_public: true,
                hosts: Vec::new(),
                assortment: Vec::new(),
            },
            SeedChannel {
                code: "shop-ch".into(),
                name: "Kontor Shop Schweiz".into(),
                currency: "CHF".into(),
                locales: strings(&["de", "en"]),
                country: "CH".into(),
                prices_include_tax: true,
                prices_public: true,
                hosts: Vec::new(),
                assortment: strings(&["hand-tools", "safety-gear", "adhesives-sealants"]),
            },
        ],
        tax_rates: [
            ("standard", "DE", "19"),
            ("standard", "AT", "20"),
            ("standard", "CH", "8.1"),
            ("reduced", "DE", "7"),
            ("reduced", "AT", "10"),
            ("reduced", "CH", "2.6"),
        ]
        .iter()
        .map(|(c, k, r)| ((*c).into(), (*k).into(), (*r).into()))
        .collect(),
        attributes: vec![
            material,
            thread,
            attribute_de("length", "Length", "Länge", "number", "mm", true),
            attribute_de("standard", "Standard", "Norm", "text", "", false),
            attribute_de(
                "hazardous",
                "Hazardous goods",
                "Gefahrgut",
                "boolean",
                "",
                true,
            ),
        ],
        product_types: vec![
            product_type(
                "fastener",
                "Fastener",
                &["standard", "thread", "length", "material"],
            ),
            product_type("hand-tool", "Hand tool", &["material"]),
            product_type("ppe", "Personal protective equipment", &["material"]),
            product_type("packaging", "Packaging", &["material"]),
            product_type("adhesive", "Adhesive or sealant", &["hazardous"]),
        ],
        customer_groups: vec![
            ("dealers".into(), "Dealers".into()),
            ("schools".into(), "Schools and training".into()),
        ],
        companies: vec![
            SeedCompany {
                code: "acme".into(),
                name: "ACME Industrial Supply GmbH".into(),
                group: Some("dealers".into()),
                country: "DE".into(),
                vat_id: Some("DE123456789".into()),
            },
            SeedCompany {
                code: "globex".into(),
                name: "Globex Maschinenbau AG".into(),
                group: None,
                country: "DE".into(),
                vat_id: Some("DE987654321".into()),
            },
        ],
        price_lists: vec![
            SeedPriceList {
                code: "acme-contract".into(),
                name: "ACME contract 2026".into(),
                currency: "EUR".into(),
                priority: 20,
                valid: (None, None),
                targets: vec![("company".into(), "acme".into())],
                entries: acme_entries,
            },
            SeedPriceList {
                code: "globex-tools".into(),
                name: "Globex tool agreement".into(),
                currency: "EUR".into(),
                priority: 20,
                valid: (None, None),
                targets: vec![("company".into(), "globex".into())],
                entries: percent("hand-tools", "12"),
            },
            SeedPriceList {
                code: "dealers".into(),
                name: "Dealer prices".into(),
                currency: "EUR".into(),
                priority: 10,
                valid: (None, None),
                targets: vec![("customer_group".into(), "dealers".into())],
                entries: percent("fasteners", "8"),
            },
            SeedPriceList {
                code: "ppe-weeks".into(),
                name: "Safety weeks".into(),
                currency: "CHF".into(),
                priority: 5,
                valid: (None, None),
                targets: vec![("everyone".into(), String::new())],
                entries: percent("eye-protection", "10"),
            },
        ],
    }
}
