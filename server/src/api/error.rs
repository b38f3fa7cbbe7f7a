//! The API's one error envelope: `{"errors":[{"code","detail","field"}]}` with the matching HTTP status. Every
//! failure of every endpoint goes through it, including the extractors' own (malformed JSON, a bad query), so a
//! client handles errors in one place.

use axum::{
    Json,
    extract::rejection::{JsonRejection, PathRejection, QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use engine::EngineError;
use serde::Serialize;
use utoipa::ToSchema;

/// One problem with a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiProblem {
    /// Stable machine-readable code: `not_found`, `invalid`, `out_of_stock`, `unauthenticated`, `forbidden`,
    /// `conflict`, `rate_limited`, `unavailable`.
    pub code: &'static str,
    /// One sentence for a developer.
    pub detail: String,
    /// The request field at fault, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The error body of every endpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrors {
    /// What went wrong; usually one entry.
    pub errors: Vec<ApiProblem>,
}

/// An API failure: a status and the envelope.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    problem: ApiProblem,
}

impl ApiError {
    /// A 400 naming `field`.
    pub fn invalid(field: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid", detail, Some(field))
    }

    /// A 401: no valid credentials.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "send a valid token in the Authorization header",
            None,
        )
    }

    fn new(
        status: StatusCode,
        code: &'static str,
        detail: impl Into<String>,
        field: Option<&str>,
    ) -> Self {
        Self {
            status,
            problem: ApiProblem {
                code,
                detail: detail.into(),
                field: field.map(str::to_owned),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ApiErrors {
                errors: vec![self.problem],
            }),
        )
            .into_response()
    }
}

impl From<domain::DomainError> for ApiError {
    fn from(e: domain::DomainError) -> Self {
        Self::invalid(&e.field, e.message)
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::NotFound { .. } => {
                Self::new(StatusCode::NOT_FOUND, "not_found", e.to_string(), None)
            }
            EngineError::Domain(d) => d.into(),
            EngineError::OutOfStock { ref sku, .. } => {
                let sku = sku.clone();
                Self::new(
                    StatusCode::CONFLICT,
                    "out_of_stock",
                    e.to_string(),
                    Some(&sku),
                )
            }
            EngineError::Conflict(message) => {
                Self::new(StatusCode::CONFLICT, "conflict", message, None)
            }
            EngineError::Forbidden(message) => {
                Self::new(StatusCode::FORBIDDEN, "forbidden", message, None)
            }
            EngineError::Unauthenticated => Self::unauthenticated(),
            EngineError::TooManyAttempts { retry_after_secs } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many failed attempts; retry in {retry_after_secs} s"),
                Some("password"),
            ),
            other => {
                tracing::error!(error = %other, "API request failed");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the shop could not answer; retry later",
                    None,
                )
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        Self::new(e.status(), "invalid", e.body_text(), Some("body"))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid",
            e.body_text(),
            Some("query"),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid",
            e.body_text(),
            Some("path"),
        )
    }
}
