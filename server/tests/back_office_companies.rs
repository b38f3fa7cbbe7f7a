//! The back office's companies page and payment settings through the real router, as plain form posts: customer
//! service changes a company's terms, an order manager only reads them, a catalog manager sees no companies, a
//! stranger is sent to sign in, and the trail shows each change.

mod support;

use axum::http::StatusCode;
use engine::Actor;
use support::{
    back_office::{admin_post as post, assert_refused, signed_in_member},
    spawn_app,
};

const ACME_TERMS: &str = "code=acme&name=ACME&country=DE&vat_id=&customer_group=dealers&payment_terms_days=45\
                          &invoice_approved=yes&credit_limit=12000";

#[tokio::test]
async fn customer_service_changes_a_company_an_order_manager_reads_and_others_are_refused() {
    let app = spawn_app().await;
    let orders = signed_in_member(&app, "o@shop.example", "order_manager").await;
    let page = app.get_with_cookie("/admin/companies", &orders).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("acme") && page.body.contains("Dealers"),
        "the demo's companies and groups show: {}",
        page.body
    );
    assert!(!page.body.contains("Save company"), "no forms for a reader");
    assert_refused(&app, "/admin/fn/companies/save", ACME_TERMS, Some(&orders)).await;
    assert_refused(
        &app,
        "/admin/fn/companies/group",
        "code=vip&name=VIP",
        Some(&orders),
    )
    .await;

    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let refused = app.get_with_cookie("/admin/companies", &catalog).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let stranger = post(&app, "/admin/fn/companies/save", ACME_TERMS, None).await;
    assert_eq!(stranger.location(), "/admin/sign-in");

    let service = signed_in_member(&app, "s@shop.example", "customer_service").await;
    let bad = post(
        &app,
        "/admin/fn/companies/save",
        &ACME_TERMS.replace("credit_limit=12000", "credit_limit=lots"),
        Some(&service),
    )
    .await;
    assert!(
        bad.location().contains("error=Credit_limit"),
        "{}",
        bad.location()
    );
    let saved = post(&app, "/admin/fn/companies/save", ACME_TERMS, Some(&service)).await;
    assert_eq!(
        saved.location(),
        "/admin/companies?saved=company",
        "{}",
        saved.body
    );
    let acme = app
        .engine
        .company_overview(&Actor::process("test"), "acme")
        .await
        .unwrap();
    assert_eq!(
        (
            acme.terms.customer_group.as_str(),
            acme.terms.payment_terms_days,
            acme.terms.credit_limit.map(|l| l.to_string())
        ),
        ("dealers", Some(45), Some("12000".to_owned()))
    );
    let group = post(
        &app,
        "/admin/fn/companies/group",
        "code=vip&name=VIP+buyers",
        Some(&service),
    )
    .await;
    assert_eq!(group.location(), "/admin/companies?saved=group");
    let edit = app
        .get_with_cookie("/admin/companies?code=acme", &service)
        .await;
    assert!(
        edit.body.contains("Change the company") && edit.body.contains("VIP buyers (vip)"),
        "{}",
        edit.body
    );

    let owner = signed_in_member(&app, "ow@shop.example", "administrator").await;
    let trail = app
        .get_with_cookie("/admin/audit?entity=company", &owner)
        .await;
    assert!(
        trail.body.contains("payment_terms_days: 30 → 45"),
        "{}",
        trail.body
    );
}

#[tokio::test]
async fn an_administrator_switches_a_payment_method_off_and_a_catalog_manager_may_not() {
    let app = spawn_app().await;
    let fields = "default_terms_days=30&bank_transfer_enabled=yes&bank_transfer_days=5";
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let page = app.get_with_cookie("/admin/settings", &catalog).await;
    assert!(page.body.contains("Bank transfer in advance"));
    assert!(!page.body.contains("Save payments"));
    assert_refused(&app, "/admin/fn/settings/payments", fields, Some(&catalog)).await;

    let admin = signed_in_member(&app, "a@shop.example", "administrator").await;
    let saved = post(&app, "/admin/fn/settings/payments", fields, Some(&admin)).await;
    assert_eq!(
        saved.location(),
        "/admin/settings?saved=payments",
        "{}",
        saved.body
    );
    let settings = app.engine.payment_settings().await.unwrap();
    assert!(!settings.invoice_enabled, "an unticked box is off");
    assert_eq!(settings.bank_transfer_days, 5);
    let none = post(
        &app,
        "/admin/fn/settings/payments",
        "default_terms_days=30&bank_transfer_days=5",
        Some(&admin),
    )
    .await;
    assert!(
        none.location().contains("error=Bank_transfer_enabled"),
        "{}",
        none.location()
    );
}

#[tokio::test]
async fn an_administrator_takes_back_a_scheduled_tax_rate_after_confirming() {
    let app = spawn_app().await;
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
        + 86_400_000;
    let owner = Actor::process("test");
    app.engine
        .save_tax_rate(
            &owner,
            &engine::settings::TaxRateRecord {
                tax_class: "standard".into(),
                country: "AT".into(),
                rate_percent: "22".parse().unwrap(),
                valid_from_ms: Some(start),
            },
        )
        .await
        .unwrap();
    let fields = format!("tax_class=standard&country=AT&valid_from_ms={start}");
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    assert_refused(
        &app,
        "/admin/fn/settings/tax-rate/remove",
        &format!("{fields}&confirm=yes"),
        Some(&catalog),
    )
    .await;
    let admin = signed_in_member(&app, "a@shop.example", "administrator").await;
    let page = app.get_with_cookie("/admin/settings", &admin).await;
    assert!(
        page.body.contains(&format!("value=\"{start}\"")),
        "the scheduled rate has its remove form: {}",
        page.body
    );
    let unconfirmed = post(
        &app,
        "/admin/fn/settings/tax-rate/remove",
        &fields,
        Some(&admin),
    )
    .await;
    assert!(
        unconfirmed.location().contains("error=Confirm"),
        "{}",
        unconfirmed.location()
    );
    let removed = post(
        &app,
        "/admin/fn/settings/tax-rate/remove",
        &format!("{fields}&confirm=yes"),
        Some(&admin),
    )
    .await;
    assert_eq!(removed.location(), "/admin/settings?saved=tax");
    assert!(
        !app.engine
            .tax_rate_records(&owner)
            .await
            .unwrap()
            .iter()
            .any(|r| r.valid_from_ms == Some(start))
    );
}
