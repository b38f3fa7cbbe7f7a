//! The quick-order client against a real Kontor on a loopback port: search, fill the cart, place the order on
//! account, read its status; a bad line comes back as the API's error, naming the field; a session is kept
//! between runs, and the same order run again is placed once.

use engine::{Engine, EngineConfig, seed::demo_catalog};
use quick_order::{QuickOrder, SessionFile, order_key, parse_line};
use serde_json::json;

async fn start_shop() -> (String, Engine) {
    let engine = Engine::connect("sqlite::memory:", EngineConfig::default())
        .await
        .unwrap();
    engine.migrate().await.unwrap();
    engine.seed(&demo_catalog()).await.unwrap();
    engine.warm_up().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(server::AppState {
        engine: engine.clone(),
        leptos: leptos::config::LeptosOptions::builder()
            .output_name("kontor")
            .site_root("target/site")
            .build(),
        site_url: app::SiteUrl(base.clone()),
        page_cache_bytes: 0,
        clients: Default::default(),
        bulk_max_bytes: server::DEFAULT_BULK_MAX_BYTES,
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (base, engine)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_searches_orders_on_account_and_reads_the_status() {
    let (base, _) = start_shop().await;
    let result = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let wrong = QuickOrder::sign_in(&base, "buyer@acme.example", "not-it");
        assert!(wrong.err().unwrap().to_string().contains("field password"));

        let mut shop = QuickOrder::sign_in(&base, "buyer@acme.example", "kontor-demo")?;
        let found = shop.search("hex bolt", 3)?;
        assert!(!found.is_empty() && found[0].price.ends_with("EUR"), "{found:?}");
        let lines = vec![parse_line(&format!("{}:2", found[0].sku))?];
        let cart = shop.fill_cart(&lines)?;
        assert!(cart.subtotal.ends_with("EUR"), "{cart:?}");
        let address = json!({"name": "Goods in", "line1": "Dock 4", "postal_code": "20457", "city": "Hamburg", "country": "DE"});
        let number = shop.place(&cart, "PO-QO-1", address.clone(), "invoice")?;
        assert_eq!(shop.place(&cart, "PO-QO-1", address, "invoice")?, number, "a retry is the same order");
        assert_eq!(shop.status(&number)?, "placed");

        let unknown = shop.fill_cart(&[("NO-SUCH-SKU".to_owned(), 1)]);
        assert!(unknown.err().unwrap().to_string().starts_with("404"));
        assert!(parse_line("HB-M8:many").is_err());
        Ok(())
    })
    .await
    .unwrap();
    result.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_session_is_reused_and_the_same_order_run_twice_is_placed_once() {
    let (base, engine) = start_shop().await;
    let dir = std::env::temp_dir().join(format!("kontor-quick-order-{}", std::process::id()));
    let file = dir.join("cache").join("sessions.json");
    let run = {
        let (base, file) = (base.clone(), file.clone());
        move |password: &'static str| -> anyhow::Result<(String, String, String)> {
            let mut shop = QuickOrder::resume(
                &base,
                "buyer@acme.example",
                password,
                SessionFile::at(&file),
            )?;
            let sku = shop.search("hex bolt", 1)?[0].sku.clone();
            let cart = shop.fill_cart(&[(sku, 3)])?;
            let address = json!({"name": "Goods in", "line1": "Dock 4", "postal_code": "20457", "city": "Hamburg", "country": "DE"});
            let number = shop.place(&cart, "PO-RERUN", address, "invoice")?;
            Ok((
                number,
                order_key(&cart, "PO-RERUN"),
                shop.token().to_owned(),
            ))
        }
    };

    let first = tokio::task::spawn_blocking({
        let run = run.clone();
        move || run("kontor-demo")
    })
    .await
    .unwrap()
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner reads the session file");
    }
    assert!(std::fs::read_to_string(&file).unwrap().contains(&first.2));

    // The second run never signs in (its password is wrong) and orders the same cart: the same order comes back.
    let second = tokio::task::spawn_blocking({
        let run = run.clone();
        move || run("not-the-password")
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(second, first, "the same session, key and order");

    // A session the shop has ended is replaced by signing in again, once.
    engine.sign_out(&first.2).await.unwrap();
    let third = tokio::task::spawn_blocking(move || run("kontor-demo"))
        .await
        .unwrap()
        .unwrap();
    assert_ne!(third.2, first.2, "a new session");
    assert_eq!(
        (&third.0, &third.1),
        (&first.0, &first.1),
        "still the first order"
    );
    assert!(std::fs::read_to_string(&file).unwrap().contains(&third.2));

    let status = tokio::task::spawn_blocking(move || {
        QuickOrder::sign_in(&base, "buyer@acme.example", "kontor-demo")?.status(&first.0)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(status, "placed");
    std::fs::remove_dir_all(dir).unwrap();
}
