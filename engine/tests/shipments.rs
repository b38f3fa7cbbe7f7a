//! Shipments never ship more than was ordered: a line named twice or more units than are left is refused naming
//! the field, two shipments racing for the same units ship them once, and the database itself keeps shipped units
//! within the ordered ones.

mod common;

use common::{each_backend_with_url, each_shared_backend, seeded};
use domain::{Quantity, Sku};
use engine::{Engine, EngineError};
use sqlx::{AnyConnection, Connection};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

/// The ACME buyer orders three SC-160 and the merchant confirms; the order number.
async fn confirmed_order(engine: &Engine) -> String {
    let (account, shopper) = common::signed_in_buyer(engine, "buyer@acme.example").await;
    engine
        .add_to_cart(&shopper, None, &sku("SC-160"), Quantity::parse(3).unwrap())
        .await
        .unwrap();
    let number = common::order_cart_on_account(engine, &account, &shopper, "ship-0001").await;
    engine
        .confirm_order(&engine::Actor::process("test"), &number)
        .await
        .unwrap();
    number
}

fn refused_field(result: Result<(), EngineError>) -> String {
    match result {
        Err(EngineError::Unprocessable(e)) => e.field,
        other => panic!("expected a refused shipment, got {other:?}"),
    }
}

#[tokio::test]
async fn a_sku_named_twice_or_more_units_than_are_left_are_refused_naming_the_field() {
    each_backend_with_url(|engine, url| async move {
        seeded(&engine).await;
        let number = confirmed_order(&engine).await;
        let operator = engine::Actor::process("test");
        let ship = |tracking: &'static str, lines: &'static [(&str, u32)]| {
            let lines: Vec<(Sku, u32)> = lines.iter().map(|(s, n)| (sku(s), *n)).collect();
            let (engine, operator, number) = (&engine, &operator, &number);
            async move {
                engine
                    .ship_order(operator, number, "DHL", tracking, &lines)
                    .await
            }
        };
        let twice = ship("1", &[("SC-160", 1), ("SC-160", 1)]).await;
        assert_eq!(refused_field(twice), "lines[1].sku");
        let too_many = ship("2", &[("SC-160", 4)]).await;
        assert_eq!(refused_field(too_many), "lines[0].quantity");
        ship("3", &[("SC-160", 2)]).await.unwrap();
        let beyond = ship("4", &[("SC-160", 2)]).await;
        assert_eq!(refused_field(beyond), "lines[0].quantity");
        assert!(engine.audit_orders_and_stock().await.unwrap().is_empty());

        let mut raw = AnyConnection::connect(&url).await.unwrap();
        let forced = sqlx::query("UPDATE order_lines SET shipped = quantity + 1")
            .execute(&mut raw)
            .await;
        assert!(
            forced.is_err(),
            "the database let a line ship more than was ordered"
        );
        raw.close().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn two_app_servers_shipping_the_same_units_ship_them_once() {
    each_shared_backend(|a, b| async move {
        seeded(&a).await;
        let number = confirmed_order(&a).await;
        let all = [(sku("SC-160"), 3)];
        let operator = engine::Actor::process("test");
        let (first, second) = tokio::join!(
            a.ship_order(&operator, &number, "DHL", "A", &all),
            b.ship_order(&operator, &number, "UPS", "B", &all),
        );
        assert!(
            first.is_ok() != second.is_ok(),
            "exactly one ships: {first:?} / {second:?}"
        );
        let order = a.order_for_merchant(&number).await.unwrap();
        assert_eq!(order.shipments.len(), 1);
        assert!(a.audit_orders_and_stock().await.unwrap().is_empty());
    })
    .await;
}
