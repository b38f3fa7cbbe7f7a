//! Quotes on every backend: a buyer asks about two lines with a target price; staff answer with a price for one and
//! a discount for the other; the buyer asks again and gets a new answer; the list price rises, and the accepted
//! quote becomes an order at the quoted prices, once. An expired or declined quote cannot be ordered; a viewer reads
//! but cannot accept; someone outside the company finds nothing; an order from a quote waits for approval like any
//! other; every step is an event.

mod common;

use common::{each_backend_with_url, seeded, signed_in_buyer, staff_actor};
use domain::{
    OrderStatus, Sku,
    approval::{BudgetPeriod, BuyerLimits},
    quotes::QuoteStatus,
};
use engine::{Actor, CheckoutRequest, EngineError, QuoteAnswer, QuoteRequestLine, ShipTo};
use rust_decimal::Decimal;

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

fn now() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since.as_millis()).unwrap()
}

const DAY: i64 = 86_400_000;

async fn checkout(
    engine: &engine::Engine,
    account: &domain::Account,
    shopper: &engine::Shopper,
    key: &str,
) -> CheckoutRequest {
    let options = engine.checkout_options(shopper, account).await.unwrap();
    let ship_to = options
        .addresses
        .iter()
        .find(|a| a.kind == domain::AddressKind::Shipping)
        .unwrap();
    CheckoutRequest {
        idempotency_key: key.into(),
        ship_to: ShipTo::Saved(ship_to.id),
        shipping_method: "parcel-eur".into(),
        payment: "invoice".into(),
        po_number: String::new(),
        expected_subtotal: None,
        cost_centre: None,
    }
}

fn ask() -> Vec<QuoteRequestLine> {
    vec![
        QuoteRequestLine {
            sku: sku("SC-160"),
            quantity: 20,
            target_price: Some(Decimal::new(800, 2)),
        },
        QuoteRequestLine {
            sku: sku("SP-01"),
            quantity: 10,
            target_price: None,
        },
    ]
}

#[tokio::test]
async fn a_quote_goes_back_and_forth_and_becomes_an_order_at_the_quoted_prices() {
    each_backend_with_url(|engine, url| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        for s in ["SC-160", "SP-01"] {
            engine.set_stock(&ops, "main", &sku(s), 500).await.unwrap();
        }
        let (buyer, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let (viewer, _) = signed_in_buyer(&engine, "viewer@acme.example").await;
        let staff = staff_actor(&engine, "om@shop.example", "order_manager").await;

        let number = engine
            .request_quote(&buyer, &shopper, "For the spring overhaul", &ask())
            .await
            .unwrap();
        assert!(matches!(
            engine.request_quote(&viewer, &shopper, "", &ask()).await,
            Err(EngineError::Forbidden(_))
        ));
        let asked = engine.buyer_quote(&viewer, &number).await.unwrap();
        assert_eq!(asked.status, QuoteStatus::Requested);
        assert_eq!(
            asked.lines[0].target_price.as_ref().unwrap().amount,
            Decimal::new(8, 0)
        );
        assert!(asked.total().is_none(), "not priced yet");
        let waiting = engine
            .staff_quotes(&staff, Some(QuoteStatus::Requested))
            .await
            .unwrap();
        assert_eq!(waiting[0].number, number);

        // A line without a price and no discount is refused, naming the field; then a price and a discount.
        let until = now() + 7 * DAY;
        let partial = QuoteAnswer {
            prices: vec![(sku("SC-160"), Decimal::new(750, 2))],
            discount_percent: None,
            valid_until_ms: until,
            comment: String::new(),
        };
        assert!(matches!(
            engine.answer_quote(&staff, &number, &partial).await,
            Err(EngineError::Domain(ref e)) if e.field == "prices"
        ));
        let answer = QuoteAnswer {
            discount_percent: Some(Decimal::new(10, 0)),
            comment: "Our best price for 20".into(),
            ..partial.clone()
        };
        engine.answer_quote(&staff, &number, &answer).await.unwrap();
        let answered = engine.buyer_quote(&buyer, &number).await.unwrap();
        assert_eq!(answered.status, QuoteStatus::Answered);
        assert_eq!(
            answered.lines[0].unit_price.as_ref().unwrap().amount,
            Decimal::new(75, 1)
        );
        assert!(
            answered.lines[1].unit_price.is_some(),
            "priced by the discount"
        );
        assert!(answered.acceptable_at(now()));

        // The buyer asks again; the shop answers again.
        engine
            .comment_on_quote(&buyer, &number, "Could you do 7.00 for the SC-160?")
            .await
            .unwrap();
        assert_eq!(
            engine.buyer_quote(&buyer, &number).await.unwrap().status,
            QuoteStatus::Requested
        );
        let better = QuoteAnswer {
            prices: vec![(sku("SC-160"), Decimal::new(7, 0))],
            ..answer.clone()
        };
        engine.answer_quote(&staff, &number, &better).await.unwrap();
        let quote = engine.buyer_quote(&buyer, &number).await.unwrap();
        assert_eq!(quote.comments.len(), 3);
        assert!(quote.comments[1].body.contains("7.00") && !quote.comments[1].from_shop);
        let sp_quoted = quote.lines[1].unit_price.clone().unwrap().amount;

        // List prices rise meanwhile; the quote's prices bind.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query("UPDATE prices SET amount_micros = amount_micros * 3")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        assert!(matches!(
            engine
                .accept_quote(
                    &shopper,
                    &viewer,
                    &number,
                    checkout(&engine, &viewer, &shopper, "quote-viewer-1").await
                )
                .await,
            Err(EngineError::Forbidden(_))
        ));
        let request = checkout(&engine, &buyer, &shopper, "quote-accept-1").await;
        let placed = engine
            .accept_quote(&shopper, &buyer, &number, request)
            .await
            .unwrap();
        let order = engine.order_for_merchant(&placed.number).await.unwrap();
        assert_eq!(order.status, OrderStatus::Placed);
        let units: Vec<(String, u32, Decimal)> = order
            .lines
            .iter()
            .map(|l| {
                (
                    l.sku.as_str().to_owned(),
                    l.quantity,
                    l.unit_price.amount.normalize(),
                )
            })
            .collect();
        assert!(
            units.contains(&("SC-160".into(), 20, Decimal::new(7, 0))),
            "{units:?}"
        );
        assert!(
            units.contains(&("SP-01".into(), 10, sp_quoted.normalize())),
            "{units:?}"
        );
        let accepted = engine.buyer_quote(&buyer, &number).await.unwrap();
        assert_eq!(accepted.status, QuoteStatus::Accepted);
        assert_eq!(
            accepted.order_number.as_deref(),
            Some(placed.number.as_str())
        );
        // The same key answers with the same order; another key finds the quote taken.
        let again = engine
            .accept_quote(
                &shopper,
                &buyer,
                &number,
                checkout(&engine, &buyer, &shopper, "quote-accept-1").await,
            )
            .await
            .unwrap();
        assert_eq!(again.number, placed.number);
        assert!(
            engine
                .accept_quote(
                    &shopper,
                    &buyer,
                    &number,
                    checkout(&engine, &buyer, &shopper, "quote-accept-2").await
                )
                .await
                .is_err()
        );

        let events: Vec<String> = engine
            .events_after(0, 1000, &ops)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.resource == format!("quote:{number}"))
            .map(|e| e.event_type)
            .collect();
        assert_eq!(
            events,
            [
                "quote.requested",
                "quote.answered",
                "quote.requested",
                "quote.answered",
                "quote.accepted"
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn an_expired_or_declined_quote_cannot_be_ordered_and_an_accepted_one_waits_for_approval() {
    each_backend_with_url(|engine, _url| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        for s in ["SC-160", "SP-01"] {
            engine.set_stock(&ops, "main", &sku(s), 500).await.unwrap();
        }
        let (buyer, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let (admin, _) = signed_in_buyer(&engine, "admin@acme.example").await;
        let staff = staff_actor(&engine, "om@shop.example", "order_manager").await;
        let answer = QuoteAnswer {
            prices: vec![
                (sku("SC-160"), Decimal::new(7, 0)),
                (sku("SP-01"), Decimal::new(2, 0)),
            ],
            discount_percent: None,
            valid_until_ms: now() + DAY,
            comment: String::new(),
        };

        // Expired.
        let expiring = engine
            .request_quote(&buyer, &shopper, "", &ask())
            .await
            .unwrap();
        engine
            .answer_quote(&staff, &expiring, &answer)
            .await
            .unwrap();
        assert_eq!(
            engine.expire_quotes_at(now() + 2 * DAY).await.unwrap(),
            std::slice::from_ref(&expiring)
        );
        assert!(
            engine
                .expire_quotes_at(now() + 2 * DAY)
                .await
                .unwrap()
                .is_empty()
        );
        let request = checkout(&engine, &buyer, &shopper, "quote-expired-1").await;
        assert!(matches!(
            engine.accept_quote(&shopper, &buyer, &expiring, request).await,
            Err(EngineError::Domain(ref e)) if e.field == "quote"
        ));

        // Declined by the shop; and one declined by the buyer.
        let declined = engine
            .request_quote(&buyer, &shopper, "", &ask())
            .await
            .unwrap();
        engine
            .decline_quote_as_staff(&staff, &declined, "Not at these quantities")
            .await
            .unwrap();
        let request = checkout(&engine, &buyer, &shopper, "quote-declined-1").await;
        assert!(
            engine
                .accept_quote(&shopper, &buyer, &declined, request)
                .await
                .is_err()
        );
        assert!(
            engine
                .answer_quote(&staff, &declined, &answer)
                .await
                .is_err(),
            "closed"
        );
        let withdrawn = engine
            .request_quote(&buyer, &shopper, "", &ask())
            .await
            .unwrap();
        engine.decline_quote(&buyer, &withdrawn).await.unwrap();
        assert_eq!(
            engine.buyer_quote(&buyer, &withdrawn).await.unwrap().status,
            QuoteStatus::Declined
        );

        // Someone outside the company, and a lesser staff role, reach nothing.
        let outsider = engine
            .sign_up(
                &domain::Email::parse("outsider@example.com").unwrap(),
                &domain::Password::parse("a long enough password").unwrap(),
                "Outsider",
                "https://shop.example/confirm",
                engine::ClientAddr::LOCAL,
            )
            .await
            .unwrap()
            .account;
        assert!(matches!(
            engine.buyer_quote(&outsider, &declined).await,
            Err(EngineError::NotFound { .. })
        ));
        assert!(engine.quotes(&outsider).await.unwrap().is_empty());
        let catalog = staff_actor(&engine, "cat@shop.example", "catalog_manager").await;
        assert!(matches!(
            engine.answer_quote(&catalog, &declined, &answer).await,
            Err(EngineError::Forbidden(_))
        ));

        // An accepted quote goes through approvals like any order.
        engine
            .set_buyer_limits(
                &admin,
                buyer.customer_id,
                &BuyerLimits {
                    order_limit: Some(10_000),
                    budget: None,
                    period: BudgetPeriod::Month,
                },
            )
            .await
            .unwrap();
        let limited = engine
            .request_quote(&buyer, &shopper, "", &ask())
            .await
            .unwrap();
        engine
            .answer_quote(&staff, &limited, &answer)
            .await
            .unwrap();
        let request = checkout(&engine, &buyer, &shopper, "quote-limited-1").await;
        let placed = engine
            .accept_quote(&shopper, &buyer, &limited, request)
            .await
            .unwrap();
        assert!(placed.awaiting_approval);
        assert_eq!(
            engine.quotes(&buyer).await.unwrap().len(),
            5,
            "the four asked here and the demo's"
        );
    })
    .await;
}

#[tokio::test]
async fn the_demo_has_a_quote_waiting_for_the_shop() {
    each_backend_with_url(|engine, _url| async move {
        seeded(&engine).await;
        let staff = staff_actor(&engine, "desk@shop.example", "administrator").await;
        let waiting = engine
            .staff_quotes(&staff, Some(QuoteStatus::Requested))
            .await
            .unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].requested_by, "buyer@acme.example");
        let quote = engine
            .staff_quote(&staff, &waiting[0].number)
            .await
            .unwrap();
        assert_eq!(quote.lines.len(), 2);
        assert!(
            quote
                .lines
                .iter()
                .all(|l| l.quantity == 100 && l.unit_price.is_none())
        );
        assert!(quote.lines[0].target_price.is_some() && quote.lines[1].target_price.is_none());
    })
    .await;
}
