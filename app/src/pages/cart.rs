use leptos::{prelude::*, server_fn::ServerFn};

use super::{error_view, loading};
use crate::{
    api::{AcceptCartPrices, get_cart},
    components::{FormError, form_error, query_param},
    islands::CartEditor,
    seo::Seo,
};

/// The cart: lines with quantity and remove, and the subtotal.
#[component]
pub fn CartPage() -> impl IntoView {
    let cart = Resource::new(|| (), |_| get_cart(String::new()));
    let notice = (query_param("notice").as_deref() == Some("reordered"))
        .then_some("The order's lines are back in your cart.");
    view! {
        <Seo
            title="Your cart".into()
            description="The products in your cart.".into()
            path="/cart".into()
            noindex=true
        />
        <h1>"Your cart"</h1>
        {notice.map(|n| view! { <p class="alert" role="status">{n}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match cart.await {
                    Ok(Some(cart)) if !cart.is_empty() => {
                        let changed = cart.lines.iter().any(|l| l.previous_unit_price.is_some());
                        view! {
                            {changed.then(|| view! {
                                <form method="post" action=AcceptCartPrices::url() class="alert price-change" role="status">
                                    <span>"Some prices have changed since you added the products: the old price is struck through."</span>
                                    <button type="submit" class="button small">"Accept the new prices"</button>
                                </form>
                            })}
                            <CartEditor cart />
                            <p class="cart-actions"><a class="button primary" href="/checkout">"Go to checkout"</a></p>
                        }
                            .into_any()
                    }
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
