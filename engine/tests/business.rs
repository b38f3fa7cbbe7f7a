//! Businesses that register in the storefront, on every backend: a pending company with its first person as admin
//! and its address, unable to order until staff with `customers:write` approve it; listed as waiting on the
//! companies list and the dashboard; bad registrations name their field.

mod common;

use common::{each_backend, guest, seeded, staff_actor};
use domain::{AddressInput, Quantity, Role, Sku};
use engine::{Actor, BusinessRegistration, ClientAddr, EngineError, settings::CompanyQuery};

fn registration(email: &str) -> BusinessRegistration {
    BusinessRegistration {
        company_name: "Hanse Bau GmbH".into(),
        vat_id: "DE123456789".into(),
        address: AddressInput {
            line1: "Kaistraße 5".into(),
            postal_code: "20457".into(),
            city: "Hamburg".into(),
            country: "DE".into(),
            ..AddressInput::default()
        },
        name: "Jana Brandt".into(),
        email: email.into(),
        password: "a long enough password".into(),
    }
}

#[tokio::test]
async fn a_registered_business_waits_for_approval_before_it_orders() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let signed = engine
            .register_business(
                &registration("jana@hanse.example"),
                "http://shop.test/confirm",
                ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        let account = signed.account;
        assert_eq!(account.role, Some(Role::Admin));
        let company = account.company.clone().expect("the new company");
        assert_eq!(company.name, "Hanse Bau GmbH");
        assert!(company.code.starts_with("web-"), "{}", company.code);

        let (account, shopper) = engine
            .session_shopper(&signed.token, guest(&engine).await)
            .await
            .unwrap()
            .unwrap();
        engine
            .add_to_cart(
                &shopper,
                None,
                &Sku::parse("SC-160").unwrap(),
                Quantity::parse(1).unwrap(),
            )
            .await
            .unwrap();
        let options = engine.checkout_options(&shopper, &account).await.unwrap();
        assert!(options.awaiting_approval);
        let address = &options.addresses[0];
        assert_eq!(
            (
                address.address.city.as_str(),
                address.address.country.as_str()
            ),
            ("Hamburg", "DE")
        );
        let attempt = engine
            .place_order(
                &shopper,
                &account,
                engine::CheckoutRequest {
                    idempotency_key: "pending-order-1".into(),
                    ship_to: engine::ShipTo::Saved(address.id),
                    shipping_method: "parcel-eur".into(),
                    payment: "invoice".into(),
                    po_number: String::new(),
                    expected_subtotal: None,
                    cost_centre: None,
                },
            )
            .await;
        match attempt {
            Err(EngineError::Forbidden(message)) => {
                assert!(message.contains("approval"), "{message}")
            }
            other => panic!("a pending business may not order: {other:?}"),
        }

        let service = staff_actor(&engine, "cs@shop.example", "customer_service").await;
        let waiting = engine
            .companies(
                &service,
                &CompanyQuery {
                    status: Some("pending".into()),
                    ..CompanyQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(waiting.data.len(), 1);
        assert_eq!(waiting.data[0].terms.vat_id, "DE123456789");
        let board = engine.dashboard(&service).await.unwrap();
        assert_eq!(board.pending_companies.unwrap()[0].0, company.code);
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        assert_eq!(
            engine.dashboard(&catalog).await.unwrap().pending_companies,
            None
        );

        // Only who may write customers approves; once approved it is no longer waiting.
        assert!(matches!(
            engine.approve_company(&catalog, &company.code).await,
            Err(EngineError::Forbidden(_))
        ));
        engine
            .approve_company(&service, &company.code)
            .await
            .unwrap();
        match engine.approve_company(&service, &company.code).await {
            Err(EngineError::Domain(e)) => assert_eq!(e.field, "status"),
            other => panic!("expected a status error, got {other:?}"),
        }
        assert!(matches!(
            engine.approve_company(&service, "nope").await,
            Err(EngineError::NotFound { .. })
        ));
        let options = engine.checkout_options(&shopper, &account).await.unwrap();
        assert!(!options.awaiting_approval);
        let mail = engine
            .claim_emails(50, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        assert!(mail.iter().any(|m| m.to_address == "jana@hanse.example"
            && m.subject == "Your business account is open"));
        let demo = engine
            .companies(
                &Actor::process("test"),
                &CompanyQuery {
                    search: Some("acme".into()),
                    ..CompanyQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            demo.data[0].status, "active",
            "companies the shop opens are active"
        );
    })
    .await;
}

#[tokio::test]
async fn a_bad_registration_names_its_field_and_writes_nothing() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let bad = |f: fn(&mut BusinessRegistration)| {
            let mut r = registration("new@hanse.example");
            f(&mut r);
            r
        };
        for (registration, field) in [
            (bad(|r| r.company_name = " ".into()), "company_name"),
            (bad(|r| r.vat_id = "not a vat id".into()), "vat_id"),
            (bad(|r| r.address.country = "Germany".into()), "country"),
            (bad(|r| r.address.city = String::new()), "city"),
            (bad(|r| r.email = "buyer@acme.example".into()), "email"),
            (bad(|r| r.password = "short".into()), "password"),
        ] {
            match engine
                .register_business(&registration, "http://shop.test/confirm", ClientAddr::LOCAL)
                .await
            {
                Err(EngineError::Domain(e)) => assert_eq!(e.field, field),
                other => panic!("expected a {field} error, got {other:?}"),
            }
        }
        let waiting = engine
            .companies(
                &Actor::process("test"),
                &CompanyQuery {
                    status: Some("pending".into()),
                    ..CompanyQuery::default()
                },
            )
            .await
            .unwrap();
        assert!(waiting.data.is_empty(), "nothing was written");
    })
    .await;
}
