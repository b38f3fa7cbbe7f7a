//! Shopping lists on every backend: a buyer keeps a list shared with the company; its admin may change it, its
//! viewer may only read it and keeps none; a private list is its owner's alone; someone outside the company sees
//! neither; the whole list or part of it goes into the cart through quick order's check; a cart is kept as a list.

mod common;

use common::{each_backend, seeded, signed_in_buyer};
use domain::{Email, Password, Sku};
use engine::{Actor, ClientAddr, EngineError};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

#[tokio::test]
async fn a_shared_list_is_read_by_the_company_and_changed_by_its_owner_and_admins() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        for s in ["SC-160", "SP-01", "SP-02"] {
            engine.set_stock(&ops, "main", &sku(s), 100).await.unwrap();
        }
        let (buyer, buyer_shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let (admin, _) = signed_in_buyer(&engine, "admin@acme.example").await;
        let (viewer, viewer_shopper) = signed_in_buyer(&engine, "viewer@acme.example").await;

        let shared = engine
            .create_shopping_list(&buyer, "  Line maintenance ", true)
            .await
            .unwrap();
        engine
            .set_list_quantity(&buyer, shared, &sku("SC-160"), 5, false)
            .await
            .unwrap();
        engine
            .set_list_quantity(&buyer, shared, &sku("sp-01"), 2, true)
            .await
            .unwrap();
        engine
            .set_list_quantity(&buyer, shared, &sku("SP-01"), 1, true)
            .await
            .unwrap();
        let private = engine
            .create_shopping_list(&buyer, "Mine", false)
            .await
            .unwrap();
        engine
            .set_list_quantity(&buyer, private, &sku("SP-02"), 1, false)
            .await
            .unwrap();

        let list = engine
            .shopping_list(&viewer, &viewer_shopper, shared)
            .await
            .unwrap();
        assert_eq!(list.summary.name, "Line maintenance");
        assert!(list.summary.shared && !list.summary.can_change);
        let items: Vec<(&str, u32)> = list
            .items
            .iter()
            .map(|i| (i.sku.as_str(), i.quantity))
            .collect();
        assert_eq!(items, [("SC-160", 5), ("SP-01", 3)]);
        assert!(list.items.iter().all(|i| i.unit_price.is_some()));
        let seen: Vec<String> = engine
            .shopping_lists(&viewer)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(
            seen,
            ["Line maintenance", "Workshop restock"],
            "the private list is the owner's alone; the demo's shared list is there too"
        );
        assert!(matches!(
            engine
                .shopping_list(&viewer, &viewer_shopper, private)
                .await,
            Err(EngineError::NotFound { .. })
        ));
        assert!(matches!(
            engine
                .set_list_quantity(&viewer, shared, &sku("SP-02"), 1, false)
                .await,
            Err(EngineError::Forbidden(_))
        ));
        assert!(matches!(
            engine
                .create_shopping_list(&viewer, "Viewer's", false)
                .await,
            Err(EngineError::Forbidden(_))
        ));
        // The company's admin may change a shared list, not another's private one.
        engine
            .change_shopping_list(&admin, shared, "Workshop", true)
            .await
            .unwrap();
        assert!(matches!(
            engine.delete_shopping_list(&admin, private).await,
            Err(EngineError::NotFound { .. })
        ));

        // Someone outside the company sees none of it.
        let outsider = engine
            .sign_up(
                &Email::parse("outsider@example.com").unwrap(),
                &Password::parse("a long enough password").unwrap(),
                "Outsider",
                "https://shop.example/confirm",
                ClientAddr::LOCAL,
            )
            .await
            .unwrap()
            .account;
        assert!(engine.shopping_lists(&outsider).await.unwrap().is_empty());
        assert!(matches!(
            engine.delete_shopping_list(&outsider, shared).await,
            Err(EngineError::NotFound { .. })
        ));
        assert!(matches!(
            engine.create_shopping_list(&outsider, "Shared", true).await,
            Err(EngineError::Domain(ref e)) if e.field == "shared"
        ));

        // Part of the list, then the whole, into the buyer's cart.
        let (cart, lines) = engine
            .shopping_list_to_cart(&buyer, &buyer_shopper, shared, &[sku("SP-01")])
            .await
            .unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(cart.unwrap().lines.len(), 1);
        let (cart, _) = engine
            .shopping_list_to_cart(&buyer, &buyer_shopper, shared, &[])
            .await
            .unwrap();
        let cart = cart.unwrap();
        let units: Vec<(String, u32)> = cart
            .lines
            .iter()
            .map(|l| (l.sku.as_str().to_owned(), l.quantity.get()))
            .collect();
        assert_eq!(units, [("SP-01".to_owned(), 6), ("SC-160".to_owned(), 5)]);

        // The cart kept as a list; a list of nothing on sale is refused naming the SKU.
        let kept = engine
            .save_cart_as_list(&buyer, &buyer_shopper, "From the cart", false)
            .await
            .unwrap();
        let kept = engine
            .shopping_list(&buyer, &buyer_shopper, kept)
            .await
            .unwrap();
        assert_eq!(kept.items.len(), 2);
        assert!(matches!(
            engine.set_list_quantity(&buyer, shared, &sku("NO-SUCH"), 1, false).await,
            Err(EngineError::Domain(ref e)) if e.field == "sku"
        ));
        engine
            .set_list_quantity(&buyer, shared, &sku("SC-160"), 0, false)
            .await
            .unwrap();
        let after = engine
            .shopping_list(&buyer, &buyer_shopper, shared)
            .await
            .unwrap();
        assert_eq!(after.items.len(), 1, "0 takes a SKU off");
        // Many SKUs at once (an order's lines): one refused SKU leaves the list as it was.
        assert!(
            engine
                .set_list_lines(
                    &buyer,
                    shared,
                    &[(sku("SP-02"), 3), (sku("NO-SUCH"), 1)],
                    true
                )
                .await
                .is_err()
        );
        engine
            .set_list_lines(
                &buyer,
                shared,
                &[(sku("SP-02"), 3), (sku("SP-01"), 1)],
                true,
            )
            .await
            .unwrap();
        let after: Vec<(String, u32)> = engine
            .shopping_list(&buyer, &buyer_shopper, shared)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|i| (i.sku, i.quantity))
            .collect();
        assert_eq!(after, [("SP-01".to_owned(), 4), ("SP-02".to_owned(), 3)]);
        engine.delete_shopping_list(&buyer, shared).await.unwrap();
        let left: Vec<String> = engine
            .shopping_lists(&viewer)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(left, ["Workshop restock"]);

        // Every change is an event for integrations reading people's data, the company's own key included.
        let events = engine
            .events_after(0, 500, &Actor::process("test"))
            .await
            .unwrap();
        let list_events: Vec<(String, serde_json::Value)> = events
            .iter()
            .filter(|e| e.resource == format!("shopping_list:{shared}"))
            .map(|e| {
                (
                    e.event_type.clone(),
                    serde_json::from_str(&e.payload).unwrap(),
                )
            })
            .collect();
        assert!(
            list_events
                .iter()
                .all(|(t, _)| t == "shopping_list.changed")
        );
        let actions: Vec<&str> = list_events
            .iter()
            .map(|(_, p)| p["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions.first(), Some(&"created"));
        assert_eq!(actions.last(), Some(&"deleted"));
        let last = &list_events.last().unwrap().1;
        assert_eq!(last["company"], "acme");
        assert_eq!(last["owner"], "buyer@acme.example");
        assert_eq!(last["lines"], 2);
    })
    .await;
}
