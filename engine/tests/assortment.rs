//! The channel's assortment and price visibility hold in the cart and at checkout, not only on listings: a shop
//! that does not sell a product cannot have it put in a cart or ordered, and a shop that hides prices from guests
//! sells them nothing.

mod common;

use common::{each_backend, seeded};
use domain::{Quantity, Sku};
use engine::EngineError;

#[tokio::test]
async fn a_product_outside_the_channels_assortment_cannot_be_put_in_a_cart() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        // The Swiss shop sells pliers (and cutters below them) only; spanners have a CHF price all the same.
        let swiss = engine.shopper_for("shop-ch").await.unwrap();
        let refused = engine
            .add_to_cart(
                &swiss,
                None,
                &Sku::parse("SP-01").unwrap(),
                Quantity::parse(1).unwrap(),
            )
            .await;
        assert!(
            matches!(refused, Err(EngineError::NotFound { .. })),
            "{refused:?}"
        );
        let sold = engine
            .add_to_cart(
                &swiss,
                None,
                &Sku::parse("CP-180").unwrap(),
                Quantity::parse(1).unwrap(),
            )
            .await;
        assert!(sold.is_ok(), "{sold:?}");
        // The trade shop sells everything.
        let trade = engine.shopper_for("trade").await.unwrap();
        assert!(
            engine
                .add_to_cart(
                    &trade,
                    None,
                    &Sku::parse("SP-01").unwrap(),
                    Quantity::parse(1).unwrap()
                )
                .await
                .is_ok()
        );
    })
    .await;
}

#[tokio::test]
async fn a_channel_that_hides_prices_from_guests_sells_them_nothing() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let mut guest = engine.shopper_for("trade").await.unwrap();
        guest.channel.prices_public = false;
        let refused = engine
            .add_to_cart(
                &guest,
                None,
                &Sku::parse("CP-180").unwrap(),
                Quantity::parse(1).unwrap(),
            )
            .await;
        assert!(
            matches!(refused, Err(EngineError::Forbidden(_))),
            "{refused:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_back_office_changes_what_a_channel_sells_and_a_change_applies_at_once() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let ops = engine::Actor::process("test");
        let swiss = |engine: &engine::Engine| {
            let engine = engine.clone();
            async move {
                let records = engine.channel_records(&ops_actor()).await.unwrap();
                records.into_iter().find(|c| c.code == "shop-ch").unwrap()
            }
        };
        let stored = swiss(&engine).await;
        assert_eq!(
            stored.assortment.as_deref(),
            Some(&["pliers".to_owned()][..])
        );

        // Left out of a write, the assortment stays; an unknown category is refused, naming the field.
        let renamed = engine::settings::ChannelRecord {
            name: "Shop Schweiz".into(),
            assortment: None,
            ..stored.clone()
        };
        engine.save_channel(&ops, &renamed).await.unwrap();
        assert_eq!(swiss(&engine).await.assortment, stored.assortment);
        let unknown = engine
            .save_channel(
                &ops,
                &engine::settings::ChannelRecord {
                    assortment: Some(vec!["nowhere".into()]),
                    ..stored.clone()
                },
            )
            .await;
        assert!(
            matches!(&unknown, Err(EngineError::Domain(e)) if e.field == "assortment"),
            "{unknown:?}"
        );

        // Emptied, the Swiss shop sells spanners too, from the next request on.
        engine
            .save_channel(
                &ops,
                &engine::settings::ChannelRecord {
                    assortment: Some(Vec::new()),
                    ..stored.clone()
                },
            )
            .await
            .unwrap();
        let shopper = engine.shopper_for("shop-ch").await.unwrap();
        let sold = engine
            .add_to_cart(
                &shopper,
                None,
                &Sku::parse("SP-01").unwrap(),
                Quantity::parse(1).unwrap(),
            )
            .await;
        assert!(sold.is_ok(), "{sold:?}");
        assert_eq!(swiss(&engine).await.assortment, Some(Vec::new()));
    })
    .await;
}

fn ops_actor() -> engine::Actor {
    engine::Actor::process("test")
}
