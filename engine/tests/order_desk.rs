//! The back office's order desk on every backend: the merchant's list with its filters and CSV, an order's
//! timeline, staff notes and sending the confirmation again — each refused to a role or key that may not.

mod common;

use common::{
    each_backend, key_actor, order_cart_on_account, seeded, signed_in_buyer, staff_actor,
};
use domain::{OrderStatus, PaymentStatus, Quantity, Sku};
use engine::{
    Actor, Engine, EngineError, OrderSearch, Scope, TimelineKind, audit_log::AuditFilter,
    settings::CompanyTerms,
};

/// ACME's buyer orders `quantity` × SC-160 on account; the order number.
async fn order(engine: &Engine, key: &str, quantity: i64) -> String {
    let (account, shopper) = signed_in_buyer(engine, "buyer@acme.example").await;
    engine
        .add_to_cart(
            &shopper,
            None,
            &Sku::parse("SC-160").unwrap(),
            Quantity::parse(quantity).unwrap(),
        )
        .await
        .unwrap();
    order_cart_on_account(engine, &account, &shopper, key).await
}

fn numbers(page: &engine::MerchantOrderPage) -> Vec<&str> {
    page.orders.iter().map(|o| o.number.as_str()).collect()
}

#[tokio::test]
async fn the_merchant_list_filters_by_every_field_and_exports_the_same_selection() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        let first = order(&engine, "desk-0000001", 1).await;
        let second = order(&engine, "desk-0000002", 2).await;
        let third = order(&engine, "desk-0000003", 1).await;
        engine.confirm_order(&ops, &second).await.unwrap();
        engine.cancel_order(&ops, &third, "test").await.unwrap();
        let manager = staff_actor(&engine, "om@shop.example", "order_manager").await;

        let all = engine
            .search_orders(&manager, &OrderSearch::default())
            .await
            .unwrap();
        assert_eq!(numbers(&all), [&third, &second, &first], "newest first");
        assert_eq!(all.page.total_items, 3);
        let row = &all.orders[1];
        assert_eq!(row.company, Some(("acme".into(), "ACME".into())));
        assert_eq!(row.channel, "trade");
        assert_eq!(row.placed_by, "buyer@acme.example");
        assert_eq!(row.payment_status, PaymentStatus::Unpaid);

        let search = |f: fn(&mut OrderSearch)| {
            let mut s = OrderSearch::default();
            f(&mut s);
            s
        };
        let confirmed = engine
            .search_orders(
                &manager,
                &search(|s| s.status = Some(OrderStatus::Confirmed)),
            )
            .await
            .unwrap();
        assert_eq!(numbers(&confirmed), [&second]);
        let by_number = engine
            .search_orders(
                &manager,
                &OrderSearch {
                    text: Some(format!(" {first} ")),
                    ..OrderSearch::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(numbers(&by_number), [&first]);
        for text in ["ACME", "buyer@acme"] {
            let found = engine
                .search_orders(
                    &manager,
                    &OrderSearch {
                        text: Some(text.into()),
                        ..OrderSearch::default()
                    },
                )
                .await
                .unwrap();
            assert_eq!(
                found.page.total_items, 3,
                "{text} finds by company or email"
            );
        }
        let nobody = engine
            .search_orders(&manager, &search(|s| s.text = Some("no such buyer".into())))
            .await
            .unwrap();
        assert!(nobody.orders.is_empty());
        let in_acme_on_trade = engine
            .search_orders(
                &manager,
                &search(|s| {
                    s.company = Some("acme".into());
                    s.channel = Some("trade".into());
                    s.payment = Some(PaymentStatus::Unpaid);
                }),
            )
            .await
            .unwrap();
        assert_eq!(in_acme_on_trade.page.total_items, 3);
        let in_future = engine
            .search_orders(&manager, &search(|s| s.from_ms = Some(i64::MAX / 2)))
            .await
            .unwrap();
        assert!(in_future.orders.is_empty());
        for (bad, field) in [
            (search(|s| s.company = Some("nope".into())), "company"),
            (search(|s| s.channel = Some("nope".into())), "channel"),
        ] {
            match engine.search_orders(&manager, &bad).await {
                Err(EngineError::Domain(e)) => assert_eq!(e.field, field),
                other => panic!("expected a {field} error, got {other:?}"),
            }
        }

        let csv = engine
            .orders_csv(
                &manager,
                &search(|s| s.status = Some(OrderStatus::Confirmed)),
            )
            .await
            .unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "number,placed_at,status,payment_status,company,channel,email,po_number,cost_centre,currency,total"
        );
        assert_eq!(
            lines.len(),
            2,
            "the header and the one confirmed order: {csv}"
        );
        assert!(lines[1].starts_with(&format!("{second},")));
        assert!(lines[1].contains(",confirmed,unpaid,acme,trade,buyer@acme.example,,,EUR,"));

        // Who may not read orders is refused; a key bound to another company sees none of ACME's.
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        for refused in [
            engine
                .search_orders(&catalog, &OrderSearch::default())
                .await
                .err(),
            engine
                .orders_csv(&catalog, &OrderSearch::default())
                .await
                .err(),
        ] {
            assert!(
                matches!(refused, Some(EngineError::Forbidden(_))),
                "{refused:?}"
            );
        }
        engine
            .save_company_terms(
                &ops,
                &CompanyTerms {
                    code: "globex".into(),
                    name: "Globex".into(),
                    country: "DE".into(),
                    vat_id: String::new(),
                    customer_group: String::new(),
                    payment_terms_days: None,
                    invoice_approved: false,
                    credit_limit: None,
                },
            )
            .await
            .unwrap();
        let globex = key_actor(&engine, vec![Scope::OrdersRead], Some("globex")).await;
        let theirs = engine
            .search_orders(&globex, &OrderSearch::default())
            .await
            .unwrap();
        assert!(theirs.orders.is_empty());
        assert_eq!(
            engine
                .orders_csv(&globex, &OrderSearch::default())
                .await
                .unwrap()
                .lines()
                .count(),
            1,
            "the header only"
        );
    })
    .await;
}

#[tokio::test]
async fn the_timeline_tells_the_story_and_notes_and_copies_are_for_staff_who_may_write() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let number = order(&engine, "desk-0000010", 2).await;
        let manager = staff_actor(&engine, "om@shop.example", "order_manager").await;
        engine.confirm_order(&manager, &number).await.unwrap();
        engine
            .ship_order(
                &manager,
                &number,
                "DHL",
                "JJD000123",
                &[(Sku::parse("SC-160").unwrap(), 1)],
            )
            .await
            .unwrap();
        engine
            .add_order_note(
                &manager,
                &number,
                "  Buyer asked for a call before delivery. ",
            )
            .await
            .unwrap();
        engine
            .resend_order_confirmation(&manager, &number)
            .await
            .unwrap();

        let timeline = engine.order_timeline(&manager, &number).await.unwrap();
        let kinds: Vec<(TimelineKind, &str)> = timeline
            .iter()
            .map(|e| (e.kind, e.title.as_str()))
            .collect();
        let statuses: Vec<&str> = kinds
            .iter()
            .filter(|(k, _)| *k == TimelineKind::Status)
            .map(|(_, t)| *t)
            .collect();
        assert_eq!(statuses, ["placed", "confirmed", "partially shipped"]);
        let shipped = timeline
            .iter()
            .find(|e| e.title == "partially shipped")
            .unwrap();
        assert_eq!(shipped.detail, "DHL JJD000123");
        let emails: Vec<&str> = kinds
            .iter()
            .filter(|(k, _)| *k == TimelineKind::Email)
            .map(|(_, t)| *t)
            .collect();
        assert_eq!(
            emails,
            [
                format!("email “Order {number} received” to buyer@acme.example"),
                format!("email “Order {number} shipped” to buyer@acme.example"),
                format!("email “Order {number} confirmation (copy)” to buyer@acme.example"),
            ]
        );
        let note = timeline
            .iter()
            .find(|e| e.kind == TimelineKind::Note)
            .unwrap();
        assert_eq!(note.detail, "Buyer asked for a call before delivery.");
        assert!(note.title.starts_with("note by "), "{}", note.title);
        assert!(
            timeline.windows(2).all(|w| w[0].at_ms <= w[1].at_ms),
            "oldest first"
        );
        let copy = engine
            .claim_emails(50, std::time::Duration::from_secs(60))
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.subject.ends_with("confirmation (copy)"))
            .unwrap();
        assert_eq!(copy.to_address, "buyer@acme.example");
        assert!(
            copy.body.contains("2 × "),
            "the lines as ordered: {}",
            copy.body
        );
        assert!(copy.body.contains("status: partially shipped"));

        // A note that says nothing, or too much, names the field and is not kept.
        for bad in ["   ", &"x".repeat(2001)] {
            match engine.add_order_note(&manager, &number, bad).await {
                Err(EngineError::Domain(e)) => assert_eq!(e.field, "note"),
                other => panic!("expected a note error, got {other:?}"),
            }
        }
        let audit = engine
            .audit_entries(
                &Actor::process("test"),
                &AuditFilter {
                    entity: Some("order".into()),
                    entity_id: Some(number.clone()),
                    ..AuditFilter::default()
                },
            )
            .await
            .unwrap()
            .entries;
        let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
        assert!(actions.contains(&"order.noted"), "{actions:?}");
        assert!(actions.contains(&"order.confirmation_resent"));
        assert!(audit.iter().all(|a| a.actor == "om@shop.example"));

        // A reader may read the timeline and nothing more; a catalog manager not even that; another company's
        // key does not find the order.
        let reader = staff_actor(&engine, "ro@shop.example", "read_only").await;
        assert_eq!(
            engine.order_timeline(&reader, &number).await.unwrap().len(),
            timeline.len()
        );
        for refused in [
            engine.add_order_note(&reader, &number, "hi").await.err(),
            engine
                .resend_order_confirmation(&reader, &number)
                .await
                .err(),
        ] {
            assert!(
                matches!(refused, Some(EngineError::Forbidden(_))),
                "{refused:?}"
            );
        }
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        assert!(matches!(
            engine.order_timeline(&catalog, &number).await,
            Err(EngineError::Forbidden(_))
        ));
        let acme_key = key_actor(&engine, vec![Scope::OrdersRead], Some("acme")).await;
        assert_eq!(
            engine
                .order_timeline(&acme_key, &number)
                .await
                .unwrap()
                .len(),
            timeline.len()
        );
        assert!(matches!(
            engine.order_timeline(&manager, "100999").await,
            Err(EngineError::NotFound { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn the_order_generator_writes_a_history_the_list_can_page_through() {
    each_backend(|engine| async move {
        assert!(
            engine.seed_orders(10).await.is_err(),
            "an empty shop has nobody to order"
        );
        seeded(&engine).await;
        assert_eq!(engine.seed_orders(250).await.unwrap(), 250);
        let manager = staff_actor(&engine, "om@shop.example", "order_manager").await;
        let all = engine
            .search_orders(&manager, &OrderSearch::default())
            .await
            .unwrap();
        assert_eq!(all.page.total_items, 250);
        assert_eq!(all.orders.len(), engine::MERCHANT_PAGE as usize);
        assert!(
            all.orders
                .windows(2)
                .all(|w| w[0].placed_at_ms >= w[1].placed_at_ms),
            "newest first"
        );
        let mut by_status = 0;
        // The generator writes a history as a shop without approval rules has it.
        let generated = OrderStatus::ALL
            .into_iter()
            .filter(|s| !matches!(s, OrderStatus::AwaitingApproval | OrderStatus::Declined));
        for status in generated {
            let page = engine
                .search_orders(
                    &manager,
                    &OrderSearch {
                        status: Some(status),
                        ..OrderSearch::default()
                    },
                )
                .await
                .unwrap();
            assert!(page.page.total_items > 0, "some orders are {status:?}");
            by_status += page.page.total_items;
        }
        assert_eq!(by_status, 250);
        let last = engine
            .search_orders(
                &manager,
                &OrderSearch {
                    page: 5,
                    ..OrderSearch::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(last.orders.len(), 50);
        let order = engine
            .order_for_merchant(&last.orders[0].number)
            .await
            .unwrap();
        assert!(!order.lines.is_empty());
        assert_eq!(
            order.totals.total.amount,
            order.totals.subtotal_net.amount + order.totals.tax.amount
        );
    })
    .await;
}
