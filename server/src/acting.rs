//! Customer service shopping as a buyer: every state-changing storefront request of a session a member of staff
//! opened on a buyer's behalf is written to the audit trail under that member's name (`customer.acted_as`, with the
//! method and path), before it runs, so even the sign-out that ends the session is on record. A buyer's own session
//! writes nothing; the check is one indexed lookup, made for posts only.

use app::api::SESSION_COOKIE;
use axum::{
    extract::{Request, State},
    http::{Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use engine::Engine;

/// The middleware.
pub async fn audit_actions(State(engine): State<Engine>, request: Request, next: Next) -> Response {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if writes && !request.uri().path().starts_with("/admin") {
        let cookies = request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok());
        if let Some(token) = domain::cookie::value(cookies, SESSION_COOKIE) {
            let what = format!("{} {}", request.method(), request.uri().path());
            if let Err(e) = engine.record_action_as_buyer(token, &what).await {
                // An action that cannot be put on record does not happen.
                tracing::error!(error = %e, "could not audit an action taken on a buyer's behalf");
                return (StatusCode::SERVICE_UNAVAILABLE, "please try again").into_response();
            }
        }
    }
    next.run(request).await
}
