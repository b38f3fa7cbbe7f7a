//! `POST /admin/fn/products/images`: a product image from the editor's file field (fields `handle`, `alt` and
//! `file`), read by the host because server functions take url-encoded forms, and added through the engine with
//! the signed-in member as the actor. The file field takes a dropped file as well as a chosen one.

use app::error::AppError;
use axum::{
    Extension,
    extract::{Multipart, State, multipart::MultipartRejection},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use domain::listing::encode;
use engine::ClientAddr;

use crate::{
    AppState,
    admin_upload::{member, read_multipart},
};

/// The largest body read: a little over the largest image the engine accepts, so a file just over it gets the
/// engine's message naming the limit.
pub const MAX_BODY_BYTES: usize = engine::media::MAX_UPLOAD_BYTES + 1024 * 1024;

/// Adds the posted image to the product and goes back to its page, saying what happened.
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddr>>,
    body: Result<Multipart, MultipartRejection>,
) -> Response {
    let mut handle = String::new();
    let result = async {
        let actor = member(&state, &headers, client).await?;
        let form = body.map_err(|e| AppError::Invalid {
            field: "file".into(),
            message: e.body_text(),
        })?;
        let (mut fields, file) = read_multipart(form, &["handle", "alt"]).await?;
        handle = fields.remove("handle").unwrap_or_default();
        let file = file
            .filter(|f| !f.is_empty())
            .ok_or_else(|| AppError::Invalid {
                field: "file".into(),
                message: "choose an image to upload".into(),
            })?;
        let alt = fields.remove("alt").unwrap_or_default();
        state
            .engine
            .upload_product_image(&actor, &handle, file, &alt)
            .await?;
        Ok(())
    }
    .await;
    let page = match handle.as_str() {
        "" => "/admin/products".to_owned(),
        handle => format!("/admin/products/{}", encode(handle)),
    };
    let target = match result {
        Ok(()) => format!("{page}?saved=image"),
        Err(AppError::Unauthenticated) => "/admin/sign-in".to_owned(),
        Err(e) => format!("{page}?error={}", encode(&e.message())),
    };
    Redirect::to(&target).into_response()
}
