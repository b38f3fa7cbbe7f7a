//! Integrations on every backend: API keys, the event outbox and webhook deliveries (ordered per resource, leased
//! between app servers, backed off), idempotent answers, ERP uploads of contract prices and customers, and live
//! ERP lookups with their fallback.

mod common;

use std::{sync::Arc, time::Duration};

use common::{each_backend, each_database_url, each_shared_backend, seeded};
use domain::{Quantity, Sku};
use engine::{
    Engine, EngineConfig, EngineError, ErpConnector, ErpFuture, ErpLimits, ErpLine, ErpRequest,
    ErpStatus, Idempotency, KeyKind, NewApiKey, Scope, SecretKey, Source,
    events::{NewWebhook, webhook_signature},
    exchange::{CustomerRecord, PriceListRecord},
};
use rust_decimal::Decimal;

const LEASE: Duration = engine::IDEMPOTENCY_LEASE;

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

async fn acme_buyer(engine: &Engine) -> (domain::Account, engine::Shopper) {
    common::signed_in_buyer(engine, "buyer@acme.example").await
}

/// The ACME buyer orders one SC-160; the order number.
async fn order(engine: &Engine, key: &str) -> String {
    let (account, shopper) = acme_buyer(engine).await;
    engine
        .add_to_cart(&shopper, None, &sku("SC-160"), Quantity::parse(1).unwrap())
        .await
        .unwrap();
    common::order_cart_on_account(engine, &account, &shopper, key).await
}

#[tokio::test]
async fn keys_authenticate_until_revoked_and_refuse_what_their_kind_cannot_hold() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let made = engine
            .create_api_key(
                &engine::Actor::process("test"),
                NewApiKey {
                    kind: KeyKind::Secret,
                    name: "ERP".into(),
                    scopes: vec![Scope::OrdersRead, Scope::CatalogWrite, Scope::OrdersRead],
                    channel: None,
                    company: None,
                    rate_per_minute: None,
                },
            )
            .await
            .unwrap();
        assert!(made.secret.starts_with("kontor_sk_"));
        assert_eq!(made.key.scopes, [Scope::CatalogWrite, Scope::OrdersRead]);
        assert!(made.secret.starts_with(&made.key.prefix));
        let found = engine
            .authenticate_api_key(&made.secret)
            .await
            .unwrap()
            .unwrap();
        assert!(found.allows(Scope::CatalogWrite) && !found.allows(Scope::OrdersWrite));
        let mut wrong = made.secret.clone();
        wrong.pop();
        wrong.push('x');
        assert_eq!(engine.authenticate_api_key(&wrong).await.unwrap(), None);
        engine
            .revoke_api_key(&engine::Actor::process("test"), made.key.id)
            .await
            .unwrap();
        assert_eq!(
            engine.authenticate_api_key(&made.secret).await.unwrap(),
            None
        );

        let publishable = engine
            .create_api_key(
                &engine::Actor::process("test"),
                NewApiKey {
                    kind: KeyKind::Publishable,
                    name: "App".into(),
                    scopes: vec![],
                    channel: Some("shop-ch".into()),
                    company: None,
                    rate_per_minute: Some(10),
                },
            )
            .await
            .unwrap();
        assert_eq!(publishable.key.channel.as_ref().unwrap().1, "shop-ch");
        for (new, field) in [
            (
                NewApiKey {
                    kind: KeyKind::Publishable,
                    name: "x".into(),
                    scopes: vec![Scope::OrdersRead],
                    channel: None,
                    company: None,
                    rate_per_minute: None,
                },
                "scopes",
            ),
            (
                NewApiKey {
                    kind: KeyKind::Secret,
                    name: "x".into(),
                    scopes: vec![Scope::OrdersWrite],
                    channel: None,
                    company: Some("acme".into()),
                    rate_per_minute: None,
                },
                "scopes",
            ),
            (
                NewApiKey {
                    kind: KeyKind::Secret,
                    name: " ".into(),
                    scopes: vec![Scope::OrdersRead],
                    channel: None,
                    company: None,
                    rate_per_minute: None,
                },
                "name",
            ),
        ] {
            match engine
                .create_api_key(&engine::Actor::process("test"), new)
                .await
            {
                Err(engine::EngineError::Domain(e)) => assert_eq!(e.field, field),
                other => panic!("expected a {field} error, got {other:?}"),
            }
        }
        assert_eq!(
            engine
                .api_keys(&engine::Actor::process("test"))
                .await
                .unwrap()
                .len(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn a_key_hands_on_only_the_scopes_and_the_company_it_holds() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let secret = |scopes: Vec<Scope>, company: Option<&str>| NewApiKey {
            kind: KeyKind::Secret,
            name: "made".into(),
            scopes,
            channel: None,
            company: company.map(str::to_owned),
            rate_per_minute: None,
        };
        let keys = engine
            .create_api_key(
                &engine::Actor::process("test"),
                secret(vec![Scope::KeysManage, Scope::OrdersRead], None),
            )
            .await
            .unwrap()
            .secret;
        let (keys_actor, _) = engine.key_actor(&keys, None).await.unwrap().unwrap();
        let by_keys = &keys_actor;
        for wanted in [
            vec![Scope::OrdersWrite],
            vec![Scope::OrdersRead, Scope::CatalogWrite],
        ] {
            let refused = engine.create_api_key(by_keys, secret(wanted, None)).await;
            assert!(
                matches!(refused, Err(engine::EngineError::Forbidden(_))),
                "{refused:?}"
            );
        }
        let made = engine
            .create_api_key(by_keys, secret(vec![Scope::OrdersRead], None))
            .await
            .unwrap();
        assert_eq!(made.key.scopes, [Scope::OrdersRead]);

        let bound = engine
            .create_api_key(
                &engine::Actor::process("test"),
                secret(vec![Scope::OrdersRead], Some("acme")),
            )
            .await
            .unwrap()
            .secret;
        // A key bound to a company cannot hold `keys:manage`, so it makes no keys at all, bound or not.
        let (bound_actor, _) = engine.key_actor(&bound, None).await.unwrap().unwrap();
        for company in [None, Some("acme")] {
            let refused = engine
                .create_api_key(&bound_actor, secret(vec![Scope::OrdersRead], company))
                .await;
            assert!(
                matches!(refused, Err(engine::EngineError::Forbidden(_))),
                "{refused:?}"
            );
        }
        // Making and revoking keys are in the audit trail, without the secret.
        let trail = engine
            .audit_entries(
                &engine::Actor::process("test"),
                &engine::audit_log::AuditFilter {
                    entity: Some("api_key".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let made_entry = trail
            .entries
            .iter()
            .find(|e| e.entity_id == made.key.id.to_string())
            .unwrap();
        assert_eq!(made_entry.action, "api_key.created");
        assert_eq!(made_entry.actor_kind, "key");
        assert!(
            made_entry.changes.iter().all(|c| !c
                .after
                .as_deref()
                .unwrap_or("")
                .contains(&made.secret))
        );
    })
    .await;
}

#[tokio::test]
async fn order_events_are_delivered_in_order_per_order_with_back_off_and_one_lease() {
    each_shared_backend(|a, b| async move {
        seeded(&a).await;
        a.warm_up().await.unwrap();
        b.warm_up().await.unwrap();
        let (all, _) = a
            .create_webhook(
                &engine::Actor::process("test"),
                NewWebhook {
                    url: "https://hooks.example/all".into(),
                    event_types: vec![],
                },
            )
            .await
            .unwrap();
        a.create_webhook(
            &engine::Actor::process("test"),
            NewWebhook {
                url: "https://hooks.example/shipped".into(),
                event_types: vec!["order.shipped".into()],
            },
        )
        .await
        .unwrap();
        let first = order(&a, "events-0001").await;
        a.confirm_order(&engine::Actor::process("test"), &first)
            .await
            .unwrap();
        let second = order(&a, "events-0002").await;

        let events = a
            .events_after(0, 100, &engine::Actor::process("test"))
            .await
            .unwrap();
        let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
        assert_eq!(types, ["order.placed", "order.confirmed", "order.placed"]);
        assert!(events.windows(2).all(|w| w[0].id < w[1].id));

        // Only the earliest pending event of each order is due; the other app server gets nothing while leased.
        let due = a.claim_webhook_deliveries(10, 60_000).await.unwrap();
        let claimed: Vec<(String, String)> = due
            .iter()
            .map(|d| (d.event.resource.clone(), d.event.event_type.clone()))
            .collect();
        assert_eq!(
            claimed,
            [
                (format!("order:{first}"), "order.placed".into()),
                (format!("order:{second}"), "order.placed".into())
            ]
        );
        assert!(
            b.claim_webhook_deliveries(10, 60_000)
                .await
                .unwrap()
                .is_empty()
        );

        // A failure waits its back-off; a success lets the order's next event through.
        let first_placed = due
            .iter()
            .find(|d| d.event.resource.ends_with(&first))
            .unwrap();
        a.record_webhook_attempt(first_placed.id, Err("connection refused".into()), 3)
            .await
            .unwrap();
        let second_placed = due
            .iter()
            .find(|d| d.event.resource.ends_with(&second))
            .unwrap();
        a.record_webhook_attempt(second_placed.id, Ok(204), 2)
            .await
            .unwrap();
        assert!(
            b.claim_webhook_deliveries(10, 60_000)
                .await
                .unwrap()
                .is_empty()
        );
        let (delivery, attempts) = a.webhook_delivery(first_placed.id).await.unwrap();
        assert_eq!(
            (delivery.status.as_str(), delivery.attempts),
            ("pending", 1)
        );
        assert_eq!(attempts[0].error.as_deref(), Some("connection refused"));
        let replayed = a
            .replay_webhook_delivery(&engine::Actor::process("test"), first_placed.id)
            .await
            .unwrap();
        assert_eq!(replayed.status, "pending");
        let again = b.claim_webhook_deliveries(10, 60_000).await.unwrap();
        assert_eq!(again.len(), 1);
        b.record_webhook_attempt(again[0].id, Ok(200), 1)
            .await
            .unwrap();
        let next = a.claim_webhook_deliveries(10, 60_000).await.unwrap();
        assert_eq!(next.len(), 1);
        assert_eq!(next[0].event.event_type, "order.confirmed");

        let log = a.webhook_deliveries(all.id, None, 10).await.unwrap();
        assert_eq!(
            log.len(),
            3,
            "the shipped-only subscription got none of these"
        );
        let changed = a.orders_changed_after(0, 10, None).await.unwrap();
        assert_eq!(
            changed.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
            [first.as_str(), second.as_str()]
        );
        assert!(
            a.orders_changed_after(changed[1].0, 10, None)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(a.audit_orders_and_stock().await.unwrap().is_empty());
    })
    .await;
}

/// Every stored signing secret, read past the engine.
async fn stored_secrets(url: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT secret FROM webhook_subscriptions ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    rows.into_iter().map(|(s,)| s).collect()
}

#[tokio::test]
async fn webhook_secrets_are_stored_sealed_still_sign_and_need_their_key() {
    each_database_url(|url| async move {
        let engine_with = |key: SecretKey| {
            let url = url.clone();
            async move {
                let config = EngineConfig {
                    max_connections: 4,
                    secret_key: key,
                    ..EngineConfig::default()
                };
                let engine = Engine::connect(&url, config).await.unwrap();
                engine.migrate().await.unwrap();
                engine
            }
        };
        let key = SecretKey::generate();
        let shop = engine_with(key.clone()).await;
        seeded(&shop).await;
        shop.warm_up().await.unwrap();
        let (hook, secret) = shop
            .create_webhook(
                &engine::Actor::process("test"),
                NewWebhook {
                    url: "https://hooks.example/sealed".into(),
                    event_types: vec![],
                },
            )
            .await
            .unwrap();
        let stored = stored_secrets(&url).await;
        let random_part = secret.trim_start_matches("whsec_");
        assert!(
            !stored[0].contains(random_part),
            "the secret is not stored in clear: {stored:?}"
        );

        // A secret stored in clear before sealing existed is still used, and sealed at the next start.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO webhook_subscriptions (url, secret, event_types, created_at)
             VALUES ('https://hooks.example/old', 'whsec_old', '*', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
        order(&shop, "sealed-0001").await;
        let due = shop.claim_webhook_deliveries(10, 1).await.unwrap();
        assert_eq!(due.len(), 2);
        let body = r#"{"id":1}"#;
        for delivery in &due {
            let expected = if delivery.url.ends_with("/old") {
                "whsec_old"
            } else {
                secret.as_str()
            };
            assert_eq!(
                webhook_signature(&delivery.secret, 1_700_000_000, body),
                webhook_signature(expected, 1_700_000_000, body),
                "a receiver still verifies the signature"
            );
        }
        assert_eq!(shop.seal_webhook_secrets().await.unwrap(), 1);
        assert_eq!(shop.seal_webhook_secrets().await.unwrap(), 0);
        let stored = stored_secrets(&url).await;
        assert!(
            stored
                .iter()
                .all(|s| s.starts_with("sealed1:") && !s.contains("whsec_")),
            "{stored:?}"
        );

        // Another key opens nothing: start-up stops, and a delivery is not sent unsigned but logged as failed.
        let stranger = engine_with(SecretKey::generate()).await;
        let refused = stranger.seal_webhook_secrets().await.unwrap_err();
        assert!(matches!(refused, EngineError::WrongKey(_)), "{refused}");
        assert!(
            refused.to_string().contains("KONTOR_SECRET_KEY"),
            "{refused}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert!(
            stranger
                .claim_webhook_deliveries(10, 60_000)
                .await
                .unwrap()
                .is_empty()
        );
        let mine = due.iter().find(|d| !d.url.ends_with("/old")).unwrap();
        let (delivery, attempts) = shop.webhook_delivery(mine.id).await.unwrap();
        assert_eq!(
            (delivery.status.as_str(), delivery.attempts),
            ("pending", 1)
        );
        assert!(
            attempts[0]
                .error
                .as_deref()
                .unwrap_or_default()
                .contains("cannot be opened with this key"),
            "{attempts:?}"
        );
        assert_eq!(
            shop.webhook(hook.id).await.unwrap().url,
            "https://hooks.example/sealed"
        );
        stranger.close().await;
        shop.close().await;
    })
    .await;
}

#[tokio::test]
async fn an_idempotent_answer_is_replayed_for_the_same_request_only() {
    each_backend(|engine| async move {
        let begin = |hash: &'static str| {
            let engine = engine.clone();
            async move {
                engine
                    .begin_idempotent("caller", "key-0001", hash, LEASE)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(begin("h1").await, Idempotency::Proceed);
        assert_eq!(begin("h1").await, Idempotency::InFlight);
        engine
            .finish_idempotent("caller", "key-0001", 201, "{\"id\":1}")
            .await
            .unwrap();
        assert_eq!(
            begin("h1").await,
            Idempotency::Replay {
                status: 201,
                body: "{\"id\":1}".into()
            }
        );
        assert_eq!(begin("h2").await, Idempotency::Mismatch);
        assert_eq!(
            engine
                .begin_idempotent("someone else", "key-0001", "h2", LEASE)
                .await
                .unwrap(),
            Idempotency::Proceed
        );
        engine
            .abandon_idempotent("someone else", "key-0001")
            .await
            .unwrap();
        assert_eq!(
            engine
                .begin_idempotent("someone else", "key-0001", "h3", LEASE)
                .await
                .unwrap(),
            Idempotency::Proceed
        );
        assert_eq!(
            engine.purge_idempotent().await.unwrap(),
            0,
            "nothing is a day old"
        );
    })
    .await;
}

#[tokio::test]
async fn a_claim_whose_holder_vanished_is_claimable_again_after_the_lease() {
    each_backend(|engine| async move {
        let lease = Duration::from_millis(300);
        let begin = || engine.begin_idempotent("caller", "key-lease", "h1", lease);
        assert_eq!(begin().await.unwrap(), Idempotency::Proceed);
        assert_eq!(begin().await.unwrap(), Idempotency::InFlight);
        // The holder neither finishes nor abandons the key, as when its process was killed.
        tokio::time::sleep(lease + Duration::from_millis(100)).await;
        assert_eq!(
            begin().await.unwrap(),
            Idempotency::Proceed,
            "the retry runs"
        );
        assert_eq!(begin().await.unwrap(), Idempotency::InFlight);
        engine
            .finish_idempotent("caller", "key-lease", 201, "{}")
            .await
            .unwrap();
        tokio::time::sleep(lease + Duration::from_millis(100)).await;
        assert_eq!(
            begin().await.unwrap(),
            Idempotency::Replay {
                status: 201,
                body: "{}".into()
            },
            "an answer outlives the lease"
        );
    })
    .await;
}

#[tokio::test]
async fn erp_uploads_change_contract_prices_and_people_line_by_line() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let line = |text: &str| serde_json::from_str::<PriceListRecord>(text).map_err(|e| domain::DomainError::new("line", e.to_string()));
        let outcomes = engine
            .upsert_price_list_entries(&engine::Actor::process("test"), vec![
                (1, line(r#"{"price_list":"acme","sku":"SC-160","price":"8.75","tiers":[{"min_quantity":10,"price":"8.5"}]}"#)),
                (2, line(r#"{"price_list":"nope","sku":"SC-160","price":"1"}"#)),
                (3, line(r#"{"price_list":"acme","sku":"SC-160","price":"1","percent_off":"5"}"#)),
                (4, line(r#"{"price_list":"acme","sku":"NO-SUCH","price":"1"}"#)),
                (5, line(r#"{"price_list":"acme","sku":"SC-160","price":"8","tiers":[{"min_quantity":10,"price":"9"}]}"#)),
                (6, line(r#"{"price_list":"acme","sku":"SC-160","prize":"8"}"#)),
            ])
            .await
            .unwrap();
        let ok: Vec<usize> = outcomes.iter().filter(|(_, r)| r.is_ok()).map(|(l, _)| *l).collect();
        assert_eq!(ok, [1], "{outcomes:?}");
        assert!(outcomes[1].1.as_ref().unwrap_err().contains("price_list"));
        engine.refresh().await.unwrap();
        let (_, shopper) = acme_buyer(&engine).await;
        let quote = engine.quote(&shopper, &sku("SC-160"), Quantity::parse(10).unwrap()).await.unwrap();
        assert_eq!(quote.unit_net.money().amount, Decimal::new(85, 1), "the uploaded break applies");

        let person = |text: &str| serde_json::from_str::<CustomerRecord>(text).map_err(|e| domain::DomainError::new("line", e.to_string()));
        let outcomes = engine
            .upsert_customers(&engine::Actor::process("test"), vec![
                (1, person(r#"{"company":"initech","company_name":"Initech","country":"US","email":"peter@initech.example","name":"Peter","role":"buyer"}"#)),
                (2, person(r#"{"company":"initech","email":"bill@initech.example","name":"Bill","role":"admin"}"#)),
                (3, person(r#"{"company":"initech","email":"buyer@acme.example","name":"Moved","role":"buyer"}"#)),
                (4, person(r#"{"company":"umbrella","email":"x@umbrella.example","name":"X","role":"buyer"}"#)),
                (5, person(r#"{"company":"initech","email":"peter@initech.example","name":"Peter G.","role":"viewer"}"#)),
                (6, person(r#"{"company":"initech","email":"not-an-email","name":"N","role":"buyer"}"#)),
            ])
            .await
            .unwrap();
        let ok: Vec<usize> = outcomes.iter().filter(|(_, r)| r.is_ok()).map(|(l, _)| *l).collect();
        assert_eq!(ok, [1, 2, 3, 5], "{outcomes:?}");
        assert!(outcomes[3].1.as_ref().unwrap_err().contains("company_name"));
        // A person of another company becomes a member of this one too, and keeps their first membership.
        let people = engine.customer_records(&engine::Actor::process("test"), Some("initech")).await.unwrap();
        let emails: Vec<&str> = people.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(emails, ["bill@initech.example", "buyer@acme.example", "peter@initech.example"]);
        assert_eq!((people[2].name.as_str(), people[2].role.as_str()), ("Peter G.", "viewer"));
        let acme = engine.customer_records(&engine::Actor::process("test"), Some("acme")).await.unwrap();
        assert!(acme.iter().any(|p| p.email == "buyer@acme.example" && p.role == "buyer"), "{acme:?}");
        let (account, shopper) = acme_buyer(&engine).await;
        assert_eq!(account.company.map(|c| c.code).as_deref(), Some("acme"), "a session acts for the first company");
        assert_eq!(shopper.role, Some(domain::Role::Buyer));
        let umbrella = engine
            .upsert_price_list(&engine::Actor::process("test"), &engine::exchange::PriceListSetup {
                code: "umbrella".into(),
                name: "Umbrella".into(),
                currency: "EUR".into(),
                priority: 0,
                valid_from_ms: None,
                valid_until_ms: None,
                targets: vec!["company:umbrella".into()],
            })
            .await;
        assert!(umbrella.is_err(), "a refused line created no company");
        assert!(engine.sign_in("peter@initech.example", "", engine::ClientAddr::LOCAL).await.is_err(), "no password came from the ERP");
    })
    .await;
}

/// An ERP stand-in: answers with a fixed price and stock, after `delay`, or fails.
struct FakeErp {
    delay: Duration,
    fail: bool,
}

impl ErpConnector for FakeErp {
    fn lookup<'a>(&'a self, request: &'a ErpRequest) -> ErpFuture<'a> {
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            if self.fail {
                return Err("ERP down".into());
            }
            assert_eq!(request.company.as_deref(), Some("acme"));
            Ok(request
                .lines
                .iter()
                .map(|l| ErpLine {
                    sku: l.sku.clone(),
                    unit_net: Some(Decimal::new(777, 2)),
                    available: Some(3),
                })
                .collect())
        })
    }
}

#[tokio::test]
async fn live_checks_use_the_erp_in_time_and_stored_data_otherwise() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let lines = [(sku("SC-160"), Quantity::parse(2).unwrap())];
        let (_, shopper) = acme_buyer(&engine).await;
        let stored = engine.live_check(&shopper, &lines).await.unwrap();
        assert_eq!(stored.erp, ErpStatus::NotConfigured);
        assert_eq!(stored.lines[0].price_source, Source::Stored);
        assert_eq!(
            stored.lines[0].unit_net.amount,
            Decimal::new(95, 1),
            "the stored contract price"
        );

        let timeout = Duration::from_millis(200);
        let live = engine.clone().with_erp(
            Arc::new(FakeErp {
                delay: Duration::ZERO,
                fail: false,
            }),
            ErpLimits {
                timeout,
                max_concurrent: 4,
            },
        );
        let check = live.live_check(&shopper, &lines).await.unwrap();
        assert_eq!(check.erp, ErpStatus::Answered);
        assert_eq!(
            (check.lines[0].unit_net.amount, check.lines[0].available),
            (Decimal::new(777, 2), 3)
        );
        assert_eq!(check.lines[0].availability_source, Source::Erp);

        let slow = engine.clone().with_erp(
            Arc::new(FakeErp {
                delay: Duration::from_secs(5),
                fail: false,
            }),
            ErpLimits {
                timeout,
                max_concurrent: 4,
            },
        );
        let started = std::time::Instant::now();
        let check = slow.live_check(&shopper, &lines).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the timeout bounds the wait"
        );
        assert_eq!(check.erp, ErpStatus::TimedOut);
        assert_eq!(check.lines, stored.lines);

        let down = engine.clone().with_erp(
            Arc::new(FakeErp {
                delay: Duration::ZERO,
                fail: true,
            }),
            ErpLimits {
                timeout,
                max_concurrent: 4,
            },
        );
        let check = down.live_check(&shopper, &lines).await.unwrap();
        assert_eq!(check.erp, ErpStatus::Failed("ERP down".into()));
        assert_eq!(check.lines, stored.lines);
    })
    .await;
}
