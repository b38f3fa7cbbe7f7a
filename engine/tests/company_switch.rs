//! One login for several companies, on every backend: ACME's buyer also administers Initech; their session acts for
//! one company at a time, and the cart, the role, lists and orders follow the company chosen. A company they do not
//! belong to cannot be chosen.

mod common;

use common::{each_backend, guest, order_cart_on_account, seeded};
use domain::{Quantity, Role, Sku};
use engine::{ClientAddr, Engine, EngineError, exchange::CustomerRecord};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

async fn shopper_of(engine: &Engine, token: &str) -> (domain::Account, engine::Shopper) {
    engine
        .session_shopper(token, guest(engine).await)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_person_in_two_companies_switches_and_the_cart_lists_and_orders_follow() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let process = engine::Actor::process("test");
        for s in ["SC-160", "SP-01"] {
            engine.set_stock(&process, "main", &sku(s), 100).await.unwrap();
        }
        let record: CustomerRecord = serde_json::from_str(
            r#"{"company":"initech","company_name":"Initech","country":"DE","email":"buyer@acme.example","name":"Buyer","role":"admin"}"#,
        )
        .unwrap();
        let outcomes = engine
            .upsert_customers(&process, vec![(1, Ok(record))])
            .await
            .unwrap();
        assert!(outcomes[0].1.is_ok(), "{outcomes:?}");
        let token = engine
            .sign_in("buyer@acme.example", engine::seed::DEMO_PASSWORD, ClientAddr::LOCAL)
            .await
            .unwrap()
            .token;

        let (acme, acme_shopper) = shopper_of(&engine, &token).await;
        assert_eq!(acme.company.as_ref().unwrap().code, "acme");
        let mut companies: Vec<(String, Role)> = engine
            .memberships(&acme)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.company.code, m.role))
            .collect();
        companies.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            companies,
            [("acme".to_owned(), Role::Buyer), ("initech".to_owned(), Role::Admin)]
        );
        engine
            .add_to_cart(&acme_shopper, None, &sku("SC-160"), Quantity::parse(2).unwrap())
            .await
            .unwrap();
        let acme_list = engine.create_shopping_list(&acme, "ACME's", false).await.unwrap();
        // What a page's header reads with the session: the cart's units for the company acted for, and how many
        // companies there are to switch between.
        let page = engine.session_page(&token, guest(&engine).await).await.unwrap().unwrap();
        assert_eq!((page.cart_units, page.companies), (2, 2));
        assert_eq!(page.account, acme);

        // Switched to Initech: its role, an empty cart, none of ACME's lists.
        let switched = engine.switch_company(&token, " initech ").await.unwrap();
        assert_eq!(switched.company.as_ref().unwrap().code, "initech");
        assert_eq!(switched.role, Some(Role::Admin));
        let (initech, initech_shopper) = shopper_of(&engine, &token).await;
        assert_eq!(initech.company, switched.company);
        assert_eq!(initech_shopper.company, switched.company.as_ref().map(|c| c.id));
        assert!(
            engine
                .account_cart(&initech_shopper)
                .await
                .unwrap()
                .is_none_or(|c| c.lines.is_empty()),
            "ACME's cart stays ACME's"
        );
        assert!(engine.shopping_lists(&initech).await.unwrap().iter().all(|l| l.id != acme_list));
        engine
            .add_to_cart(&initech_shopper, None, &sku("SP-01"), Quantity::parse(3).unwrap())
            .await
            .unwrap();
        let page = engine.session_page(&token, guest(&engine).await).await.unwrap().unwrap();
        assert_eq!((page.cart_units, page.companies), (3, 2), "Initech's cart, not ACME's");
        let number = order_cart_on_account_or_address(&engine, &initech, &initech_shopper).await;

        // Back to ACME: its cart as it was, its list, and not Initech's order.
        engine.switch_company(&token, "acme").await.unwrap();
        let (acme, acme_shopper) = shopper_of(&engine, &token).await;
        let cart = engine.account_cart(&acme_shopper).await.unwrap().unwrap();
        let lines: Vec<(&str, u32)> = cart.lines.iter().map(|l| (l.sku.as_str(), l.quantity.get())).collect();
        assert_eq!(lines, [("SC-160", 2)]);
        assert!(engine.shopping_lists(&acme).await.unwrap().iter().any(|l| l.id == acme_list));
        assert!(matches!(
            engine.order(&acme, &number).await,
            Err(EngineError::NotFound { .. })
        ));

        let page = engine.session_page(&token, guest(&engine).await).await.unwrap().unwrap();
        assert_eq!(page.cart_units, 2);
        assert!(engine.session_page(&"0".repeat(64), guest(&engine).await).await.unwrap().is_none());

        // A company the person does not belong to, or a session that is gone, cannot be chosen.
        let refused = engine.switch_company(&token, "globex").await.unwrap_err();
        assert!(matches!(&refused, EngineError::Domain(e) if e.field == "company"), "{refused:?}");
        assert!(matches!(
            engine.switch_company(&"0".repeat(64), "acme").await,
            Err(EngineError::Unauthenticated)
        ));
    })
    .await;
}

/// Initech has no address yet: its admin orders to a new one.
async fn order_cart_on_account_or_address(
    engine: &Engine,
    account: &domain::Account,
    shopper: &engine::Shopper,
) -> String {
    if !engine.addresses(account).await.unwrap().is_empty() {
        return order_cart_on_account(engine, account, shopper, "initech-order-1").await;
    }
    engine
        .place_order(
            shopper,
            account,
            engine::CheckoutRequest {
                idempotency_key: "initech-order-1".into(),
                ship_to: engine::ShipTo::New(domain::AddressInput {
                    name: "Goods in".into(),
                    company: "Initech".into(),
                    line1: "Dock 4".into(),
                    line2: String::new(),
                    postal_code: "20457".into(),
                    city: "Hamburg".into(),
                    country: "DE".into(),
                    phone: String::new(),
                }),
                shipping_method: "parcel-eur".into(),
                payment: "bank_transfer".into(),
                po_number: String::new(),
                expected_subtotal: None,
                cost_centre: None,
            },
        )
        .await
        .unwrap()
        .number
}
