//! A business registers in the storefront and staff approve it, through the real router: the form signs the
//! person in as the new company's admin, the dashboard and the companies list show it waiting, and customer service
//! approves it. A bad field is named; a lesser role and a stranger may not approve.

mod support;

use axum::http::StatusCode;
use support::{
    back_office::{admin_post, assert_refused, signed_in_member},
    spawn_app,
};

const FORM: &str = "company_name=Hanse+Bau+GmbH&vat_id=&line1=Kaistra%C3%9Fe+5&postal_code=20457&city=Hamburg\
    &country=DE&name=Jana+Brandt&email=jana%40hanse.example&password=a+long+enough+password";

#[tokio::test]
async fn a_business_registers_waits_and_is_approved() {
    let app = spawn_app().await;
    let form = app.get("/account/register-business").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Register your business"));

    let bad = app
        .form_post(
            "/api/account/register-business",
            &FORM.replace("company_name=Hanse+Bau+GmbH", "company_name="),
            "/account/register-business",
            None,
        )
        .await;
    assert!(bad.location().contains("error="), "{}", bad.location());

    let reply = app
        .form_post(
            "/api/account/register-business",
            FORM,
            "/account/register-business",
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/account?registered=business");
    let buyer = reply.set_cookie("kontor_session").expect("signed in");
    let account = app
        .get_with_cookie("/account?registered=business", &buyer)
        .await;
    assert!(account.body.contains("Your business is registered"));
    assert!(account.body.contains("Hanse Bau GmbH"));

    let service = signed_in_member(&app, "s@shop.example", "customer_service").await;
    let board = app.get_with_cookie("/admin", &service).await;
    assert!(board.body.contains("Businesses waiting for approval"));
    assert!(board.body.contains("Hanse Bau GmbH"));
    let waiting = app
        .get_with_cookie("/admin/companies?status=pending", &service)
        .await;
    assert!(
        waiting.body.contains("Approve Hanse Bau GmbH"),
        "{}",
        waiting.body
    );
    let code = waiting
        .body
        .split("name=\"code\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the company's code")
        .to_owned();
    assert!(code.starts_with("web-"));

    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let reader = signed_in_member(&app, "r@shop.example", "read_only").await;
    for who in [Some(reader.as_str()), Some(catalog.as_str()), None] {
        assert_refused(
            &app,
            "/admin/fn/companies/approve",
            &format!("code={code}"),
            who,
        )
        .await;
    }
    let approved = admin_post(
        &app,
        "/admin/fn/companies/approve",
        &format!("code={code}"),
        Some(&service),
    )
    .await;
    assert!(
        approved.location().contains("saved=approved"),
        "{}",
        approved.location()
    );
    let waiting = app
        .get_with_cookie("/admin/companies?status=pending", &service)
        .await;
    assert!(!waiting.body.contains("Hanse Bau GmbH"));
}
