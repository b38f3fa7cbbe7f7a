use leptos::{prelude::*, server_fn::ServerFn};

use super::{error_view, loading};
use crate::{
    api::{AcceptCartPrices, RequestQuote, SaveCartAsList, get_cart, my_lists},
    components::{FormError, form_error, query_param},
    islands::{AsJson, CartEditor},
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
                            <CartEditor cart=AsJson(cart.clone()) />
                            <p class="cart-actions"><a class="button primary" href="/checkout">"Go to checkout"</a></p>
                            {keeps_lists.then(|| view! { <SaveAsList can_share /> })}
                            {keeps_lists.then(|| view! { <AskForQuote cart /> })}
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

/// "Ask for a quote" on the cart's lines: per line a wanted quantity (0 leaves it out) and an optional target
/// price, and a message; for a signed-in buyer who may order.
#[component]
fn AskForQuote(cart: domain::Cart) -> impl IntoView {
    view! {
        <details class="panel ask-quote">
            <summary>"Ask for a quote"</summary>
            <form method="post" action=RequestQuote::url() class="stack">
                <p class="hint">"Buying more, or regularly? Tell us the quantities and, if you like, the net unit price you aim for: we answer with prices that hold until a date, and you order at them."</p>
                <div class="table-scroll">
                    <table class="order-lines">
                        <thead><tr><th>"Product"</th><th>"Quantity"</th><th>"Target unit price (optional)"</th></tr></thead>
                        <tbody>
                            {cart.lines.iter().enumerate().map(|(i, l)| view! {
                                <tr>
                                    <td>
                                        {l.product_name.clone()}<span class="line-variant">{format!(" · {}", l.sku.as_str())}</span>
                                        <input type="hidden" name=format!("rows[{i}][sku]") value=l.sku.as_str().to_owned() />
                                    </td>
                                    <td>
                                        <input type="number" class="qty-input" min="0" name=format!("rows[{i}][quantity]")
                                            value=l.quantity.get().to_string() aria-label=format!("Quantity of {}", l.sku.as_str()) />
                                    </td>
                                    <td>
                                        <input type="text" inputmode="decimal" class="price-input" name=format!("rows[{i}][target_price]")
                                            aria-label=format!("Target unit price of {}", l.sku.as_str()) />
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <label class="field">
                    <span>"Message for us (optional)"</span>
                    <textarea name="message" maxlength="2000" rows="3"></textarea>
                </label>
                <button type="submit" class="button">"Ask for a quote"</button>
            </form>
        </details>
    }
}
