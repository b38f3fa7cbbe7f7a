//! Text matching, ordering, paging, suggestions.

use super::*;

#[test]
fn exact_word_hits() {
    let index = index();
    assert_eq!(ids(&index, &query("wrench")), vec![6]);
    assert_eq!(sorted(ids(&index, &query("bolt"))), vec![1, 2, 9]);
    // No stemming, and four letters are too few for typo tolerance.
    assert!(!ids(&index, &query("bolt")).contains(&10));
    // Every token must match somewhere, in any field.
    assert_eq!(ids(&index, &query("torque click")), vec![6]);
    assert_eq!(ids(&index, &query("torque hose")), Vec::<i64>::new());
}

#[test]
fn one_typo_on_a_long_word_still_hits() {
    let index = index();
    let hexagons = vec![1, 2, 10];
    assert_eq!(sorted(ids(&index, &query("hexagon"))), hexagons);
    assert_eq!(sorted(ids(&index, &query("hexagn"))), hexagons);
    assert_eq!(sorted(ids(&index, &query("hexgaon"))), hexagons);
    assert_eq!(sorted(ids(&index, &query("stainles"))), vec![2, 4]);
    // Two edits are too many.
    assert!(ids(&index, &query("hxgaon")).is_empty());
}

#[test]
fn exact_hits_rank_above_typo_hits() {
    let index = index();
    let mut changed = catalog().remove(6);
    changed.product_id = 11;
    changed.name = "Gardan hose".to_string();
    index.apply(vec![changed], &[], 1).expect("apply");
    assert_eq!(ids(&index, &query("garden hose")), vec![7, 11]);
}

#[test]
fn a_typo_on_a_short_word_does_not_hit() {
    let index = index();
    assert!(ids(&index, &query("bilt")).is_empty());
    assert!(ids(&index, &query("bolr")).is_empty());
}

#[test]
fn last_token_as_prefix_while_typing() {
    let index = index();
    assert!(ids(&index, &query("stainl")).is_empty());
    assert_eq!(sorted(ids(&index, &prefix("stainl"))), vec![2, 4]);
    assert_eq!(ids(&index, &prefix("torque wr")), vec![6]);
    assert_eq!(sorted(ids(&index, &prefix("sp"))), vec![3, 4, 5]);
    // A finished word (trailing space) is not a prefix any more.
    assert!(ids(&index, &prefix("torque wr ")).is_empty());
}

#[test]
fn exact_sku_ranks_first() {
    let index = index();
    // Doc 10 mentions every token of the SKU too.
    for text in ["HX-M8-40", "hx-m8-40", " Hx-M8-40 "] {
        let found = ids(&index, &query(text));
        assert_eq!(found.first(), Some(&1), "{text}: {found:?}");
        assert!(found.contains(&10));
    }
    assert_eq!(ids(&index, &query("gd-can-10")).first(), Some(&8));
}

#[test]
fn ascii_folding_both_ways() {
    let index = index();
    assert_eq!(sorted(ids(&index, &query("muller"))), vec![5, 6]);
    assert_eq!(sorted(ids(&index, &query("MÜLLER"))), vec![5, 6]);
    assert_eq!(ids(&index, &query("Schraube")), vec![4]);
    assert_eq!(ids(&index, &query("schräube")), vec![4]);
    assert_eq!(sorted(ids(&index, &query("wurth"))), vec![1, 2, 10]);
}

#[test]
fn each_sort_order() {
    let index = index();
    let sorted_by = |sort: IndexSort, currency: &str| {
        let query = IndexQuery {
            sort,
            currency: currency.to_string(),
            ..query("")
        };
        ids(&index, &query)
    };
    // Without text every doc scores the same, so relevance order is id order.
    assert_eq!(
        sorted_by(IndexSort::Relevance, "EUR"),
        (1..=10).collect::<Vec<_>>()
    );
    assert_eq!(
        sorted_by(IndexSort::PriceAsc, "EUR"),
        vec![3, 1, 2, 4, 8, 7, 5, 6, 9, 10]
    );
    assert_eq!(
        sorted_by(IndexSort::PriceDesc, "EUR"),
        vec![9, 6, 5, 7, 8, 4, 2, 1, 3, 10]
    );
    assert_eq!(
        sorted_by(IndexSort::PriceAsc, "chf"),
        vec![1, 2, 4, 7, 5, 6, 9, 3, 8, 10]
    );
    assert_eq!(
        sorted_by(IndexSort::PriceAsc, "USD"),
        (1..=10).collect::<Vec<_>>()
    );
    assert_eq!(
        sorted_by(IndexSort::Name, "EUR"),
        vec![9, 7, 2, 1, 10, 5, 4, 6, 8, 3]
    );
    // 9 and 10 were created at the same time: the id breaks the tie.
    assert_eq!(
        sorted_by(IndexSort::Newest, "EUR"),
        vec![9, 10, 8, 7, 6, 5, 4, 3, 2, 1]
    );
}

#[test]
fn pagination() {
    let index = index();
    let page = |offset: usize, limit: usize| {
        let query = IndexQuery {
            sort: IndexSort::Newest,
            offset,
            limit,
            ..query("")
        };
        let hits = hits(&index, &query);
        (hits.ids, hits.total)
    };
    assert_eq!(page(0, 3), (vec![9, 10, 8], 10));
    assert_eq!(page(2, 3), (vec![8, 7, 6], 10));
    assert_eq!(page(9, 5), (vec![1], 10));
    assert_eq!(page(100, 5), (vec![], 10));
    assert_eq!(page(0, 0), (vec![], 10));
    assert_eq!(page(usize::MAX, usize::MAX), (vec![], 10));
    assert_eq!(page(3, usize::MAX).0.len(), 7);
}

#[test]
fn weird_text_does_not_panic() {
    let index = index();
    let long = "ab ".repeat(400) + &"x".repeat(1000);
    let texts = [
        "",
        " ",
        "\n\t",
        "***",
        "\"",
        "\"hexagon",
        "hexagon AND bolt",
        "bolt OR screw",
        "name:bolt",
        "*",
        "a:b:c",
        "((((",
        "-bolt",
        "+bolt",
        "~2",
        "^3",
        "/cat/1",
        "\\",
        "\0",
        "🦀 bolt",
        "ß",
        "日本語の説明",
        "ǅ",
        "\u{200b}",
        "%s %n",
        "' OR 1=1 --",
        &long,
    ];
    for text in texts {
        for prefix_last in [false, true] {
            let query = IndexQuery {
                prefix_last,
                ..query(text)
            };
            index.search(&query).expect(text);
        }
        suggest(&index, text, 5);
    }
    assert_eq!(hits(&index, &query("   ")).total, 10);
    assert!(ids(&index, &query("***")).is_empty());
}

#[test]
fn suggest_completes_names() {
    let index = index();
    assert_eq!(sorted(suggest(&index, "hexa", 10)), vec![1, 2, 10]);
    assert_eq!(suggest(&index, "hexa", 2).len(), 2);
    assert_eq!(suggest(&index, "torq", 10), vec![6]);
    assert_eq!(suggest(&index, "ring sp", 10), vec![5]);
    assert!(suggest(&index, "", 10).is_empty());
    assert!(suggest(&index, "hexa", 0).is_empty());
    // Body text is not what completion is about.
    assert!(suggest(&index, "countersu", 10).is_empty());
}

fn suggest(index: &SearchIndex, text: &str, limit: usize) -> Vec<i64> {
    index
        .suggest(&IndexQuery {
            limit,
            ..prefix(text)
        })
        .expect(text)
}
