//! The account area: signing in and up, password reset, the profile with the company's people and addresses,
//! the order history, one order and its invoice. Only plain forms: each works before (and without) JavaScript.

mod approvals;
mod cost_centres;
mod lists;
mod order;
mod orders;
mod overview;
mod quotes;
mod register;
mod reset;
mod sign_in;

pub use approvals::ApprovalsView;
pub use lists::{ListPage, ListsPage};
pub use order::{InvoicePage, OrderPage};
pub use orders::OrderHistory;
pub use overview::AccountPage;
pub use quotes::{QuoteView, QuotesPage};
pub use register::RegisterBusiness;
pub use reset::{ConfirmEmailPage, ForgotPassword, ResetPassword};
pub use sign_in::{SignIn, SignUp};

use leptos::prelude::*;

use super::error_view;
use crate::error::AppError;

/// What an account page shows when its data could not be loaded. A visitor who is not signed in is sent to sign
/// in (a 303 on the server, so no page flashes) and comes back to `next` afterwards.
pub(crate) fn account_error(error: AppError, next: &str) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            let href = format!("/account/sign-in?next={next}");
            #[cfg(feature = "ssr")]
            leptos_axum::redirect(&href);
            view! {
                <section class="error-page">
                    <h1>"Please sign in"</h1>
                    <p><a class="button primary" href=href>"Sign in"</a></p>
                </section>
            }
            .into_any()
        }
        AppError::Forbidden(message) => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::FORBIDDEN);
            }
            view! {
                <section class="error-page">
                    <h1>"Not for your role"</h1>
                    <p>{message}</p>
                </section>
            }
            .into_any()
        }
        other => error_view(other),
    }
}

/// The account area's tabs.
#[component]
pub(crate) fn AccountNav(current: &'static str) -> impl IntoView {
    let sign_out = <crate::api::SignOut as leptos::server_fn::ServerFn>::url();
    let tab = move |href: &'static str, label: &'static str| {
        view! { <a href=href aria-current=(current == href).then_some("page")>{label}</a> }
    };
    view! {
        <nav class="account-nav" aria-label="Account">
            {tab("/account", "Profile")}
            {tab("/account/orders", "Orders")}
            {tab("/account/lists", "Lists")}
            {tab("/account/quotes", "Quotes")}
            {tab("/account/approvals", "Approvals")}
            <form method="post" action=sign_out>
                <button type="submit" class="button ghost small">"Sign out"</button>
            </form>
        </nav>
    }
}

/// A millisecond timestamp as the calendar day orders and invoices print.
pub(crate) fn date(ms: i64) -> String {
    domain::calendar_day(ms)
}
