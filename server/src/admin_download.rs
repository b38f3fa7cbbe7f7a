//! The back office's downloads: the order list as CSV at `/admin/orders.csv`, narrowed by the list page's own query
//! string. A server function answers JSON, and a download wants a file, so the host reads the member's session
//! here and hands the query to the page's own parser (`app::admin::orders_api::order_search`).

use app::{admin::orders_api::order_search, error::AppError};
use axum::{
    Extension,
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use engine::ClientAddr;

use crate::{AppState, admin_upload::session_token, api::admin::order_desk::csv_response};

/// `GET /admin/orders.csv?status=…&q=…`: every order the filters select.
pub async fn orders_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddr>>,
    RawQuery(query): RawQuery,
) -> Response {
    let client = client.map_or(ClientAddr::LOCAL, |Extension(c)| c);
    let result = async {
        let token = session_token(&headers).ok_or(AppError::Unauthenticated)?;
        let actor = state
            .engine
            .staff_session(&token, Some(client))
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let search = order_search(query.as_deref().unwrap_or(""))?;
        Ok::<_, AppError>(state.engine.orders_csv(&actor, &search).await?)
    }
    .await;
    match result {
        Ok(body) => csv_response(body),
        Err(AppError::Unauthenticated) => Redirect::to("/admin/sign-in").into_response(),
        Err(AppError::Forbidden(message)) => (StatusCode::FORBIDDEN, message).into_response(),
        Err(e @ AppError::Invalid { .. }) => (StatusCode::BAD_REQUEST, e.message()).into_response(),
        Err(e) => {
            tracing::error!(error = %e.message(), "order download failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "the download failed").into_response()
        }
    }
}
