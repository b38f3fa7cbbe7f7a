//! Approvals and budgets on every backend: an order over the buyer's limit waits with its stock held, the company's
//! admin is emailed and approves it (it goes ahead as placed) or declines it (its stock is released); an order
//! nobody decides on is declined at its expiry; a budget counts placed and waiting orders and a cancellation gives
//! back; the company's rule applies to everyone; and two buyers ordering at the same moment, through two app
//! servers on one database, cannot both slip under the company's budget. Only another admin of the same company decides
//! (another company's admin is refused through the real router, where the demo has one).

mod common;

use common::{
    each_backend_with_url, each_shared_backend, order_cart_on_account, order_cart_paying, seeded,
    signed_in_buyer,
};
use domain::{
    OrderStatus, Quantity, Sku,
    approval::{ApprovalReason, BudgetPeriod, BuyerLimits, CompanyRules, Decision},
};
use engine::{Actor, Engine, EngineError, Shopper};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

async fn fill_cart(engine: &Engine, shopper: &Shopper, units: u32) {
    engine
        .add_to_cart(
            shopper,
            None,
            &sku("SC-160"),
            Quantity::parse(i64::from(units)).unwrap(),
        )
        .await
        .unwrap();
}

async fn reserved(engine: &Engine) -> i64 {
    engine.availability(&sku("SC-160")).await.unwrap().reserved
}

async fn status(engine: &Engine, number: &str) -> OrderStatus {
    engine.order_for_merchant(number).await.unwrap().status
}

fn now() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since.as_millis()).unwrap()
}

/// Subjects of the emails to `to`, oldest first.
async fn mail_to(url: &str, to: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT subject FROM outbox_emails WHERE to_address = $1 ORDER BY id")
            .bind(to)
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    rows.into_iter().map(|r| r.0).collect()
}

#[tokio::test]
async fn an_order_over_the_limit_waits_and_the_companys_admin_approves_or_declines_it() {
    each_backend_with_url(|engine, url| async move {
        seeded(&engine).await;
        engine
            .set_stock(&Actor::process("test"), "main", &sku("SC-160"), 100)
            .await
            .unwrap();
        let (buyer, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let (admin, _) = signed_in_buyer(&engine, "admin@acme.example").await;
        let (viewer, _) = signed_in_buyer(&engine, "viewer@acme.example").await;
        let buyer_id = buyer.customer_id;
        // A limit of one cent: any order waits.
        let cent = BuyerLimits {
            order_limit: Some(10_000),
            budget: None,
            period: BudgetPeriod::Month,
        };
        assert!(matches!(
            engine.set_buyer_limits(&buyer, buyer_id, &cent).await,
            Err(EngineError::Forbidden(_))
        ));
        engine
            .set_buyer_limits(&admin, buyer_id, &cent)
            .await
            .unwrap();
        let people = engine.company_users(&admin).await.unwrap();
        let listed = people.iter().find(|p| p.customer_id == buyer_id).unwrap();
        assert_eq!(listed.limits, cent);

        fill_cart(&engine, &shopper, 3).await;
        let held_before = reserved(&engine).await;
        let first = order_cart_on_account(&engine, &buyer, &shopper, "approval-over-1").await;
        assert_eq!(status(&engine, &first).await, OrderStatus::AwaitingApproval);
        assert_eq!(
            reserved(&engine).await,
            held_before + 3,
            "its stock is held"
        );
        let waiting = engine.approvals_waiting(&admin).await.unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].number, first);
        assert_eq!(waiting[0].reasons, [ApprovalReason::OrderLimit]);
        assert_eq!(
            engine.approvals_waiting(&buyer).await.unwrap().len(),
            1,
            "the buyer sees their own"
        );
        assert!(engine.approvals_waiting(&viewer).await.unwrap().is_empty());
        assert_eq!(
            mail_to(&url, "admin@acme.example").await,
            [format!("Order {first} waits for your approval")]
        );
        assert!(
            mail_to(&url, "buyer@acme.example").await[0]
                .contains("waits for your company's approval")
        );
        // Staff cannot confirm an order the company has not approved.
        let ops = Actor::process("test");
        assert!(engine.confirm_order(&ops, &first).await.is_err());

        // Only another admin of the company decides: not the buyer, not a viewer, not someone of no company.
        for who in [&buyer, &viewer] {
            assert!(matches!(
                engine
                    .decide_order(who, &first, Decision::Approve, "")
                    .await,
                Err(EngineError::Forbidden(_))
            ));
        }
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
            engine
                .decide_order(&outsider, &first, Decision::Approve, "")
                .await,
            Err(EngineError::Forbidden(_))
        ));
        engine
            .decide_order(&admin, &first, Decision::Approve, "Fine for the workshop")
            .await
            .unwrap();
        assert_eq!(status(&engine, &first).await, OrderStatus::Placed);
        assert_eq!(reserved(&engine).await, held_before + 3);
        engine.confirm_order(&ops, &first).await.unwrap();
        assert!(
            engine
                .decide_order(&admin, &first, Decision::Decline, "")
                .await
                .is_err(),
            "a decided order is not decided again"
        );
        let told = mail_to(&url, "buyer@acme.example").await;
        assert_eq!(told.last().unwrap(), &format!("Order {first} approved"));

        // Declined: the stock goes back.
        fill_cart(&engine, &shopper, 2).await;
        let second = order_cart_on_account(&engine, &buyer, &shopper, "approval-over-2").await;
        assert_eq!(reserved(&engine).await, held_before + 5);
        engine
            .decide_order(&admin, &second, Decision::Decline, "Order it next month")
            .await
            .unwrap();
        assert_eq!(status(&engine, &second).await, OrderStatus::Declined);
        assert_eq!(reserved(&engine).await, held_before + 3);
        let told = mail_to(&url, "buyer@acme.example").await;
        assert_eq!(told.last().unwrap(), &format!("Order {second} declined"));

        // Nobody decides: declined at its expiry (7 days by default), once however often the sweep runs.
        fill_cart(&engine, &shopper, 1).await;
        let third = order_cart_on_account(&engine, &buyer, &shopper, "approval-over-3").await;
        let soon = engine
            .decline_expired_approvals_at(now() + 6 * 86_400_000)
            .await
            .unwrap();
        assert!(soon.is_empty());
        let later = now() + 8 * 86_400_000;
        assert_eq!(
            engine.decline_expired_approvals_at(later).await.unwrap(),
            std::slice::from_ref(&third)
        );
        assert!(
            engine
                .decline_expired_approvals_at(later)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(status(&engine, &third).await, OrderStatus::Declined);
        assert_eq!(reserved(&engine).await, held_before + 3);

        // The buyer may withdraw an order that waits; it then needs no decision.
        fill_cart(&engine, &shopper, 1).await;
        let fourth = order_cart_on_account(&engine, &buyer, &shopper, "approval-over-4").await;
        engine.cancel_order_as_buyer(&buyer, &fourth).await.unwrap();
        assert!(engine.approvals_waiting(&admin).await.unwrap().is_empty());
        assert!(
            engine
                .decline_expired_approvals_at(later)
                .await
                .unwrap()
                .is_empty()
        );

        // Every step is an event for integrations: the ERP hears `order.placed` only once the company approved.
        let events: Vec<String> = engine
            .events_after(0, 500, &ops)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.resource == format!("order:{first}"))
            .map(|e| e.event_type)
            .collect();
        assert_eq!(
            events,
            ["order.awaiting_approval", "order.placed", "order.confirmed"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_budget_counts_placed_and_waiting_orders_and_a_cancellation_gives_back() {
    each_backend_with_url(|engine, _url| async move {
        seeded(&engine).await;
        engine
            .set_stock(&Actor::process("test"), "main", &sku("SC-160"), 100)
            .await
            .unwrap();
        let (buyer, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let (admin, _) = signed_in_buyer(&engine, "admin@acme.example").await;
        assert!(engine.budget_status(&buyer).await.unwrap().is_none());

        // No limits: an order goes ahead; its net is what one order costs.
        fill_cart(&engine, &shopper, 2).await;
        let first = order_cart_on_account(&engine, &buyer, &shopper, "budget-order-1").await;
        assert_eq!(status(&engine, &first).await, OrderStatus::Placed);
        let order = engine.order_for_merchant(&first).await.unwrap();
        let net = order.totals.subtotal_net.amount + order.totals.shipping_net.amount;
        let micros = i64::try_from((net * rust_decimal::Decimal::from(1_000_000)).trunc()).unwrap();

        // A budget of one and a half such orders: the second goes past it and waits.
        let limits = BuyerLimits {
            order_limit: None,
            budget: Some(micros * 3 / 2),
            period: BudgetPeriod::Quarter,
        };
        engine
            .set_buyer_limits(&admin, buyer.customer_id, &limits)
            .await
            .unwrap();
        let budget = engine.budget_status(&buyer).await.unwrap().unwrap();
        assert_eq!(budget.spent.amount, net.normalize());
        fill_cart(&engine, &shopper, 2).await;
        let second = order_cart_on_account(&engine, &buyer, &shopper, "budget-order-2").await;
        assert_eq!(
            status(&engine, &second).await,
            OrderStatus::AwaitingApproval
        );
        let waiting = engine.approvals_waiting(&admin).await.unwrap();
        assert_eq!(waiting[0].reasons, [ApprovalReason::Budget]);
        let budget = engine.budget_status(&buyer).await.unwrap().unwrap();
        assert_eq!(
            budget.spent.amount,
            (net * rust_decimal::Decimal::TWO).normalize(),
            "waiting orders count"
        );
        assert_eq!(budget.left.unwrap().amount, rust_decimal::Decimal::ZERO);

        // Cancelled orders give back: with both gone, the next order fits again.
        engine.cancel_order_as_buyer(&buyer, &second).await.unwrap();
        engine.cancel_order_as_buyer(&buyer, &first).await.unwrap();
        fill_cart(&engine, &shopper, 2).await;
        let third = order_cart_on_account(&engine, &buyer, &shopper, "budget-order-3").await;
        assert_eq!(status(&engine, &third).await, OrderStatus::Placed);

        // The company's rule applies to every buyer: above it, even the admin's own order waits for another.
        engine
            .set_company_rules(
                &admin,
                &CompanyRules {
                    approval_above: Some(micros / 2),
                    approval_days: 3,
                    ..CompanyRules::default()
                },
            )
            .await
            .unwrap();
        assert!(matches!(
            engine
                .set_company_rules(&buyer, &CompanyRules::default())
                .await,
            Err(EngineError::Forbidden(_))
        ));
        let (_, admin_shopper) = signed_in_buyer(&engine, "admin@acme.example").await;
        fill_cart(&engine, &admin_shopper, 2).await;
        let admins = order_cart_on_account(&engine, &admin, &admin_shopper, "company-rule-1").await;
        assert_eq!(
            status(&engine, &admins).await,
            OrderStatus::AwaitingApproval
        );
        assert!(matches!(
            engine
                .decide_order(&admin, &admins, Decision::Approve, "")
                .await,
            Err(EngineError::Forbidden(_))
        ));
        let waiting = engine.approvals_waiting(&admin).await.unwrap();
        let own = waiting.iter().find(|w| w.number == admins).unwrap();
        assert_eq!(own.reasons, [ApprovalReason::CompanyRule]);
        assert_eq!(
            own.expires_at_ms - own.placed_at_ms,
            3 * 86_400_000,
            "the company's wait"
        );
        assert!(matches!(
            engine
                .set_company_rules(
                    &admin,
                    &CompanyRules {
                        approval_days: 0,
                        ..CompanyRules::default()
                    }
                )
                .await,
            Err(EngineError::Domain(ref e)) if e.field == "approval_days"
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_orders_at_the_same_moment_cannot_both_slip_under_the_company_budget() {
    each_shared_backend(|one, two| async move {
        seeded(&one).await;
        one.set_stock(&Actor::process("test"), "main", &sku("SC-160"), 1_000)
            .await
            .unwrap();
        let (admin, admin_shopper) = signed_in_buyer(&one, "admin@acme.example").await;
        let (buyer, buyer_shopper) = signed_in_buyer(&two, "buyer@acme.example").await;
        // What one order of one unit costs, net with its shipping: a probe, cancelled again.
        fill_cart(&one, &admin_shopper, 1).await;
        let probe = order_cart_on_account(&one, &admin, &admin_shopper, "race-probe").await;
        let totals = one.order_for_merchant(&probe).await.unwrap().totals;
        let net = totals.subtotal_net.amount + totals.shipping_net.amount;
        let one_order =
            i64::try_from((net * rust_decimal::Decimal::from(1_000_000)).trunc()).unwrap();
        one.cancel_order_as_buyer(&admin, &probe).await.unwrap();
        // Room for one such order and a half: never for both of the two placed at once.
        one.set_company_rules(
            &admin,
            &CompanyRules {
                budget: Some(one_order * 3 / 2),
                ..CompanyRules::default()
            },
        )
        .await
        .unwrap();
        for round in 0..8 {
            fill_cart(&one, &admin_shopper, 1).await;
            fill_cart(&two, &buyer_shopper, 1).await;
            let (key_a, key_b) = (format!("race-admin-{round}"), format!("race-buyer-{round}"));
            let (a, b) = tokio::join!(
                // Paid in advance: nothing else (the credit check on account) locks the company's row first.
                order_cart_paying(&one, &admin, &admin_shopper, &key_a, "bank_transfer"),
                order_cart_paying(&two, &buyer, &buyer_shopper, &key_b, "bank_transfer"),
            );
            let statuses = [status(&one, &a).await, status(&one, &b).await];
            let waiting = statuses
                .iter()
                .filter(|s| **s == OrderStatus::AwaitingApproval)
                .count();
            assert_eq!(
                waiting, 1,
                "round {round}: {statuses:?} against a budget with room for one"
            );
            // Cancelled orders give back, so every round starts from nothing spent.
            one.cancel_order_as_buyer(&admin, &a).await.unwrap();
            two.cancel_order_as_buyer(&buyer, &b).await.unwrap();
        }
    })
    .await;
}
