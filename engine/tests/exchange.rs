mod common;

use common::{each_backend, seeded};
use engine::Engine;

async fn export_all(engine: &Engine) -> Vec<String> {
    let mut lines = Vec::new();
    let mut after = 0;
    loop {
        let page = engine.export_products(after, 7).await.unwrap();
        let Some((last, _)) = page.last() else { break };
        after = *last;
        lines.extend(page.iter().map(|(_, r)| serde_json::to_string(r).unwrap()));
    }
    lines
}

fn numbered(lines: &[String]) -> Vec<(usize, String)> {
    lines
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect()
}

#[tokio::test]
async fn an_export_imports_back_unchanged() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let _shopper = common::guest(&engine).await;
        let lines = export_all(&engine).await;
        assert_eq!(lines.len(), 33);
        let report = engine
            .import_products(numbered(&lines), false)
            .await
            .unwrap();
        assert_eq!(
            (report.created, report.updated, report.unchanged),
            (0, 0, 33),
            "{report:?}"
        );
        assert!(report.errors.is_empty());
        assert_eq!(export_all(&engine).await, lines);
    })
    .await;
}

#[tokio::test]
async fn new_and_changed_products_are_written_and_a_second_run_changes_nothing() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let new = r#"{"handle":"torque-wrench","name":"Torque Wrench 40-200 Nm","brand":"Steelmark","category":"spanners",
            "variants":[{"sku":"tw-200","title":"Each","price":"89.5","currency":"EUR","stock":12}]}"#;
        let changed = r#"{"handle":"side-cutter","name":"Side Cutter 160 mm","brand":"Steelmark","category":"cutters",
            "description":"Side Cutter 160 mm for the workshop.\n\nSecond paragraph.",
            "images":[{"url":"/media/products/side-cutter.svg","alt":"Side Cutter 160 mm"}],
            "variants":[{"sku":"SC-160","title":"Pack SC-160","options":[{"name":"Pack size","value":"SC-160"}],
            "price":"11.99","currency":"EUR","stock":7}]}"#;
        let lines = vec![(1, new.replace('\n', "")), (2, changed.replace('\n', ""))];
        let report = engine.import_products(lines.clone(), false).await.unwrap();
        assert_eq!((report.created, report.updated, report.unchanged), (1, 1, 0), "{report:?}");

        let wrench = engine.product(&shopper, "torque-wrench").await.unwrap();
        assert_eq!(wrench.variants[0].sku.as_str(), "TW-200");
        assert_eq!(wrench.variants[0].price.clone().unwrap().amount.to_string(), "89.5");
        let cutter = engine.product(&shopper, "side-cutter").await.unwrap();
        assert_eq!(cutter.variants.len(), 1, "the variant left out of the record is removed");
        assert_eq!(cutter.variants[0].price.as_ref().unwrap().display(), "€11.99");
        assert_eq!(cutter.variants[0].on_hand, 7);

        let again = engine.import_products(lines, false).await.unwrap();
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2), "{again:?}");
    })
    .await;
}

#[tokio::test]
async fn bad_lines_are_reported_by_number_and_the_good_ones_imported() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let good = r#"{"handle":"good-one","name":"Good","category":"spanners","variants":[{"sku":"G-1","title":"Each","price":"1","currency":"EUR","stock":1}]}"#;
        let lines = vec![
            (1, good.to_owned()),
            (2, "{not json".to_owned()),
            (3, good.replace("good-one", "no-category").replace("spanners", "nowhere").replace("G-1", "G-2")),
            (4, good.replace("good-one", "negative").replace("\"stock\":1", "\"stock\":-5").replace("G-1", "G-3")),
            (5, good.replace("good-one", "bad-sku").replace("G-1", "G 4")),
            (6, good.replace("good-one", "steals-a-sku").replace("G-1", "SP-01")),
            (7, good.replace("good-one", "dollars").replace("EUR", "USD").replace("G-1", "G-5")),
            (8, good.replace("G-1", "G-6")),
            (9, String::new()),
        ];
        let report = engine.import_products(lines, false).await.unwrap();
        assert_eq!(report.created, 1, "{report:?}");
        let failed: Vec<(usize, &str)> = report.errors.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(failed.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2, 3, 4, 5, 6, 7, 8]);
        assert!(failed[0].1.starts_with("line: is not a product record"), "{failed:?}");
        assert!(failed[1].1.starts_with("category:"), "{failed:?}");
        assert!(failed[2].1.starts_with("stock:"), "{failed:?}");
        assert!(failed[3].1.starts_with("sku:"), "{failed:?}");
        assert_eq!(failed[4].1, "sku: SP-01 belongs to product spanner-01");
        assert!(failed[5].1.starts_with("currency:"), "{failed:?}");
        assert_eq!(failed[6].1, "handle: good-one was already on line 1");
        assert!(engine.product(&shopper, "good-one").await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn strict_mode_imports_nothing_when_any_line_is_bad() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let good = r#"{"handle":"strict-one","name":"Good","category":"spanners","variants":[{"sku":"S-1","title":"Each","price":"1","currency":"EUR","stock":1}]}"#;
        let steals = good.replace("strict-one", "strict-two").replace("S-1", "SP-02");
        let report = engine.import_products(vec![(1, good.to_owned()), (2, steals)], true).await.unwrap();
        assert!(!report.committed);
        assert_eq!(report.errors.len(), 1);
        assert!(engine.product(&shopper, "strict-one").await.is_err(), "nothing was written");

        let invalid = engine.import_products(vec![(1, good.to_owned()), (2, "[]".to_owned())], true).await.unwrap();
        assert!(!invalid.committed);
        assert!(engine.product(&shopper, "strict-one").await.is_err());
    })
    .await;
}

const SHOPIFY_CSV: &str = "\
Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty,Image Src,Image Alt Text
ring-spanner,Ring Spanner,<p>Offset ring &amp; open end.</p>,Steelmark,Spanners,,Size,13 mm,RS-13,7.90,25,/media/rs.svg,Ring spanner
ring-spanner,,,,,,,17 mm,RS-17,8.40,12,,
ring-spanner,,,,,,,,,,,/media/rs-2.svg,Side view
plain-file,Flat File 200 mm,,Ferrox,Spanners,,Title,Default Title,FF-200,6.50,,,
broken-price,Broken,,Ferrox,Spanners,,Title,Default Title,BP-1,abc,3,,
no-sku,No SKU,,Ferrox,Spanners,,Title,Default Title,,1.00,3,,
lost-type,Lost,,Ferrox,Garden Hoses,,Title,Default Title,LT-1,1.00,3,,
\"short,row\"
";

#[tokio::test]
async fn a_shopify_csv_with_broken_rows_imports_the_rest_and_names_the_broken_ones() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let records = engine::exchange::parse_shopify_csv(SHOPIFY_CSV, "EUR", None);
        let report = engine.import_records(records, false).await.unwrap();
        assert_eq!(report.created, 2, "{report:?}");
        let failed: Vec<(usize, String)> = report
            .errors
            .iter()
            .map(|e| (e.line, e.message.clone()))
            .collect();
        assert_eq!(
            failed.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            [6, 7, 8, 9],
            "{failed:?}"
        );
        assert!(failed[0].1.starts_with("price:"), "{failed:?}");
        assert!(failed[1].1.starts_with("sku:"), "{failed:?}");
        assert!(
            failed[2].1.starts_with("category: \"garden-hoses\""),
            "{failed:?}"
        );
        assert!(failed[3].1.starts_with("row:"), "{failed:?}");

        let spanner = engine.product(&shopper, "ring-spanner").await.unwrap();
        assert_eq!(spanner.description, "Offset ring & open end.");
        assert_eq!(spanner.variants.len(), 2);
        assert_eq!(spanner.variants[1].title, "17 mm");
        assert_eq!(spanner.variants[1].options[0].name, "Size");
        assert_eq!(
            spanner.variants[1].price.as_ref().unwrap().display(),
            "€8.40"
        );
        assert_eq!(spanner.images.len(), 2);
        let file = engine.product(&shopper, "plain-file").await.unwrap();
        assert_eq!(
            (file.variants[0].title.as_str(), file.variants[0].on_hand),
            ("Each", 0)
        );

        let again = engine
            .import_records(
                engine::exchange::parse_shopify_csv(SHOPIFY_CSV, "EUR", None),
                false,
            )
            .await
            .unwrap();
        assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, 2),
            "{again:?}"
        );
    })
    .await;
}
