//! Warehouses ship to the channels they serve: a channel's buyers are promised and sent the stock of its own
//! warehouses only, and a warehouse named for no channel serves them all.

mod common;

use common::{each_backend, guest, order_cart_on_account, seeded, signed_in_buyer};
use domain::{Quantity, Sku};
use engine::{Actor, EngineError, audit_log::AuditFilter, exchange::WarehouseRecord};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

fn warehouse(code: &str, channels: &[&str]) -> WarehouseRecord {
    WarehouseRecord {
        code: code.into(),
        name: format!("Warehouse {code}"),
        priority: 0,
        channels: Some(channels.iter().map(|c| (*c).to_owned()).collect()),
    }
}

#[tokio::test]
async fn a_channel_is_promised_and_sent_the_stock_of_its_own_warehouses_only() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        let bolt = sku("SC-160");
        let guest = guest(&engine).await;
        assert_eq!(guest.channel.code, "trade");
        // Before any warehouse is named for a channel, the main warehouse's units are promised to everyone.
        assert!(engine.availability(&bolt).await.unwrap().on_hand > 4);
        engine
            .add_to_cart(&guest, None, &bolt, Quantity::parse(4).unwrap())
            .await
            .unwrap();

        // The main warehouse now ships to the Swiss shop alone; a depot with three units ships to trade.
        engine
            .upsert_warehouse(&ops, &warehouse("main", &["shop-ch"]))
            .await
            .unwrap();
        engine
            .upsert_warehouse(&ops, &warehouse("depot", &["trade"]))
            .await
            .unwrap();
        engine.set_stock(&ops, "depot", &bolt, 3).await.unwrap();
        let refused = engine
            .add_to_cart(&guest, None, &bolt, Quantity::parse(4).unwrap())
            .await;
        assert!(
            matches!(refused, Err(EngineError::OutOfStock { available: 3, .. })),
            "{refused:?}"
        );

        // An order in trade takes its units from the depot; the main warehouse keeps its own.
        let (account, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        engine
            .add_to_cart(&shopper, None, &bolt, Quantity::parse(3).unwrap())
            .await
            .unwrap();
        order_cart_on_account(&engine, &account, &shopper, "depot-order-1").await;
        let levels = engine.availability(&bolt).await.unwrap().levels;
        let held = |code: &str| {
            levels
                .iter()
                .find(|l| l.warehouse == code)
                .map(|l| l.reserved)
        };
        assert_eq!(
            (held("depot"), held("main")),
            (Some(3), Some(0)),
            "{levels:?}"
        );

        // Named for no channel again, the main warehouse serves trade as before.
        engine
            .upsert_warehouse(&ops, &warehouse("main", &[]))
            .await
            .unwrap();
        engine
            .add_to_cart(&guest, None, &bolt, Quantity::parse(4).unwrap())
            .await
            .unwrap();
        let listed = engine.warehouses().await.unwrap();
        assert!(
            listed
                .iter()
                .all(|w| w.code != "main" || w.channels == Some(Vec::new()))
        );
        assert_eq!(
            listed.iter().find(|w| w.code == "depot").unwrap().channels,
            Some(vec!["trade".to_owned()])
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_channel_is_refused_and_a_change_is_audited() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        let refused = engine
            .upsert_warehouse(&ops, &warehouse("main", &["nowhere"]))
            .await;
        assert!(
            matches!(&refused, Err(EngineError::Domain(e)) if e.field == "channels"),
            "{refused:?}"
        );
        engine
            .upsert_warehouse(&ops, &warehouse("main", &["trade"]))
            .await
            .unwrap();
        let trail = engine
            .audit_entries(
                &ops,
                &AuditFilter {
                    entity: Some("warehouse".into()),
                    ..AuditFilter::default()
                },
            )
            .await
            .unwrap();
        let change = trail.entries[0]
            .changes
            .iter()
            .find(|c| c.field == "channels")
            .expect("the channels are in the entry");
        assert_eq!(
            (change.before.as_deref(), change.after.as_deref()),
            (Some(""), Some("trade"))
        );
        // A key that may only read stock changes no warehouse.
        let bound = engine
            .create_api_key(
                &ops,
                engine::NewApiKey {
                    name: "stock reader".into(),
                    kind: engine::KeyKind::Secret,
                    scopes: vec![engine::Scope::InventoryRead],
                    channel: None,
                    company: None,
                    rate_per_minute: None,
                },
            )
            .await
            .unwrap();
        let (actor, _) = engine
            .key_actor(&bound.secret, None)
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(
            engine
                .upsert_warehouse(&actor, &warehouse("main", &[]))
                .await,
            Err(EngineError::Forbidden(_))
        ));
    })
    .await;
}
