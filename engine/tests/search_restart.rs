//! A search index kept on disk: reopened at the next start and caught up with what changed while no app server
//! ran, and built again when the folder holds another database's index.

mod common;

use engine::{Actor, Engine, EngineConfig};

use common::query;

fn in_folder(folder: &std::path::Path) -> EngineConfig {
    EngineConfig {
        search_dir: Some(folder.to_path_buf()),
        max_connections: 4,
        ..EngineConfig::default()
    }
}

async fn hits(engine: &Engine, q: &str) -> u64 {
    let guest = common::guest(engine).await;
    engine
        .search(&guest, &query(q), 24)
        .await
        .unwrap()
        .page
        .total_items
}

#[tokio::test]
async fn a_kept_index_is_reopened_and_caught_up_with_what_changed_while_no_server_ran() {
    common::each_database_url(|url| async move {
        let folder = tempfile_folder("kept");
        let first = Engine::connect(&url, in_folder(&folder)).await.unwrap();
        first.migrate().await.unwrap();
        common::seeded(&first).await;
        let start = first.warm_up().await.unwrap();
        assert!(!start.reopened, "nothing to reopen on a new folder");
        assert_eq!(start.products, 33);
        let bolts = hits(&first, "q=bolt").await;
        assert!(bolts > 0);
        first.close().await;
        drop(first);

        // Another app server, its index in memory, imports a product while the first is down.
        let other = Engine::connect(&url, EngineConfig::default()).await.unwrap();
        let record = r#"{"handle":"torque-wrench","name":"Torque Wrench 40-200 Nm","brand":"Steelmark","category":"spanners",
            "variants":[{"sku":"TW-200","title":"Each","price":"89.5","currency":"EUR","stock":12}]}"#;
        let report = other
            .import_products(&Actor::process("test"), vec![(1, record.to_owned())], false)
            .await
            .unwrap();
        assert_eq!(report.created, 1);
        other.close().await;

        let again = Engine::connect(&url, in_folder(&folder)).await.unwrap();
        let start = again.warm_up().await.unwrap();
        assert!(start.reopened, "the kept index is reopened");
        assert_eq!(start.products, 1, "only the imported product is read");
        assert_eq!(hits(&again, "q=torque").await, 1, "caught up");
        assert_eq!(hits(&again, "q=bolt").await, bolts, "and still holds the rest");
        again.close().await;
        drop(again);
        let _ = std::fs::remove_dir_all(&folder);
    })
    .await;
}

#[tokio::test]
async fn another_database_never_reopens_the_index_of_the_first() {
    let folder = tempfile_folder("other");
    for round in 0..2 {
        let dir = tempfile_folder(&format!("db{round}"));
        let url = format!("sqlite://{}/shop.db", dir.display());
        let engine = Engine::connect(&url, in_folder(&folder)).await.unwrap();
        engine.migrate().await.unwrap();
        common::seeded(&engine).await;
        let start = engine.warm_up().await.unwrap();
        assert!(
            !start.reopened,
            "round {round}: built from its own database"
        );
        assert_eq!(start.products, 33);
        assert!(hits(&engine, "q=bolt").await > 0);
        engine.close().await;
        drop(engine);
        let _ = std::fs::remove_dir_all(dir);
    }
    let _ = std::fs::remove_dir_all(&folder);
}

fn tempfile_folder(name: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!("kontor-search-restart-{name}-{nanos}"))
}
