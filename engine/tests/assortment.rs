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
