//! Cost centres on every backend: ACME's admin defines them; a buyer charges an order to one at checkout and the
//! order, the centre's spending and the merchant's CSV carry it; an order past the centre's budget waits for
//! approval; an unknown or removed centre is refused naming the field; only the company's admins change them.

mod common;

use common::{each_backend, seeded, signed_in_buyer};
use domain::{
    Quantity, Sku,
    approval::{ApprovalReason, BudgetPeriod},
    cost_centre::CostCentre,
};
use engine::{Engine, EngineError};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

async fn order_for(
    engine: &Engine,
    account: &domain::Account,
    shopper: &engine::Shopper,
    key: &str,
    centre: Option<&str>,
) -> Result<domain::PlacedOrder, EngineError> {
    engine
        .add_to_cart(shopper, None, &sku("SC-160"), Quantity::parse(1).unwrap())
        .await
        .unwrap();
    let options = engine.checkout_options(shopper, account).await.unwrap();
    let ship_to = options
        .addresses
        .iter()
        .find(|a| a.kind == domain::AddressKind::Shipping)
        .unwrap();
    engine
        .place_order(
            shopper,
            account,
            engine::CheckoutRequest {
                idempotency_key: key.into(),
                ship_to: engine::ShipTo::Saved(ship_to.id),
                shipping_method: "parcel-eur".into(),
                payment: "invoice".into(),
                po_number: String::new(),
                expected_subtotal: None,
                cost_centre: centre.map(str::to_owned),
            },
        )
        .await
}

#[tokio::test]
async fn an_order_is_charged_to_a_cost_centre_and_waits_beyond_its_budget() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let process = engine::Actor::process("test");
        engine
            .set_stock(&process, "main", &sku("SC-160"), 100)
            .await
            .unwrap();
        let (admin, _) = signed_in_buyer(&engine, "admin@acme.example").await;
        let (buyer, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let (viewer, _) = signed_in_buyer(&engine, "viewer@acme.example").await;

        let north = CostCentre::new("WS-N", "Workshop north", None, BudgetPeriod::Month).unwrap();
        let tight =
            CostCentre::new("PRJ-7", "Project 7", Some(10_000), BudgetPeriod::Quarter).unwrap();
        for (who, account) in [("the buyer", &buyer), ("a viewer", &viewer)] {
            assert!(
                matches!(
                    engine.set_cost_centre(account, &north).await,
                    Err(EngineError::Forbidden(_))
                ),
                "{who} may not define cost centres"
            );
        }
        engine.set_cost_centre(&admin, &north).await.unwrap();
        engine.set_cost_centre(&admin, &tight).await.unwrap();
        let seen: Vec<String> = engine
            .cost_centres(&viewer)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.centre.code)
            .collect();
        assert_eq!(
            seen,
            ["PRJ-7", "WS-N"],
            "every person of the company reads them, by code"
        );

        // Charged to a centre without a budget: placed, and the order carries it.
        let placed = order_for(&engine, &buyer, &shopper, "centre-1", Some("WS-N"))
            .await
            .unwrap();
        assert!(!placed.awaiting_approval);
        let order = engine.order(&buyer, &placed.number).await.unwrap();
        assert_eq!(order.cost_centre.as_deref(), Some("WS-N Workshop north"));
        let spent = engine.cost_centres(&buyer).await.unwrap();
        let north_spent = spent.iter().find(|s| s.centre.code == "WS-N").unwrap();
        assert!(north_spent.spent.amount > rust_decimal::Decimal::ZERO);
        let csv = engine
            .orders_csv(&engine::Actor::process("test"), &Default::default())
            .await
            .unwrap();
        assert!(csv.lines().next().unwrap().contains("cost_centre"));
        assert!(csv.contains("WS-N Workshop north"), "{csv}");

        // Past a centre's budget (0.01): it waits, and says why.
        let waits = order_for(&engine, &buyer, &shopper, "centre-2", Some("PRJ-7"))
            .await
            .unwrap();
        assert!(waits.awaiting_approval);
        let waiting = engine.approvals_waiting(&admin).await.unwrap();
        let pending = waiting.iter().find(|w| w.number == waits.number).unwrap();
        assert_eq!(pending.reasons, [ApprovalReason::CostCentreBudget]);

        // An unknown centre, another company's or a removed one is refused, naming the field; the cart stays.
        let unknown = order_for(&engine, &buyer, &shopper, "centre-3", Some("NOPE"))
            .await
            .unwrap_err();
        assert!(
            matches!(&unknown, EngineError::Domain(e) if e.field == "cost_centre"),
            "{unknown:?}"
        );
        assert!(matches!(
            engine.remove_cost_centre(&buyer, "WS-N").await,
            Err(EngineError::Forbidden(_))
        ));
        engine.remove_cost_centre(&admin, "WS-N").await.unwrap();
        assert!(matches!(
            engine.remove_cost_centre(&admin, "WS-N").await,
            Err(EngineError::NotFound { .. })
        ));
        let removed = order_for(&engine, &buyer, &shopper, "centre-4", Some("WS-N"))
            .await
            .unwrap_err();
        assert!(
            matches!(&removed, EngineError::Domain(e) if e.field == "cost_centre"),
            "{removed:?}"
        );
        let order = engine.order(&buyer, &placed.number).await.unwrap();
        assert_eq!(
            order.cost_centre.as_deref(),
            Some("WS-N Workshop north"),
            "its orders keep it"
        );
        assert!(
            !engine
                .account_cart(&shopper)
                .await
                .unwrap()
                .unwrap()
                .lines
                .is_empty()
        );

        // Without a centre, as before.
        let plain = order_for(&engine, &buyer, &shopper, "centre-5", None)
            .await
            .unwrap();
        assert_eq!(
            engine
                .order(&buyer, &plain.number)
                .await
                .unwrap()
                .cost_centre,
            None
        );
    })
    .await;
}
