//! The storefront through the real router, in-process: status codes, titles, and products in the server-rendered
//! HTML, plus the plain-form (no JavaScript) cart flow.

mod support;

use axum::http::{StatusCode, header};
use support::spawn_app;

#[tokio::test]
async fn the_home_page_is_complete_html_with_categories_and_products() {
    let app = spawn_app().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.title().starts_with("Kontor Supply"),
        "{}",
        page.title()
    );
    assert_eq!(page.canonical(), "http://shop.test/");
    let first = app.first_category_slug().await;
    assert!(page.body.contains(&format!("href=\"/categories/{first}\"")));
    assert!(page.body.contains("class=\"product-card\""));
    assert!(page.body.contains("<meta name=\"description\""));
}

#[tokio::test]
async fn a_category_page_lists_its_products_and_paginates() {
    let app = spawn_app().await;
    let slug = app.first_category_slug().await;
    let listing = app
        .engine
        .category_page(&app.guest().await, &slug, &support::page(1), 24)
        .await
        .unwrap();
    assert!(
        listing.page.total_pages() >= 2,
        "the demo data should paginate"
    );
    let page = app.get(&format!("/categories/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.title().starts_with(&listing.category.name),
        "{}",
        page.title()
    );
    for product in &listing.products {
        assert!(
            page.body.contains(&html_escape(&product.name)),
            "missing {}",
            product.name
        );
    }
    assert!(
        page.body
            .contains(&format!("href=\"/categories/{slug}?page=2\""))
    );

    let second = app.get(&format!("/categories/{slug}?page=2")).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(
        second.canonical(),
        format!("http://shop.test/categories/{slug}?page=2")
    );
    let next = app
        .engine
        .category_page(&app.guest().await, &slug, &support::page(2), 24)
        .await
        .unwrap();
    assert!(second.body.contains(&html_escape(&next.products[0].name)));
}

#[tokio::test]
async fn a_page_past_the_end_or_not_a_number_is_not_found() {
    let app = spawn_app().await;
    let slug = app.first_category_slug().await;
    assert_eq!(
        app.get(&format!("/categories/{slug}?page=999"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/categories/{slug}?page=abc"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/categories/{slug}?page=0")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_product_page_shows_name_price_sku_and_description() {
    let app = spawn_app().await;
    let (slug, product) = app.first_product().await;
    let page = app.get(&format!("/products/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.title().starts_with(&html_escape(&product.name)),
        "{}",
        page.title()
    );
    let variant = &product.variants[0];
    assert!(page.body.contains(variant.sku.as_str()));
    assert!(
        page.body
            .contains(&variant.price.as_ref().unwrap().display())
    );
    assert_eq!(
        page.canonical(),
        format!("http://shop.test/products/{slug}")
    );
    assert!(
        page.body.contains("name=\"sku\""),
        "the add-to-cart form is in the HTML"
    );
    assert!(page.body.contains("action=\"/api/cart/add\""));
}

#[tokio::test]
async fn missing_products_categories_and_paths_answer_404_pages() {
    let app = spawn_app().await;
    for path in [
        "/products/no-such-thing",
        "/categories/no-such-thing",
        "/no/such/page",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.body.contains("We could not find that page"), "{path}");
        assert!(page.body.contains("noindex"), "{path}");
        assert!(
            !page.body.contains("rel=\"canonical\""),
            "an error page names no canonical URL: {path}"
        );
    }
}

#[tokio::test]
async fn an_empty_cart_says_so_and_is_not_indexed() {
    let app = spawn_app().await;
    let page = app.get("/cart").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Your cart is empty."));
    assert!(page.body.contains("noindex"));
}

#[tokio::test]
async fn a_plain_form_post_adds_to_the_cart_and_lands_on_the_cart_page() {
    let app = spawn_app().await;
    let (slug, product) = app.first_product().await;
    let sku = product.variants[0].sku.to_string();
    let response = app
        .form_post(
            "/api/cart/add",
            &format!("sku={sku}&quantity=2"),
            &format!("/products/{slug}"),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.header(header::LOCATION.as_str()), Some("/cart"));
    let cookie = response
        .cart_cookie()
        .expect("the first add sets the cart cookie");
    assert!(response.header("set-cookie").unwrap().contains("HttpOnly"));

    let cart = app.get_with_cookie("/cart", &cookie).await;
    assert!(cart.body.contains(&html_escape(&product.name)));
    let price = product.variants[0].price.as_ref().unwrap();
    let two = domain::UnitPrice::parse(price.amount, price.currency.clone())
        .unwrap()
        .line_total(2);
    assert!(
        cart.body.contains(&two.display()),
        "the line total {} is shown",
        two.display()
    );

    let again = app
        .form_post(
            "/api/cart/update",
            &format!("sku={sku}&quantity=1"),
            "/cart",
            Some(&cookie),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.header("location"), Some("/cart"));
    assert_eq!(app.cart_items(&cookie).await, 1);

    let removed = app
        .form_post(
            "/api/cart/remove",
            &format!("sku={sku}"),
            "/cart",
            Some(&cookie),
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(app.cart_items(&cookie).await, 0);
}

#[tokio::test]
async fn a_bad_quantity_goes_back_with_a_message_naming_the_field() {
    let app = spawn_app().await;
    let (slug, product) = app.first_product().await;
    let sku = product.variants[0].sku.to_string();
    let response = app
        .form_post(
            "/api/cart/add",
            &format!("sku={sku}&quantity=lots"),
            &format!("/products/{slug}"),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let location = response.header("location").unwrap();
    assert!(
        location.starts_with(&format!("/products/{slug}?error=Quantity")),
        "{location}"
    );
    assert!(response.cart_cookie().is_none(), "nothing was created");

    let page = app.get(location).await;
    assert!(page.body.contains("role=\"alert\""));
    assert!(page.body.contains("Quantity: must be a whole number"));
}

#[tokio::test]
async fn a_hydrated_page_gets_the_carts_count_as_json() {
    let app = spawn_app().await;
    let (_, product) = app.first_product().await;
    let response = app
        .json_form_post(
            "/api/cart/add",
            &format!("sku={}&quantity=3", product.variants[0].sku),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let added: app::api::Added = serde_json::from_str(&response.body).unwrap();
    assert_eq!(added.item_count, 3);
    assert!(response.cart_cookie().is_some());
}

#[tokio::test]
async fn health_media_and_compression() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body, "ok");

    let (_, product) = app.first_product().await;
    let media = app.get(&product.images[0].url).await;
    assert_eq!(media.status, StatusCode::OK);
    assert_eq!(media.header("content-type"), Some("image/svg+xml"));
    assert!(media.header("cache-control").unwrap().contains("max-age"));
    assert!(media.body.starts_with("<svg"));
    assert_eq!(
        app.get("/media/products/none.svg").await.status,
        StatusCode::NOT_FOUND
    );

    let compressed = app.get_encoded("/", "br").await;
    assert_eq!(compressed.header("content-encoding"), Some("br"));
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test]
async fn the_sitemap_index_and_its_shards_list_every_product_and_category() {
    let app = spawn_app().await;
    let index = app.get("/sitemap.xml").await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(
        index.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert!(
        index
            .body
            .contains("<loc>http://shop.test/sitemaps/categories.xml</loc>")
    );
    assert!(
        index
            .body
            .contains("<loc>http://shop.test/sitemaps/products-1.xml</loc>")
    );
    assert!(
        !index.body.contains("products-2.xml"),
        "194 products fit one shard"
    );

    let counts = app.engine.sitemap_counts().await.unwrap();
    let products = app.get("/sitemaps/products-1.xml").await;
    assert_eq!(
        products.body.matches("<url>").count() as u64,
        counts.products
    );
    let (slug, _) = app.first_product().await;
    assert!(
        products
            .body
            .contains(&format!("<loc>http://shop.test/products/{slug}</loc>"))
    );
    assert!(products.body.contains("<lastmod>20"));
    let categories = app.get("/sitemaps/categories.xml").await;
    assert_eq!(
        categories.body.matches("<url>").count() as u64,
        counts.categories
    );

    assert_eq!(
        app.get("/sitemaps/products-2.xml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/sitemaps/other.xml").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn robots_txt_names_the_sitemap() {
    let app = spawn_app().await;
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(
        robots
            .body
            .contains("Sitemap: http://shop.test/sitemap.xml")
    );
    assert!(robots.body.contains("Disallow: /cart"));
}

#[tokio::test]
async fn a_product_page_carries_product_offer_and_breadcrumb_structured_data() {
    let app = spawn_app().await;
    let (slug, product) = app.first_product().await;
    let page = app.get(&format!("/products/{slug}")).await;
    let data = page.json_ld();
    let item = data
        .iter()
        .find(|d| d["@type"] == "Product")
        .expect("a Product block");
    assert_eq!(item["name"], product.name.as_str());
    assert_eq!(item["url"], format!("http://shop.test/products/{slug}"));
    let offers = if product.variants.len() == 1 {
        vec![item["offers"].clone()]
    } else {
        assert_eq!(item["offers"]["@type"], "AggregateOffer");
        item["offers"]["offers"].as_array().unwrap().clone()
    };
    assert_eq!(offers.len(), product.variants.len());
    let first = &product.variants[0];
    assert_eq!(
        offers[0]["price"],
        first.price.as_ref().unwrap().amount.to_string()
    );
    assert_eq!(offers[0]["priceCurrency"], "EUR");
    assert_eq!(offers[0]["availability"], first.stock.schema_org());

    let trail = data
        .iter()
        .find(|d| d["@type"] == "BreadcrumbList")
        .expect("a BreadcrumbList block");
    let items = trail["itemListElement"].as_array().unwrap();
    assert_eq!(items.len(), product.breadcrumbs.len() + 2);
    assert_eq!(items[0]["item"], "http://shop.test/");
    assert_eq!(items.last().unwrap()["name"], product.name.as_str());
}

#[tokio::test]
async fn the_home_page_describes_the_organization_and_category_pages_their_path() {
    let app = spawn_app().await;
    let home = app.get("/").await.json_ld();
    assert_eq!(home[0]["@graph"][0]["@type"], "Organization");
    let slug = app.first_category_slug().await;
    let listing = app.get(&format!("/categories/{slug}")).await.json_ld();
    assert_eq!(listing[0]["@type"], "BreadcrumbList");
    assert_eq!(
        listing[0]["itemListElement"][1]["item"],
        format!("http://shop.test/categories/{slug}")
    );
}

#[tokio::test]
async fn a_product_with_several_images_shows_each_with_a_thumbnail_link() {
    let app = spawn_app().await;
    let slug = app.first_category_slug().await;
    let leaf = app
        .engine
        .category_page(&app.guest().await, &slug, &support::page(1), 1)
        .await
        .unwrap()
        .products[0]
        .slug
        .clone();
    let category = app
        .engine
        .product(&app.guest().await, leaf.as_str())
        .await
        .unwrap()
        .breadcrumbs
        .last()
        .unwrap()
        .slug
        .clone();
    let record = format!(
        r#"{{"handle":"two-views","name":"Two Views","category":"{category}","images":[{{"url":"/media/a.svg","alt":"Front"}},{{"url":"/media/b.svg","alt":"Side"}}],"variants":[{{"sku":"TV-1","title":"Each","price":"1","currency":"EUR","stock":5}}]}}"#
    );
    let report = app
        .engine
        .import_products(&engine::Actor::process("test"), vec![(1, record)], true)
        .await
        .unwrap();
    assert_eq!(report.created, 1, "{report:?}");
    let page = app.get("/products/two-views").await;
    assert!(page.body.contains(r#"id="image-2""#));
    assert!(page.body.contains(r#"alt="Side""#));
    assert!(page.body.contains(r##"href="#image-2""##));
}
