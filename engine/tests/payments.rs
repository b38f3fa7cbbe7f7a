//! Stock cannot be hoarded: orders are unpaid until payments are recorded, unpaid bank-transfer orders expire
//! and release their stock, a self-registered account orders only once its address is confirmed, invoice on
//! account is for approved companies within their credit limit, and one cart is ordered once.

mod common;

use common::{each_backend, seeded};
use domain::{Email, OrderStatus, Password, PaymentStatus, Quantity, Sku};
use engine::{CheckoutRequest, ClientAddr, Engine, EngineError, NewPayment, ShipTo};
use rust_decimal::Decimal;

const DAY_MS: i64 = 86_400_000;

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

async fn buyer(engine: &Engine, email: &str) -> (domain::Account, engine::Shopper) {
    let session = engine
        .sign_in(email, engine::seed::DEMO_PASSWORD, ClientAddr::LOCAL)
        .await
        .unwrap();
    let shopper = engine
        .shopper_as(common::guest(engine).await, &session.account)
        .await
        .unwrap();
    (session.account, shopper)
}

async fn order(
    engine: &Engine,
    (account, shopper): &(domain::Account, engine::Shopper),
    units: i64,
    key: &str,
    payment: &str,
) -> Result<String, EngineError> {
    engine
        .add_to_cart(
            shopper,
            None,
            &sku("SC-160"),
            Quantity::parse(units).unwrap(),
        )
        .await
        .unwrap();
    engine
        .place_order(shopper, account, request(key, payment))
        .await
        .map(|placed| placed.number)
}

fn request(key: &str, payment: &str) -> CheckoutRequest {
    CheckoutRequest {
        idempotency_key: key.into(),
        ship_to: ShipTo::New(domain::AddressInput {
            name: "Goods in".into(),
            company: "ACME".into(),
            line1: "Dock 4".into(),
            line2: String::new(),
            postal_code: "20457".into(),
            city: "Hamburg".into(),
            country: "DE".into(),
            phone: String::new(),
        }),
        shipping_method: "parcel-eur".into(),
        payment: payment.into(),
        po_number: String::new(),
        expected_subtotal: None,
        cost_centre: None,
    }
}

fn pay(amount: &str) -> NewPayment {
    NewPayment {
        amount: amount.parse().unwrap(),
        reference: "BANK-REF-1".into(),
        recorded_by: "test".into(),
    }
}

async fn set_credit(engine: &Engine, approved: bool, limit: Option<&str>) {
    let record = engine::exchange::CustomerRecord {
        company: "acme".into(),
        company_name: None,
        country: None,
        email: "buyer@acme.example".into(),
        name: "Buyer (ACME)".into(),
        role: "buyer".into(),
        invoice_approved: Some(approved),
        credit_limit: limit.map(|l| l.parse::<Decimal>().unwrap()),
        vat_id: None,
    };
    let outcome = engine
        .upsert_customers(&engine::Actor::process("test"), vec![(1, Ok(record))])
        .await
        .unwrap();
    assert!(outcome[0].1.is_ok(), "{outcome:?}");
}

#[tokio::test]
async fn unpaid_bank_transfer_orders_expire_and_release_their_stock_paid_and_invoiced_ones_stay() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let acme = buyer(&engine, "buyer@acme.example").await;
        let unpaid = order(&engine, &acme, 2, "key-unpaid-01", "bank_transfer")
            .await
            .unwrap();
        let paid = order(&engine, &acme, 1, "key-paid-0001", "bank_transfer")
            .await
            .unwrap();
        let invoiced = order(&engine, &acme, 1, "key-invoice-1", "invoice")
            .await
            .unwrap();
        let total = engine
            .order(&acme.0, &paid)
            .await
            .unwrap()
            .totals
            .total
            .amount;
        let state = engine
            .record_payment(
                &engine::Actor::process("test"),
                &paid,
                pay(&total.to_string()),
            )
            .await
            .unwrap();
        assert_eq!(state.status, PaymentStatus::Paid);

        // Before the deadline nothing expires.
        assert!(
            engine
                .expire_unpaid_orders_at(now_ms() + 6 * DAY_MS)
                .await
                .unwrap()
                .is_empty()
        );
        let expired = engine
            .expire_unpaid_orders_at(now_ms() + 8 * DAY_MS)
            .await
            .unwrap();
        assert_eq!(expired, vec![unpaid.clone()]);
        let gone = engine.order(&acme.0, &unpaid).await.unwrap();
        assert_eq!(gone.status, OrderStatus::Cancelled);
        for kept in [&paid, &invoiced] {
            assert_eq!(
                engine.order(&acme.0, kept).await.unwrap().status,
                OrderStatus::Placed
            );
        }
        // Its reservation is gone with it: stock and open orders agree again.
        assert_eq!(
            engine.audit_orders_and_stock().await.unwrap(),
            Vec::<String>::new()
        );
        let mail = engine
            .claim_emails(50, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        assert!(
            mail.iter()
                .any(|m| m.subject.contains(&unpaid) && m.subject.contains("not paid"))
        );
        // Running again (another app server) changes nothing.
        assert!(
            engine
                .expire_unpaid_orders_at(now_ms() + 9 * DAY_MS)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn payments_add_up_to_paid_and_bad_payments_are_refused() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let acme = buyer(&engine, "buyer@acme.example").await;
        let number = order(&engine, &acme, 2, "key-pay-00001", "bank_transfer")
            .await
            .unwrap();
        let total = engine
            .order(&acme.0, &number)
            .await
            .unwrap()
            .totals
            .total
            .amount;
        assert_eq!(
            engine.order(&acme.0, &number).await.unwrap().payment_status,
            PaymentStatus::Unpaid
        );
        let half = (total / Decimal::TWO).round_dp(2);
        let first = engine
            .record_payment(
                &engine::Actor::process("test"),
                &number,
                pay(&half.to_string()),
            )
            .await
            .unwrap();
        assert_eq!((first.status, first.paid), (PaymentStatus::Unpaid, half));
        let rest = engine
            .record_payment(
                &engine::Actor::process("test"),
                &number,
                pay(&(total - half).to_string()),
            )
            .await
            .unwrap();
        assert_eq!((rest.status, rest.total), (PaymentStatus::Paid, total));
        assert_eq!(
            engine.order(&acme.0, &number).await.unwrap().payment_status,
            PaymentStatus::Paid
        );
        for bad in ["0", "-5", "1.0000001"] {
            let refused = engine
                .record_payment(&engine::Actor::process("test"), &number, pay(bad))
                .await;
            assert!(
                matches!(refused, Err(EngineError::Domain(ref d)) if d.field == "amount"),
                "{bad}: {refused:?}"
            );
        }
        assert!(matches!(
            engine
                .record_payment(&engine::Actor::process("test"), "100999999", pay("1"))
                .await,
            Err(EngineError::NotFound { .. })
        ));
        let other = order(&engine, &acme, 1, "key-pay-00002", "bank_transfer")
            .await
            .unwrap();
        engine
            .cancel_order(&engine::Actor::process("test"), &other, "test")
            .await
            .unwrap();
        assert!(
            engine
                .record_payment(&engine::Actor::process("test"), &other, pay("1"))
                .await
                .is_err()
        );
    })
    .await;
}

#[tokio::test]
async fn a_new_account_orders_only_once_its_email_address_is_confirmed() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let email = Email::parse("new.buyer@example.com").unwrap();
        let signed = engine
            .sign_up(
                &email,
                &Password::parse("a long enough password").unwrap(),
                "New Buyer",
                "http://shop/account/confirm",
                ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        assert!(
            !engine
                .email_confirmed(signed.account.customer_id)
                .await
                .unwrap()
        );
        let shopper = engine
            .shopper_as(common::guest(&engine).await, &signed.account)
            .await
            .unwrap();
        let me = (signed.account.clone(), shopper);
        let refused = order(&engine, &me, 1, "key-new-00001", "bank_transfer").await;
        assert!(
            matches!(refused, Err(EngineError::Forbidden(ref m)) if m.contains("confirm")),
            "{refused:?}"
        );
        let mail = engine
            .claim_emails(50, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        let link = mail
            .iter()
            .find(|m| m.to_address == "new.buyer@example.com" && m.subject.contains("Confirm"))
            .expect("a confirmation email");
        let token = link
            .body
            .split("token=")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        assert!(engine.confirm_email("0".repeat(64).as_str()).await.is_err());
        engine.confirm_email(token).await.unwrap();
        assert!(
            engine.confirm_email(token).await.is_err(),
            "a link works once"
        );
        assert!(
            engine
                .email_confirmed(signed.account.customer_id)
                .await
                .unwrap()
        );
        // The cart kept its line from the refused attempt; ordering it now works.
        let placed = engine
            .place_order(&me.1, &me.0, request("key-new-00002", "bank_transfer"))
            .await;
        assert!(placed.is_ok(), "{placed:?}");
    })
    .await;
}

#[tokio::test]
async fn invoice_on_account_is_for_approved_companies_within_their_credit_limit() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let acme = buyer(&engine, "buyer@acme.example").await;
        set_credit(&engine, false, None).await;
        let options = engine.checkout_options(&acme.1, &acme.0).await.unwrap();
        assert!(!options.payments.iter().any(|p| p.code == "invoice"));
        let refused = order(&engine, &acme, 1, "key-credit-01", "invoice").await;
        assert!(
            matches!(refused, Err(EngineError::Domain(ref d)) if d.field == "payment"),
            "{refused:?}"
        );

        // Approved with a limit of 50 EUR: the first order (the refused attempt's unit and one more, about 35)
        // fits, a second of about 23 pushes past it.
        set_credit(&engine, true, Some("50")).await;
        let first = order(&engine, &acme, 1, "key-credit-02", "invoice")
            .await
            .unwrap();
        let first_total = engine
            .order(&acme.0, &first)
            .await
            .unwrap()
            .totals
            .total
            .amount;
        assert!(
            first_total > Decimal::from(30) && first_total < Decimal::from(50),
            "{first_total}"
        );
        engine
            .add_to_cart(&acme.1, None, &sku("SC-160"), Quantity::parse(1).unwrap())
            .await
            .unwrap();
        let over = engine
            .place_order(&acme.1, &acme.0, request("key-credit-03", "invoice"))
            .await;
        match over {
            Err(EngineError::Domain(d)) => {
                assert_eq!(d.field, "payment");
                assert!(d.message.contains("credit limit"), "{}", d.message);
            }
            other => panic!("expected the credit limit, got {other:?}"),
        }
        // The refused order left the cart as it was; paying the first order frees the balance.
        engine
            .record_payment(
                &engine::Actor::process("test"),
                &first,
                pay(&first_total.to_string()),
            )
            .await
            .unwrap();
        let second = engine
            .place_order(&acme.1, &acme.0, request("key-credit-04", "invoice"))
            .await;
        assert!(second.is_ok(), "{second:?}");
        let records = engine
            .customer_records(&engine::Actor::process("test"), Some("acme"))
            .await
            .unwrap();
        assert_eq!(records[0].invoice_approved, Some(true));
        assert_eq!(records[0].credit_limit, Some(Decimal::from(50)));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_submissions_of_one_cart_with_different_keys_place_one_order() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let acme = buyer(&engine, "buyer@acme.example").await;
        engine
            .add_to_cart(&acme.1, None, &sku("SC-160"), Quantity::parse(3).unwrap())
            .await
            .unwrap();
        let tabs: Vec<_> = ["key-tab-00001", "key-tab-00002"]
            .into_iter()
            .map(|key| {
                let (engine, (account, shopper)) = (engine.clone(), acme.clone());
                tokio::spawn(async move {
                    engine
                        .place_order(&shopper, &account, request(key, "invoice"))
                        .await
                })
            })
            .collect();
        let mut placed = 0;
        for tab in tabs {
            match tab.await.unwrap() {
                Ok(_) => placed += 1,
                Err(EngineError::Conflict(_) | EngineError::Domain(_)) => {}
                Err(other) => panic!("{other:?}"),
            }
        }
        assert_eq!(placed, 1, "one cart, one order");
        let list = engine
            .orders(&acme.0, &domain::OrderFilter::default())
            .await
            .unwrap();
        assert_eq!(list.orders.len(), 1);
        assert_eq!(
            engine.audit_orders_and_stock().await.unwrap(),
            Vec::<String>::new()
        );
    })
    .await;
}

#[tokio::test]
async fn the_payment_settings_decide_the_methods_offered_the_days_to_pay_and_the_bank_details_quoted()
 {
    each_backend(|engine| async move {
        seeded(&engine).await;
        set_credit(&engine, true, None).await;
        let owner = engine::Actor::process("test");
        let defaults = engine.payment_settings().await.unwrap();
        assert_eq!(defaults.bank_transfer_days, 7);
        let both_off = engine::settings::PaymentSettings {
            invoice_enabled: false,
            bank_transfer_enabled: false,
            ..defaults.clone()
        };
        match engine.save_payment_settings(&owner, &both_off).await {
            Err(EngineError::Domain(e)) => assert_eq!(e.field, "bank_transfer_enabled"),
            other => panic!("nobody could order: {other:?}"),
        }
        engine
            .save_payment_settings(
                &owner,
                &engine::settings::PaymentSettings {
                    invoice_enabled: false,
                    bank_transfer_days: 3,
                    ..defaults
                },
            )
            .await
            .unwrap();

        let acme = buyer(&engine, "buyer@acme.example").await;
        match order(&engine, &acme, 1, "key-invoice-off", "invoice").await {
            Err(EngineError::Domain(e)) => assert_eq!(e.field, "payment"),
            other => panic!("invoice is switched off: {other:?}"),
        }
        let placed = engine
            .place_order(&acme.1, &acme.0, request("key-transfer-1", "bank_transfer"))
            .await
            .unwrap();
        let profile = engine.shop_profile().await.unwrap();
        assert!(!profile.iban.is_empty());
        assert!(
            placed.instructions.contains(&profile.iban),
            "the profile's bank account is quoted: {}",
            placed.instructions
        );
        assert!(
            engine
                .expire_unpaid_orders_at(now_ms() + 2 * DAY_MS)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            engine
                .expire_unpaid_orders_at(now_ms() + 4 * DAY_MS)
                .await
                .unwrap(),
            vec![placed.number],
            "three days to pay, as set"
        );
    })
    .await;
}
