//! Keeping the index current: replacing, removing, segment layout, directories, bulk loads.

use super::*;

#[test]
fn upsert_replaces_and_removal_deletes() {
    let index = index();
    let mut changed = catalog().remove(5);
    changed.name = "Torque wrench deluxe".to_string();
    let mut twice = catalog().remove(5);
    twice.name = "Torque wrench pro".to_string();
    index.apply(vec![changed, twice], &[]).expect("apply");
    assert_eq!(index.len(), 10);
    assert_eq!(ids(&index, &query("wrench")), vec![6]);
    assert_eq!(ids(&index, &query("pro")), vec![6]);
    assert!(ids(&index, &query("deluxe")).is_empty());

    index.apply(Vec::new(), &[3, 42]).expect("remove");
    assert_eq!(index.len(), 9);
    assert!(ids(&index, &query("wood")).is_empty());

    // Removal wins over an upsert of the same product in one batch.
    index.apply(vec![catalog().remove(0)], &[1]).expect("apply");
    assert_eq!(index.len(), 8);

    index.apply(Vec::new(), &[]).expect("no-op");
    assert_eq!(index.len(), 8);
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
fn a_directory_index_is_owned_by_one_index_at_a_time() {
    let dir = std::env::temp_dir().join(format!("kontor-search-owned-{}", std::process::id()));
    let index = SearchIndex::in_dir(&dir, &["EUR"]).expect("in_dir");
    index.apply(catalog(), &[]).expect("apply");
    let err = SearchIndex::in_dir(&dir, &["EUR"])
        .err()
        .expect("a second owner is refused");
    assert!(
        err.to_string().contains("in use by another Kontor process"),
        "{err}"
    );
    assert_eq!(
        ids(&index, &query("wrench")),
        vec![6],
        "the refused second owner emptied nothing"
    );
    drop(index);
    assert!(
        SearchIndex::in_dir(&dir, &["EUR"]).is_ok(),
        "free again once dropped"
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn rejects_bad_currency_codes() {
    assert!(SearchIndex::in_ram(&["E U R"]).is_err());
    assert!(SearchIndex::in_ram(&[""]).is_err());
    assert!(SearchIndex::in_ram(&["EUR", "eur"]).is_ok());
}
