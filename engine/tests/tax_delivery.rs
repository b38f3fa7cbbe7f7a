//! Tax follows the delivery, not the storefront: exports and reverse-charged deliveries carry no VAT and say why,
//! a consumer in another member state pays that state's rate, and shipping methods deliver only where they say.

mod common;

use common::{each_backend, seeded};
use domain::{AddressInput, Quantity, Sku};
use engine::{CheckoutRequest, Engine, EngineError, ShipTo};
use rust_decimal::Decimal;

async fn buyer_in(engine: &Engine, channel: &str) -> (domain::Account, engine::Shopper) {
    let session = engine
        .sign_in(
            "buyer@acme.example",
            engine::seed::DEMO_PASSWORD,
            engine::ClientAddr::LOCAL,
        )
        .await
        .unwrap();
    let account = engine.session(&session.token).await.unwrap().unwrap();
    let shopper = engine
        .shopper_as(engine.shopper_for(channel).await.unwrap(), &account)
        .await
        .unwrap();
    (account, shopper)
}

fn to(country: &str) -> ShipTo {
    ShipTo::New(AddressInput {
        name: "Goods receiving".into(),
        line1: "Hauptstrasse 1".into(),
        postal_code: "1234".into(),
        city: "Somewhere".into(),
        country: country.into(),
        ..AddressInput::default()
    })
}

async fn order_to(
    engine: &Engine,
    channel: &str,
    key: &str,
    country: &str,
    method: &str,
) -> Result<domain::Order, EngineError> {
    let (account, shopper) = buyer_in(engine, channel).await;
    engine
        .add_to_cart(
            &shopper,
            None,
            &Sku::parse("CP-180").unwrap(),
            Quantity::parse(2).unwrap(),
        )
        .await
        .unwrap();
    let placed = engine
        .place_order(
            &shopper,
            &account,
            CheckoutRequest {
                idempotency_key: key.into(),
                ship_to: to(country),
                shipping_method: method.into(),
                payment: "bank_transfer".into(),
                po_number: String::new(),
                expected_subtotal: None,
                cost_centre: None,
            },
        )
        .await?;
    Ok(engine.order(&account, &placed.number).await.unwrap())
}

async fn set_vat_id(engine: &Engine, vat_id: &str) -> Result<(), String> {
    let record = engine::exchange::CustomerRecord {
        company: "acme".into(),
        company_name: None,
        country: None,
        email: "buyer@acme.example".into(),
        name: "Buyer (ACME)".into(),
        role: "buyer".into(),
        invoice_approved: None,
        credit_limit: None,
        vat_id: Some(vat_id.into()),
    };
    let outcome = engine
        .upsert_customers(&engine::Actor::process("test"), vec![(1, Ok(record))])
        .await
        .unwrap();
    outcome[0].1.clone().map(|_| ())
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[tokio::test]
async fn the_swiss_shop_charges_no_swiss_vat_on_a_delivery_to_germany() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let home = order_to(&engine, "shop-ch", "tax-key-ch-1", "CH", "parcel-chf")
            .await
            .unwrap();
        // 2 × 8.25 = 16.50 net, 8.1 % Swiss VAT on goods and shipping.
        assert_eq!(home.lines[0].line_tax.amount, dec("1.34"));
        assert_eq!(home.tax_note, None);
        assert!(home.totals.tax.amount > Decimal::ZERO);

        let export = order_to(&engine, "shop-ch", "tax-key-ch-2", "DE", "parcel-chf")
            .await
            .unwrap();
        assert_eq!(export.lines[0].line_net.amount, dec("16.5"));
        assert_eq!(export.lines[0].line_tax.amount, Decimal::ZERO);
        assert_eq!(export.totals.shipping_tax.amount, Decimal::ZERO);
        assert_eq!(export.totals.tax.amount, Decimal::ZERO);
        assert_eq!(
            export.totals.total.amount,
            export.totals.subtotal_net.amount + export.totals.shipping_net.amount
        );
        assert!(export.tax_note.as_deref().unwrap().starts_with("Export"));
    })
    .await;
}

#[tokio::test]
async fn a_business_in_another_member_state_is_reverse_charged_and_a_consumer_pays_its_rate() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        // A malformed number is refused, naming the field, and changes nothing.
        let refused = set_vat_id(&engine, "AT12345678").await.unwrap_err();
        assert!(refused.contains("vat_id"), "{refused}");

        set_vat_id(&engine, "ATU 1234 5678").await.unwrap();
        let records = engine
            .customer_records(&engine::Actor::process("test"), Some("acme"))
            .await
            .unwrap();
        assert_eq!(records[0].vat_id.as_deref(), Some("ATU12345678"));
        let reverse = order_to(&engine, "trade", "tax-key-at-1", "AT", "parcel-eur")
            .await
            .unwrap();
        assert_eq!(reverse.totals.tax.amount, Decimal::ZERO);
        assert!(
            reverse
                .tax_note
                .as_deref()
                .unwrap()
                .starts_with("Reverse charge")
        );
        assert_eq!(reverse.vat_id.as_deref(), Some("ATU12345678"));

        // At home the same company pays German VAT.
        let home = order_to(&engine, "trade", "tax-key-de-1", "DE", "parcel-eur")
            .await
            .unwrap();
        assert_eq!(
            home.lines[0].line_tax.amount,
            (home.lines[0].line_net.amount * dec("0.19")).round_dp(2)
        );
        assert_eq!(home.tax_note, None);

        // Without a VAT number, a delivery to Austria carries Austria's 20 %.
        set_vat_id(&engine, "").await.unwrap();
        let records = engine
            .customer_records(&engine::Actor::process("test"), Some("acme"))
            .await
            .unwrap();
        assert_eq!(records[0].vat_id, None);
        let consumer = order_to(&engine, "trade", "tax-key-at-2", "AT", "parcel-eur")
            .await
            .unwrap();
        assert_eq!(
            consumer.lines[0].line_tax.amount,
            (consumer.lines[0].line_net.amount * dec("0.20")).round_dp(2)
        );
        assert_eq!(consumer.tax_note, None);
        assert_eq!(consumer.vat_id, None);
    })
    .await;
}

#[tokio::test]
async fn a_shipping_method_delivers_only_to_the_countries_it_names() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let (account, shopper) = buyer_in(&engine, "trade").await;
        let options = engine.checkout_options(&shopper, &account).await.unwrap();
        let freight = options
            .shipping
            .iter()
            .find(|m| m.code == "freight-eur")
            .unwrap();
        assert_eq!(freight.countries, ["DE", "AT"]);
        let refused = order_to(&engine, "trade", "tax-key-ch-3", "CH", "freight-eur").await;
        match refused {
            Err(EngineError::Domain(e)) => {
                assert_eq!(e.field, "shipping_method");
                assert!(e.message.contains("CH"), "{}", e.message);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        // Nothing was ordered: the cart still holds the line.
        let (_, shopper) = buyer_in(&engine, "trade").await;
        let cart = engine.account_cart(&shopper).await.unwrap().unwrap();
        assert_eq!(cart.lines.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn with_reverse_charge_off_a_business_abroad_pays_its_states_rate() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        set_vat_id(&engine, "ATU12345678").await.unwrap();
        let owner = engine::Actor::process("test");
        assert!(engine.tax_settings().await.unwrap().reverse_charge);
        engine
            .save_tax_settings(
                &owner,
                &engine::settings::TaxSettings {
                    reverse_charge: false,
                },
            )
            .await
            .unwrap();
        let taxed = order_to(&engine, "trade", "tax-key-at-3", "AT", "parcel-eur")
            .await
            .unwrap();
        assert_eq!(
            taxed.lines[0].line_tax.amount,
            (taxed.lines[0].line_net.amount * dec("0.20")).round_dp(2)
        );
        assert_eq!(taxed.tax_note, None);
        assert_eq!(
            taxed.vat_id.as_deref(),
            Some("ATU12345678"),
            "the order still names the buyer's number"
        );
    })
    .await;
}

#[tokio::test]
async fn a_scheduled_rate_waits_for_its_start_and_then_applies_on_every_app_server() {
    common::each_shared_backend(|first, second| async move {
        seeded(&first).await;
        second.refresh().await.unwrap();
        let owner = engine::Actor::process("test");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let start = now + 3_000;
        first
            .save_tax_rate(
                &owner,
                &engine::settings::TaxRateRecord {
                    tax_class: "standard".into(),
                    country: "AT".into(),
                    rate_percent: dec("22"),
                    valid_from_ms: Some(start),
                },
            )
            .await
            .unwrap();
        second.refresh().await.unwrap();
        let rates = first.tax_rate_records(&owner).await.unwrap();
        let at: Vec<_> = rates
            .iter()
            .filter(|r| r.country == "AT" && r.tax_class == "standard")
            .map(|r| (r.rate_percent.to_string(), r.valid_from_ms))
            .collect();
        assert_eq!(at, [("20".into(), None), ("22".into(), Some(start))]);
        let before = order_to(&second, "trade", "tax-key-at-4", "AT", "parcel-eur")
            .await
            .unwrap();
        assert_eq!(
            before.lines[0].line_tax.amount,
            (before.lines[0].line_net.amount * dec("0.20")).round_dp(2),
            "not yet"
        );

        tokio::time::sleep(std::time::Duration::from_millis(3_100)).await;
        // Each server's refresher runs every 250 ms; the first past the moment moves the catalog version.
        second.refresh().await.unwrap();
        first.refresh().await.unwrap();
        for (engine, key) in [(&first, "tax-key-at-5"), (&second, "tax-key-at-6")] {
            let after = order_to(engine, "trade", key, "AT", "parcel-eur")
                .await
                .unwrap();
            assert_eq!(
                after.lines[0].line_tax.amount,
                (after.lines[0].line_net.amount * dec("0.22")).round_dp(2),
                "the new rate applies"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_scheduled_rate_can_be_taken_back_before_it_starts_and_a_rate_in_force_cannot() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let owner = engine::Actor::process("test");
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
            + 86_400_000;
        let scheduled = engine::settings::TaxRateRecord {
            tax_class: "standard".into(),
            country: "AT".into(),
            rate_percent: dec("22"),
            valid_from_ms: Some(start),
        };
        engine.save_tax_rate(&owner, &scheduled).await.unwrap();
        let catalog = common::staff_actor(&engine, "c@shop.example", "catalog_manager").await;
        assert!(matches!(
            engine
                .remove_tax_rate(&catalog, "standard", "AT", start)
                .await,
            Err(EngineError::Forbidden(_))
        ));
        match engine.remove_tax_rate(&owner, "standard", "AT", 0).await {
            Err(EngineError::Domain(e)) => assert_eq!(e.field, "valid_from_ms"),
            other => panic!("the rate in force stays: {other:?}"),
        }
        engine
            .remove_tax_rate(&owner, "standard", "at", start)
            .await
            .unwrap();
        assert!(matches!(
            engine
                .remove_tax_rate(&owner, "standard", "AT", start)
                .await,
            Err(EngineError::NotFound { .. })
        ));
        let at: Vec<_> = engine
            .tax_rate_records(&owner)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.country == "AT" && r.tax_class == "standard")
            .map(|r| r.rate_percent.to_string())
            .collect();
        assert_eq!(at, ["20"]);
    })
    .await;
}
