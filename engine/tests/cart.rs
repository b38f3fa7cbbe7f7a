mod common;

use common::{each_backend, seeded};
use domain::{CartToken, Quantity, Sku};
use engine::EngineError;

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

fn qty(n: i64) -> Quantity {
    Quantity::parse(n).unwrap()
}

#[tokio::test]
async fn the_first_add_creates_a_cart_with_totals() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let cart = engine
            .add_to_cart(&shopper, None, &sku("SP-01"), qty(3))
            .await
            .unwrap();
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].line_total.amount.to_string(), "13.53");
        assert_eq!(cart.subtotal.amount.to_string(), "13.53");
        assert_eq!(cart.item_count, 3);
        let again = engine.cart(&shopper, &cart.token).await.unwrap();
        assert_eq!(again, cart);
    })
    .await;
}

#[tokio::test]
async fn a_cart_holds_a_bounded_number_of_lines() {
    assert_eq!(engine::MAX_CART_LINES, 500);
    each_backend(|engine| async move {
        seeded(&engine).await;
        let engine = engine.with_max_cart_lines(3);
        let shopper = common::guest(&engine).await;
        let mut token = None;
        for s in ["SP-01", "SP-02", "SP-03"] {
            let cart = engine
                .add_to_cart(&shopper, token.as_ref(), &sku(s), qty(1))
                .await
                .unwrap();
            token = Some(cart.token);
        }
        let token = token.unwrap();
        let refused = engine
            .add_to_cart(&shopper, Some(&token), &sku("SP-04"), qty(1))
            .await
            .unwrap_err();
        let EngineError::Domain(e) = refused else {
            panic!("{refused:?}");
        };
        assert_eq!(e.field, "lines");
        assert!(e.message.contains("at most 3 lines"), "{}", e.message);
        let raised = engine
            .add_to_cart(&shopper, Some(&token), &sku("SP-02"), qty(2))
            .await
            .unwrap();
        assert_eq!(raised.lines.len(), 3, "a line already held may grow");
    })
    .await;
}

#[tokio::test]
async fn adding_the_same_variant_again_raises_its_quantity() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let cart = engine
            .add_to_cart(&shopper, None, &sku("SP-01"), qty(2))
            .await
            .unwrap();
        let cart = engine
            .add_to_cart(&shopper, Some(&cart.token), &sku("sp-01"), qty(5))
            .await
            .unwrap();
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].quantity.get(), 7);
        let cart = engine
            .add_to_cart(&shopper, Some(&cart.token), &sku("CP-180"), qty(1))
            .await
            .unwrap();
        assert_eq!(cart.lines.len(), 2);
        // 4.51 × 7 + 8.25 = 39.82
        assert_eq!(cart.subtotal.amount.to_string(), "39.82");
    })
    .await;
}

#[tokio::test]
async fn quantities_are_changed_and_lines_removed() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let cart = engine
            .add_to_cart(&shopper, None, &sku("SP-02"), qty(1))
            .await
            .unwrap();
        let cart = engine
            .add_to_cart(&shopper, Some(&cart.token), &sku("CP-180"), qty(1))
            .await
            .unwrap();
        let cart = engine
            .set_cart_quantity(&shopper, &cart.token, &sku("SP-02"), qty(10))
            .await
            .unwrap();
        assert_eq!(cart.lines[0].quantity.get(), 10);
        let cart = engine
            .remove_from_cart(&shopper, &cart.token, &sku("SP-02"))
            .await
            .unwrap();
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].sku.as_str(), "CP-180");
        let cart = engine
            .remove_from_cart(&shopper, &cart.token, &sku("SP-02"))
            .await
            .unwrap();
        assert_eq!(cart.lines.len(), 1, "removing twice is harmless");
    })
    .await;
}

#[tokio::test]
async fn more_than_is_on_hand_is_refused_and_nothing_changes() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let cart = engine
            .add_to_cart(&shopper, None, &sku("SC-160"), qty(4))
            .await
            .unwrap();
        let err = engine
            .add_to_cart(&shopper, Some(&cart.token), &sku("SC-160"), qty(2))
            .await
            .unwrap_err();
        assert!(
            matches!(err, EngineError::OutOfStock { available: 5, .. }),
            "{err:?}"
        );
        let err = engine
            .set_cart_quantity(&shopper, &cart.token, &sku("SC-160"), qty(6))
            .await
            .unwrap_err();
        assert!(matches!(err, EngineError::OutOfStock { .. }), "{err:?}");
        assert_eq!(
            engine.cart(&shopper, &cart.token).await.unwrap().lines[0]
                .quantity
                .get(),
            4
        );
        let err = engine
            .add_to_cart(&shopper, None, &sku("BC-600"), qty(1))
            .await
            .unwrap_err();
        assert!(
            matches!(err, EngineError::OutOfStock { available: 0, .. }),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_sku_or_cart_is_not_found() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let err = engine
            .add_to_cart(&shopper, None, &sku("NOPE"), qty(1))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                EngineError::NotFound {
                    entity: "variant",
                    ..
                }
            ),
            "{err:?}"
        );
        let stranger = CartToken::parse("00000000000000000000000000000000").unwrap();
        assert!(matches!(
            engine.cart(&shopper, &stranger).await,
            Err(EngineError::NotFound { entity: "cart", .. })
        ));
        let cart = engine
            .add_to_cart(&shopper, None, &sku("SP-03"), qty(1))
            .await
            .unwrap();
        let err = engine
            .set_cart_quantity(&shopper, &cart.token, &sku("CP-180"), qty(1))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                EngineError::NotFound {
                    entity: "cart line",
                    ..
                }
            ),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_add_with_a_stale_token_starts_a_new_cart() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let stale = CartToken::parse("ffffffffffffffffffffffffffffffff").unwrap();
        let cart = engine
            .add_to_cart(&shopper, Some(&stale), &sku("SP-04"), qty(1))
            .await
            .unwrap();
        assert_ne!(cart.token, stale);
        assert_eq!(cart.lines.len(), 1);
    })
    .await;
}

/// Many buyers adding at once: every add must wait its turn for the write lock, none may fail.
async fn concurrent_adds_all_succeed(engine: engine::Engine) {
    seeded(&engine).await;
    let shopper = common::guest(&engine).await;
    let first = engine
        .add_to_cart(&shopper, None, &sku("SP-01"), qty(1))
        .await
        .unwrap();
    // Changes refused inside their write transaction (more than is in stock) end it early: the next writer must
    // find the database free at once, not inside the abandoned transaction or locked for the busy timeout.
    let refused: Vec<_> = (0..60)
        .map(|_| {
            let (engine, shared, shopper) = (engine.clone(), first.token.clone(), shopper.clone());
            tokio::spawn(async move {
                engine
                    .set_cart_quantity(&shopper, &shared, &sku("SP-01"), qty(99_999))
                    .await
            })
        })
        .collect();
    // Buyers with carts of their own, buyers adding to one shared cart (read, then write, in one transaction), and
    // buyers browsing, all at once.
    let tasks = (0..300).map(|i| {
        let engine = engine.clone();
        let shared = first.token.clone();
        let shopper = shopper.clone();
        tokio::spawn(async move {
            match i % 3 {
                0 => engine
                    .add_to_cart(
                        &shopper,
                        None,
                        &sku(&format!("SP-{:02}", i % 30 + 1)),
                        qty(2),
                    )
                    .await
                    .map(|_| ()),
                1 => engine
                    .add_to_cart(&shopper, Some(&shared), &sku("SP-02"), qty(1))
                    .await
                    .map(|_| ()),
                _ => engine
                    .category_page(&shopper, "tools", &common::page(1), 24)
                    .await
                    .map(|_| ()),
            }
        })
    });
    let started = std::time::Instant::now();
    for task in tasks {
        task.await.unwrap().expect("a concurrent call succeeds");
    }
    for task in refused {
        assert!(matches!(
            task.await.unwrap(),
            Err(EngineError::OutOfStock { .. })
        ));
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "no writer waited for a lock left behind"
    );
    let shared = engine.cart(&shopper, &first.token).await.unwrap();
    let line = shared
        .lines
        .iter()
        .find(|l| l.sku.as_str() == "SP-02")
        .unwrap();
    assert_eq!(line.quantity.get(), 100, "no add was lost");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_adds_never_fail_on_a_sqlite_file_or_postgres() {
    let dir = std::env::temp_dir().join(format!("kontor-concurrency-{}", std::process::id()));
    let url = format!("sqlite://{}/shop.db", dir.display());
    let config = engine::EngineConfig {
        max_connections: 8,
        ..engine::EngineConfig::default()
    };
    let file = engine::Engine::connect(&url, config).await.unwrap();
    file.migrate().await.unwrap();
    concurrent_adds_all_succeed(file.clone()).await;
    file.close().await;
    std::fs::remove_dir_all(dir).unwrap();

    if std::env::var("KONTOR_TEST_POSTGRES_URL").is_ok() {
        common::each_backend(|engine| async move {
            if engine.backend() == engine::Backend::Postgres {
                concurrent_adds_all_succeed(engine).await;
            }
        })
        .await;
    }
}

#[tokio::test]
async fn a_price_that_changed_since_the_buyer_saw_it_is_shown_until_accepted() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let sku = Sku::parse("SC-160").unwrap();
        let one = Quantity::parse(1).unwrap();
        let guest = common::guest(&engine).await;
        let guest_cart = engine.add_to_cart(&guest, None, &sku, one).await.unwrap();
        let list_price = guest_cart.lines[0].unit_price.clone();
        assert_eq!(guest_cart.lines[0].previous_unit_price, None);

        // Signing in for ACME brings the contract price: the cart shows the old price beside the new one.
        let session = engine
            .sign_in(
                "buyer@acme.example",
                engine::seed::DEMO_PASSWORD,
                engine::ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        let buyer = engine.shopper_as(guest, &session.account).await.unwrap();
        engine
            .merge_guest_cart(&buyer, &guest_cart.token)
            .await
            .unwrap();
        let cart = engine.account_cart(&buyer).await.unwrap().unwrap();
        assert_ne!(cart.lines[0].unit_price, list_price);
        assert_eq!(cart.lines[0].previous_unit_price, Some(list_price));

        // Accepting records the new price as seen; a quantity change shows its own new price at once.
        let accepted = engine.accept_cart_prices(&buyer, None).await.unwrap();
        assert_eq!(accepted.lines[0].previous_unit_price, None);
        let again = engine.account_cart(&buyer).await.unwrap().unwrap();
        assert_eq!(again.lines[0].previous_unit_price, None);
        let changed = engine
            .set_cart_quantity(&buyer, &again.token, &sku, Quantity::parse(2).unwrap())
            .await
            .unwrap();
        assert_eq!(changed.lines[0].previous_unit_price, None);
    })
    .await;
}

/// A request whose client goes away is dropped at whatever await it had reached, possibly inside its write
/// transaction. The next writer must not inherit that transaction (or its lock) on a reused connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_cancelled_half_way_leave_the_database_writable() {
    let dir = std::env::temp_dir().join(format!("kontor-cancel-{}", std::process::id()));
    let url = format!("sqlite://{}/shop.db", dir.display());
    let config = engine::EngineConfig {
        max_connections: 4,
        ..engine::EngineConfig::default()
    };
    let engine = engine::Engine::connect(&url, config).await.unwrap();
    engine.migrate().await.unwrap();
    seeded(&engine).await;
    let shopper = common::guest(&engine).await;
    for round in 0..30u64 {
        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let (engine, shopper) = (engine.clone(), shopper.clone());
                tokio::spawn(async move {
                    engine
                        .add_to_cart(
                            &shopper,
                            None,
                            &sku(&format!("SP-{:02}", i % 8 + 1)),
                            qty(1),
                        )
                        .await
                })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_micros(300 * (round % 10))).await;
        // Half the clients go away; the other half keep writing on the same connections.
        let started = std::time::Instant::now();
        for t in tasks.iter().step_by(2) {
            t.abort();
        }
        for (i, t) in tasks.into_iter().enumerate() {
            match t.await {
                Ok(result) => {
                    result.unwrap_or_else(|e| panic!("round {round}, writer {i}: {e}"));
                }
                Err(e) => assert!(e.is_cancelled()),
            }
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "round {round}: writers waited {:?} for a lock left behind",
            started.elapsed()
        );
    }
    engine.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
