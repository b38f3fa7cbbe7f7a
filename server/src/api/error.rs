//! The API's one error envelope: `{"errors":[{"code","detail","field"}]}` with the matching HTTP status. Every
//! failure of every endpoint goes through it, including the extractors' own (malformed JSON, a bad query), so a
//! client handles errors in one place.

use axum::{
    Json,
    extract::rejection::{JsonRejection, PathRejection, QueryRejection},
    http::{HeaderValue, StatusCode, header},
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
    retry_after_secs: Option<u64>,
}

impl ApiError {
    /// A 400 naming `field`.
    pub fn invalid(field: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid", detail, Some(field))
    }

    /// A 403: the credentials are valid but do not allow this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail, None)
    }

    /// A 429 with `Retry-After`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("this key's request budget is spent; retry in {retry_after_secs} s"),
            None,
        );
        e.retry_after_secs = Some(retry_after_secs);
        e
    }

    /// A 429 with `Retry-After` and `detail`.
    pub fn too_many(detail: impl Into<String>, retry_after_secs: u64) -> Self {
        let mut e = Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", detail, None);
        e.retry_after_secs = Some(retry_after_secs);
        e
    }

    /// Any status with the envelope.
    pub fn status(
        status: StatusCode,
        code: &'static str,
        detail: impl Into<String>,
        field: Option<&str>,
    ) -> Self {
        Self::new(status, code, detail, field)
    }

    /// What went wrong, in words.
    pub fn detail(&self) -> &str {
        &self.problem.detail
    }

    /// A 401 about an API key.
    pub fn unauthenticated_key(detail: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", detail, None)
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
            retry_after_secs: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(ApiErrors {
                errors: vec![self.problem],
            }),
        )
            .into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
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
            EngineError::Unprocessable(d) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                d.message,
                Some(&d.field),
            ),
            EngineError::Refused(d) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "refused",
                d.message,
                Some(&d.field),
            ),
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
            EngineError::TooManyAttempts { retry_after_secs } => {
                let mut e = Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    format!("too many attempts; retry in {retry_after_secs} s"),
                    Some("password"),
                );
                e.retry_after_secs = Some(retry_after_secs);
                e
            }
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
    /// Every unreadable body is a `400` naming `body` (axum would answer 415 or 422 for some), so a client and the
    /// API document deal with one status for bad input; only a body over the limit keeps its `413`.
    fn from(e: JsonRejection) -> Self {
        let status = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        Self::new(status, "invalid", e.body_text(), Some("body"))
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
