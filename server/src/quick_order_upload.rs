//! The quick-order page's file field: a CSV or an Excel workbook of SKUs and quantities, posted as
//! `multipart/form-data` to [`UPLOAD_URL`]. Server functions read url-encoded forms, so the host reads this body,
//! resolves the buyer from the storefront's cookies as every page does (the channel from the host or its cookie,
//! the session), and hands the lines to the engine call the page's paste box makes. It answers with the redirect
//! the paste box's form answers with.

use app::{
    api::{CART_COOKIE, CHANNEL_COOKIE, SESSION_COOKIE, cart_cookie_header, quick_order_target},
    error::AppError,
};
use axum::{
    extract::{Multipart, State, multipart::MultipartRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{CartToken, listing::encode};
use engine::Shopper;

use crate::AppState;

/// Where the page's file form posts.
pub const UPLOAD_URL: &str = app::api::QUICK_ORDER_UPLOAD_URL;
/// The largest file accepted: 500 lines of a workbook with a few columns is far less.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// `POST /quick-order/upload`: the field `file`.
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Multipart, MultipartRejection>,
) -> Response {
    let mut cart_cookie = None;
    let result = async {
        let form = body.map_err(|e| AppError::Invalid {
            field: "file".into(),
            message: e.body_text(),
        })?;
        let (_, file) = crate::admin_upload::read_multipart(form, &[]).await?;
        let file = file
            .filter(|f| !f.is_empty())
            .ok_or_else(|| AppError::Invalid {
                field: "file".into(),
                message: "choose a CSV or Excel file".into(),
            })?;
        let lines = engine::read_order_file(&file)?;
        if lines.is_empty() {
            return Err(AppError::Invalid {
                field: "file".into(),
                message: "holds no SKU and quantity".into(),
            });
        }
        let shopper = shopper(&state, &headers).await?;
        let token = cookie(&headers, CART_COOKIE).and_then(|t| CartToken::parse(&t).ok());
        let (cart, checked) = state
            .engine
            .add_order_list(&shopper, token.as_ref(), lines)
            .await?;
        if let Some(cart) = &cart
            && shopper.customer.is_none()
            && token.as_ref() != Some(&cart.token)
        {
            cart_cookie = Some(cart_cookie_header(&cart.token));
        }
        Ok(checked)
    }
    .await;
    let target = match &result {
        Ok(checked) => quick_order_target(checked),
        Err(e) => format!("/quick-order?error={}", encode(&e.message())),
    };
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    if let Some(value) = cart_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The buyer of a storefront request, as the pages resolve them.
async fn shopper(state: &AppState, headers: &HeaderMap) -> Result<Shopper, AppError> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let channel = state
        .engine
        .resolve_channel(host, cookie(headers, CHANNEL_COOKIE).as_deref())
        .await?;
    let guest = Shopper::guest(channel);
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(guest);
    };
    Ok(
        match state.engine.session_shopper(&token, guest.clone()).await? {
            Some((_, shopper)) => shopper,
            None => guest,
        },
    )
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok());
    domain::cookie::value(values, name).map(str::to_owned)
}
