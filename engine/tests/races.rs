//! Rules that read and then write hold when two callers act at the same moment: a company keeps an administrator,
//! and a stock count never goes below what checkouts have just reserved. On PostgreSQL these run truly in parallel.

mod common;

use common::{each_backend, each_shared_backend, seeded};
use domain::{Email, Password, Quantity, Role, Sku};
use engine::{CheckoutRequest, ClientAddr, EngineError, ShipTo};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_demoting_each_other_at_once_leave_the_company_one() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let first = engine
            .sign_in(
                "admin@acme.example",
                engine::seed::DEMO_PASSWORD,
                ClientAddr::LOCAL,
            )
            .await
            .unwrap()
            .account;
        let second = engine
            .company_users(&first)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email.as_str() == "buyer@acme.example")
            .unwrap()
            .customer_id;
        let (mut a, mut b) = (first.customer_id, second);
        for round in 0..25 {
            let admin = engine.account(a).await.unwrap();
            engine
                .set_company_role(&admin, b, Role::Admin)
                .await
                .unwrap();
            let (x, y) = (
                engine.account(a).await.unwrap(),
                engine.account(b).await.unwrap(),
            );
            let demote = |by: domain::Account, whom: i64| {
                let engine = engine.clone();
                tokio::spawn(async move { engine.set_company_role(&by, whom, Role::Buyer).await })
            };
            let (one, two) = (demote(x, b), demote(y, a));
            let (one, two) = (one.await.unwrap(), two.await.unwrap());
            let mut admins = Vec::new();
            for id in [a, b] {
                // Only an admin may list the company's people.
                if let Ok(users) = engine
                    .company_users(&engine.account(id).await.unwrap())
                    .await
                {
                    admins.extend(
                        users
                            .into_iter()
                            .filter(|u| u.role == Role::Admin)
                            .map(|u| u.customer_id),
                    );
                    break;
                }
            }
            assert_eq!(
                admins.len(),
                1,
                "round {round}: {one:?} / {two:?} left admins {admins:?}"
            );
            assert!(
                matches!(
                    (&one, &two),
                    (Ok(()), Err(EngineError::Domain(_))) | (Err(EngineError::Domain(_)), Ok(()))
                ),
                "round {round}: {one:?} / {two:?}"
            );
            if admins[0] != a {
                (a, b) = (b, a);
            }
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stock_count_racing_checkouts_never_goes_below_what_they_reserved() {
    each_shared_backend(|a, b| async move {
        seeded(&a).await;
        a.set_stock(&engine::Actor::process("test"), "main", &sku("SP-03"), 40)
            .await
            .unwrap();
        let mut buyers = Vec::new();
        for i in 0..24 {
            let engine = if i % 2 == 0 { &a } else { &b };
            let s = engine
                .sign_up(
                    &Email::parse(&format!("counter{i}@example.com")).unwrap(),
                    &Password::parse("racing-password").unwrap(),
                    "Racer",
                    "http://shop/confirm",
                    ClientAddr(std::net::IpAddr::from([10, 0, 1, i as u8])),
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
                .add_to_cart(
                    &shopper,
                    None,
                    &sku("SP-03"),
                    Quantity::parse(1 + i64::from(i % 3)).unwrap(),
                )
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
        let mut checkouts = Vec::new();
        let mut counts = Vec::new();
        for (engine, account, shopper, i) in buyers {
            let address = address.clone();
            if i % 2 == 0 {
                // Counts that are only allowed while few units are reserved: each must see the reservations made
                // before it, however close.
                let counter = engine.clone();
                let on_hand = 10 + i64::from(i);
                counts.push(tokio::spawn(async move {
                    counter
                        .set_stock(
                            &engine::Actor::process("test"),
                            "main",
                            &sku("SP-03"),
                            on_hand,
                        )
                        .await
                }));
            }
            checkouts.push(tokio::spawn(async move {
                engine
                    .place_order(
                        &shopper,
                        &account,
                        CheckoutRequest {
                            idempotency_key: format!("count-race-{i:04}"),
                            ship_to: ShipTo::New(address),
                            shipping_method: "parcel-eur".into(),
                            payment: "bank_transfer".into(),
                            po_number: String::new(),
                            expected_subtotal: None,
                            cost_centre: None,
                        },
                    )
                    .await
            }));
        }
        for c in checkouts {
            match c.await.unwrap() {
                Ok(_) | Err(EngineError::OutOfStock { .. }) => {}
                Err(other) => panic!("a checkout failed with {other:?}"),
            }
        }
        for c in counts {
            match c.await.unwrap() {
                Ok(()) | Err(EngineError::Domain(_)) => {}
                Err(other) => panic!("a stock count failed with {other:?}"),
            }
        }
        let stock = a.availability(&sku("SP-03")).await.unwrap();
        assert!(stock.on_hand >= stock.reserved, "{stock:?}");
        assert_eq!(
            a.audit_orders_and_stock().await.unwrap(),
            Vec::<String>::new()
        );
    })
    .await;
}
