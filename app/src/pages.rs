//! One module per page.

mod account;
mod cart;
mod category;
mod checkout;
mod home;
mod not_found;
mod product;
mod quick_order;
mod search;

pub use account::{
    AccountPage, ApprovalsView, ConfirmEmailPage, ForgotPassword, InvoicePage, ListPage, ListsPage,
    OrderHistory, OrderPage, QuoteView, QuotesPage, RegisterBusiness, ResetPassword, SignIn,
    SignUp,
};
pub use cart::CartPage;
pub use category::CategoryListing;
pub use checkout::{CheckoutPage, OrderConfirmation};
pub use home::Home;
pub use not_found::NotFound;
pub use product::ProductDetail;
pub use quick_order::QuickOrderPage;
pub use search::SearchResults;

use leptos::prelude::*;

use crate::error::AppError;

/// What a page shows when its data could not be loaded: the 404 page for a missing subject, a short apology
/// otherwise.
fn error_view(error: AppError) -> AnyView {
    match error {
        AppError::NotFound | AppError::Invalid { .. } => view! { <NotFound /> }.into_any(),
        other => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
            }
            view! {
                <section class="error-page">
                    <h1>"Sorry, something went wrong"</h1>
                    <p>{other.message()}</p>
                </section>
            }
            .into_any()
        }
    }
}

fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"Loading…"</p> }
}
