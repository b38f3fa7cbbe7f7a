//! Keeping the index current: replacing, removing, segment layout, directories, bulk loads.

use std::time::Instant;

use super::*;

#[test]
fn upsert_replaces_and_removal_deletes() {
    let index = index();
    let generation = index.generation();
    let mut changed = catalog().remove(5);
    changed.name = "Torque wrench deluxe".to_string();
    let mut twice = catalog().remove(5);
    twice.name = "Torque wrench pro".to_string();
    index.apply(vec![changed, twice], &[]).expect("apply");
    assert!(index.generation() > generation);
    assert_eq!(index.len(), 10);
    assert_eq!(ids(&index, &query("wrench")), vec![6]);
    assert_eq!(ids(&index, &query("pro")), vec![6]);
    assert!(ids(&index, &query("deluxe")).is_empty());

    let generation = index.generation();
    index.apply(Vec::new(), &[3, 42]).expect("remove");
    assert!(index.generation() > generation);
    assert_eq!(index.len(), 9);
    assert!(ids(&index, &query("wood")).is_empty());

    // Removal wins over an upsert of the same product in one batch.
    index.apply(vec![catalog().remove(0)], &[1]).expect("apply");
    assert_eq!(index.len(), 8);

    let generation = index.generation();
    index.apply(Vec::new(), &[]).expect("no-op");
    assert_eq!(index.generation(), generation);
}

#[test]
fn results_do_not_depend_on_segments() {
    let whole = index();
    let piecewise = SearchIndex::in_ram(&["EUR", "CHF"]).expect("index");
    for doc in catalog().into_iter().rev() {
        piecewise.apply(vec![doc], &[]).expect("apply");
    }
    let queries = [
        IndexQuery {
            sort: IndexSort::PriceAsc,
            ..query("")
        },
        IndexQuery {
            sort: IndexSort::Name,
            offset: 2,
            limit: 5,
            ..query("")
        },
        IndexQuery {
            sort: IndexSort::Newest,
            category: Some(1),
            ..query("")
        },
        IndexQuery {
            brands: vec!["wurth".into()],
            price_max: Some(2 * M),
            ..query("hexagon")
        },
        IndexQuery {
            attributes: vec![("material".into(), vec!["steel".into()])],
            ..query("")
        },
        query("bolt"),
    ];
    for query in &queries {
        let (a, b) = (hits(&whole, query), hits(&piecewise, query));
        assert_eq!((a.ids, a.total), (b.ids, b.total));
        assert_eq!(a.facets.categories, b.facets.categories);
        assert_eq!(a.facets.brands, b.facets.brands);
        assert_eq!(a.facets.attributes, b.facets.attributes);
        assert_eq!(a.facets.price_ranges, b.facets.price_ranges);
        assert_eq!(a.facets.in_stock, b.facets.in_stock);
    }
}

#[test]
fn directory_index_starts_empty() {
    let dir = std::env::temp_dir().join(format!("kontor-search-test-{}", std::process::id()));
    let index = SearchIndex::in_dir(&dir, &["EUR"]).expect("in_dir");
    index.apply(catalog(), &[]).expect("apply");
    assert_eq!(ids(&index, &query("wrench")), vec![6]);
    drop(index);
    let index = SearchIndex::in_dir(&dir, &["EUR"]).expect("reopen");
    assert_eq!(index.len(), 0);
    drop(index);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn rejects_bad_currency_codes() {
    assert!(SearchIndex::in_ram(&["E U R"]).is_err());
    assert!(SearchIndex::in_ram(&[""]).is_err());
    assert!(SearchIndex::in_ram(&["EUR", "eur"]).is_ok());
}

/// Run with `--ignored --nocapture` to see the bulk apply time.
#[test]
#[ignore]
fn bulk_apply_100k() {
    let index = SearchIndex::in_ram(&["EUR", "CHF"]).expect("index");
    let words = [
        "steel", "bolt", "screw", "hexagon", "wrench", "garden", "hose", "chrome", "zinc", "socket",
    ];
    let docs: Vec<IndexDoc> = (0..100_000i64)
        .map(|i| {
            let w = |k: i64| words[((i * 7 + k * 13) % 10) as usize];
            let mut doc = doc(
                i,
                &format!("{} {} {} {i}", w(1), w(2), w(3)),
                ("Brand", Some(["a", "b", "c", "d"][(i % 4) as usize])),
                &format!("SKU-{i}"),
                &format!(
                    "{} {} {} {} variant {i} option {}",
                    w(4),
                    w(5),
                    w(6),
                    w(7),
                    i % 13
                ),
                &[1 + i % 5, 10 + i % 50, 100 + i % 500],
                &[("material", w(8)), ("size", &format!("m{}", i % 20))],
                &[("EUR", (i % 5000) * 100_000), ("CHF", (i % 4000) * 110_000)],
                i % 3 != 0,
                i,
            );
            doc.skus.push(format!("ALT-{i}"));
            doc
        })
        .collect();
    let started = Instant::now();
    index.apply(docs, &[]).expect("apply");
    let took = started.elapsed();
    println!("apply of 100k docs took {took:?}");
    assert_eq!(index.len(), 100_000);
    let queries = [
        ("blank", query("")),
        (
            "blank by price",
            IndexQuery {
                sort: IndexSort::PriceAsc,
                ..query("")
            },
        ),
        ("steel", query("steel")),
        ("typing", prefix("steel bo")),
        (
            "typing, brand",
            IndexQuery {
                brands: vec!["a".into()],
                ..prefix("steel bo")
            },
        ),
        ("sku", query("SKU-4711")),
    ];
    for round in 0..2 {
        for (label, query) in &queries {
            let started = Instant::now();
            let total = hits(&index, query).total;
            println!(
                "round {round}: {label}: {total} hits in {:?}",
                started.elapsed()
            );
        }
    }
    let started = Instant::now();
    index
        .apply(
            vec![doc(
                5,
                "single",
                ("", None),
                "S",
                "",
                &[1],
                &[],
                &[],
                true,
                0,
            )],
            &[],
        )
        .expect("one");
    println!("single apply took {:?}", started.elapsed());
    assert_eq!(index.len(), 100_000);
}
