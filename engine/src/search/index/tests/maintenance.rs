//! Keeping the index current: replacing, removing, segment layout, directories, bulk loads.

use super::*;

#[test]
fn upsert_replaces_and_removal_deletes() {
    let index = index();
    let mut changed = catalog().remove(5);
    changed.name = "Torque wrench deluxe".to_string();
    let mut twice = catalog().remove(5);
    twice.name = "Torque wrench pro".to_string();
    index.apply(vec![changed, twice], &[], 1).expect("apply");
    assert_eq!(index.len(), 10);
    assert_eq!(ids(&index, &query("wrench")), vec![6]);
    assert_eq!(ids(&index, &query("pro")), vec![6]);
    assert!(ids(&index, &query("deluxe")).is_empty());

    index.apply(Vec::new(), &[3, 42], 1).expect("remove");
    assert_eq!(index.len(), 9);
    assert!(ids(&index, &query("wood")).is_empty());

    // Removal wins over an upsert of the same product in one batch.
    index
        .apply(vec![catalog().remove(0)], &[1], 1)
        .expect("apply");
    assert_eq!(index.len(), 8);

    index.apply(Vec::new(), &[], 1).expect("no-op");
    assert_eq!(index.len(), 8);
}

#[test]
fn results_do_not_depend_on_segments() {
    let whole = index();
    let piecewise = SearchIndex::in_ram(&["EUR", "CHF"]).expect("index");
    for doc in catalog().into_iter().rev() {
        piecewise.apply(vec![doc], &[], 1).expect("apply");
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

fn folder(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("kontor-search-{name}-{}", std::process::id()))
}

#[test]
fn a_folder_index_is_kept_for_its_database_at_its_version() {
    let dir = folder("kept");
    let (index, kept) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("in_folder");
    assert_eq!(kept, None, "a new folder holds nothing to keep");
    index.add_new(catalog()).expect("add");
    index.finish_build(7).expect("build");
    assert_eq!(ids(&index, &query("wrench")), vec![6]);
    drop(index);

    let (index, kept) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("reopen");
    assert_eq!(kept, Some(7), "reopened at the version it was built at");
    assert_eq!(ids(&index, &query("wrench")), vec![6], "searchable at once");
    index.apply(Vec::new(), &[6], 9).expect("remove");
    drop(index);
    let (index, kept) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("reopen");
    assert_eq!(kept, Some(9), "each change records its version");
    assert!(ids(&index, &query("wrench")).is_empty());
    drop(index);

    let (index, kept) = SearchIndex::in_folder(&dir, "db2", &["EUR"]).expect("other database");
    assert_eq!(kept, None, "another database's index is never reopened");
    assert_eq!(index.len(), 0, "and is emptied");
    drop(index);
    let (_, kept) = SearchIndex::in_folder(&dir, "db2", &["EUR", "CHF"]).expect("new schema");
    assert_eq!(kept, None, "an index of another schema is built again");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn a_kept_index_built_again_in_place_holds_only_the_new_build() {
    let dir = folder("again");
    let (index, _) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("in_folder");
    index.add_new(catalog()).expect("add");
    index.finish_build(1).expect("build");
    drop(index);
    let (index, kept) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("reopen");
    assert_eq!(kept, Some(1));
    index.clear().expect("clear");
    index
        .add_new(
            catalog()
                .into_iter()
                .filter(|d| d.product_id != 6)
                .collect(),
        )
        .expect("add");
    index.finish_build(5).expect("build again");
    assert!(
        ids(&index, &query("wrench")).is_empty(),
        "nothing of the old build is left"
    );
    assert_eq!(index.len(), catalog().len() as u64 - 1);
    drop(index);
    let (_, kept) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("reopen");
    assert_eq!(kept, Some(5));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn a_build_cut_short_is_never_reopened() {
    let dir = folder("cut");
    let (index, _) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("in_folder");
    index.add_new(catalog()).expect("add");
    // Flushed to disk by a commit without a stamp, as a crash after tantivy flushed a segment would leave it.
    index.writer().commit().expect("unstamped commit");
    drop(index);
    let (index, kept) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("reopen");
    assert_eq!(kept, None);
    assert_eq!(index.len(), 0);
    drop(index);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn a_second_process_gets_a_folder_of_its_own() {
    let dir = folder("owned");
    let (first, _) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("in_folder");
    first.add_new(catalog()).expect("add");
    first.finish_build(3).expect("build");
    let (second, kept) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("second");
    assert_eq!(kept, None, "the second builds in its own folder");
    assert!(dir.join("db1-1").join(LOCK_FILE).exists());
    assert_eq!(
        ids(&first, &query("wrench")),
        vec![6],
        "the second emptied nothing of the first"
    );
    drop(second);
    drop(first);
    let (_, kept) = SearchIndex::in_folder(&dir, "db1", &["EUR"]).expect("first folder free again");
    assert_eq!(kept, Some(3));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn rejects_bad_currency_codes() {
    assert!(SearchIndex::in_ram(&["E U R"]).is_err());
    assert!(SearchIndex::in_ram(&[""]).is_err());
    assert!(SearchIndex::in_ram(&["EUR", "eur"]).is_ok());
}
