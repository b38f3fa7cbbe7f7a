//! Customer service shops as a buyer on every backend: the session names the member, each action of it is audited
//! under the member's name, a buyer's own session writes nothing, and only staff with `customers:write` may.

mod common;

use common::{each_backend, guest, seeded, staff_actor};
use engine::{Actor, ClientAddr, EngineError, KeyKind, NewApiKey, Scope};

#[tokio::test]
async fn a_member_shops_as_a_buyer_on_the_record_and_others_may_not() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let service = staff_actor(&engine, "cs@shop.example", "customer_service").await;
        let token = engine
            .start_shopping_as(&service, " Buyer@ACME.example ")
            .await
            .unwrap();
        let (account, shopper) = engine
            .session_shopper(&token, guest(&engine).await)
            .await
            .unwrap()
            .expect("a live session");
        assert_eq!(account.email.as_str(), "buyer@acme.example");
        assert_eq!(shopper.acting_staff.as_deref(), Some("cs@shop.example"));
        assert!(
            shopper.company.is_some(),
            "the buyer's company and its prices apply"
        );
        assert!(
            engine
                .record_action_as_buyer(&token, "POST /api/cart/add")
                .await
                .unwrap()
        );

        // The buyer's own session is theirs alone: nothing is recorded, no banner.
        let own = engine
            .sign_in("buyer@acme.example", "kontor-demo", ClientAddr::LOCAL)
            .await
            .unwrap()
            .token;
        let (_, mine) = engine
            .session_shopper(&own, guest(&engine).await)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(mine.acting_staff, None);
        assert!(
            !engine
                .record_action_as_buyer(&own, "POST /api/cart/add")
                .await
                .unwrap()
        );
        assert!(
            !engine
                .record_action_as_buyer("not-a-token", "POST /")
                .await
                .unwrap()
        );

        let trail = common::trail(&engine, "customer", "buyer@acme.example").await;
        let actions: Vec<(&str, &str)> = trail
            .iter()
            .map(|e| (e.action.as_str(), e.actor.as_str()))
            .collect();
        assert_eq!(
            actions,
            [
                ("customer.acted_as", "cs@shop.example"),
                ("customer.shopping_as", "cs@shop.example")
            ],
            "newest first, one entry per action of the session"
        );
        assert_eq!(
            trail[0].changes[0].after.as_deref(),
            Some("POST /api/cart/add")
        );

        // Refused: a role without `customers:write`, a key (not a person), an unknown buyer.
        for who in ["catalog_manager", "read_only"] {
            let member = staff_actor(&engine, &format!("{who}@shop.example"), who).await;
            assert!(matches!(
                engine
                    .start_shopping_as(&member, "buyer@acme.example")
                    .await,
                Err(EngineError::Forbidden(_))
            ));
        }
        let made = engine
            .create_api_key(
                &Actor::process("test"),
                NewApiKey {
                    kind: KeyKind::Secret,
                    name: "crm".into(),
                    scopes: vec![Scope::CustomersWrite],
                    channel: None,
                    company: None,
                    rate_per_minute: None,
                },
            )
            .await
            .unwrap();
        let key = engine
            .key_actor(&made.secret, None)
            .await
            .unwrap()
            .unwrap()
            .0;
        assert!(matches!(
            engine.start_shopping_as(&key, "buyer@acme.example").await,
            Err(EngineError::Forbidden(_))
        ));
        match engine
            .start_shopping_as(&service, "nobody@acme.example")
            .await
        {
            Err(EngineError::Domain(e)) => assert_eq!(e.field, "email"),
            other => panic!("expected an email error, got {other:?}"),
        }
    })
    .await;
}
