//! The quick-order client against a real Kontor on a loopback port: search, fill the cart, place the order on
//! account, read its status; and a bad line comes back as the API's error, naming the field.

use engine::{Engine, EngineConfig, seed::demo_catalog};
use quick_order::{QuickOrder, parse_line};
use serde_json::json;

async fn start_shop() -> String {
    let engine = Engine::connect("sqlite::memory:", EngineConfig::default())
        .await
        .unwrap();
    engine.migrate().await.unwrap();
    engine.seed(&demo_catalog()).await.unwrap();
    engine.warm_up().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(server::AppState {
        engine,
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
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_searches_orders_on_account_and_reads_the_status() {
    let base = start_shop().await;
    let result = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let wrong = QuickOrder::sign_in(&base, "buyer@acme.example", "not-it");
        assert!(wrong.err().unwrap().to_string().contains("field password"));

        let shop = QuickOrder::sign_in(&base, "buyer@acme.example", "kontor-demo")?;
        let found = shop.search("hex bolt", 3)?;
        assert!(!found.is_empty() && found[0].price.ends_with("EUR"), "{found:?}");
        let lines = vec![parse_line(&format!("{}:2", found[0].sku))?];
        let subtotal = shop.fill_cart(&lines)?;
        assert!(subtotal.ends_with("EUR"), "{subtotal}");
        let address = json!({"name": "Goods in", "line1": "Dock 4", "postal_code": "20457", "city": "Hamburg", "country": "DE"});
        let number = shop.place("quick-order-test-1", "PO-QO-1", address.clone(), "invoice")?;
        assert_eq!(shop.place("quick-order-test-1", "PO-QO-1", address, "invoice")?, number, "a retry is the same order");
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
