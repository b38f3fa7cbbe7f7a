//! The event feed as an integration pages it: with many transactions writing events at once and committing in
//! any order, a reader that keeps the last id it saw reads every event exactly once.

mod common;

use std::{collections::HashSet, time::Duration};

use common::{each_backend_with_url, seeded};
use domain::Sku;
use engine::{Backend, Engine, EngineConfig};
use sqlx::{Connection, Executor, postgres::PgConnection};

const WRITERS: usize = 16;
const EVENTS_EACH: i64 = 20;

#[tokio::test]
async fn a_reader_paging_by_cursor_gets_every_event_once_while_writers_commit_out_of_order() {
    each_backend_with_url(|engine, url| async move {
        seeded(&engine).await;
        if engine.backend() == Backend::Postgres {
            // Every event insert lingers a random moment before its transaction may commit, so a transaction that
            // took an id early often commits after one that took a later id.
            let mut raw = PgConnection::connect(&url).await.unwrap();
            raw.execute(
                "CREATE FUNCTION linger() RETURNS trigger LANGUAGE plpgsql AS
                 $$ BEGIN PERFORM pg_sleep(random() * 0.01); RETURN NEW; END $$;
                 CREATE TRIGGER linger AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION linger();",
            )
            .await
            .unwrap();
        }
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let engine = engine.clone();
                tokio::spawn(async move {
                    let sku = Sku::parse(&format!("SP-{:02}", w + 1)).unwrap();
                    for on_hand in 0..EVENTS_EACH {
                        engine.set_stock(&engine::Actor::process("test"), "main", &sku, on_hand).await.unwrap();
                    }
                })
            })
            .collect();

        // The reader is another app server, with its own connections.
        let reader = Engine::connect(&url, EngineConfig::default())
            .await
            .unwrap();
        let mut seen = HashSet::new();
        let mut cursor = 0;
        loop {
            let finished = writers.iter().all(|w| w.is_finished());
            let page = reader
                .events_after(cursor, 7, &engine::Actor::process("test"))
                .await
                .unwrap();
            for event in &page {
                assert!(seen.insert(event.id), "event {} was read twice", event.id);
            }
            match page.last() {
                Some(last) => cursor = last.id,
                None if finished => break,
                None => tokio::time::sleep(Duration::from_millis(1)).await,
            }
        }
        for writer in writers {
            writer.await.unwrap();
        }
        reader.close().await;
        let all: HashSet<i64> = engine
            .events_after(0, 1000, &engine::Actor::process("test"))
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(all.len(), WRITERS * EVENTS_EACH as usize);
        let missed: Vec<&i64> = all.difference(&seen).collect();
        assert!(missed.is_empty(), "the reader passed over {missed:?}");
    })
    .await;
}
