//! The back office as a browser without JavaScript uses it: members made by the operator, sign-in through the
//! form, form posts, and refusals.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use engine::{Actor, ClientAddr, staff::NewStaff};

use super::{Reply, TestApp};

/// The password every member made here chooses.
pub const STAFF_PASSWORD: &str = "a long staff password";

/// A member made by the operator who has chosen their password.
pub async fn staff_member(app: &TestApp, email: &str, role: &str) {
    let created = app
        .engine
        .create_staff(
            &Actor::process("test"),
            NewStaff {
                email: email.into(),
                name: "Staff member".into(),
                role: role.into(),
            },
            None,
        )
        .await
        .unwrap();
    app.engine
        .set_staff_password(
            &created.token,
            &domain::Password::parse(STAFF_PASSWORD).unwrap(),
            ClientAddr::LOCAL,
        )
        .await
        .unwrap();
}

/// A form post from a back-office page.
pub async fn admin_post(app: &TestApp, path: &str, body: &str, cookie: Option<&str>) -> Reply {
    app.form_post(path, body, "/admin", cookie).await
}

/// Signs in with the password alone (the member's role needs no second factor) and returns the cookie.
pub async fn admin_cookie(app: &TestApp, email: &str) -> String {
    let reply = admin_post(
        app,
        "/admin/fn/sign-in",
        &format!("email={email}&password={STAFF_PASSWORD}"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/admin");
    reply
        .set_cookie("kontor_admin")
        .expect("a back-office cookie")
}

/// A member made by the operator, signed in: their cookie.
pub async fn signed_in_member(app: &TestApp, email: &str, role: &str) -> String {
    staff_member(app, email, role).await;
    admin_cookie(app, email).await
}

/// Posts the form and expects it refused: back with an error for a member, to the sign-in for a stranger.
pub async fn assert_refused(app: &TestApp, path: &str, body: &str, cookie: Option<&str>) {
    let reply = admin_post(app, path, body, cookie).await;
    let refused = match cookie {
        Some(_) => reply.location().contains("error="),
        None => reply.location() == "/admin/sign-in",
    };
    assert!(refused, "{path} with {body}: {}", reply.location());
}

/// Posts a back-office form that sends a file (`multipart/form-data`) as a browser without JavaScript does: the
/// text `fields`, then `file` as (field, file name, bytes). Answers where the redirect goes.
pub async fn multipart_post(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    (field, name, bytes): (&str, &str, &[u8]),
    cookie: Option<&str>,
) -> String {
    const BOUNDARY: &str = "kontor-test-boundary";
    let mut body = Vec::new();
    for (key, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
             Content-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut request = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "http://shop.test/admin");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let reply = app.send(request.body(Body::from(body)).unwrap()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.location()
}
