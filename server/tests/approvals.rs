//! Approvals through the real router: ACME's admin sets a buyer's order limit through the API; the buyer's next
//! order is answered as awaiting approval; a viewer, the buyer, another company's admin and a stranger cannot
//! decide it; the admin approves it with the account area's form (a plain post, as without JavaScript) and it goes
//! ahead. The demo's Globex buyer has a limit of 500.

mod support;

use axum::http::StatusCode;
use support::{json_of, order_reply, session_cookie as sign_in, spawn_app, token_of};

#[tokio::test]
async fn an_order_over_the_limit_waits_until_the_companys_admin_approves_it() {
    let app = spawn_app().await;
    let admin = token_of(&app, "admin@acme.example").await;
    let buyer = token_of(&app, "buyer@acme.example").await;
    let viewer = token_of(&app, "viewer@acme.example").await;
    let globex_admin = token_of(&app, "admin@globex.example").await;

    // The demo: Globex's buyer orders up to 500 alone.
    let globex_budget = json_of(
        &app.api(
            "GET",
            "/api/v1/account/budget",
            Some(&token_of(&app, "buyer@globex.example").await),
            None,
        )
        .await,
    );
    assert_eq!(globex_budget["limits"]["order_limit"], "500");

    // Only ACME's admin sets ACME's limits.
    let path = "/api/v1/company/users/buyer@acme.example/limits";
    let cent = r#"{"order_limit":"0.01","budget":null,"period":"month"}"#;
    for (who, token, status) in [
        ("the buyer", Some(&buyer), StatusCode::FORBIDDEN),
        ("a viewer", Some(&viewer), StatusCode::FORBIDDEN),
        ("Globex's admin", Some(&globex_admin), StatusCode::NOT_FOUND),
        ("a stranger", None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app
            .api("PUT", path, token.map(String::as_str), Some(cent))
            .await;
        assert_eq!(reply.status, status, "{who}: {}", reply.body);
    }
    let bad = app
        .api(
            "PUT",
            path,
            Some(&admin),
            Some(r#"{"order_limit":"ten","period":"month"}"#),
        )
        .await;
    assert_eq!(json_of(&bad)["errors"][0]["field"], "order_limit");
    let set = app.api("PUT", path, Some(&admin), Some(cent)).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);

    // The buyer's order waits.
    let placed = order_reply(&app, "buyer@acme.example", "approval-order-1", "invoice").await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.body);
    let placed = json_of(&placed);
    assert_eq!(placed["status"], "awaiting_approval");
    let number = placed["number"].as_str().unwrap().to_owned();
    let waiting = json_of(
        &app.api("GET", "/api/v1/approvals", Some(&admin), None)
            .await,
    );
    assert_eq!(waiting["data"][0]["number"], number.as_str());
    assert_eq!(waiting["data"][0]["reasons"][0], "order_limit");

    // Nobody but another admin of ACME decides.
    let decision = format!("/api/v1/orders/{number}/decision");
    let approve = r#"{"decision":"approve","comment":"ok"}"#;
    for (who, token, status) in [
        ("the buyer", Some(&buyer), StatusCode::FORBIDDEN),
        ("a viewer", Some(&viewer), StatusCode::FORBIDDEN),
        ("Globex's admin", Some(&globex_admin), StatusCode::NOT_FOUND),
        ("a stranger", None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app
            .api("POST", &decision, token.map(String::as_str), Some(approve))
            .await;
        assert_eq!(reply.status, status, "{who}: {}", reply.body);
    }
    let order = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{number}"),
            Some(&buyer),
            None,
        )
        .await,
    );
    assert_eq!(order["status"], "awaiting_approval");

    // The account area's forms: a viewer is refused, a stranger is sent to sign in, the admin approves.
    let form = format!("number={number}&decision=approve&comment=Fine");
    let viewer_cookie = sign_in(&app, "viewer@acme.example").await;
    let refused = app
        .form_post(
            "/api/approvals/decide",
            &form,
            "/account/approvals",
            Some(&viewer_cookie),
        )
        .await;
    assert!(
        refused.location().contains("error="),
        "{}",
        refused.location()
    );
    let stranger = app
        .form_post("/api/approvals/decide", &form, "/account/approvals", None)
        .await;
    assert!(stranger.location().starts_with("/account/sign-in"));
    let admin_cookie = sign_in(&app, "admin@acme.example").await;
    let page = app
        .get_with_cookie("/account/approvals", &admin_cookie)
        .await;
    assert!(
        page.body.contains(&format!("Order {number}")),
        "the admin sees it waiting"
    );
    let approved = app
        .form_post(
            "/api/approvals/decide",
            &form,
            "/account/approvals",
            Some(&admin_cookie),
        )
        .await;
    assert_eq!(approved.location(), "/account/approvals?saved=1");
    let order = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{number}"),
            Some(&buyer),
            None,
        )
        .await,
    );
    assert_eq!(order["status"], "placed");
    let again = app
        .api("POST", &decision, Some(&admin), Some(approve))
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "decided once");

    // The company's rule through the API; bad days name the field.
    let rules = app
        .api(
            "PUT",
            "/api/v1/company/rules",
            Some(&admin),
            Some(r#"{"approval_above":"5000","approval_days":10}"#),
        )
        .await;
    assert_eq!(rules.status, StatusCode::OK, "{}", rules.body);
    let read = json_of(
        &app.api("GET", "/api/v1/company/rules", Some(&admin), None)
            .await,
    );
    assert_eq!(read["approval_above"], "5000");
    let bad = app
        .api(
            "PUT",
            "/api/v1/company/rules",
            Some(&admin),
            Some(r#"{"approval_above":null,"approval_days":0}"#),
        )
        .await;
    assert_eq!(json_of(&bad)["errors"][0]["field"], "approval_days");
    let buyer_rules = app
        .api("GET", "/api/v1/company/rules", Some(&buyer), None)
        .await;
    assert_eq!(buyer_rules.status, StatusCode::FORBIDDEN);
}
