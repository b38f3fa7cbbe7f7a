//! Kontor's storefront: a Leptos app rendered on the server, with the interactive parts hydrated in the browser.
//!
//! Pages are server components that load their data through server functions (in-process on the server) and render
//! complete HTML. Interactive parts (variant choice and add to cart, the cart editor, the cart badge) are islands:
//! with the `islands` feature only they ship to the browser; without it the whole app hydrates. See
//! docs/architecture.md, "Hydration budget".

#![recursion_limit = "256"]

pub mod admin;
pub mod api;
mod components;
pub mod error;
mod islands;
mod locale;
mod pages;
mod seo;
pub mod slots;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

pub use seo::SiteUrl;

/// Whether this request is for the back office, which has a stylesheet of its own and no islands, so its pages
/// load no wasm.
fn back_office() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().is_some_and(|p| p.uri.path().starts_with("/admin"))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let assets = if back_office() {
        view! { <link rel="stylesheet" href="/admin.css" /> }.into_any()
    } else {
        view! {
            <HashedStylesheet options=options.clone() id="leptos" />
            <HydrationScripts options islands=cfg!(feature = "islands") />
        }
        .into_any()
    };
    view! {
        <!DOCTYPE html>
        // `lang` is set by the page (`leptos_meta::Html` in the frame), which knows its language.
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#1d3557" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="icon" href="/favicon.ico" sizes="any" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <link rel="manifest" href="/manifest.webmanifest" />
                {assets}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The storefront's routes. Every page renders with `SsrMode::Async`: its title, meta tags and content are in the
/// HTML the server sends, for crawlers and for buyers whose JavaScript has not run (yet).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <components::Frame>
                <Routes fallback=pages::NotFound>
                    // The back office first: `/:locale` below would otherwise claim `/admin`.
                    <ParentRoute path=path!("/admin") view=admin::AdminFrame ssr=SsrMode::Async>
                        <Route path=path!("") view=admin::Dashboard />
                        <Route path=path!("sign-in") view=admin::SignIn />
                        <Route path=path!("sign-in/code") view=admin::SignInCode />
                        <Route path=path!("sign-in/enrol") view=admin::SignInEnrol />
                        <Route path=path!("password") view=admin::SetPassword />
                        <Route path=path!("forgot") view=admin::ForgotPassword />
                        <Route path=path!("account") view=admin::Account />
                        <Route path=path!("staff") view=admin::Staff />
                        <Route path=path!("audit") view=admin::Audit />
                        <Route path=path!("orders") view=admin::Orders />
                        <Route path=path!("orders/:number") view=admin::OrderDesk />
                        <Route path=path!("quotes") view=admin::AdminQuotes />
                        <Route path=path!("quotes/:number") view=admin::QuoteDesk />
                        <Route path=path!("products") view=admin::Products />
                        <Route path=path!("products/:handle") view=admin::ProductEditor />
                        <Route path=path!("imports") view=admin::Imports />
                        <Route path=path!("imports/:id") view=admin::ImportProgress />
                        <Route path=path!("settings") view=admin::Settings />
                        <Route path=path!("price-lists") view=admin::PriceLists />
                        <Route path=path!("companies") view=admin::Companies />
                        <Route path=path!("companies/:code") view=admin::CompanyPage />
                        <Route path=path!("customers") view=admin::Customers />
                        <Route path=path!("attributes") view=admin::Attributes />
                        <Route path=path!("categories") view=admin::Categories />
                        <Route path=path!("warehouses") view=admin::Warehouses />
                        <Route path=path!("keys") view=admin::Keys />
                        <Route path=path!("webhooks") view=admin::Webhooks />
                        <Route path=path!("setup") view=admin::Setup />
                    </ParentRoute>
                    <Route path=path!("/") view=pages::Home ssr=SsrMode::Async />
                    <Route path=path!("/cart") view=pages::CartPage ssr=SsrMode::Async />
                    <Route path=path!("/quick-order") view=pages::QuickOrderPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=pages::SearchResults ssr=SsrMode::Async />
                    <Route path=path!("/checkout") view=pages::CheckoutPage ssr=SsrMode::Async />
                    <Route path=path!("/checkout/confirmation/:number") view=pages::OrderConfirmation ssr=SsrMode::Async />
                    <Route path=path!("/account") view=pages::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-in") view=pages::SignIn ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-up") view=pages::SignUp ssr=SsrMode::Async />
                    <Route path=path!("/account/register-business") view=pages::RegisterBusiness ssr=SsrMode::Async />
                    <Route path=path!("/account/forgot") view=pages::ForgotPassword ssr=SsrMode::Async />
                    <Route path=path!("/account/reset") view=pages::ResetPassword ssr=SsrMode::Async />
                    <Route path=path!("/account/confirm") view=pages::ConfirmEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/account/orders") view=pages::OrderHistory ssr=SsrMode::Async />
                    <Route path=path!("/account/lists") view=pages::ListsPage ssr=SsrMode::Async />
                    <Route path=path!("/account/approvals") view=pages::ApprovalsView ssr=SsrMode::Async />
                    <Route path=path!("/account/lists/:id") view=pages::ListPage ssr=SsrMode::Async />
                    <Route path=path!("/account/quotes") view=pages::QuotesPage ssr=SsrMode::Async />
                    <Route path=path!("/account/quotes/:number") view=pages::QuoteView ssr=SsrMode::Async />
                    <Route path=path!("/account/orders/:number") view=pages::OrderPage ssr=SsrMode::Async />
                    <Route path=path!("/account/orders/:number/invoice") view=pages::InvoicePage ssr=SsrMode::Async />
                    <Route path=path!("/categories/:slug") view=pages::CategoryListing ssr=SsrMode::Async />
                    <Route path=path!("/products/:slug") view=pages::ProductDetail ssr=SsrMode::Async />
                    // The same pages in the channel's other languages: `/de/products/…`.
                    <Route path=path!("/:locale") view=pages::Home ssr=SsrMode::Async />
                    <Route path=path!("/:locale/search") view=pages::SearchResults ssr=SsrMode::Async />
                    <Route path=path!("/:locale/categories/:slug") view=pages::CategoryListing ssr=SsrMode::Async />
                    <Route path=path!("/:locale/products/:slug") view=pages::ProductDetail ssr=SsrMode::Async />
                </Routes>
            </components::Frame>
        </Router>
    }
}
