//! Pricing inputs are kept per catalog version: a price written on one app server prices the next cart on another
//! at once, without waiting for that server to poll.

mod common;

use std::str::FromStr;

use domain::{Quantity, Sku};
use engine::{Actor, Engine};
use rust_decimal::Decimal;

async fn import_price(engine: &Engine, price: &str) {
    let record = format!(
        r#"{{"handle":"torque-wrench","name":"Torque Wrench 40-200 Nm","brand":"Steelmark","category":"spanners",
            "variants":[{{"sku":"TW-200","title":"Each","price":"{price}","currency":"EUR","stock":50}}]}}"#
    );
    let report = engine
        .import_products(&Actor::process("test"), vec![(1, record)], true)
        .await
        .unwrap();
    assert_eq!(report.errors.len(), 0, "{report:?}");
}

#[tokio::test]
async fn a_price_written_on_one_server_prices_the_next_cart_on_another() {
    common::each_shared_backend(|a, b| async move {
        common::seeded(&a).await;
        import_price(&a, "89.5").await;
        let guest = common::guest(&b).await;
        let sku = Sku::parse("TW-200").unwrap();
        let cart = b
            .add_to_cart(&guest, None, &sku, Quantity::parse(1).unwrap())
            .await
            .unwrap();
        assert_eq!(
            cart.lines[0].unit_price.money().amount,
            Decimal::from_str("89.5").unwrap()
        );
        // Kept now: the same cart again is priced from memory.
        let again = b.cart(&guest, &cart.token).await.unwrap();
        assert_eq!(again.subtotal, cart.subtotal);

        import_price(&a, "79.5").await;
        let repriced = b.cart(&guest, &cart.token).await.unwrap();
        assert_eq!(
            repriced.lines[0].unit_price.money().amount,
            Decimal::from_str("79.5").unwrap(),
            "the other server's price shows on the next request"
        );
        let added = b
            .add_to_cart(&guest, Some(&cart.token), &sku, Quantity::parse(1).unwrap())
            .await
            .unwrap();
        assert_eq!(added.subtotal.amount, Decimal::from_str("159").unwrap());
    })
    .await;
}
