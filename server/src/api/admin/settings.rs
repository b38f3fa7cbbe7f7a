//! Admin API: the shop's settings — its profile, channels, tax rates and shipping methods — each read whole and
//! written by its key through the same engine operations as the back office's settings page.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
};
use engine::settings::{
    ChannelRecord, ShippingMethodRecord, ShopProfile, TaxRateRecord, TaxSettings,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
    },
};

/// A list of channels.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelList {
    /// In the shop's order.
    pub data: Vec<ChannelRecord>,
}

/// A list of tax rates.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaxRateList {
    /// By country and class.
    pub data: Vec<TaxRateRecord>,
}

/// A list of shipping methods.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShippingMethodList {
    /// In checkout's order.
    pub data: Vec<ShippingMethodRecord>,
}

/// A tax rate's percentage.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaxRateBody {
    /// Percent, 0 to 100 (`19`, `7.7`).
    #[schema(value_type = String, example = "19")]
    pub rate_percent: Decimal,
    /// From when it applies (Unix milliseconds); always when absent. A rate with a later start waits for it.
    #[serde(default)]
    pub valid_from_ms: Option<i64>,
}

/// The shop's profile: legal name, address, VAT number, bank details, contact, logo.
#[utoipa::path(
    get,
    path = "/api/v1/admin/settings/profile",
    operation_id = "get_shop_profile",
    tag = "admin",
    responses(
        (status = 200, description = "The profile", body = ShopProfile),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get_profile(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<ShopProfile>, ApiError> {
    Ok(Json(state.engine.shop_profile_as(&actor).await?))
}

/// Changes the shop's profile; fields left out are emptied.
#[utoipa::path(
    put,
    path = "/api/v1/admin/settings/profile",
    operation_id = "put_shop_profile",
    tag = "admin",
    request_body = ShopProfile,
    responses(
        (status = 200, description = "The profile as stored", body = ShopProfile),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_profile(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    body: Result<Json<ShopProfile>, JsonRejection>,
) -> Result<Json<ShopProfile>, ApiError> {
    let Json(profile) = body?;
    Ok(Json(
        state.engine.save_shop_profile(&actor, &profile).await?,
    ))
}

/// Every channel's settings.
#[utoipa::path(
    get,
    path = "/api/v1/admin/channels",
    operation_id = "list_channels",
    tag = "admin",
    responses(
        (status = 200, description = "The channels", body = ChannelList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list_channels(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<ChannelList>, ApiError> {
    Ok(Json(ChannelList {
        data: state.engine.channel_records(&actor).await?,
    }))
}

/// Creates or changes a channel; its assortment stays as it is.
#[utoipa::path(
    put,
    path = "/api/v1/admin/channels/{code}",
    operation_id = "put_channel",
    tag = "admin",
    params(("code" = String, Path, description = "The channel's code; must match the body's")),
    request_body = ChannelRecord,
    responses(
        (status = 200, description = "The channel as stored", body = ChannelRecord),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_channel(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<ChannelRecord>, JsonRejection>,
) -> Result<Json<ChannelRecord>, ApiError> {
    let Path(code) = code?;
    let Json(record) = body?;
    if record.code.trim() != code {
        return Err(ApiError::invalid("code", "must match the code in the path"));
    }
    Ok(Json(state.engine.save_channel(&actor, &record).await?))
}

/// Every tax rate.
#[utoipa::path(
    get,
    path = "/api/v1/admin/tax-rates",
    operation_id = "list_tax_rates",
    tag = "admin",
    responses(
        (status = 200, description = "The rates", body = TaxRateList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list_tax_rates(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<TaxRateList>, ApiError> {
    Ok(Json(TaxRateList {
        data: state.engine.tax_rate_records(&actor).await?,
    }))
}

/// Sets the rate of a tax class in a country, from a moment on.
#[utoipa::path(
    put,
    path = "/api/v1/admin/tax-rates/{country}/{tax_class}",
    operation_id = "put_tax_rate",
    tag = "admin",
    params(
        ("country" = String, Path, description = "Two-letter country code"),
        ("tax_class" = String, Path, description = "The tax class (`standard`, `reduced`)"),
    ),
    request_body = TaxRateBody,
    responses(
        (status = 200, description = "The rate as stored", body = TaxRateRecord),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_tax_rate(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    key: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<TaxRateBody>, JsonRejection>,
) -> Result<Json<TaxRateRecord>, ApiError> {
    let Path((country, tax_class)) = key?;
    let Json(body) = body?;
    let record = TaxRateRecord {
        tax_class,
        country,
        rate_percent: body.rate_percent,
        valid_from_ms: body.valid_from_ms,
    };
    Ok(Json(state.engine.save_tax_rate(&actor, &record).await?))
}

/// Every shipping method.
#[utoipa::path(
    get,
    path = "/api/v1/admin/shipping-methods",
    operation_id = "list_shipping_methods",
    tag = "admin",
    responses(
        (status = 200, description = "The methods", body = ShippingMethodList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list_shipping_methods(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<ShippingMethodList>, ApiError> {
    Ok(Json(ShippingMethodList {
        data: state.engine.shipping_method_records(&actor).await?,
    }))
}

/// Creates or changes a shipping method.
#[utoipa::path(
    put,
    path = "/api/v1/admin/shipping-methods/{code}",
    operation_id = "put_shipping_method",
    tag = "admin",
    params(("code" = String, Path, description = "The method's code; must match the body's")),
    request_body = ShippingMethodRecord,
    responses(
        (status = 200, description = "The method as stored", body = ShippingMethodRecord),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_shipping_method(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<ShippingMethodRecord>, JsonRejection>,
) -> Result<Json<ShippingMethodRecord>, ApiError> {
    let Path(code) = code?;
    let Json(record) = body?;
    if record.code.trim() != code {
        return Err(ApiError::invalid("code", "must match the code in the path"));
    }
    Ok(Json(
        state.engine.save_shipping_method(&actor, &record).await?,
    ))
}

/// The shop's tax rules beyond rates.
#[utoipa::path(
    get,
    path = "/api/v1/admin/settings/tax",
    operation_id = "get_tax_settings",
    tag = "admin",
    responses(
        (status = 200, description = "The rules", body = TaxSettings),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get_tax_settings(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<TaxSettings>, ApiError> {
    Ok(Json(state.engine.tax_settings_as(&actor).await?))
}

/// Switches reverse charge on or off; orders already placed keep how they were taxed.
#[utoipa::path(
    put,
    path = "/api/v1/admin/settings/tax",
    operation_id = "put_tax_settings",
    tag = "admin",
    request_body = TaxSettings,
    responses(
        (status = 200, description = "The rules as stored", body = TaxSettings),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_tax_settings(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    body: Result<Json<TaxSettings>, JsonRejection>,
) -> Result<Json<TaxSettings>, ApiError> {
    let Json(settings) = body?;
    Ok(Json(
        state.engine.save_tax_settings(&actor, &settings).await?,
    ))
}

/// Takes back a scheduled rate before it starts; a rate that has started is replaced by setting a new one.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/tax-rates/{country}/{tax_class}/{valid_from_ms}",
    operation_id = "delete_tax_rate",
    tag = "admin",
    params(
        ("country" = String, Path, description = "Two-letter country code"),
        ("tax_class" = String, Path, description = "The tax class (`standard`, `reduced`)"),
        ("valid_from_ms" = i64, Path, description = "The scheduled rate's start, Unix milliseconds"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "The rate has started; `field` says why", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:write`", body = ApiErrors),
        (status = 404, description = "No such scheduled rate", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn delete_tax_rate(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    key: Result<Path<(String, String, i64)>, PathRejection>,
) -> Result<axum::http::StatusCode, ApiError> {
    let Path((country, tax_class, valid_from_ms)) = key?;
    state
        .engine
        .remove_tax_rate(&actor, &tax_class, &country, valid_from_ms)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
