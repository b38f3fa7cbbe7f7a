//! The people who buy, through the real router: a company's page and the customers list in the back office as plain
//! form posts, and the same operations in the admin API. Customer service invites a new company's first admin and
//! disables a person, whose sessions end; a reader sees the pages without forms; a catalog manager, a key without
//! the scope, a key bound to another company and a stranger are refused.

mod support;

use axum::http::StatusCode;
use engine::{ClientAddr, EngineError, Scope};
use support::{
    back_office::{admin_post, assert_refused, signed_in_member},
    json_of, secret_key, spawn_app,
};

#[tokio::test]
async fn customer_service_invites_a_first_admin_and_disables_a_person_from_the_back_office() {
    let app = spawn_app().await;
    let service = signed_in_member(&app, "s@shop.example", "customer_service").await;
    let page = app.get_with_cookie("/admin/companies/acme", &service).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in [
        "buyer@acme.example",
        "Open balance",
        "Addresses",
        "Spend",
        "Disable buyer@acme.example",
        "Shop as buyer@acme.example",
    ] {
        assert!(page.body.contains(part), "{part}: {}", page.body);
    }
    let missing = app
        .get_with_cookie("/admin/companies/nobody", &service)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // A company made by staff, then its first admin.
    let made = admin_post(
        &app,
        "/admin/fn/companies/save",
        "code=initech&name=Initech&country=AT&vat_id=&customer_group=&payment_terms_days=&credit_limit=",
        Some(&service),
    )
    .await;
    assert_eq!(
        made.location(),
        "/admin/companies?saved=company",
        "{}",
        made.body
    );
    let empty = app
        .get_with_cookie("/admin/companies/initech", &service)
        .await;
    assert!(
        empty.body.contains("Invite its first admin"),
        "{}",
        empty.body
    );
    let invited = admin_post(
        &app,
        "/admin/fn/people/add",
        "code=initech&email=peter%40initech.example&name=Peter&role=admin",
        Some(&service),
    )
    .await;
    assert_eq!(
        invited.location(),
        "/admin/companies/initech?saved=person",
        "{}",
        invited.body
    );
    let bad = admin_post(
        &app,
        "/admin/fn/people/add",
        "code=initech&email=not-an-address&name=Peter&role=admin",
        Some(&service),
    )
    .await;
    assert!(bad.location().contains("error=Email"), "{}", bad.location());
    let now = app
        .get_with_cookie("/admin/companies/initech", &service)
        .await;
    assert!(now.body.contains("peter@initech.example") && now.body.contains("Add a person"));

    // Disabling ends the buyer's session at once.
    let buyer = app
        .engine
        .sign_in("buyer@acme.example", "kontor-demo", ClientAddr::LOCAL)
        .await
        .unwrap();
    let disabled = admin_post(
        &app,
        "/admin/fn/people/access",
        "email=buyer%40acme.example&disabled=yes&back=%2Fadmin%2Fcompanies%2Facme",
        Some(&service),
    )
    .await;
    assert_eq!(
        disabled.location(),
        "/admin/companies/acme?saved=disabled",
        "{}",
        disabled.body
    );
    assert!(app.engine.session(&buyer.token).await.unwrap().is_none());
    assert!(matches!(
        app.engine
            .sign_in("buyer@acme.example", "kontor-demo", ClientAddr::LOCAL)
            .await,
        Err(EngineError::Forbidden(_))
    ));
    let list = app
        .get_with_cookie("/admin/customers?status=disabled", &service)
        .await;
    assert!(
        list.body.contains("buyer@acme.example") && list.body.contains("Enable buyer@acme.example"),
        "{}",
        list.body
    );
    assert!(!list.body.contains("admin@acme.example"));
    // The page to go back to is a back-office page, never another site.
    let enabled = admin_post(
        &app,
        "/admin/fn/people/access",
        "email=buyer%40acme.example&disabled=no&back=https%3A%2F%2Fevil.example%2F",
        Some(&service),
    )
    .await;
    assert_eq!(enabled.location(), "/admin/customers?saved=enabled");
    app.engine
        .sign_in("buyer@acme.example", "kontor-demo", ClientAddr::LOCAL)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_reader_sees_people_without_forms_and_lesser_roles_and_strangers_are_refused() {
    let app = spawn_app().await;
    let reader = signed_in_member(&app, "r@shop.example", "read_only").await;
    for path in ["/admin/companies/acme", "/admin/customers?q=acme"] {
        let page = app.get_with_cookie(path, &reader).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.body.contains("buyer@acme.example"),
            "{path}: {}",
            page.body
        );
        assert!(
            !page.body.contains("Disable "),
            "{path}: no buttons for a reader"
        );
        assert!(!page.body.contains("Add a person"), "{path}");
    }
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    for path in ["/admin/companies/acme", "/admin/customers"] {
        let refused = app.get_with_cookie(path, &catalog).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
    }
    let forms = [
        (
            "/admin/fn/people/add",
            "code=acme&email=x%40acme.example&name=X&role=buyer",
        ),
        (
            "/admin/fn/people/access",
            "email=buyer%40acme.example&disabled=yes&back=%2Fadmin%2Fcustomers",
        ),
    ];
    for (path, body) in forms {
        for who in [Some(reader.as_str()), Some(catalog.as_str()), None] {
            assert_refused(&app, path, body, who).await;
        }
    }
    assert!(
        app.engine
            .sign_in("buyer@acme.example", "kontor-demo", ClientAddr::LOCAL)
            .await
            .is_ok(),
        "nothing refused changed anything"
    );
}

#[tokio::test]
async fn the_admin_api_reads_a_companys_account_adds_people_and_disables_them_with_the_right_key() {
    let app = spawn_app().await;
    let writer = secret_key(&app, &[Scope::CustomersRead, Scope::CustomersWrite], None).await;
    let reader = secret_key(&app, &[Scope::CustomersRead], None).await;
    let orders = secret_key(&app, &[Scope::OrdersRead], None).await;
    let globex = secret_key(&app, &[Scope::CustomersRead], Some("globex")).await;

    let account = app
        .api(
            "GET",
            "/api/v1/admin/companies/acme/account",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.body);
    let json = json_of(&account);
    assert_eq!(json["company"]["terms"]["code"], "acme");
    assert_eq!(json["currency"], "EUR");
    assert!(json["open_balance"].is_string());
    assert!(
        json["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["email"] == "buyer@acme.example")
    );
    for (key, status) in [
        (Some(orders.as_str()), StatusCode::FORBIDDEN),
        (Some(globex.as_str()), StatusCode::NOT_FOUND),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app
            .api("GET", "/api/v1/admin/companies/acme/account", key, None)
            .await;
        assert_eq!(reply.status, status, "{}", reply.body);
    }

    let person = r#"{"email":"new.buyer@acme.example","name":"New Buyer","role":"buyer"}"#;
    for (key, status) in [
        (Some(reader.as_str()), StatusCode::FORBIDDEN),
        (Some(globex.as_str()), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app
            .api(
                "POST",
                "/api/v1/admin/companies/acme/people",
                key,
                Some(person),
            )
            .await;
        assert_eq!(reply.status, status, "{}", reply.body);
    }
    let added = app
        .api(
            "POST",
            "/api/v1/admin/companies/acme/people",
            Some(&writer),
            Some(person),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(json_of(&added)["role"], "buyer");
    let twice = app
        .api(
            "POST",
            "/api/v1/admin/companies/acme/people",
            Some(&writer),
            Some(person),
        )
        .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        json_of(&twice)["errors"][0]["field"],
        "email",
        "{}",
        twice.body
    );
    let bad_role = app
        .api(
            "POST",
            "/api/v1/admin/companies/acme/people",
            Some(&writer),
            Some(r#"{"email":"x@acme.example","name":"X","role":"boss"}"#),
        )
        .await;
    assert_eq!(bad_role.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&bad_role)["errors"][0]["field"], "role");

    let path = "/api/v1/admin/people/buyer%40acme.example/access";
    for (key, status) in [
        (Some(reader.as_str()), StatusCode::FORBIDDEN),
        (Some(globex.as_str()), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app
            .api("PUT", path, key, Some(r#"{"disabled":true}"#))
            .await;
        assert_eq!(reply.status, status, "{}", reply.body);
    }
    let off = app
        .api("PUT", path, Some(&writer), Some(r#"{"disabled":true}"#))
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    let listed = app
        .api(
            "GET",
            "/api/v1/admin/people?status=disabled",
            Some(&reader),
            None,
        )
        .await;
    let data = json_of(&listed)["data"].as_array().unwrap().clone();
    assert_eq!(data.len(), 1, "{}", listed.body);
    assert_eq!(data[0]["email"], "buyer@acme.example");
    assert_eq!(data[0]["companies"][0]["code"], "acme");

    // A key bound to a company lists its own people only.
    let theirs = app
        .api("GET", "/api/v1/admin/people", Some(&globex), None)
        .await;
    let data = json_of(&theirs)["data"].as_array().unwrap().clone();
    assert!(!data.is_empty());
    assert!(
        data.iter()
            .all(|p| p["email"].as_str().unwrap().ends_with("@globex.example")),
        "{}",
        theirs.body
    );
    let unknown = app
        .api("GET", "/api/v1/admin/people?sort=name", Some(&reader), None)
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
}
