//! The back office's side of a request: its own cookie (scoped to `/admin`, `SameSite=Strict`, gone when the
//! browser closes; the engine ends the session after idle and absolute timeouts), the staff actor it stands for,
//! and where a plain form post goes next.

use engine::Actor;
use http::{HeaderValue, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::{api::ssr, error::AppError};

/// The back-office session cookie. Its path keeps it off the storefront, and `SameSite=Strict` keeps it off
/// every request another site starts, links included.
pub const ADMIN_COOKIE: &str = "kontor_admin";

/// The few minutes between a right password and the second factor: a ticket, not a session.
pub const TICKET_COOKIE: &str = "kontor_admin_ticket";

/// A value shown once on the next page (a new key's secret): two minutes, read and cleared by that page.
pub const FLASH_COOKIE: &str = "kontor_admin_flash";

/// Where the sign-in form is.
pub const SIGN_IN_PATH: &str = "/admin/sign-in";

fn set_cookie(name: &str, value: &str, max_age: Option<u32>) {
    let Some(options) = use_context::<ResponseOptions>() else {
        return;
    };
    let secure = if ssr::site_base().starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    let cookie = format!("{name}={value}; Path=/admin; HttpOnly; SameSite=Strict{age}{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        options.append_header(header::SET_COOKIE, value);
    }
}

/// Starts the back-office session in the browser; the ticket, if any, is spent.
pub fn set_session(token: &str) {
    set_cookie(ADMIN_COOKIE, token, None);
    set_cookie(TICKET_COOKIE, "", Some(0));
}

/// Ends the session cookie.
pub fn clear_session() {
    set_cookie(ADMIN_COOKIE, "", Some(0));
}

/// Keeps the sign-in ticket for the second step (five minutes, as the engine does).
pub fn set_ticket(ticket: &str) {
    set_cookie(TICKET_COOKIE, ticket, Some(300));
}

/// Keeps `value` for the next page only.
pub fn set_flash(value: &str) {
    set_cookie(FLASH_COOKIE, value, Some(120));
}

/// The value the previous answer kept for this page, cleared as it is read.
pub fn take_flash() -> Option<String> {
    let value = ssr::cookie(FLASH_COOKIE).filter(|v| !v.is_empty())?;
    set_cookie(FLASH_COOKIE, "", Some(0));
    Some(value)
}

/// Refuses a destructive form unless its confirmation box (`confirm=yes`) was ticked; `what` completes "tick the
/// box to …".
pub fn confirmed(confirm: Option<&str>, what: &str) -> Result<(), AppError> {
    if confirm == Some("yes") {
        return Ok(());
    }
    Err(AppError::Invalid {
        field: "confirm".into(),
        message: format!("tick the box to {what}"),
    })
}

/// The sign-in ticket of this request.
pub fn ticket() -> Result<String, AppError> {
    ssr::cookie(TICKET_COOKIE).ok_or_else(|| AppError::Invalid {
        field: "ticket".into(),
        message: "has expired: sign in again".into(),
    })
}

/// The session token of this request.
pub fn token() -> Option<String> {
    ssr::cookie(ADMIN_COOKIE)
}

/// The signed-in member of staff: the only way a back-office page or form gets an actor.
pub async fn actor() -> Result<Actor, AppError> {
    let token = token().ok_or(AppError::Unauthenticated)?;
    ssr::engine()?
        .staff_session(&token, Some(ssr::client()))
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// [`ssr::finish_form`] for the back office: a post without a session goes to the back office's sign-in.
pub fn finish<T>(result: Result<T, AppError>, success_path: Option<&str>) -> Result<T, AppError> {
    finish_to(result, |_| success_path.map(str::to_owned))
}

/// [`finish`] where the page to go to depends on the result.
pub fn finish_to<T>(
    result: Result<T, AppError>,
    success_path: impl FnOnce(&T) -> Option<String>,
) -> Result<T, AppError> {
    if matches!(result, Err(AppError::Unauthenticated)) && accepts_html() {
        if let Some(options) = use_context::<ResponseOptions>() {
            options.insert_header(header::LOCATION, HeaderValue::from_static(SIGN_IN_PATH));
            options.set_status(http::StatusCode::SEE_OTHER);
        }
        return result;
    }
    ssr::finish_form_to(result, success_path)
}

fn accepts_html() -> bool {
    ssr::request().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}
