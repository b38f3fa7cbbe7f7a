use leptos::{prelude::*, server_fn::ServerFn};

use super::{error_view, loading};
use crate::{
    api::{AcceptCartPrices, SaveCartAsList, get_cart, my_lists},
    components::{FormError, form_error, query_param},
    islands::CartEditor,
    seo::Seo,
};

/// The cart: lines with quantity and remove, and the subtotal.
#[component]
pub fn CartPage() -> impl IntoView {
    let cart = Resource::new(
        || (),
        |_| async { (get_cart(String::new()).await, my_lists().await) },
    );
    let notice = match query_param("notice").as_deref() {
        Some("reordered") => Some("The order's lines are back in your cart."),
        Some("list") => Some("The list's lines are in your cart."),
        _ => None,
    };
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
                let (cart, lists) = cart.await;
                let keeps_lists = matches!(lists, Ok(Some(ref l)) if l.can_keep);
                let can_share = matches!(lists, Ok(Some(ref l)) if l.can_share);
                match cart {
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
                            {keeps_lists.then(|| view! { <SaveAsList can_share /> })}
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

/// "Save cart as list", for a signed-in buyer who keeps lists.
#[component]
fn SaveAsList(can_share: bool) -> impl IntoView {
    view! {
        <details class="panel save-list">
            <summary>"Save the cart as a list"</summary>
            <form method="post" action=SaveCartAsList::url() class="stack narrow">
                <label class="field">
                    <span>"List name"</span>
                    <input type="text" name="name" required=true maxlength="100" />
                </label>
                {can_share.then(|| view! {
                    <label class="checkbox">
                        <input type="checkbox" name="shared" value="1" />
                        " Share with my company"
                    </label>
                })}
                <button type="submit" class="button">"Save as list"</button>
            </form>
        </details>
    }
}
