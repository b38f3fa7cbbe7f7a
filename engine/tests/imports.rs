//! Imports from the back office on every backend: a job per file with its progress and bad lines, refused to whoever
//! may not write its kind; and the spreadsheet exports, whose products CSV fills an empty shop.

mod common;

use common::{each_backend, each_backend_pair, seeded, staff_actor};
use engine::{
    Actor, EngineError,
    exchange::{ImportOptions, MissingCategories, parse_shopify_csv},
    imports::ImportKind,
};

#[tokio::test]
async fn an_import_job_keeps_its_progress_and_bad_lines_for_who_may_write_its_kind() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        let id = engine
            .start_import(&catalog, ImportKind::Products, "products.csv", 700)
            .await
            .unwrap();
        engine
            .record_import_chunk(
                id,
                500,
                498,
                &[(9, "price: bad".into()), (3, "sku: taken".into())],
            )
            .await
            .unwrap();
        let (job, _) = engine.import_job(&catalog, id).await.unwrap();
        assert_eq!(
            (job.status.as_str(), job.done, job.ok, job.failed),
            ("running", 500, 498, 2)
        );
        engine.record_import_chunk(id, 200, 200, &[]).await.unwrap();
        engine.finish_import(id, None).await.unwrap();
        let (job, errors) = engine.import_job(&catalog, id).await.unwrap();
        assert_eq!(
            (job.status.as_str(), job.done, job.ok, job.total),
            ("done", 700, 698, 700)
        );
        assert_eq!(job.started_by, "cm@shop.example");
        let lines: Vec<i64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 9], "in line order");

        let failed = engine
            .start_import(&catalog, ImportKind::Stock, "stock.ndjson", 1)
            .await
            .unwrap();
        engine
            .finish_import(failed, Some("database gone"))
            .await
            .unwrap();
        let recent = engine.recent_imports(&catalog).await.unwrap();
        assert_eq!(recent.len(), 2);
        assert_eq!(recent[0].id, failed, "newest first");
        assert_eq!(recent[0].message, "database gone");

        // Customers take `customers:write`: a catalog manager may neither start nor read such an import.
        let service = staff_actor(&engine, "cs@shop.example", "customer_service").await;
        let people = engine
            .start_import(&service, ImportKind::Customers, "people.ndjson", 1)
            .await
            .unwrap();
        assert!(matches!(
            engine.import_job(&catalog, people).await,
            Err(EngineError::Forbidden(_))
        ));
        assert!(
            engine
                .recent_imports(&catalog)
                .await
                .unwrap()
                .iter()
                .all(|j| j.id != people),
            "a list shows only the kinds its reader may write"
        );
        for refused in [
            engine
                .start_import(&catalog, ImportKind::Customers, "x", 1)
                .await
                .err(),
            engine
                .start_import(
                    &staff_actor(&engine, "ro@shop.example", "read_only").await,
                    ImportKind::Products,
                    "x",
                    1,
                )
                .await
                .err(),
        ] {
            assert!(
                matches!(refused, Some(EngineError::Forbidden(_))),
                "{refused:?}"
            );
        }
        assert!(matches!(
            engine.import_job(&catalog, 999_999).await,
            Err(EngineError::NotFound { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn the_products_csv_fills_an_empty_shop_and_the_people_csv_lists_each_person() {
    each_backend_pair(|source, target| async move {
        seeded(&source).await;
        let ops = Actor::process("test");
        let csv = source.products_csv(&ops).await.unwrap();
        assert!(
            csv.starts_with("Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,")
        );
        let file = parse_shopify_csv(&csv, "EUR", None);
        let options = ImportOptions {
            missing_categories: MissingCategories::Create,
            category_names: file.category_names,
            ..ImportOptions::default()
        };
        let report = target
            .import_records_with(&ops, file.records, &options, |_, _| {})
            .await
            .unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let exported = source.export_products(&ops, 0, 1000).await.unwrap();
        assert_eq!(report.created as usize, exported.len());
        let imported = target.export_products(&ops, 0, 1000).await.unwrap();
        for ((_, a), (_, b)) in exported.iter().zip(&imported) {
            assert_eq!(a.handle, b.handle);
            assert_eq!(a.name, b.name);
            assert_eq!(a.description, b.description);
            let skus = |r: &engine::exchange::ProductRecord| {
                r.variants
                    .iter()
                    .map(|v| (v.sku.clone(), v.price, v.stock))
                    .collect::<Vec<_>>()
            };
            assert_eq!(skus(a), skus(b));
        }

        // Into the shop it came from, the CSV changes nothing the format cannot carry.
        let file = parse_shopify_csv(&csv, "EUR", None);
        let options = ImportOptions {
            missing_categories: MissingCategories::Create,
            category_names: file.category_names,
            keep_stored_extras: true,
            ..ImportOptions::default()
        };
        let report = source
            .import_records_with(&ops, file.records, &options, |_, _| {})
            .await
            .unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert!(
            exported.iter().any(|(_, r)| !r.attributes.is_empty())
                && exported.iter().any(|(_, r)| !r.translations.is_empty()),
            "the fixture has something to lose"
        );
        let again = source.export_products(&ops, 0, 1000).await.unwrap();
        for ((_, before), (_, after)) in exported.iter().zip(&again) {
            assert_eq!(before.attributes, after.attributes, "{}", before.handle);
            assert_eq!(before.translations, after.translations, "{}", before.handle);
            assert_eq!(before.product_type, after.product_type);
            assert_eq!(before.category, after.category);
        }

        let people = source.customers_csv(&ops).await.unwrap();
        let lines: Vec<&str> = people.lines().collect();
        assert_eq!(
            lines[0],
            "company,company_name,country,email,name,role,invoice_approved,credit_limit,vat_id"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("acme,ACME,DE,buyer@acme.example,"))
        );
        let catalog = staff_actor(&source, "cm@shop.example", "catalog_manager").await;
        assert!(matches!(
            source.customers_csv(&catalog).await,
            Err(EngineError::Forbidden(_))
        ));
    })
    .await;
}
