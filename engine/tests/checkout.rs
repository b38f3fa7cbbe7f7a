mod common;

use common::{each_backend, each_shared_backend, seeded, signed_in_buyer as signed_in};
use domain::{Email, OrderFilter, OrderStatus, Password, Quantity, Sku};
use engine::{CheckoutRequest, EngineError, ShipTo};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

fn qty(n: i64) -> Quantity {
    Quantity::parse(n).unwrap()
}

fn request(key: &str, ship_to: ShipTo, payment: &str) -> CheckoutRequest {
    CheckoutRequest {
        idempotency_key: key.into(),
        ship_to,
        shipping_method: "parcel-eur".into(),
        payment: payment.into(),
        po_number: "PO-4711".into(),
        expected_subtotal: None,
        cost_centre: None,
    }
}

#[tokio::test]
async fn a_company_buyer_orders_on_account_and_a_viewer_sees_but_cannot_order() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let (buyer, shopper) = signed_in(&engine, "buyer@acme.example").await;
        let quote = engine
            .quote(&shopper, &sku("SC-160"), qty(1))
            .await
            .unwrap();
        assert_eq!(
            quote.unit_net.money().amount.to_string(),
            "9.5",
            "the ACME contract price"
        );
        engine
            .add_to_cart(&shopper, None, &sku("SC-160"), qty(2))
            .await
            .unwrap();
        let options = engine.checkout_options(&shopper, &buyer).await.unwrap();
        assert!(options.payments.iter().any(|p| p.code == "invoice"));
        let ship_to = options
            .addresses
            .iter()
            .find(|a| a.kind == domain::AddressKind::Shipping)
            .unwrap();
        let placed = engine
            .place_order(
                &shopper,
                &buyer,
                request("key-0000001", ShipTo::Saved(ship_to.id), "invoice"),
            )
            .await
            .unwrap();
        // A double click: the same key returns the same order and does not order twice.
        let again = engine
            .place_order(
                &shopper,
                &buyer,
                request("key-0000001", ShipTo::Saved(ship_to.id), "invoice"),
            )
            .await
            .unwrap();
        assert_eq!(placed.number, again.number);
        assert!(
            engine
                .account_cart(&shopper)
                .await
                .unwrap()
                .unwrap()
                .is_empty()
        );
        let order = engine.order(&buyer, &placed.number).await.unwrap();
        assert_eq!(order.status, OrderStatus::Placed);
        assert_eq!(order.po_number.unwrap().as_str(), "PO-4711");
        assert_eq!(order.lines[0].line_net.amount.to_string(), "19");
        assert_eq!(
            order.totals.total.amount,
            order.totals.subtotal_net.amount
                + order.totals.shipping_net.amount
                + order.totals.tax.amount
        );
        assert!(matches!(
            order.payment,
            domain::PaymentMethod::Invoice { terms_days: 30 }
        ));

        let (viewer, viewer_shopper) = signed_in(&engine, "viewer@acme.example").await;
        let history = engine
            .orders(&viewer, &OrderFilter::parse("").unwrap())
            .await
            .unwrap();
        assert_eq!(history.orders.len(), 1);
        engine
            .add_to_cart(&viewer_shopper, None, &sku("SP-01"), qty(1))
            .await
            .unwrap();
        let refused = engine
            .place_order(
                &viewer_shopper,
                &viewer,
                request("key-0000002", ShipTo::Saved(ship_to.id), "invoice"),
            )
            .await;
        assert!(matches!(refused, Err(EngineError::Forbidden(_))));

        // Someone outside the company finds nothing under that number.
        let outsider = engine
            .sign_up(
                &Email::parse("solo@example.com").unwrap(),
                &Password::parse("long enough pw").unwrap(),
                "Solo",
                "http://shop/confirm",
                engine::ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        assert!(matches!(
            engine.order(&outsider.account, &placed.number).await,
            Err(EngineError::NotFound { .. })
        ));
        let filtered = engine
            .orders(&viewer, &OrderFilter::parse("status=shipped").unwrap())
            .await
            .unwrap();
        assert!(filtered.orders.is_empty());

        // Reorder puts the lines back; the merchant ships and the state machine follows.
        let report = engine
            .reorder(&shopper, &buyer, &placed.number)
            .await
            .unwrap();
        assert_eq!(report.added, vec![(sku("SC-160"), 2)]);
        // A key that only reads orders may not confirm one; the engine says which permission is missing.
        let reader = engine
            .create_api_key(
                &engine::Actor::process("test"),
                engine::NewApiKey {
                    kind: engine::KeyKind::Secret,
                    name: "reader".into(),
                    scopes: vec![engine::Scope::OrdersRead],
                    channel: None,
                    company: None,
                    rate_per_minute: None,
                },
            )
            .await
            .unwrap();
        let (reader, _) = engine
            .key_actor(&reader.secret, None)
            .await
            .unwrap()
            .unwrap();
        let refused = engine.confirm_order(&reader, &placed.number).await;
        assert!(
            matches!(&refused, Err(EngineError::Forbidden(why)) if why.contains("orders:write")),
            "{refused:?}"
        );
        engine
            .confirm_order(&engine::Actor::process("test"), &placed.number)
            .await
            .unwrap();
        engine
            .ship_order(
                &engine::Actor::process("test"),
                &placed.number,
                "DHL",
                "00340434",
                &[(sku("SC-160"), 1)],
            )
            .await
            .unwrap();
        assert_eq!(
            engine.order(&buyer, &placed.number).await.unwrap().status,
            OrderStatus::PartiallyShipped
        );
        assert!(
            engine
                .cancel_order(&engine::Actor::process("test"), &placed.number, "too late")
                .await
                .is_err()
        );
        engine
            .ship_order(
                &engine::Actor::process("test"),
                &placed.number,
                "DHL",
                "00340435",
                &[],
            )
            .await
            .unwrap();
        engine
            .mark_delivered(&engine::Actor::process("test"), &placed.number)
            .await
            .unwrap();
        let done = engine.order(&buyer, &placed.number).await.unwrap();
        assert_eq!(done.status, OrderStatus::Delivered);
        // Every step the merchant took is in the audit trail, with the status before and after.
        let trail = engine
            .audit_entries(
                &engine::Actor::process("test"),
                &engine::audit_log::AuditFilter {
                    entity: Some("order".into()),
                    entity_id: Some(placed.number.clone()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let steps: Vec<(&str, Option<&str>, Option<&str>)> = trail
            .entries
            .iter()
            .map(|e| {
                (
                    e.action.as_str(),
                    e.changes[0].before.as_deref(),
                    e.changes[0].after.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            [
                ("order.delivered", Some("shipped"), Some("delivered")),
                ("order.shipped", Some("partially_shipped"), Some("shipped")),
                (
                    "order.shipped",
                    Some("confirmed"),
                    Some("partially_shipped")
                ),
                ("order.confirmed", Some("placed"), Some("confirmed")),
            ]
        );
        assert_eq!(
            trail.entries[2].changes[1].after.as_deref(),
            Some("DHL 00340434: 1 × SC-160")
        );
        assert_eq!(done.shipments.len(), 2);
        let stock = engine.availability(&sku("SC-160")).await.unwrap();
        assert_eq!((stock.reserved, stock.available), (0, stock.on_hand));
        assert_eq!(
            engine.audit_orders_and_stock().await.unwrap(),
            Vec::<String>::new()
        );
    })
    .await;
}

#[tokio::test]
async fn the_last_ten_units_are_sold_exactly_once_across_two_app_servers() {
    each_shared_backend(|a, b| async move {
        seeded(&a).await;
        a.set_stock(&engine::Actor::process("test"), "main", &sku("SP-02"), 10)
            .await
            .unwrap();
        let mut buyers = Vec::new();
        for i in 0..30 {
            let email = Email::parse(&format!("racer{i}@example.com")).unwrap();
            let engine = if i % 2 == 0 { &a } else { &b };
            let s = engine
                .sign_up(
                    &email,
                    &Password::parse("racing-password").unwrap(),
                    "Racer",
                    "http://shop/confirm",
                    // Each racer on a machine of their own, as real buyers are: within the per-address budget.
                    engine::ClientAddr(std::net::IpAddr::from([10, 0, 0, i as u8])),
                )
                .await
                .unwrap();
            engine
                .confirm_email_of(s.account.customer_id)
                .await
                .unwrap();
            let shopper = engine
                .shopper_as(common::guest(engine).await, &s.account)
                .await
                .unwrap();
            engine
                .add_to_cart(&shopper, None, &sku("SP-02"), qty(1))
                .await
                .unwrap();
            buyers.push((engine.clone(), s.account, shopper, i));
        }
        let address = domain::AddressInput {
            name: "Racer".into(),
            line1: "Track 1".into(),
            postal_code: "10115".into(),
            city: "Berlin".into(),
            country: "DE".into(),
            ..Default::default()
        };
        let tasks: Vec<_> = buyers
            .into_iter()
            .map(|(engine, account, shopper, i)| {
                let address = address.clone();
                tokio::spawn(async move {
                    engine
                        .place_order(
                            &shopper,
                            &account,
                            request(
                                &format!("race-{i:04}"),
                                ShipTo::New(address),
                                "bank_transfer",
                            ),
                        )
                        .await
                })
            })
            .collect();
        let mut sold = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => sold += 1,
                Err(EngineError::OutOfStock { .. }) => {}
                Err(other) => panic!("unexpected {other}"),
            }
        }
        assert_eq!(sold, 10);
        let stock = a.availability(&sku("SP-02")).await.unwrap();
        assert_eq!(
            (stock.on_hand, stock.reserved, stock.available),
            (10, 10, 0)
        );
        assert_eq!(
            a.audit_orders_and_stock().await.unwrap(),
            Vec::<String>::new()
        );
    })
    .await;
}

#[tokio::test]
async fn wrong_passwords_are_slowed_down_and_a_reset_link_works_once() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        for _ in 0..5 {
            assert!(matches!(
                engine
                    .sign_in(
                        "admin@acme.example",
                        "wrong password",
                        engine::ClientAddr::LOCAL
                    )
                    .await,
                Err(EngineError::Domain(_))
            ));
        }
        assert!(matches!(
            engine
                .sign_in(
                    "admin@acme.example",
                    engine::seed::DEMO_PASSWORD,
                    engine::ClientAddr::LOCAL
                )
                .await,
            Err(EngineError::TooManyAttempts { .. })
        ));
        engine
            .request_password_reset(
                "buyer@acme.example",
                "http://shop/account/reset",
                engine::ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        let mail = engine
            .claim_emails(10, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        let body = &mail
            .iter()
            .find(|m| m.to_address == "buyer@acme.example")
            .unwrap()
            .body;
        let token = body
            .split("token=")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned();
        let new = Password::parse("a brand new secret").unwrap();
        engine
            .reset_password(&token, &new, engine::ClientAddr::LOCAL)
            .await
            .unwrap();
        assert!(
            engine
                .reset_password(&token, &new, engine::ClientAddr::LOCAL)
                .await
                .is_err(),
            "a link works once"
        );
        engine
            .sign_in(
                "buyer@acme.example",
                "a brand new secret",
                engine::ClientAddr::LOCAL,
            )
            .await
            .unwrap();
    })
    .await;
}
