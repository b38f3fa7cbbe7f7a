//! Every write of one process takes its turn in the SQLite writer queue: writers that skipped it met SQLite's busy
//! handler instead, and under load gave up with "database is locked".

mod common;

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use domain::{AddressInput, AddressKind, Sku};
use engine::{ClientAddr, Engine, EngineConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn address_writes_queue_with_other_writers_on_a_sqlite_file() {
    let dir = std::env::temp_dir().join(format!(
        "kontor-writer-queue-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let url = format!("sqlite://{}/shop.db", dir.display());
    let engine = Engine::connect(&url, EngineConfig::default())
        .await
        .unwrap();
    engine.migrate().await.unwrap();
    common::seeded(&engine).await;
    let admin = engine
        .sign_in(
            "admin@acme.example",
            engine::seed::DEMO_PASSWORD,
            ClientAddr::LOCAL,
        )
        .await
        .unwrap()
        .account;

    // The other writers: long stock-count transactions, back to back until the address writes are done. A writer
    // outside the queue finds the database free only in the moments between two of them, and SQLite's busy
    // handler gives up after 5 s.
    let done = Arc::new(AtomicBool::new(false));
    let counts: Vec<_> = (0..300)
        .map(|i| {
            let sku = Sku::parse(&format!("SP-{:02}", 1 + i % 30)).unwrap();
            ("main".to_owned(), sku, 100 + i64::from(i))
        })
        .collect();
    let counters: Vec<_> = (0..4)
        .map(|_| {
            let (engine, done, counts) = (engine.clone(), done.clone(), counts.clone());
            tokio::spawn(async move {
                while !done.load(Ordering::Relaxed) {
                    engine
                        .set_stock_counts(&engine::Actor::process("test"), &counts)
                        .await?;
                }
                Ok::<(), engine::EngineError>(())
            })
        })
        .collect();
    let addresses: Vec<_> = (0..6)
        .map(|task| {
            let (engine, admin) = (engine.clone(), admin.clone());
            tokio::spawn(async move {
                for round in 0..4 {
                    let saved = engine
                        .add_address(
                            &admin,
                            AddressKind::Shipping,
                            AddressInput {
                                name: format!("Dock {task}-{round}"),
                                line1: "Quay 1".into(),
                                postal_code: "20457".into(),
                                city: "Hamburg".into(),
                                country: "DE".into(),
                                ..Default::default()
                            },
                        )
                        .await?;
                    engine.remove_address(&admin, saved.id).await?;
                }
                Ok::<(), engine::EngineError>(())
            })
        })
        .collect();
    let mut failures = Vec::new();
    for t in addresses {
        if let Err(e) = t.await.unwrap() {
            failures.push(format!("{e:?}"));
        }
    }
    done.store(true, Ordering::Relaxed);
    for t in counters {
        if let Err(e) = t.await.unwrap() {
            failures.push(format!("{e:?}"));
        }
    }
    engine.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(failures.is_empty(), "{failures:?}");
}
