//! The back office through the real router, as a browser without JavaScript uses it: sign-in with its own cookie
//! (path `/admin`, `SameSite=Strict`), two-factor enrolment and sign-in, the staff page with its confirmation
//! step, the audit trail, and refusals for a stranger, a lesser role and a buyer's session.

mod support;

use axum::http::StatusCode;
use engine::{Actor, ClientAddr, staff::NewStaff};
use support::{
    Reply, TestApp,
    back_office::{STAFF_PASSWORD as PASSWORD, admin_cookie, assert_refused, staff_member},
    spawn_app, spawn_app_with_local_targets,
};

async fn post(app: &TestApp, path: &str, body: &str, cookie: Option<&str>) -> Reply {
    app.form_post(path, body, "/admin/sign-in", cookie).await
}

fn code(secret: &str, steps_ahead: u64) -> String {
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    totp.generate(now + 30 * steps_ahead).to_string()
}

/// The text of the element marked `data-testid="{id}"`.
fn test_id(page: &str, id: &str) -> String {
    let start = page.find(&format!("data-testid=\"{id}\"")).unwrap();
    let after = &page[start..];
    let open = after.find('>').unwrap() + 1;
    after[open..open + after[open..].find('<').unwrap()].to_owned()
}

#[tokio::test]
async fn a_stranger_is_sent_to_sign_in_and_the_session_cookie_stays_in_the_back_office() {
    let app = spawn_app().await;
    for path in ["/admin", "/admin/staff", "/admin/audit", "/admin/account"] {
        let gate = app.get(path).await;
        assert!(gate.status.is_redirection(), "{path}: {}", gate.status);
        assert_eq!(gate.location(), "/admin/sign-in", "{path}");
    }
    let form = app.get("/admin/sign-in").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("action=\"/admin/fn/sign-in\""),
        "{}",
        form.body
    );
    assert_eq!(form.header("cache-control"), Some("private, no-store"));
    assert!(
        !form.body.contains("/pkg/"),
        "a back-office page loads no wasm"
    );

    staff_member(&app, "c@shop.example", "catalog_manager").await;
    let wrong = post(
        &app,
        "/admin/fn/sign-in",
        "email=c@shop.example&password=wrong-password",
        None,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::SEE_OTHER);
    assert!(
        wrong
            .location()
            .starts_with("/admin/sign-in?error=Password"),
        "{}",
        wrong.location()
    );
    assert!(wrong.set_cookie("kontor_admin").is_none());

    let reply = post(
        &app,
        "/admin/fn/sign-in",
        &format!("email=c@shop.example&password={PASSWORD}"),
        None,
    )
    .await;
    let line = reply.set_cookie_line("kontor_admin").unwrap();
    for part in ["Path=/admin", "HttpOnly", "SameSite=Strict"] {
        assert!(line.contains(part), "{line}");
    }
    let cookie = reply.set_cookie("kontor_admin").unwrap();
    let dashboard = app.get_with_cookie("/admin", &cookie).await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("c@shop.example") && dashboard.body.contains("catalog:write"));

    // A buyer's session token is no way in, whatever cookie it is put in.
    let buyer = app
        .engine
        .sign_in(
            "buyer@acme.example",
            engine::seed::DEMO_PASSWORD,
            ClientAddr::LOCAL,
        )
        .await
        .unwrap();
    let gate = app
        .get_with_cookie("/admin", &format!("kontor_admin={}", buyer.token))
        .await;
    assert_eq!(gate.location(), "/admin/sign-in");

    // Signing out ends the session, not only the cookie.
    let out = post(&app, "/admin/fn/sign-out", "", Some(&cookie)).await;
    assert_eq!(out.location(), "/admin/sign-in");
    assert_eq!(
        app.get_with_cookie("/admin", &cookie).await.location(),
        "/admin/sign-in"
    );

    // Another site cannot post the sign-in form.
    let forged = app
        .send(
            axum::http::Request::post("/admin/fn/sign-in")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", "http://evil.example")
                .body(axum::body::Body::from(format!(
                    "email=c@shop.example&password={PASSWORD}"
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_owner_enrols_at_first_sign_in_then_signs_in_with_a_code() {
    let app = spawn_app().await;
    staff_member(&app, "owner@shop.example", "owner").await;
    let password = post(
        &app,
        "/admin/fn/sign-in",
        &format!("email=owner@shop.example&password={PASSWORD}"),
        None,
    )
    .await;
    assert_eq!(password.location(), "/admin/sign-in/enrol");
    assert!(
        password.set_cookie("kontor_admin").is_none(),
        "no session before the second factor"
    );
    let ticket = password.set_cookie("kontor_admin_ticket").unwrap();

    let page = app.get_with_cookie("/admin/sign-in/enrol", &ticket).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<svg"),
        "the QR code is drawn on the server"
    );
    let secret = test_id(&page.body, "totp-secret");
    assert!(page.body.contains("data-testid=\"recovery-codes\""));

    let wrong = post(
        &app,
        "/admin/fn/sign-in/enrol",
        "code=000000",
        Some(&ticket),
    )
    .await;
    assert!(
        wrong.location().contains("error=Code"),
        "{}",
        wrong.location()
    );
    let enrolled = post(
        &app,
        "/admin/fn/sign-in/enrol",
        &format!("code={}", code(&secret, 0)),
        Some(&ticket),
    )
    .await;
    assert_eq!(enrolled.location(), "/admin", "{}", enrolled.body);
    let cookie = enrolled.set_cookie("kontor_admin").unwrap();
    assert!(
        app.get_with_cookie("/admin/account", &cookie)
            .await
            .body
            .contains("<td>On</td>")
    );

    // The next sign-in asks for a code; the ticket alone is no session.
    let password = post(
        &app,
        "/admin/fn/sign-in",
        &format!("email=owner@shop.example&password={PASSWORD}"),
        None,
    )
    .await;
    assert_eq!(password.location(), "/admin/sign-in/code");
    let ticket = password.set_cookie("kontor_admin_ticket").unwrap();
    assert_eq!(
        app.get_with_cookie("/admin", &ticket).await.location(),
        "/admin/sign-in"
    );
    let signed_in = post(
        &app,
        "/admin/fn/sign-in/code",
        &format!("code={}", code(&secret, 1)),
        Some(&ticket),
    )
    .await;
    assert_eq!(signed_in.location(), "/admin", "{}", signed_in.body);
    assert!(signed_in.set_cookie("kontor_admin").is_some());
}

#[tokio::test]
async fn lesser_roles_and_strangers_are_refused_staff_and_the_trail() {
    let app = spawn_app().await;
    staff_member(&app, "c@shop.example", "catalog_manager").await;
    staff_member(&app, "o@shop.example", "order_manager").await;
    for email in ["c@shop.example", "o@shop.example"] {
        let cookie = admin_cookie(&app, email).await;
        for path in ["/admin/staff", "/admin/audit"] {
            let page = app.get_with_cookie(path, &cookie).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{email} {path}");
            assert!(page.body.contains("Not allowed for your role"));
        }
        let invite = post(
            &app,
            "/admin/fn/staff/invite",
            "email=x@shop.example&name=X&role=read_only",
            Some(&cookie),
        )
        .await;
        assert!(
            invite.location().contains("error="),
            "{email}: {}",
            invite.location()
        );
        let disable = post(
            &app,
            "/admin/fn/staff/disable",
            "email=c@shop.example&confirm=yes",
            Some(&cookie),
        )
        .await;
        assert!(
            disable.location().contains("error="),
            "{email}: {}",
            disable.location()
        );
    }
    let stranger = post(
        &app,
        "/admin/fn/staff/invite",
        "email=x@shop.example&name=X&role=owner",
        None,
    )
    .await;
    assert_eq!(stranger.location(), "/admin/sign-in");
    let members = app
        .engine
        .staff_members(&Actor::process("test"))
        .await
        .unwrap();
    assert_eq!(members.len(), 2, "nothing was created");
    assert!(
        members.iter().all(|m| m.disabled_at_ms.is_none()),
        "nobody was disabled"
    );
}

#[tokio::test]
async fn an_administrator_invites_changes_and_disables_with_a_confirmation_and_the_trail_shows_it()
{
    let app = spawn_app().await;
    staff_member(&app, "admin@shop.example", "administrator").await;
    let cookie = admin_cookie(&app, "admin@shop.example").await;
    let invited = post(
        &app,
        "/admin/fn/staff/invite",
        "email=new@shop.example&name=New+Member&role=catalog_manager",
        Some(&cookie),
    )
    .await;
    assert_eq!(
        invited.location(),
        "/admin/staff?invited=new%40shop.example"
    );
    let page = app.get_with_cookie("/admin/staff", &cookie).await;
    assert!(
        page.body.contains("new@shop.example") && page.body.contains("Invited"),
        "{}",
        page.body
    );
    let mail = app
        .engine
        .claim_emails(50, std::time::Duration::from_secs(60))
        .await
        .unwrap();
    assert!(
        mail.iter().any(|m| m.to_address == "new@shop.example"
            && m.body.contains("http://shop.test/admin/password?token=")),
        "the invitation carries the link"
    );

    let changed = post(
        &app,
        "/admin/fn/staff/role",
        "email=new@shop.example&role=order_manager",
        Some(&cookie),
    )
    .await;
    assert_eq!(changed.location(), "/admin/staff");
    let unconfirmed = post(
        &app,
        "/admin/fn/staff/disable",
        "email=new@shop.example",
        Some(&cookie),
    )
    .await;
    assert!(
        unconfirmed.location().contains("error=Confirm"),
        "{}",
        unconfirmed.location()
    );
    let disabled = post(
        &app,
        "/admin/fn/staff/disable",
        "email=new@shop.example&confirm=yes",
        Some(&cookie),
    )
    .await;
    assert_eq!(disabled.location(), "/admin/staff");
    assert!(
        app.get_with_cookie("/admin/staff", &cookie)
            .await
            .body
            .contains("Disabled")
    );

    let trail = app
        .get_with_cookie("/admin/audit?actor=admin%40shop", &cookie)
        .await;
    assert_eq!(trail.status, StatusCode::OK);
    for text in [
        "staff.created",
        "staff.role_changed",
        "role: catalog_manager → order_manager",
        "staff.disabled",
    ] {
        assert!(trail.body.contains(text), "{text}: {}", trail.body);
    }
    let nobody = app
        .get_with_cookie("/admin/audit?actor=nobody", &cookie)
        .await;
    assert!(nobody.body.contains("No entries match."));
}

#[tokio::test]
async fn a_one_time_link_sets_the_password_once() {
    let app = spawn_app().await;
    let created = app
        .engine
        .create_staff(
            &Actor::process("test"),
            NewStaff {
                email: "link@shop.example".into(),
                name: "Link".into(),
                role: "read_only".into(),
            },
            None,
        )
        .await
        .unwrap();
    let page = app
        .get(&format!("/admin/password?token={}", created.token))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.input_value("token").as_deref(),
        Some(created.token.as_str())
    );
    let short = post(
        &app,
        "/admin/fn/password",
        &format!("token={}&password=short", created.token),
        None,
    )
    .await;
    assert!(
        short.location().contains("error=Password"),
        "{}",
        short.location()
    );
    let set = post(
        &app,
        "/admin/fn/password",
        &format!("token={}&password={PASSWORD}", created.token),
        None,
    )
    .await;
    assert_eq!(set.location(), "/admin/sign-in?password=set");
    let again = post(
        &app,
        "/admin/fn/password",
        &format!("token={}&password={PASSWORD}", created.token),
        None,
    )
    .await;
    assert!(
        again.location().contains("error=Token"),
        "{}",
        again.location()
    );
    admin_cookie(&app, "link@shop.example").await;
}

#[tokio::test]
async fn an_administrator_makes_a_key_sees_its_secret_once_and_revokes_it() {
    let app = spawn_app().await;
    staff_member(&app, "admin@shop.example", "administrator").await;
    staff_member(&app, "c@shop.example", "catalog_manager").await;
    let cookie = admin_cookie(&app, "admin@shop.example").await;
    let made = post(
        &app,
        "/admin/fn/keys/create",
        "name=ERP&scopes=orders%3Aread%2C+catalog%3Aread",
        Some(&cookie),
    )
    .await;
    assert_eq!(made.location(), "/admin/keys?created=1", "{}", made.body);
    let flash_line = made.set_cookie_line("kontor_admin_flash").unwrap();
    assert!(
        flash_line.contains("Path=/admin")
            && flash_line.contains("HttpOnly")
            && flash_line.contains("Max-Age=120")
    );
    let flash = made.set_cookie("kontor_admin_flash").unwrap();
    let secret = flash.trim_start_matches("kontor_admin_flash=").to_owned();
    let page = app
        .get_with_cookie("/admin/keys", &format!("{cookie}; {flash}"))
        .await;
    assert_eq!(test_id(&page.body, "new-secret"), secret);
    assert!(
        page.set_cookie_line("kontor_admin_flash")
            .unwrap()
            .contains("Max-Age=0"),
        "shown once"
    );
    assert!(
        !app.get_with_cookie("/admin/keys", &cookie)
            .await
            .body
            .contains(&secret)
    );
    assert_eq!(
        app.api("GET", "/api/v1/admin/orders", Some(&secret), None)
            .await
            .status,
        StatusCode::OK
    );

    assert_refused(
        &app,
        "/admin/fn/keys/create",
        "name=X&scopes=fly%3Ahigh",
        Some(&cookie),
    )
    .await;
    let id = app.engine.api_keys(&Actor::process("test")).await.unwrap()[0].id;
    let unconfirmed = post(
        &app,
        "/admin/fn/keys/revoke",
        &format!("id={id}"),
        Some(&cookie),
    )
    .await;
    assert!(
        unconfirmed.location().contains("error=Confirm"),
        "{}",
        unconfirmed.location()
    );
    let catalog = admin_cookie(&app, "c@shop.example").await;
    assert_eq!(
        app.get_with_cookie("/admin/keys", &catalog).await.status,
        StatusCode::FORBIDDEN
    );
    assert_refused(
        &app,
        "/admin/fn/keys/revoke",
        &format!("id={id}&confirm=yes"),
        Some(&catalog),
    )
    .await;
    let revoked = post(
        &app,
        "/admin/fn/keys/revoke",
        &format!("id={id}&confirm=yes"),
        Some(&cookie),
    )
    .await;
    assert_eq!(revoked.location(), "/admin/keys?revoked=1");
    assert_eq!(
        app.api("GET", "/api/v1/admin/orders", Some(&secret), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_administrator_makes_a_role_but_only_an_owner_chooses_who_needs_a_second_factor() {
    let app = spawn_app().await;
    staff_member(&app, "admin@shop.example", "administrator").await;
    let cookie = admin_cookie(&app, "admin@shop.example").await;
    let role = post(
        &app,
        "/admin/fn/staff/role-definition",
        "code=auditor&name=Auditor&permissions=audit%3Aread%2C+orders%3Aread",
        Some(&cookie),
    )
    .await;
    assert_eq!(role.location(), "/admin/staff?saved=role", "{}", role.body);
    assert!(
        app.get_with_cookie("/admin/staff", &cookie)
            .await
            .body
            .contains("<code>auditor</code>")
    );
    assert_refused(
        &app,
        "/admin/fn/staff/role-definition",
        "code=wizard&name=Wizard&permissions=fly%3Ahigh",
        Some(&cookie),
    )
    .await;

    assert_refused(
        &app,
        "/admin/fn/staff/two-factor-roles",
        "roles=owner%2C+auditor",
        Some(&cookie),
    )
    .await;
    assert_eq!(app.engine.two_factor_roles().await.unwrap(), ["owner"]);
}

#[tokio::test]
async fn an_administrator_subscribes_an_endpoint_replays_a_delivery_and_ends_it() {
    let app = spawn_app_with_local_targets(|engine| engine).await;
    staff_member(&app, "admin@shop.example", "administrator").await;
    staff_member(&app, "c@shop.example", "catalog_manager").await;
    let cookie = admin_cookie(&app, "admin@shop.example").await;
    let made = post(
        &app,
        "/admin/fn/webhooks/create",
        "url=http%3A%2F%2F127.0.0.1%3A9%2Fhook&event_types=stock.changed",
        Some(&cookie),
    )
    .await;
    assert_eq!(
        made.location(),
        "/admin/webhooks?created=1",
        "{}",
        made.body
    );
    let flash = made.set_cookie("kontor_admin_flash").unwrap();
    let page = app
        .get_with_cookie("/admin/webhooks", &format!("{cookie}; {flash}"))
        .await;
    assert!(
        test_id(&page.body, "new-secret").starts_with("whsec_"),
        "the signing secret, once"
    );
    assert!(page.body.contains("http://127.0.0.1:9/hook"));

    let (_, product) = app.first_product().await;
    app.engine
        .set_stock(
            &engine::Actor::process("test"),
            "main",
            &product.variants[0].sku,
            7,
        )
        .await
        .unwrap();
    let page = app.get_with_cookie("/admin/webhooks", &cookie).await;
    assert!(
        page.body.contains("stock.changed") && page.body.contains("pending"),
        "{}",
        page.body
    );
    let id = app.engine.webhooks().await.unwrap()[0].id;
    let delivery = app.engine.webhook_deliveries(id, None, 1).await.unwrap()[0].id;
    let replayed = post(
        &app,
        "/admin/fn/webhooks/replay",
        &format!("id={delivery}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(
        replayed.location(),
        "/admin/webhooks?replayed=1",
        "{}",
        replayed.body
    );

    let catalog = admin_cookie(&app, "c@shop.example").await;
    assert_eq!(
        app.get_with_cookie("/admin/webhooks", &catalog)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_refused(
        &app,
        "/admin/fn/webhooks/delete",
        &format!("id={id}&confirm=yes"),
        Some(&catalog),
    )
    .await;
    let unconfirmed = post(
        &app,
        "/admin/fn/webhooks/delete",
        &format!("id={id}"),
        Some(&cookie),
    )
    .await;
    assert!(
        unconfirmed.location().contains("error=Confirm"),
        "{}",
        unconfirmed.location()
    );
    let ended = post(
        &app,
        "/admin/fn/webhooks/delete",
        &format!("id={id}&confirm=yes"),
        Some(&cookie),
    )
    .await;
    assert_eq!(ended.location(), "/admin/webhooks?deleted=1");
    assert!(app.engine.webhooks().await.unwrap().is_empty());
}
