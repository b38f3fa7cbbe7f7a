mod common;

use common::{each_backend, each_backend_pair, seeded};
use domain::{Locale, Quantity, Sku};
use engine::{Engine, exchange::ProductRecord};

async fn export_all(engine: &Engine) -> Vec<String> {
    let mut lines = Vec::new();
    let mut after = 0;
    loop {
        let page = engine
            .export_products(&engine::Actor::process("test"), after, 7)
            .await
            .unwrap();
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
            .import_products(&engine::Actor::process("test"), numbered(&lines), false)
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
        let report = engine.import_products(&engine::Actor::process("test"), lines.clone(), false).await.unwrap();
        assert_eq!((report.created, report.updated, report.unchanged), (1, 1, 0), "{report:?}");

        let wrench = engine.product(&shopper, "torque-wrench").await.unwrap();
        assert_eq!(wrench.variants[0].sku.as_str(), "TW-200");
        assert_eq!(wrench.variants[0].price.clone().unwrap().amount.to_string(), "89.5");
        let cutter = engine.product(&shopper, "side-cutter").await.unwrap();
        assert_eq!(cutter.variants.len(), 1, "the variant left out of the record is removed");
        assert_eq!(cutter.variants[0].price.as_ref().unwrap().display(), "€11.99");
        assert_eq!(cutter.variants[0].on_hand, 7);

        let again = engine.import_products(&engine::Actor::process("test"), lines, false).await.unwrap();
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
        let report = engine.import_products(&engine::Actor::process("test"), lines, false).await.unwrap();
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
        let report = engine.import_products(&engine::Actor::process("test"), vec![(1, good.to_owned()), (2, steals)], true).await.unwrap();
        assert!(!report.committed);
        assert_eq!(report.errors.len(), 1);
        assert!(engine.product(&shopper, "strict-one").await.is_err(), "nothing was written");

        let invalid = engine.import_products(&engine::Actor::process("test"), vec![(1, good.to_owned()), (2, "[]".to_owned())], true).await.unwrap();
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
        let records = engine::exchange::parse_shopify_csv(SHOPIFY_CSV, "EUR", None).records;
        let report = engine
            .import_records(&engine::Actor::process("test"), records, false)
            .await
            .unwrap();
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
                &engine::Actor::process("test"),
                engine::exchange::parse_shopify_csv(SHOPIFY_CSV, "EUR", None).records,
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

/// A product carrying every field of the format, written exactly as `export_products` writes it.
const FULL: &str = concat!(
    r#"{"handle":"cable-cutter","name":"Cable Cutter 200 mm","brand":"Ferrox","#,
    r#""description":"Cuts copper and aluminium cable.","category":"cutters","product_type":"tool","#,
    r#""tax_class":"reduced","attributes":{"length":"200","material":"chrome-vanadium"},"#,
    r#""translations":{"de":{"name":"Kabelschneider 200 mm","slug":"kabelschneider-200","#,
    r#""description":"Schneidet Kupfer- und Aluminiumkabel."}},"#,
    r#""images":[{"url":"/media/products/cable-cutter.svg","alt":"Cable cutter"}],"#,
    r#""variants":[{"sku":"CC-200","title":"Each","options":[],"price":"24.9","currency":"EUR","#,
    r#""tiers":[{"min_quantity":6,"price":"23.5"},{"min_quantity":24,"price":"21.75"}],"#,
    r#""prices":[{"currency":"CHF","price":"24.5","tiers":[{"min_quantity":6,"price":"23"}]}],"#,
    r#""stock":40,"rules":{"min":2,"step":2,"max":200}}]}"#
);

fn exported(lines: &[String], handle: &str) -> ProductRecord {
    let prefix = format!("{{\"handle\":\"{handle}\",");
    let line = lines.iter().find(|l| l.starts_with(&prefix)).unwrap();
    serde_json::from_str(line).unwrap()
}

fn counts(report: &engine::exchange::ImportReport) -> (u64, u64, u64) {
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    (report.created, report.updated, report.unchanged)
}

#[tokio::test]
async fn a_product_with_every_field_exports_as_it_was_imported_and_reaches_the_storefront() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let report = engine
            .import_products(
                &engine::Actor::process("test"),
                vec![(1, FULL.to_owned())],
                true,
            )
            .await
            .unwrap();
        assert_eq!(counts(&report), (1, 0, 0));
        let lines = export_all(&engine).await;
        assert!(lines.iter().any(|l| l == FULL), "{lines:#?}");
        let again = engine
            .import_products(&engine::Actor::process("test"), numbered(&lines), true)
            .await
            .unwrap();
        assert_eq!(counts(&again), (0, 0, 34));

        let guest = common::guest(&engine).await;
        let cutter = engine.product(&guest, "cable-cutter").await.unwrap();
        assert_eq!(cutter.product_type.as_deref(), Some("Tool"));
        let specs: Vec<(&str, &str)> = cutter
            .specifications
            .iter()
            .map(|s| (s.code.as_str(), s.value.as_str()))
            .collect();
        assert_eq!(
            specs,
            [("length", "200 mm"), ("material", "Chrome vanadium")]
        );
        let v = &cutter.variants[0];
        assert_eq!(
            (v.rules.min, v.rules.increment, v.rules.max),
            (2, 2, Some(200))
        );
        let breaks: Vec<(u32, String)> = v
            .breaks
            .iter()
            .map(|b| (b.min_quantity, b.unit_shown.money().amount.to_string()))
            .collect();
        assert_eq!(
            breaks,
            [(2, "24.9".into()), (6, "23.5".into()), (24, "21.75".into())]
        );
        let sku = Sku::parse("CC-200").unwrap();
        let quote = engine
            .quote(&guest, &sku, Quantity::parse(24).unwrap())
            .await
            .unwrap();
        assert_eq!(quote.line_net.amount.to_string(), "522.00");
        assert_eq!(
            quote.line_tax.amount.to_string(),
            "36.54",
            "the reduced rate, 7 %"
        );

        let german = guest
            .clone()
            .in_locale(Locale::parse("de").unwrap())
            .unwrap();
        let kabel = engine.product(&german, "kabelschneider-200").await.unwrap();
        assert_eq!(kabel.name, "Kabelschneider 200 mm");
        assert_eq!(kabel.description, "Schneidet Kupfer- und Aluminiumkabel.");

        let swiss = engine.shopper_for("shop-ch").await.unwrap();
        let quote = engine
            .quote(&swiss, &sku, Quantity::parse(6).unwrap())
            .await
            .unwrap();
        assert_eq!(quote.unit_net.money().amount.to_string(), "23");
        assert_eq!(quote.unit_net.money().currency.code(), "CHF");
    })
    .await;
}

#[tokio::test]
async fn a_re_import_replaces_what_the_record_carries_and_keeps_the_variant_fields_it_leaves_out() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        engine
            .import_products(
                &engine::Actor::process("test"),
                vec![(1, FULL.to_owned())],
                true,
            )
            .await
            .unwrap();
        let mut record: ProductRecord = serde_json::from_str(FULL).unwrap();

        // Product-level fields are the whole truth: what the record leaves out goes. The variant's breaks,
        // other prices and rules are left out too, and stay.
        record.product_type = None;
        record.tax_class = "standard".into();
        record.attributes.remove("length");
        record.translations.clear();
        let variant = &mut record.variants[0];
        let (tiers, prices, rules) = (
            variant.tiers.take(),
            variant.prices.take(),
            variant.rules.take(),
        );
        let line = serde_json::to_string(&record).unwrap();
        assert!(
            !line.contains("tiers") && !line.contains("rules") && !line.contains("product_type")
        );
        let report = engine
            .import_products(
                &engine::Actor::process("test"),
                vec![(1, line.clone())],
                true,
            )
            .await
            .unwrap();
        assert_eq!(counts(&report), (0, 1, 0));
        let stored = exported(&export_all(&engine).await, "cable-cutter");
        assert_eq!(stored.product_type, None);
        assert_eq!(stored.tax_class, "standard");
        assert_eq!(stored.attributes.keys().collect::<Vec<_>>(), ["material"]);
        assert!(stored.translations.is_empty());
        assert_eq!(
            (&stored.variants[0].tiers, &stored.variants[0].prices),
            (&tiers, &prices)
        );
        assert_eq!(stored.variants[0].rules, rules);
        let again = engine
            .import_products(&engine::Actor::process("test"), vec![(1, line)], true)
            .await
            .unwrap();
        assert_eq!(
            counts(&again),
            (0, 0, 1),
            "left-out fields compare equal to what they keep"
        );

        // A lower price without `tiers` drops only the break it no longer undercuts.
        record.variants[0].price = "23".parse().unwrap();
        let line = serde_json::to_string(&record).unwrap();
        assert_eq!(
            counts(
                &engine
                    .import_products(&engine::Actor::process("test"), vec![(1, line)], true)
                    .await
                    .unwrap()
            ),
            (0, 1, 0)
        );
        let stored = exported(&export_all(&engine).await, "cable-cutter");
        let kept: Vec<u32> = stored.variants[0]
            .tiers
            .iter()
            .flatten()
            .map(|t| t.min_quantity)
            .collect();
        assert_eq!(kept, [24]);
        assert!(stored.variants[0].prices.is_some());

        // Present, even empty, they replace.
        let variant = &mut record.variants[0];
        variant.tiers = Some(Vec::new());
        variant.prices = Some(Vec::new());
        variant.rules = Some(engine::exchange::RulesRecord::DEFAULT);
        let line = serde_json::to_string(&record).unwrap();
        assert_eq!(
            counts(
                &engine
                    .import_products(
                        &engine::Actor::process("test"),
                        vec![(1, line.clone())],
                        true
                    )
                    .await
                    .unwrap()
            ),
            (0, 1, 0)
        );
        let stored = exported(&export_all(&engine).await, "cable-cutter");
        let v = &stored.variants[0];
        assert_eq!((&v.tiers, &v.prices, &v.rules), (&None, &None, &None));
        assert_eq!(
            counts(
                &engine
                    .import_products(&engine::Actor::process("test"), vec![(1, line)], true)
                    .await
                    .unwrap()
            ),
            (0, 0, 1)
        );
        let swiss = engine.shopper_for("shop-ch").await.unwrap();
        assert!(
            engine.product(&swiss, "cable-cutter").await.is_err(),
            "no CHF price, not sold in CHF"
        );
    })
    .await;
}

#[tokio::test]
async fn every_catalog_model_field_is_checked_and_the_error_names_it() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let cases: Vec<(String, &str)> = vec![
            (FULL.replace(r#""product_type":"tool""#, r#""product_type":"gadget""#),
                r#"product_type: "gadget" does not exist"#),
            (FULL.replace(r#""tax_class":"reduced""#, r#""tax_class":"half rate""#), "tax_class:"),
            (FULL.replace(r#""length":"200""#, r#""colour":"red""#),
                r#"attributes: "colour" is not an attribute of this shop"#),
            (FULL.replace(r#""chrome-vanadium""#, r#""wood""#),
                r#"attributes: "material" must be one of steel, chrome-vanadium, brass, not "wood""#),
            (FULL.replace(r#""length":"200""#, r#""length":"200 mm""#),
                r#"attributes: "length" must be a decimal number, not "200 mm""#),
            (FULL.replace(r#""translations":{"de""#, r#""translations":{"German""#), "translations: \"German\""),
            (FULL.replace(r#""slug":"kabelschneider-200""#, r#""slug":"Kabel Schneider""#), "translations: de: slug"),
            (FULL.replace(r#""name":"Kabelschneider 200 mm""#, r#""name":" ""#),
                "translations: de: name must not be empty"),
            (FULL.replace(r#""min_quantity":6,"price":"23.5""#, r#""min_quantity":1,"price":"23.5""#),
                "tiers: of CC-200 in EUR: min_quantity must be at least 2, not 1"),
            (FULL.replace(r#""min_quantity":24"#, r#""min_quantity":6"#),
                "tiers: of CC-200 in EUR: breaks must be listed by rising min_quantity (6 after 6)"),
            (FULL.replace(r#""price":"23.5""#, r#""price":"24.9""#),
                "tiers: of CC-200 in EUR: the break from 6 must cost less than 24.9, the price below it"),
            (FULL.replace(r#""price":"21.75""#, r#""price":"23.5""#),
                "tiers: of CC-200 in EUR: the break from 24 must cost less than 23.5, the price below it"),
            (FULL.replace(r#""price":"23"}"#, r#""price":"25"}"#),
                "tiers: of CC-200 in CHF: the break from 6 must cost less than 24.5, the price below it"),
            (FULL.replace(r#""price":"21.75""#, r#""price":"-1""#), "tiers: of CC-200 in EUR: the price from 24"),
            (FULL.replace(r#""currency":"CHF""#, r#""currency":"EUR""#),
                "prices: of CC-200: EUR is the main price's currency"),
            (FULL.replace(r#""currency":"CHF""#, r#""currency":"Swiss francs""#), "prices: of CC-200: currency"),
            (FULL.replace(r#""prices":[{"#, r#""prices":[{"currency":"CHF","price":"1"},{"#),
                "prices: of CC-200: CHF is listed twice"),
            (FULL.replace(r#""min":2"#, r#""min":3"#), "rules: of CC-200: min must be a multiple of the pack size (2)"),
            (FULL.replace(r#""step":2"#, r#""step":0"#), "rules: of CC-200: step must be at least 1"),
            (FULL.replace(r#""max":200"#, r#""max":1"#), "rules: of CC-200: max must be at least the minimum (2)"),
            (FULL.replace(r#""slug":"kabelschneider-200""#, r#""slug":"seitenschneider-160""#),
                "translations: de: slug seitenschneider-160 belongs to product side-cutter"),
        ];
        let mut lines: Vec<(usize, String)> = Vec::new();
        for (i, (line, _)) in cases.iter().enumerate() {
            // Each line its own product, so only the broken field can be wrong.
            let line = line.replace("cable-cutter", &format!("cutter-{i}")).replace("CC-200", &format!("CC-{i}"))
                .replace("kabelschneider-200", &format!("kabelschneider-{i}"));
            lines.push((i + 1, line));
        }
        let boolean = r#"{"handle":"glue","name":"Glue","category":"spanners","attributes":{"hazardous":"yes"},"variants":[{"sku":"GL-1","title":"Each","price":"1","currency":"EUR","stock":1}]}"#;
        lines.push((100, boolean.to_owned()));
        let twin = FULL.replace("cable-cutter", "twin-a").replace("CC-200", "TW-A");
        lines.push((101, twin.clone()));
        lines.push((102, twin.replace("twin-a", "twin-b").replace("TW-A", "TW-B")));

        let report = engine.import_products(&engine::Actor::process("test"), lines, false).await.unwrap();
        assert_eq!(report.created, 1, "only twin-a: {:?}", report.errors);
        let errors: Vec<(usize, &str)> = report.errors.iter().map(|e| (e.line, e.message.as_str())).collect();
        for (i, (_, expected)) in cases.iter().enumerate() {
            let expected = expected.replace("CC-200", &format!("CC-{i}"));
            let (_, message) = errors.iter().find(|(l, _)| *l == i + 1).unwrap_or_else(|| panic!("line {}: no error", i + 1));
            assert!(message.starts_with(&expected), "line {}: {message:?} does not start with {expected:?}", i + 1);
        }
        let (_, hazardous) = errors.iter().find(|(l, _)| *l == 100).unwrap();
        // Booleans: the fixture has none, so the unknown code is what fails; see the demo test for true/false.
        assert!(hazardous.starts_with("attributes:"), "{hazardous}");
        let (_, twin_b) = errors.iter().find(|(l, _)| *l == 102).unwrap();
        assert_eq!(*twin_b, "translations: de: slug kabelschneider-200 was already on line 101");
        assert_eq!(errors.len(), cases.len() + 2);
    })
    .await;
}

fn without_products(catalog: &mut [engine::seed::SeedCategory]) {
    for c in catalog {
        c.products.clear();
        without_products(&mut c.children);
    }
}

#[tokio::test]
async fn the_demo_catalog_moves_to_a_fresh_shop_through_export_and_import_unchanged() {
    each_backend_pair(|source, target| async move {
        let demo = engine::seed::demo_catalog();
        source.seed(&demo).await.unwrap();
        let lines = export_all(&source).await;
        for field in [
            r#""product_type":"#,
            r#""attributes":"#,
            r#""translations":"#,
            r#""tiers":"#,
            r#""prices":[{"currency":"CHF""#,
            r#""rules":"#,
            r#""hazardous":"true""#,
        ] {
            assert!(
                lines.iter().any(|l| l.contains(field)),
                "the demo export carries {field}"
            );
        }
        let report = source
            .import_products(&engine::Actor::process("test"), numbered(&lines), true)
            .await
            .unwrap();
        assert_eq!(counts(&report), (0, 0, lines.len() as u64));

        // The target shop has the demo's set-up and categories, but no products yet.
        let mut empty = demo.clone();
        without_products(&mut empty.categories);
        target.seed(&empty).await.unwrap();
        let report = target
            .import_products(&engine::Actor::process("test"), numbered(&lines), true)
            .await
            .unwrap();
        assert_eq!(counts(&report), (lines.len() as u64, 0, 0));
        assert_eq!(export_all(&target).await, lines);

        // Booleans are checked too.
        let mut glue: ProductRecord = serde_json::from_str(
            lines
                .iter()
                .find(|l| l.contains(r#""hazardous":"true""#))
                .unwrap(),
        )
        .unwrap();
        glue.attributes.insert("hazardous".into(), "yes".into());
        let report = target
            .import_products(
                &engine::Actor::process("test"),
                vec![(1, serde_json::to_string(&glue).unwrap())],
                true,
            )
            .await
            .unwrap();
        assert_eq!(
            report.errors[0].message,
            r#"attributes: "hazardous" must be true or false, not "yes""#
        );
    })
    .await;
}

/// A one-variant product line for the money-edge tests: `variant` is spliced into the variant object.
fn priced(handle: &str, sku: &str, variant: &str) -> String {
    format!(
        r#"{{"handle":"{handle}","name":"Priced","category":"spanners","variants":[{{"sku":"{sku}","title":"Each",{variant},"currency":"EUR","stock":5}}]}}"#
    )
}

#[tokio::test]
async fn a_zero_price_is_refused_unless_the_variant_is_free_and_the_flag_must_be_true() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let cases: Vec<(String, &str)> = vec![
            (priced("zero", "Z-1", r#""price":"0""#),
                r#"price: of Z-1 is 0; a variant sold for nothing must say so with "free": true"#),
            (priced("zero-point", "Z-2", r#""price":"0.000""#), "price: of Z-2 is 0;"),
            (priced("not-free", "Z-3", r#""price":"5","free":true"#),
                "free: Z-3 is marked free but its price is 5; set the price to 0 or leave free out"),
            (priced("free-tier", "Z-4", r#""price":"5","tiers":[{"min_quantity":10,"price":"0"}]"#),
                "tiers: of Z-4 in EUR: the price from 10 is 0; a break must cost more than 0"),
            (priced("free-chf", "Z-5", r#""price":"5","prices":[{"currency":"CHF","price":"0"}]"#),
                r#"prices: of Z-5: the CHF price is 0; only a variant marked "free": true may cost 0"#),
            (priced("free-ladder", "Z-6", r#""price":"0","free":true,"tiers":[{"min_quantity":10,"price":"1"}]"#),
                "tiers: of Z-6 in EUR: a price of 0 has no volume breaks"),
            (priced("too-dear", "Z-7", r#""price":"1000000000.01""#),
                "price: of Z-7 must be at most 1000000000"),
            (priced("too-dear-chf", "Z-8", r#""price":"5","prices":[{"currency":"CHF","price":"99999999999"}]"#),
                "prices: of Z-8: the CHF price must be at most 1000000000"),
            (priced("negative", "Z-9", r#""price":"-0.01""#), "price: of Z-9 must not be negative"),
        ];
        let lines: Vec<(usize, String)> =
            cases.iter().enumerate().map(|(i, (line, _))| (i + 1, line.clone())).collect();
        let report = engine.import_products(&engine::Actor::process("test"), lines, false).await.unwrap();
        assert_eq!(report.created, 0, "{report:?}");
        for (i, (_, expected)) in cases.iter().enumerate() {
            let error = report.errors.iter().find(|e| e.line == i + 1).unwrap_or_else(|| panic!("line {}: no error", i + 1));
            assert!(error.message.starts_with(expected), "line {}: {:?} does not start with {expected:?}", i + 1, error.message);
            assert_eq!(error.field, expected.split(':').next().unwrap());
        }

        // Said explicitly, 0 is a price: the sample is sold for nothing, also in a currency where it is free.
        let sample = priced("sample", "SAMPLE-1", r#""price":"0","free":true,"prices":[{"currency":"CHF","price":"0"}]"#);
        let report = engine.import_products(&engine::Actor::process("test"), vec![(1, sample.clone())], true).await.unwrap();
        assert_eq!(counts(&report), (1, 0, 0));
        let guest = common::guest(&engine).await;
        let quote = engine
            .quote(&guest, &Sku::parse("SAMPLE-1").unwrap(), Quantity::parse(3).unwrap())
            .await
            .unwrap();
        assert!(quote.line_gross.amount.is_zero(), "{quote:?}");

        // The export says free, so it imports back unchanged; the same line without the flag does not.
        let lines = export_all(&engine).await;
        let exported_sample = exported(&lines, "sample");
        assert!(exported_sample.variants[0].free);
        assert!(lines.iter().any(|l| l.contains(r#""price":"0","currency":"EUR","free":true"#)), "{lines:#?}");
        let again = engine.import_products(&engine::Actor::process("test"), numbered(&lines), true).await.unwrap();
        assert_eq!(counts(&again), (0, 0, 34));
        let unflagged = engine
            .import_products(&engine::Actor::process("test"), vec![(1, sample.replace(r#","free":true"#, ""))], false)
            .await
            .unwrap();
        assert_eq!(unflagged.errors.len(), 1);
        assert!(unflagged.errors[0].message.starts_with("price: of SAMPLE-1 is 0"), "{unflagged:?}");

        // Priced again without listing its other prices, the variant would keep its stored CHF 0: refused.
        let priced_again = priced("sample", "SAMPLE-1", r#""price":"2.5""#);
        let report = engine.import_products(&engine::Actor::process("test"), vec![(7, priced_again)], false).await.unwrap();
        assert_eq!(report.errors.len(), 1, "{report:?}");
        assert_eq!(report.errors[0].line, 7);
        assert_eq!(report.errors[0].field, "prices");
        assert_eq!(
            report.errors[0].message,
            "prices: of SAMPLE-1: the stored CHF price is 0 and the variant is not free; send its prices"
        );
        let with_prices = priced("sample", "SAMPLE-1", r#""price":"2.5","prices":[{"currency":"CHF","price":"2.4"}]"#);
        let report = engine.import_products(&engine::Actor::process("test"), vec![(1, with_prices)], true).await.unwrap();
        assert_eq!(counts(&report), (0, 1, 0));
        assert!(!exported(&export_all(&engine).await, "sample").variants[0].free);
    })
    .await;
}

#[tokio::test]
async fn a_free_variant_moves_to_an_empty_shop_through_export_and_import() {
    each_backend_pair(|source, target| async move {
        seeded(&source).await;
        let sample = priced("sample", "SAMPLE-1", r#""price":"0","free":true"#);
        let report = source
            .import_products(&engine::Actor::process("test"), vec![(1, sample)], true)
            .await
            .unwrap();
        assert_eq!(counts(&report), (1, 0, 0));
        let lines = export_all(&source).await;

        let mut empty = common::fixture();
        without_products(&mut empty.categories);
        target.seed(&empty).await.unwrap();
        let report = target
            .import_products(&engine::Actor::process("test"), numbered(&lines), true)
            .await
            .unwrap();
        assert_eq!(counts(&report), (lines.len() as u64, 0, 0));
        assert_eq!(export_all(&target).await, lines);
    })
    .await;
}

const SHOPIFY_FREE_CSV: &str = "\
Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty
sample-card,Sample Card,Title,Default Title,SC-FREE,0.00,10
paid-card,Paid Card,Title,Default Title,SC-PAID,1.50,10
";

#[tokio::test]
async fn a_shopify_row_priced_0_is_refused_naming_its_line_and_the_way_to_import_it() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let records = engine::exchange::parse_shopify_csv(SHOPIFY_FREE_CSV, "EUR", Some("spanners")).records;
        let report = engine.import_records(&engine::Actor::process("test"), records, false).await.unwrap();
        assert_eq!(report.created, 1, "{report:?}");
        assert_eq!(report.errors.len(), 1, "{report:?}");
        assert_eq!(report.errors[0].line, 2);
        assert_eq!(report.errors[0].field, "price");
        assert_eq!(
            report.errors[0].message,
            r#"price: of SC-FREE is 0 on line 2; a Shopify file cannot mark a variant free: import it as an NDJSON record with "free": true"#
        );
    })
    .await;
}

#[tokio::test]
async fn a_contract_price_of_0_or_a_discount_outside_0_to_100_is_refused_naming_the_field() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let line = |text: &str| {
            serde_json::from_str::<engine::exchange::PriceListRecord>(text)
                .map_err(|e| domain::DomainError::new("line", e.to_string()))
        };
        let outcomes = engine
            .upsert_price_list_entries(&engine::Actor::process("test"), vec![
                (1, line(r#"{"price_list":"acme","sku":"SC-160","price":"0"}"#)),
                (2, line(r#"{"price_list":"acme","sku":"SC-160","price":"8","tiers":[{"min_quantity":10,"price":"0"}]}"#)),
                (3, line(r#"{"price_list":"acme","sku":"SC-160","percent_off":"100"}"#)),
                (4, line(r#"{"price_list":"acme","sku":"SC-160","percent_off":"150"}"#)),
                (5, line(r#"{"price_list":"acme","sku":"SC-160","percent_off":"-5"}"#)),
                (6, line(r#"{"price_list":"acme","sku":"SC-160","percent_off":"0"}"#)),
                (7, line(r#"{"price_list":"acme","sku":"SC-160","price":"1000000001"}"#)),
                (8, line(r#"{"price_list":"acme","sku":"SC-160","price":"8","tiers":[{"min_quantity":10,"price":"7"}]}"#)),
            ])
            .await
            .unwrap();
        let errors: Vec<(usize, &str)> = outcomes
            .iter()
            .filter_map(|(l, r)| r.as_ref().err().map(|e| (*l, e.as_str())))
            .collect();
        let percent = "percent_off: must be more than 0 and less than 100";
        assert_eq!(
            errors,
            [
                (1, "price: must be more than 0; to stop a contract price, send remove"),
                (2, "tiers: the price from 10 must be more than 0"),
                (3, percent),
                (4, percent),
                (5, percent),
                (6, percent),
                (7, "price: must be at most 1000000000"),
            ],
            "{outcomes:?}"
        );
        assert!(outcomes.iter().any(|(l, r)| *l == 8 && r.is_ok()), "{outcomes:?}");
    })
    .await;
}

/// A Shopify export as a merchant brings it to a new shop: CRLF line ends, a description over two lines, and
/// product types the empty shop has no category for.
const SHOPIFY_NEW_SHOP_CSV: &str = "Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,Variant Price\r\n\
    hose-25,Garden Hose 25 m,\"<p>Kink-free.</p>\r\n<p>UV stable.</p>\",Aqua,Garden Hoses,Title,Default Title,GH-25,29.90\r\n\
    reel,Hose Reel,,Aqua,Garden Hoses,Title,Default Title,HR-1,49.00\r\n\
    nozzle,Nozzle,,Aqua,,Title,Default Title,NZ-1,abc\r\n\
    gloves,Gloves,,Aqua,Work Wear,Title,Default Title,GL-1,4.50\r\n";

type Lines = Vec<(usize, Result<ProductRecord, domain::DomainError>)>;

fn new_shop_options(
    missing: engine::exchange::MissingCategories,
) -> (Lines, engine::exchange::ImportOptions) {
    let file = engine::exchange::parse_shopify_csv(SHOPIFY_NEW_SHOP_CSV, "EUR", None);
    let options = engine::exchange::ImportOptions {
        missing_categories: missing,
        category_names: file.category_names,
        ..Default::default()
    };
    (file.records, options)
}

#[tokio::test]
async fn a_shopify_export_into_an_empty_shop_creates_the_categories_its_types_name() {
    each_backend(|engine| async move {
        let (records, options) = new_shop_options(engine::exchange::MissingCategories::Create);
        let report = engine
            .import_records_with(
                &engine::Actor::process("test"),
                records,
                &options,
                |_, _| {},
            )
            .await
            .unwrap();
        assert_eq!(report.created, 3, "{report:?}");
        assert_eq!(report.categories_created, ["garden-hoses", "work-wear"]);
        // The bad price is on the editor's line 5: the description spans lines 2 and 3.
        assert_eq!(report.errors.len(), 1, "{report:?}");
        assert_eq!(
            (report.errors[0].line, report.errors[0].field.as_str()),
            (5, "price")
        );
        let categories = engine.category_records().await.unwrap();
        let names: Vec<(&str, &str)> = categories
            .iter()
            .map(|c| (c.slug.as_str(), c.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [("garden-hoses", "Garden Hoses"), ("work-wear", "Work Wear")]
        );

        let again = engine
            .import_records_with(
                &engine::Actor::process("test"),
                new_shop_options(engine::exchange::MissingCategories::Create).0,
                &options,
                |_, _| {},
            )
            .await
            .unwrap();
        assert!(again.categories_created.is_empty(), "{again:?}");
        assert_eq!(again.unchanged, 3);
    })
    .await;
}

#[tokio::test]
async fn a_merchant_may_import_uncategorised_or_refuse_instead() {
    each_backend(|engine| async move {
        let (records, options) = new_shop_options(engine::exchange::MissingCategories::Refuse);
        let refused = engine
            .import_records_with(
                &engine::Actor::process("test"),
                records,
                &options,
                |_, _| {},
            )
            .await
            .unwrap();
        assert_eq!(refused.created, 0);
        assert!(
            refused
                .errors
                .iter()
                .all(|e| e.field == "category" || e.field == "price"),
            "{refused:?}"
        );
        assert!(engine.category_records().await.unwrap().is_empty());

        let (records, mut options) = new_shop_options(engine::exchange::MissingCategories::Create);
        options.strict = true;
        let strict = engine
            .import_records_with(
                &engine::Actor::process("test"),
                records,
                &options,
                |_, _| {},
            )
            .await
            .unwrap();
        assert!(!strict.committed);
        assert!(
            engine.category_records().await.unwrap().is_empty(),
            "a refused strict import creates no category"
        );

        let (records, options) =
            new_shop_options(engine::exchange::MissingCategories::Uncategorised);
        let report = engine
            .import_records_with(
                &engine::Actor::process("test"),
                records,
                &options,
                |_, _| {},
            )
            .await
            .unwrap();
        assert_eq!(
            (report.created, report.categories_created.clone()),
            (3, vec!["uncategorised".to_owned()])
        );
        let categories = engine.category_records().await.unwrap();
        assert_eq!(categories.len(), 1);
        assert_eq!(
            (categories[0].slug.as_str(), categories[0].name.as_str()),
            ("uncategorised", "Uncategorised")
        );
    })
    .await;
}
