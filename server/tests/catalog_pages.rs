//! Search, facets, prices, languages and channels through the real router: what crawlers and buyers without
//! JavaScript get.

mod support;

use axum::http::{StatusCode, header};
use support::spawn_app;

const SPANNER: &str = "/products/combination-spanner-13-mm-chrome-vanadium";

#[tokio::test]
async fn search_finds_products_despite_a_typo_and_is_not_indexed() {
    let app = spawn_app().await;
    let page = app.get("/search?q=combinaton+spaner").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Combination Spanner 13 mm"),
        "typo-tolerant search"
    );
    assert!(
        page.body
            .contains("<meta name=\"robots\" content=\"noindex\"")
    );
    assert!(page.body.contains("class=\"facets\""));
    let nothing = app.get("/search?q=qqqqzzzz").await;
    assert_eq!(nothing.status, StatusCode::OK);
    assert!(nothing.body.contains("Nothing matches"));
    let bad = app.get("/search?q=x&sort=cheapest").await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_filtered_listing_is_complete_html_pointing_crawlers_to_the_plain_listing() {
    let app = spawn_app().await;
    let plain = app.get("/categories/safety-gear").await;
    let filtered = app
        .get("/categories/safety-gear?brand=wardex&sort=price-asc")
        .await;
    assert_eq!(filtered.status, StatusCode::OK);
    assert_eq!(
        filtered.canonical(),
        "http://shop.test/categories/safety-gear"
    );
    let count = |body: &str| {
        let marker = "class=\"result-count\">";
        let at = body.find(marker).unwrap() + marker.len();
        body[at..]
            .split(' ')
            .next()
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    assert!(count(&filtered.body) < count(&plain.body));
    // The selected brand links to the listing without it; others add themselves.
    assert!(
        filtered
            .body
            .contains("href=\"/categories/safety-gear?sort=price-asc\"")
    );
    assert!(filtered.body.contains("<select name=\"sort\">"));
    let material = app
        .get("/categories/fasteners?attr.material=stainless-a2")
        .await;
    assert!(material.body.contains("Stainless Steel A2"));
    assert!(!material.body.contains("Zinc-Plated Steel 8.8</a>"));
}

#[tokio::test]
async fn the_product_page_shows_tiers_why_and_the_price_for_a_quantity() {
    let app = spawn_app().await;
    let page = app.get(SPANNER).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"tier-table\""));
    assert!(page.body.contains("12+"));
    assert!(page.body.contains("€5.18"));
    assert!(page.body.contains("Why this price?"));
    assert!(page.body.contains("data-testid=\"spec-table\""));
    assert!(page.body.contains("Chrome vanadium"));
    let quoted = app.get(&format!("{SPANNER}?sku=FX-CS-13&qty=50")).await;
    assert!(quoted.body.contains("50 × €4.97"), "the 48+ break applies");
    assert!(quoted.body.contains("From 48 units: €4.97"));
    let bad = app.get(&format!("{SPANNER}?sku=FX-CS-13&qty=0")).await;
    assert!(
        bad.body.contains("role=\"alert\""),
        "a bad quantity is explained"
    );
}

#[tokio::test]
async fn german_pages_have_german_urls_and_hreflang_alternates() {
    let app = spawn_app().await;
    let de = app
        .get("/de/products/ringmaulschluessel-13-mm-chrom-vanadium")
        .await;
    assert_eq!(de.status, StatusCode::OK);
    assert!(
        de.body
            .contains("<h1>Ringmaulschlüssel 13 mm, Chrom-Vanadium</h1>")
    );
    assert!(
        de.body.contains("<html lang=\"de\""),
        "the page says its language"
    );
    assert_eq!(de.body.matches(" lang=").count(), 1, "once");
    assert!(de.body.contains(
        "href=\"http://shop.test/products/combination-spanner-13-mm-chrome-vanadium\" hreflang=\"en\""
    ));
    assert!(de.body.contains(
        "href=\"http://shop.test/de/products/ringmaulschluessel-13-mm-chrom-vanadium\" hreflang=\"de\""
    ));
    assert!(de.body.contains("hreflang=\"x-default\""));
    assert!(
        de.body
            .contains("<th scope=\"row\">Material</th><td>Chrom-Vanadium</td>"),
        "the specification in German"
    );
    let en = app.get(SPANNER).await;
    assert!(en.body.contains("<html lang=\"en\""));
    assert!(
        en.body
            .contains("<th scope=\"row\">Material</th><td>Chrome vanadium</td>")
    );
    let bolts = app.get("/de/search?q=sechskantschraube").await;
    assert!(bolts.body.contains(">Gewinde<"), "facet names in German");
    let category = app.get("/de/categories/handwerkzeug").await;
    assert_eq!(category.status, StatusCode::OK);
    assert!(category.body.contains("<h1>Handwerkzeug</h1>"));
    assert!(category.body.contains("href=\"/de/products/"));
    assert_eq!(
        app.get("/en/categories/hand-tools").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/fr/categories/hand-tools").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_home_page_offers_the_site_search_to_crawlers() {
    let app = spawn_app().await;
    let home = app.get("/").await;
    let graph = &home.json_ld()[0]["@graph"];
    let site = graph
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == "WebSite")
        .unwrap();
    assert_eq!(
        site["potentialAction"]["target"]["urlTemplate"],
        "http://shop.test/search?q={search_term_string}"
    );
    assert!(home.body.contains("role=\"search\""));
}

#[tokio::test]
async fn switching_to_the_swiss_shop_shows_gross_francs_and_its_assortment() {
    let app = spawn_app().await;
    let switched = app
        .form_post("/api/channel", "channel=shop-ch", "/", None)
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    let cookie = switched
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kontor_channel="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("the channel cookie");
    let home = app.get_with_cookie("/", &cookie).await;
    assert!(home.body.contains("CHF"));
    assert!(home.body.contains("incl. VAT"));
    // The Swiss shop speaks German first and does not sell fasteners.
    assert!(home.body.contains("Handwerkzeug"));
    assert_eq!(
        app.get_with_cookie("/categories/befestigungstechnik", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let unknown = app
        .form_post("/api/channel", "channel=nope", "/", None)
        .await;
    assert!(
        unknown
            .header("location")
            .unwrap()
            .contains("error=Channel")
    );
}

#[tokio::test]
async fn suggestions_answer_as_json() {
    let app = spawn_app().await;
    let reply = app.get_json("/api/suggest?locale=&q=combination+spa").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let list: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert!(
        list[0]["name"]
            .as_str()
            .unwrap()
            .starts_with("Combination Spanner")
    );
    assert!(list.as_array().unwrap().len() <= 6);
}
