//! The back office under `/admin`: server-rendered pages in the same app as the storefront, plain and dense
//! (tables, not cards), every form a plain form post that works without JavaScript. It has no islands, so the
//! storefront's bundle carries nothing of it, and its pages load no wasm at all (see `shell`).

pub mod api;
pub mod catalog_api;
pub mod categories_api;
pub mod companies_api;
pub mod dashboard_api;
pub mod imports_api;
pub mod keys_api;
pub mod orders_api;
mod pages;
pub mod people_api;
pub mod prices_api;
#[cfg(feature = "ssr")]
mod product_form;
pub mod products_api;
pub mod quotes_api;
#[cfg(feature = "ssr")]
pub mod session;
pub mod settings_api;
pub mod warehouses_api;
pub mod webhooks_api;

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::components::Outlet;

pub use pages::{
    Account, AdminQuotes, Attributes, Audit, Categories, Companies, CompanyPage, Customers,
    Dashboard, ForgotPassword, ImportProgress, Imports, Keys, ORDERS_CSV_URL, OrderDesk, Orders,
    PriceLists, ProductEditor, Products, QuoteDesk, SetPassword, Settings, Setup, SignIn,
    SignInCode, SignInEnrol, Staff, Warehouses, Webhooks, import_errors_url,
};

use crate::error::AppError;

/// Header with the back office's sections (once signed in) around the page.
#[component]
pub fn AdminFrame() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        // Nothing of the back office belongs in a shared cache or the browser's history cache.
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("private, no-store"),
        );
    }
    let me = Resource::new(|| (), |_| api::get_me());
    view! {
        <Title formatter=|title: String| format!("{title} · Kontor back office") />
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="admin-header">
            <a class="admin-brand" href="/admin">"Kontor back office"</a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().map(|me| view! {
                        <nav aria-label="Back office">
                            <a href="/admin">"Dashboard"</a>
                            {me.permissions.iter().any(|p| p == "orders:read").then(|| view! { <a href="/admin/orders">"Orders"</a> })}
                            {me.permissions.iter().any(|p| p == "orders:read").then(|| view! { <a href="/admin/quotes">"Quotes"</a> })}
                            {me.permissions.iter().any(|p| p == "catalog:read").then(|| view! { <a href="/admin/products">"Products"</a> })}
                            {me.permissions.iter().any(|p| p == "staff:manage").then(|| view! { <a href="/admin/staff">"Staff"</a> })}
                            {me.permissions.iter().any(|p| p == "catalog:read").then(|| view! { <a href="/admin/price-lists">"Price lists"</a> })}
                            {me.permissions.iter().any(|p| p == "catalog:read").then(|| view! { <a href="/admin/categories">"Categories"</a> })}
                            {me.permissions.iter().any(|p| p == "catalog:read").then(|| view! { <a href="/admin/attributes">"Attributes"</a> })}
                            {me.permissions.iter().any(|p| p == "inventory:read").then(|| view! { <a href="/admin/warehouses">"Warehouses"</a> })}
                            {me.permissions.iter().any(|p| p == "customers:read").then(|| view! { <a href="/admin/companies">"Companies"</a> })}
                            {me.permissions.iter().any(|p| p == "customers:read").then(|| view! { <a href="/admin/customers">"Customers"</a> })}
                            {me.permissions.iter().any(|p| p.ends_with(":write") || p == "orders:read").then(|| view! { <a href="/admin/imports">"Imports"</a> })}
                            {me.permissions.iter().any(|p| p == "settings:read").then(|| view! { <a href="/admin/settings">"Settings"</a> })}
                            {me.permissions.iter().any(|p| p == "keys:manage").then(|| view! { <a href="/admin/keys">"API keys"</a> })}
                            {me.permissions.iter().any(|p| p == "webhooks:manage").then(|| view! { <a href="/admin/webhooks">"Webhooks"</a> })}
                            {me.permissions.iter().any(|p| p == "audit:read").then(|| view! { <a href="/admin/audit">"Audit trail"</a> })}
                            <a href="/admin/account">{me.email.clone()}</a>
                            <form method="post" action=api::AdminSignOut::url() class="inline">
                                <button type="submit" class="link">"Sign out"</button>
                            </form>
                        </nav>
                    })
                })}
            </Suspense>
        </header>
        <main id="main" class="admin-main">
            <Outlet />
        </main>
    }
}

/// What a back-office page shows when its data could not be loaded: the sign-in for a visitor without a
/// session, a refusal (403) for a role that may not, the message otherwise.
pub(crate) fn admin_error(error: AppError) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            #[cfg(feature = "ssr")]
            leptos_axum::redirect("/admin/sign-in");
            view! { <p><a href="/admin/sign-in">"Sign in to the back office"</a></p> }.into_any()
        }
        AppError::Forbidden(message) => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::FORBIDDEN);
            }
            view! {
                <section class="refused">
                    <h2>"Not allowed for your role"</h2>
                    <p>{message}</p>
                    <p><a href="/admin">"Back to the dashboard"</a></p>
                </section>
            }
            .into_any()
        }
        AppError::NotFound => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::NOT_FOUND);
            }
            view! { <p class="alert alert-error" role="alert">{AppError::NotFound.message()}</p> }
                .into_any()
        }
        other => {
            view! { <p class="alert alert-error" role="alert">{other.message()}</p> }.into_any()
        }
    }
}

/// A page's query string (with or without its `?`) as decoded key and value pairs, for the engine's list filters.
#[cfg(feature = "ssr")]
pub(crate) fn query_pairs(query: &str) -> Vec<(&str, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key, domain::listing::decode(value)))
        .collect()
}

/// A list's page links: the page before, where this one is, the page after.
pub(crate) fn pager(
    page: u32,
    pages: u32,
    link: impl Fn(u32) -> String,
    (before, after): (&'static str, &'static str),
) -> impl IntoView {
    view! {
        <nav class="pagination" aria-label="Pages">
            {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{before}</a> })}
            <span>{format!("Page {page} of {pages}")}</span>
            {(page < pages).then(|| view! { <a rel="next" href=link(page + 1)>{after}</a> })}
        </nav>
    }
}

/// `2026-12-06 09:41:07 UTC`.
pub(crate) fn timestamp(ms: i64) -> String {
    let secs = ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        domain::calendar_day(ms),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_timestamp_reads_in_utc() {
        assert_eq!(
            super::timestamp(1_765_014_067_000),
            "2025-12-06 09:41:07 UTC"
        );
    }
}
