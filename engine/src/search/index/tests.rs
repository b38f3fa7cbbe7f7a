//! Behaviour of the index over a small hand-made catalog.
//!
//! Category tree: 1 Tools → 10 Fasteners → {100 Screws, 101 Bolts}, 1 → 11 Hand tools → 110 Wrenches;
//! 2 Garden → 20 Watering.

mod facets;
mod maintenance;
mod search;

use super::{IndexDoc, IndexHits, IndexQuery, IndexSort, LOCK_FILE, SearchIndex};

const M: i64 = 1_000_000;

#[allow(clippy::too_many_arguments)]
fn doc(
    id: i64,
    name: &str,
    brand: (&str, Option<&str>),
    sku: &str,
    body: &str,
    path: &[i64],
    attributes: &[(&str, &str)],
    prices: &[(&str, i64)],
    in_stock: bool,
    created_at: i64,
) -> IndexDoc {
    IndexDoc {
        product_id: id,
        name: name.to_string(),
        brand: brand.0.to_string(),
        brand_slug: brand.1.map(str::to_string),
        skus: vec![sku.to_string()],
        body: body.to_string(),
        category_path: path.to_vec(),
        attributes: attributes
            .iter()
            .map(|(c, v)| (c.to_string(), v.to_string()))
            .collect(),
        prices: prices.iter().map(|(c, p)| (c.to_string(), *p)).collect(),
        in_stock,
        created_at,
        sort_name: name.lines().next().unwrap_or_default().to_string(),
    }
}

const WURTH: (&str, Option<&str>) = ("Würth", Some("wurth"));
const SPAX: (&str, Option<&str>) = ("Spax", Some("spax"));
const MUELLER: (&str, Option<&str>) = ("Müller Werkzeug", Some("mueller"));
const GARDENA: (&str, Option<&str>) = ("Gardena", Some("gardena"));

// A table reads better on one line per product.
#[rustfmt::skip]
fn catalog() -> Vec<IndexDoc> {
    vec![
        doc(1, "Hexagon bolt M8 x 40", WURTH, "HX-M8-40", "Zinc plated steel hexagon head bolt", &[1, 10, 101],
            &[("material", "zinc-plated-steel"), ("size", "m8")], &[("EUR", M / 2), ("CHF", 550_000)], true, 1000),
        doc(2, "Hexagon bolt M10 x 50", WURTH, "HX-M10-50", "Stainless steel hexagon bolt", &[1, 10, 101],
            &[("material", "stainless-steel"), ("size", "m10")], &[("EUR", 1_200_000), ("CHF", 1_300_000)], true, 2000),
        doc(3, "Wood screw 4 x 30", SPAX, "SPX-430", "Countersunk wood screw", &[1, 10, 100],
            &[("material", "steel"), ("size", "4mm")], &[("EUR", M / 10)], false, 3000),
        doc(4, "Schraube Edelstahl 5 x 50\nStainless screw 5 x 50", SPAX, "SPX-550", "stainless steel", &[1, 10, 100],
            &[("material", "stainless-steel")], &[("EUR", 3 * M), ("CHF", 3_200_000)], true, 4000),
        doc(5, "Ring spanner set", MUELLER, "MW-RS-8", "Chrome vanadium ring spanner 8 pieces", &[1, 11, 110],
            &[("material", "chrome-vanadium")], &[("EUR", 49_900_000), ("CHF", 55 * M)], true, 5000),
        doc(6, "Torque wrench", MUELLER, "MW-TW-200", "Click torque wrench 40-200 Nm", &[1, 11, 110],
            &[("material", "steel")], &[("EUR", 129 * M), ("CHF", 140 * M)], false, 6000),
        doc(7, "Garden hose 20 m", GARDENA, "GD-HOSE-20", "Flexible watering hose", &[2, 20],
            &[("material", "pvc"), ("color", "green")], &[("EUR", 29_950_000), ("CHF", 32 * M)], true, 7000),
        doc(8, "Watering can", GARDENA, "GD-CAN-10", "10 litre watering can", &[2, 20],
            &[("material", "plastic"), ("color", "green"), ("color", "blue")], &[("EUR", 12_500_000)], true, 8000),
        doc(9, "Bolt cutter", ("", None), "BC-600", "Heavy bolt cutter for chains", &[1, 11],
            &[("material", "steel")], &[("EUR", 1500 * M), ("CHF", 1600 * M)], true, 9000),
        doc(10, "Hexagon socket set", WURTH, "HX-SOCK-1", "hexagon sockets, fits hx m8 40 bolts", &[1, 11, 110],
            &[("material", "chrome-vanadium")], &[], true, 9000),
    ]
}

#[test]
fn is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
}

fn index() -> SearchIndex {
    let index = SearchIndex::in_ram(&["EUR", "chf"]).expect("index");
    index.apply(catalog(), &[], 1).expect("apply");
    index
}

/// Everything, first 100, by relevance, in EUR.
fn query(text: &str) -> IndexQuery {
    IndexQuery {
        text: text.to_string(),
        category: None,
        brands: Vec::new(),
        attributes: Vec::new(),
        currency: "EUR".to_string(),
        price_min: None,
        price_max: None,
        in_stock_only: false,
        sort: IndexSort::Relevance,
        offset: 0,
        limit: 100,
        prefix_last: false,
    }
}

/// As [`query`], with the last token as a prefix.
fn prefix(text: &str) -> IndexQuery {
    IndexQuery {
        prefix_last: true,
        ..query(text)
    }
}

fn hits(index: &SearchIndex, query: &IndexQuery) -> IndexHits {
    index.search(query).expect("search")
}

fn ids(index: &SearchIndex, query: &IndexQuery) -> Vec<i64> {
    hits(index, query).ids
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

fn strings(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}
