//! The one back-office form that sends a file: a price list's prices as a spreadsheet saves them (CSV, or
//! semicolon- or tab-separated), posted as `multipart/form-data` to `/admin/fn/price-lists/upload`. Server
//! functions read url-encoded forms, so the host reads this body and hands the bytes to the page's own code
//! (`app::admin::prices_api::upload_prices`), which writes them through the engine with the signed-in member as
//! the actor, as the typed form does. [`member`] resolves the back-office cookie for every route the host serves
//! under `/admin` itself (this upload, the file imports, the downloads).

use app::{
    admin::prices_api::{upload_prices, upload_target},
    error::AppError,
};
use axum::{
    Extension,
    extract::{Multipart, State, multipart::MultipartRejection},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use engine::{Actor, ClientAddr};

use crate::AppState;

/// The largest price file accepted: a wholesaler's full list of a few hundred thousand lines fits.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// `POST /admin/fn/price-lists/upload`: fields `price_list` and `file`; answers with a redirect, as every
/// back-office form does.
pub async fn price_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddr>>,
    body: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let actor = member(&state, &headers, client).await?;
        let form = body.map_err(|e| AppError::Invalid {
            field: "file".into(),
            message: e.body_text(),
        })?;
        let (list, file) = read_form(form).await?;
        upload_prices(&state.engine, &actor, &list, &file).await
    }
    .await;
    Redirect::to(&upload_target(&result)).into_response()
}

/// The member behind the request's back-office cookie.
pub(crate) async fn member(
    state: &AppState,
    headers: &HeaderMap,
    client: Option<Extension<ClientAddr>>,
) -> Result<Actor, AppError> {
    let client = client.map_or(ClientAddr::LOCAL, |Extension(c)| c);
    let token = session_token(headers).ok_or(AppError::Unauthenticated)?;
    state
        .engine
        .staff_session(&token, Some(client))
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// The back office's session token from the request's cookies.
fn session_token(headers: &HeaderMap) -> Option<String> {
    let cookies = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok());
    domain::cookie::value(cookies, app::admin::session::ADMIN_COOKIE)
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
}

/// The price list's code and the file's bytes.
async fn read_form(form: Multipart) -> Result<(String, Vec<u8>), AppError> {
    let (mut fields, file) = read_multipart(form, &["price_list"]).await?;
    let list = fields
        .remove("price_list")
        .filter(|l| !l.trim().is_empty())
        .ok_or_else(|| AppError::Invalid {
            field: "price_list".into(),
            message: "is required".into(),
        })?;
    let file = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| AppError::Invalid {
            field: "file".into(),
            message: "choose a CSV file to upload".into(),
        })?;
    Ok((list, file))
}

/// The text fields named in `texts` and the bytes of the field `file` of a back-office form that sends a file.
pub(crate) async fn read_multipart(
    mut form: Multipart,
    texts: &[&str],
) -> Result<(std::collections::HashMap<String, String>, Option<Vec<u8>>), AppError> {
    let invalid = |field: &str, message: String| AppError::Invalid {
        field: field.into(),
        message,
    };
    let (mut fields, mut file) = (std::collections::HashMap::new(), None);
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| invalid("file", e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            file = Some(
                field
                    .bytes()
                    .await
                    .map_err(|e| invalid("file", e.body_text()))?
                    .to_vec(),
            );
        } else if texts.contains(&name.as_str()) {
            let text = field
                .text()
                .await
                .map_err(|e| invalid(&name, e.body_text()))?;
            fields.insert(name, text);
        }
    }
    Ok((fields, file))
}
