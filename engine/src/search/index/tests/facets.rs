//! Filters and their (disjunctive) facet counts.

use super::*;

fn attribute(code: &str, values: &[&str]) -> (String, Vec<String>) {
    (
        code.to_string(),
        values.iter().map(|v| v.to_string()).collect(),
    )
}

#[test]
fn category_filter_covers_the_subtree() {
    let index = index();
    let in_category = |category: i64| {
        let query = IndexQuery {
            category: Some(category),
            ..query("")
        };
        sorted(ids(&index, &query))
    };
    assert_eq!(in_category(1), vec![1, 2, 3, 4, 5, 6, 9, 10]);
    assert_eq!(in_category(10), vec![1, 2, 3, 4]);
    assert_eq!(in_category(11), vec![5, 6, 9, 10]);
    assert_eq!(in_category(110), vec![5, 6, 10]);
    assert_eq!(in_category(20), vec![7, 8]);
    assert!(in_category(999).is_empty());
    // The id must be a whole step: 1 is not a prefix of 10 or 11.
    let with_text = IndexQuery {
        category: Some(101),
        ..query("hexagon")
    };
    assert_eq!(sorted(ids(&index, &with_text)), vec![1, 2]);
}

#[test]
fn category_counts_are_direct_children() {
    let index = index();
    let children = |category: Option<i64>| {
        let query = IndexQuery {
            category,
            ..query("")
        };
        hits(&index, &query).facets.categories
    };
    assert_eq!(children(None), vec![(1, 8), (2, 2)]);
    assert_eq!(children(Some(1)), vec![(10, 4), (11, 4)]);
    // 9 sits in 11 itself, in none of its children.
    assert_eq!(children(Some(11)), vec![(110, 3)]);
    assert_eq!(children(Some(10)), vec![(100, 2), (101, 2)]);
    assert!(children(Some(110)).is_empty());
}

#[test]
fn brand_filter_is_ored_and_counted_disjunctively() {
    let index = index();
    let query_brands = IndexQuery {
        brands: vec!["wurth".into(), "spax".into()],
        ..query("")
    };
    let found = hits(&index, &query_brands);
    assert_eq!(sorted(found.ids), vec![1, 2, 3, 4, 10]);
    assert_eq!(found.total, 5);
    let all_brands = strings(&[("wurth", 3), ("gardena", 2), ("mueller", 2), ("spax", 2)]);
    assert_eq!(found.facets.brands, all_brands);
    // Other dimensions do see the brand filter.
    assert_eq!(found.facets.categories, vec![(1, 5)]);

    let in_fasteners = IndexQuery {
        category: Some(10),
        brands: vec!["spax".into()],
        ..query("")
    };
    let found = hits(&index, &in_fasteners);
    assert_eq!(sorted(found.ids), vec![3, 4]);
    assert_eq!(found.facets.brands, strings(&[("spax", 2), ("wurth", 2)]));

    // Without a brand filter the counts come from the main pass.
    let unfiltered = hits(&index, &query("steel"));
    assert_eq!(
        unfiltered.facets.brands,
        strings(&[("wurth", 2), ("spax", 1)])
    );
}

#[test]
fn attribute_filters_and_counts() {
    let index = index();
    let steels = IndexQuery {
        attributes: vec![attribute("material", &["stainless-steel", "steel"])],
        ..query("")
    };
    let found = hits(&index, &steels);
    assert_eq!(sorted(found.ids), vec![2, 3, 4, 6, 9]);
    let materials = strings(&[
        ("steel", 3),
        ("chrome-vanadium", 2),
        ("stainless-steel", 2),
        ("plastic", 1),
        ("pvc", 1),
        ("zinc-plated-steel", 1),
    ]);
    let expected = vec![
        ("material".to_string(), materials),
        ("size".to_string(), strings(&[("4mm", 1), ("m10", 1)])),
    ];
    assert_eq!(found.facets.attributes, expected);

    // Codes are AND'ed; each code's counts ignore only its own filter.
    let and_size = IndexQuery {
        attributes: vec![
            attribute("material", &["stainless-steel", "steel"]),
            attribute("size", &["m10"]),
        ],
        ..query("")
    };
    let found = hits(&index, &and_size);
    assert_eq!(found.ids, vec![2]);
    let expected = vec![
        ("material".to_string(), strings(&[("stainless-steel", 1)])),
        ("size".to_string(), strings(&[("4mm", 1), ("m10", 1)])),
    ];
    assert_eq!(found.facets.attributes, expected);

    // One product may carry several values of a code.
    let blue = IndexQuery {
        attributes: vec![attribute("color", &["blue"])],
        ..query("")
    };
    let found = hits(&index, &blue);
    assert_eq!(found.ids, vec![8]);
    assert_eq!(
        found.facets.attributes[0],
        ("color".to_string(), strings(&[("green", 2), ("blue", 1)]))
    );

    // An empty value list is no filter.
    let empty = IndexQuery {
        attributes: vec![attribute("color", &[])],
        ..query("")
    };
    assert_eq!(hits(&index, &empty).total, 10);
}

#[test]
fn price_filter_and_buckets() {
    let index = index();
    let priced = |currency: &str, min: Option<i64>, max: Option<i64>| {
        let query = IndexQuery {
            currency: currency.to_string(),
            price_min: min,
            price_max: max,
            ..query("")
        };
        hits(&index, &query)
    };
    let found = priced("EUR", Some(M), Some(50 * M));
    assert_eq!(sorted(found.ids), vec![2, 4, 5, 7, 8]);
    // Buckets ignore the price filter and skip empty ones; doc 10 has no EUR price.
    let buckets = vec![
        (0, Some(M), 2),
        (M, Some(5 * M), 2),
        (10 * M, Some(25 * M), 1),
        (25 * M, Some(50 * M), 2),
        (100 * M, Some(250 * M), 1),
        (1000 * M, None, 1),
    ];
    assert_eq!(found.facets.price_ranges, buckets);
    assert_eq!(priced("EUR", None, None).facets.price_ranges, buckets);

    assert_eq!(priced("EUR", Some(M / 2), Some(M / 2)).ids, vec![1]);
    assert_eq!(sorted(priced("EUR", Some(1000 * M), None).ids), vec![9]);
    assert_eq!(sorted(priced("EUR", None, Some(M / 2)).ids), vec![1, 3]);
    // Doc 3 has no CHF price, so it never matches a CHF range.
    assert_eq!(priced("chf", None, Some(M)).ids, vec![1]);
    assert_eq!(
        priced("CHF", None, None).facets.price_ranges[0],
        (0, Some(M), 1)
    );
    assert_eq!(priced("USD", Some(0), None).total, 0);
    assert_eq!(priced("EUR", Some(5 * M), Some(M)).total, 0);
}

#[test]
fn in_stock_count_and_filter() {
    let index = index();
    assert_eq!(hits(&index, &query("")).facets.in_stock, 8);
    let only = IndexQuery {
        in_stock_only: true,
        ..query("")
    };
    let found = hits(&index, &only);
    assert_eq!(sorted(found.ids), vec![1, 2, 4, 5, 7, 8, 9, 10]);
    assert_eq!(found.facets.in_stock, 8);
    let fasteners = IndexQuery {
        category: Some(10),
        ..query("")
    };
    assert_eq!(hits(&index, &fasteners).facets.in_stock, 3);
}
