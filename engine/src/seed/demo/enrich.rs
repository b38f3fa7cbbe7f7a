//! Derives the demo's typed attributes, product types, volume breaks, quantity rules and Swiss franc prices from
//! the hand-written rows, so the spec tables and facets describe what the names and descriptions say.

use crate::seed::{SeedCategory, SeedProduct, SeedVariant};

/// The product type of each top-level category.
pub(super) fn product_type(top_slug: &str) -> Option<&'static str> {
    Some(match top_slug {
        "fasteners" => "fastener",
        "hand-tools" => "hand-tool",
        "safety-gear" => "ppe",
        "packaging" => "packaging",
        "adhesives-sealants" => "adhesive",
        _ => return None,
    })
}

/// Materials as (key, label, words in a product name that mean it), most specific first.
pub(super) const MATERIALS: &[(&str, &str, &[&str])] = &[
    ("stainless-a4", "Stainless steel A4", &["A4"]),
    ("stainless-a2", "Stainless steel A2", &["Stainless", "A2"]),
    ("zinc-plated", "Zinc-plated steel", &["Zinc"]),
    ("black-steel", "Black steel", &["Black Steel"]),
    ("chrome-vanadium", "Chrome vanadium", &["Chrome Vanadium"]),
    ("aluminium", "Aluminium", &["Aluminium"]),
    ("nitrile", "Nitrile", &["Nitrile"]),
    ("latex", "Latex", &["Latex"]),
    ("leather", "Leather", &["Leather"]),
    ("polypropylene", "Polypropylene", &["Polypropylene", "PP "]),
    (
        "corrugated-board",
        "Corrugated board",
        &["Carton", "Postal Box"],
    ),
];

/// German labels of [`MATERIALS`].
pub(super) const MATERIALS_DE: &[(&str, &str)] = &[
    ("stainless-a4", "Edelstahl A4"),
    ("stainless-a2", "Edelstahl A2"),
    ("zinc-plated", "Stahl verzinkt"),
    ("black-steel", "Stahl blank"),
    ("chrome-vanadium", "Chrom-Vanadium"),
    ("aluminium", "Aluminium"),
    ("nitrile", "Nitril"),
    ("latex", "Latex"),
    ("leather", "Leder"),
    ("polypropylene", "Polypropylen"),
    ("corrugated-board", "Wellpappe"),
];

/// Threads offered as filter values.
pub(super) const THREADS: &[u32] = &[3, 4, 5, 6, 8, 10, 12, 14, 16, 20];

pub(super) fn enrich(category: &mut SeedCategory, top_slug: &str) {
    for product in &mut category.products {
        enrich_product(product, top_slug);
    }
    for child in &mut category.children {
        enrich(child, top_slug);
    }
}

fn enrich_product(product: &mut SeedProduct, top_slug: &str) {
    product.product_type = product_type(top_slug).map(str::to_owned);
    let name = product.name.clone();
    if let Some((key, _, _)) = MATERIALS
        .iter()
        .find(|(_, _, words)| words.iter().any(|w| name.contains(w)))
    {
        product.attributes.push(("material".into(), (*key).into()));
    }
    if top_slug == "fasteners" {
        if let Some(d) = thread(&name) {
            product.attributes.push(("thread".into(), format!("m{d}")));
        }
        if let Some(l) = length_mm(&name) {
            product.attributes.push(("length".into(), l.to_string()));
        }
        if let Some(din) = standard(&name) {
            product.attributes.push(("standard".into(), din));
        }
    }
    if top_slug == "adhesives-sealants" {
        let hazardous = ["Spray", "Contact", "Foam", "Solvent"]
            .iter()
            .any(|w| name.contains(w));
        product
            .attributes
            .push(("hazardous".into(), hazardous.to_string()));
    }
    let gloves = top_slug == "safety-gear" && name.contains("Glove");
    for v in &mut product.variants {
        enrich_variant(v, gloves);
    }
}

fn enrich_variant(v: &mut SeedVariant, gloves: bool) {
    v.other_prices.push(("CHF".into(), chf(v.price_micros)));
    if v.title == "Per piece" {
        // Single fasteners are counted out by the ten.
        v.rules = (10, 10, Some(5_000));
    } else if gloves && v.options.iter().any(|(axis, _)| axis == "Size") {
        // Gloves ship in bags of six pairs.
        v.rules = (6, 6, None);
    }
    let packs = v.options.iter().any(|(axis, _)| axis == "Pack size");
    if !packs && v.price_micros >= 2_000_000 {
        // Volume breaks on items sold by the piece; pack sizes already carry their discount.
        v.tiers = [(12, 4), (48, 8), (192, 12)]
            .into_iter()
            .map(|(min, off)| (min, cents(v.price_micros * (100 - off) / 100)))
            .collect();
    }
}

/// EUR to CHF for the Swiss shop's list prices: 0.96, rounded to 5 Rappen (4 decimals below one franc).
pub(super) fn chf(eur_micros: i64) -> i64 {
    let raw = eur_micros * 96 / 100;
    if raw < 1_000_000 {
        (raw + 50) / 100 * 100
    } else {
        ((raw + 25_000) / 50_000 * 50_000).max(50_000)
    }
}

fn cents(micros: i64) -> i64 {
    (micros + 5_000) / 10_000 * 10_000
}

fn thread(name: &str) -> Option<u32> {
    name.split([' ', ','])
        .filter_map(|w| w.strip_prefix('M'))
        .filter_map(|d| d.parse::<u32>().ok())
        .find(|d| THREADS.contains(d))
}

fn length_mm(name: &str) -> Option<u32> {
    let (_, after) = name.split_once(" × ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn standard(name: &str) -> Option<String> {
    let (_, after) = name.split_once("DIN ")?;
    let number: String = after.chars().take_while(char::is_ascii_digit).collect();
    (!number.is_empty()).then(|| format!("DIN {number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_yield_threads_lengths_and_standards() {
        let name = "Hex Bolt DIN 933 M8 × 40, Zinc-Plated Steel 8.8";
        assert_eq!(thread(name), Some(8));
        assert_eq!(length_mm(name), Some(40));
        assert_eq!(standard(name).as_deref(), Some("DIN 933"));
        assert_eq!(thread("Combination Spanner 13 mm"), None);
    }

    #[test]
    fn francs_round_to_five_rappen() {
        assert_eq!(chf(10_000_000), 9_600_000);
        assert_eq!(chf(4_230_000), 4_050_000);
        assert_eq!(chf(52_500), 50_400);
    }
}
