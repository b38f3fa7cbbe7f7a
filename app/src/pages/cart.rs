use leptos::prelude::*;

use super::{error_view, loading};
use crate::{
    api::get_cart,
    components::{FormError, form_error},
    islands::CartEditor,
    seo::Seo,
};

/// The cart: lines with quantity and remove, and the subtotal.
#[component]
pub fn CartPage() -> impl IntoView {
    let cart = Resource::new(|| (), |_| get_cart(String::new()));
    view! {
        <Seo
            title="Your cart".into()
            description="The products in your cart.".into()
            path="/cart".into()
            noindex=true
        />
        <h1>"Your cart"</h1>
        <FormError message=form_error() />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match cart.await {
                    Ok(Some(cart)) if !cart.is_empty() => view! { <CartEditor cart /> }.into_any(),
                    Ok(_) => {
                        view! {
                            <div class="empty-cart">
                                <p>"Your cart is empty."</p>
                                <p><a class="button" href="/">"Browse the catalogue"</a></p>
                            </div>
                        }
                            .into_any()
                    }
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}
