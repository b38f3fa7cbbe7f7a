//! The headless API, version 1, under `/api/v1`: JSON for any head — an app, a CMS, an ERP, a device. Handlers are
//! thin: they authenticate the caller, map the request to engine calls and the answer to the API's own types
//! (`types`), so the contract stays stable while the storefront changes. The OpenAPI 3.1 document is generated from
//! the handlers' annotations, served at `/api/v1/openapi.json` and browsable at `/api/docs` (Swagger UI, served
//! from the binary: no asset from another host).

mod account;
pub mod admin;
mod approvals;
mod auth;
mod carts;
mod catalog;
pub mod client;
mod company;
pub mod error;
pub mod etag;
pub mod idempotency;
pub mod keys;
mod live;
pub(crate) mod orders;
mod price_ladder;
mod quick_order;
pub(crate) mod quotes;
mod shopping_lists;
mod types;

pub(crate) use orders::rfc3339;

use axum::Router;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::{router::OpenApiRouter, routes};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kontor API",
        version = "1",
        description = "Headless commerce: catalog, prices, carts, checkout and orders for any front end or integration. \
                       Errors always come as `{\"errors\":[{\"code\",\"detail\",\"field\"}]}`; decimals are strings. \
                       Every POST takes an `Idempotency-Key` (same key and request: the first answer again; same key, \
                       other request: 422). GET answers carry an `ETag`; send it as `If-Match` with a change to a cart, \
                       an order, a product or stock, and a stale version is refused with 412."
    ),
    modifiers(&BearerTokens),
    tags(
        (name = "catalog", description = "Products and prices as the caller sees them"),
        (name = "account", description = "Sessions of buyers"),
        (name = "carts", description = "Guest and account carts, priced for the caller"),
        (name = "orders", description = "Checkout and the buyer's orders"),
        (name = "lists", description = "Shopping lists: a buyer's own, and their company's shared ones"),
        (name = "approvals", description = "Orders waiting for the buyer's company, limits, budgets and the company's rule"),
        (name = "quotes", description = "Quotes: a buyer asks for prices, the shop answers, the buyer accepts into an order"),
        (name = "admin", description = "Back office and integrations, with a secret API key and its scopes"),
    )
)]
struct ApiDoc;

struct BearerTokens;

impl Modify for BearerTokens {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "buyer_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "secret_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("kontor_sk_…")
                    .build(),
            ),
        );
    }
}

/// Every operation may answer `429` with `Retry-After`: a key's budget, a client address's budget for anonymous
/// calls, or the sign-in slowdown. Documented once here rather than on each handler, so none can forget it.
struct TooManyRequests;

impl Modify for TooManyRequests {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            ContentBuilder, ObjectBuilder, Ref, ResponseBuilder, Type, header::HeaderBuilder,
        };
        let response = ResponseBuilder::new()
            .description("Too many requests: the key's budget, the client address's budget or the sign-in slowdown; retry after `Retry-After` seconds")
            .header(
                "Retry-After",
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)))
                    .description(Some("Seconds to wait before retrying"))
                    .build(),
            )
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiErrors")))
                    .build(),
            )
            .build();
        for item in api.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                operation
                    .responses
                    .responses
                    .insert("429".into(), response.clone().into());
            }
        }
    }
}

/// The API's routes and its OpenAPI document.
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let api = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(catalog::list_products))
        .routes(routes!(catalog::get_product))
        .routes(routes!(live::price_check))
        .routes(routes!(price_ladder::price_ladder))
        .routes(routes!(auth::sign_in))
        .routes(routes!(auth::sign_out))
        .routes(routes!(account::me))
        .routes(routes!(account::addresses))
        .routes(routes!(account::company_users))
        .routes(routes!(company::companies))
        .routes(routes!(company::switch))
        .routes(routes!(company::cost_centres))
        .routes(routes!(
            company::put_cost_centre,
            company::delete_cost_centre
        ))
        .routes(routes!(carts::create_cart))
        .routes(routes!(carts::get_cart))
        .routes(routes!(carts::add_line))
        .routes(routes!(quick_order::add_lines))
        .routes(routes!(shopping_lists::list, shopping_lists::create))
        .routes(routes!(
            shopping_lists::get,
            shopping_lists::put,
            shopping_lists::delete
        ))
        .routes(routes!(shopping_lists::set_lines))
        .routes(routes!(shopping_lists::to_cart))
        .routes(routes!(approvals::list))
        .routes(routes!(approvals::decide))
        .routes(routes!(approvals::budget))
        .routes(routes!(approvals::put_limits))
        .routes(routes!(approvals::rules, approvals::put_rules))
        .routes(routes!(quotes::list, quotes::create))
        .routes(routes!(quotes::get))
        .routes(routes!(quotes::comment))
        .routes(routes!(quotes::decline))
        .routes(routes!(quotes::accept))
        .routes(routes!(admin::quotes::list))
        .routes(routes!(admin::quotes::get))
        .routes(routes!(admin::quotes::answer))
        .routes(routes!(admin::quotes::comment))
        .routes(routes!(admin::quotes::decline))
        .routes(routes!(carts::set_line, carts::remove_line))
        .routes(routes!(orders::place_order, orders::list_orders))
        .routes(routes!(orders::get_order))
        .routes(routes!(admin::product_desk::list))
        .routes(routes!(admin::product_desk::bulk))
        .routes(routes!(admin::order_desk::list))
        .routes(routes!(admin::order_desk::csv))
        .routes(routes!(admin::order_desk::timeline))
        .routes(routes!(admin::order_desk::add_note))
        .routes(routes!(admin::order_desk::resend_confirmation))
        .routes(routes!(admin::order_desk::delivered))
        .routes(routes!(admin::order_lines::set_lines))
        .routes(routes!(admin::orders::export))
        .routes(routes!(admin::orders::get))
        .routes(routes!(admin::orders::confirm))
        .routes(routes!(admin::orders::ship))
        .routes(routes!(admin::orders::cancel))
        .routes(routes!(admin::payments::record))
        .routes(routes!(
            admin::catalog::get_product,
            admin::catalog::put_product
        ))
        .routes(routes!(admin::bulk::bulk_products))
        .routes(routes!(admin::bulk::bulk_prices))
        .routes(routes!(admin::bulk::bulk_customers))
        .routes(routes!(admin::customers::list))
        .routes(routes!(admin::setup::categories))
        .routes(routes!(admin::setup::put_category))
        .routes(routes!(admin::setup::price_lists))
        .routes(routes!(admin::setup::put_price_list))
        .routes(routes!(admin::setup::warehouses))
        .routes(routes!(admin::setup::put_warehouse))
        .routes(routes!(admin::catalog::get_stock))
        .routes(routes!(admin::catalog::put_stock))
        .routes(routes!(admin::bulk::bulk_stock))
        .routes(routes!(admin::webhooks::create, admin::webhooks::list))
        .routes(routes!(admin::webhooks::delete))
        .routes(routes!(admin::webhooks::deliveries))
        .routes(routes!(admin::webhooks::delivery))
        .routes(routes!(admin::webhooks::replay))
        .routes(routes!(admin::webhooks::events))
        .routes(routes!(admin::api_keys::create, admin::api_keys::list))
        .routes(routes!(admin::api_keys::revoke))
        .routes(routes!(admin::audit::list))
        .routes(routes!(
            admin::audit::get_retention,
            admin::audit::put_retention
        ))
        .routes(routes!(
            admin::settings::get_profile,
            admin::settings::put_profile
        ))
        .routes(routes!(admin::settings::list_channels))
        .routes(routes!(admin::settings::put_channel))
        .routes(routes!(admin::settings::list_tax_rates))
        .routes(routes!(admin::settings::put_tax_rate))
        .routes(routes!(admin::settings::delete_tax_rate))
        .routes(routes!(
            admin::settings::get_tax_settings,
            admin::settings::put_tax_settings
        ))
        .routes(routes!(admin::settings::list_shipping_methods))
        .routes(routes!(admin::settings::put_shipping_method))
        .routes(routes!(
            admin::companies::get_payments,
            admin::companies::put_payments
        ))
        .routes(routes!(admin::companies::list_groups))
        .routes(routes!(admin::companies::put_group))
        .routes(routes!(admin::companies::list_companies))
        .routes(routes!(admin::people::get_company_account))
        .routes(routes!(admin::people::add_company_person))
        .routes(routes!(admin::people::list_people))
        .routes(routes!(admin::people::set_person_access))
        .routes(routes!(admin::catalog_model::list_attributes))
        .routes(routes!(admin::catalog_model::put_attribute))
        .routes(routes!(admin::catalog_model::list_product_types))
        .routes(routes!(admin::catalog_model::put_product_type))
        .routes(routes!(
            admin::companies::get_company,
            admin::companies::put_company
        ));
    let (router, mut doc) = api.split_for_parts();
    // After the routes: the modifier walks their operations.
    TooManyRequests.modify(&mut doc);
    (router, doc)
}

/// The API plus `/api/v1/openapi.json` and the reference at `/api/docs`.
pub fn router() -> Router<AppState> {
    let (api, doc) = routes();
    // The validator badge would call validator.swagger.io: the page must work offline.
    let docs = SwaggerUi::new("/api/docs")
        .url("/api/v1/openapi.json", doc)
        .config(Config::default().validator_url("none"));
    api.merge(docs)
}

/// The OpenAPI document as JSON, for the snapshot test and `kontor` tooling.
pub fn openapi_json() -> String {
    routes().1.to_pretty_json().unwrap_or_default()
}
