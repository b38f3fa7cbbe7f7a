use domain::{Cart, CartLine};
use leptos::{either::Either, prelude::*};

use leptos::server_fn::ServerFn;

use super::{
    cart_badge::publish_cart_items,
    form::{field, take_submission},
    from_server::AsJson,
};
use crate::api::{RemoveCartLine, UpdateCartLine};

/// The cart's lines with quantity and remove forms, and the totals. Without JavaScript each form posts and the page
/// reloads; with it the cart is redrawn from the server's answer.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
pub fn CartEditor(cart: AsJson<Cart>) -> impl IntoView {
    let cart = RwSignal::new(cart.0);
    let error = RwSignal::new(None::<String>);
    let update = ServerAction::<UpdateCartLine>::new();
    let remove = ServerAction::<RemoveCartLine>::new();
    let apply = move |result: Option<Result<Cart, crate::error::AppError>>| match result {
        Some(Ok(next)) => {
            publish_cart_items(next.item_count);
            cart.set(next);
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e.message())),
        None => {}
    };
    // Effects run only in the browser, so this flips once the island is live.
    let ready = RwSignal::new(false);
    Effect::new(move || ready.set(true));
    Effect::new(move || apply(update.value().get()));
    Effect::new(move || apply(remove.value().get()));
    view! {
        <div class="cart" data-ready=move || ready.try_get().unwrap_or(false).to_string()>
            {move || error.try_get().flatten().map(|e| view! { <p class="alert alert-error" role="alert">{e}</p> })}
            {move || {
                let current = cart.get();
                // Either rather than AnyView: type erasure costs the browser bundle several kilobytes.
                if current.is_empty() {
                    return Either::Left(view! {
                        <div class="empty-cart">
                            <p>"Your cart is empty."</p>
                            <p><a class="button" href="/">"Browse the catalogue"</a></p>
                        </div>
                    });
                }
                Either::Right(view! {
                    <div class="table-scroll">
                        <table class="cart-lines">
                            <thead>
                                <tr>
                                    <th scope="col">"Product"</th>
                                    <th scope="col" class="num">"Unit price"</th>
                                    <th scope="col">"Quantity"</th>
                                    <th scope="col" class="num">"Total"</th>
                                    <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {current.lines.into_iter().map(|line| view! { <Line line update remove /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <div class="cart-summary">
                        <p class="subtotal">
                            <span>"Subtotal"</span>
                            <strong data-testid="cart-subtotal">{current.subtotal.display()}</strong>
                        </p>
                        <p class="note">"Excl. VAT and shipping, calculated at checkout."</p>
                    </div>
                })
            }}
        </div>
    }
}

#[component]
fn Line(
    line: CartLine,
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
) -> impl IntoView {
    let sku = line.sku.to_string();
    let (row_sku, update_sku, remove_sku) = (sku.clone(), sku.clone(), sku.clone());
    let warning = line
        .exceeds_stock()
        .then(|| format!("Only {} available", line.on_hand.max(0)));
    view! {
        <tr data-sku=row_sku>
            <td>
                <a href=format!("/products/{}", line.product_slug)>{line.product_name}</a>
                <span class="line-variant">{line.variant_title}</span>
                <span class="sku">{sku}</span>
                {warning.map(|w| view! { <span class="alert-error">{w}</span> })}
            </td>
            <td class="num">
                {line.previous_unit_price.map(|p| view! { <s class="price-was" title="Price when you added it">{p.money().display()}</s>" " })}
                {line.unit_price.money().display()}
            </td>
            <td>
                <form
                    method="post"
                    action=UpdateCartLine::url()
                    class="quantity-form"
                    on:submit=move |ev| {
                        if let Some(data) = take_submission(&ev) {
                            update.dispatch(UpdateCartLine { sku: field(&data, "sku"), quantity: field(&data, "quantity") });
                        }
                    }
                >
                    <input type="hidden" name="sku" value=update_sku />
                    <label>
                        <span class="visually-hidden">"Quantity"</span>
                        <input type="number" name="quantity" value=line.quantity.get() min="1" max="100000" step="1" inputmode="numeric" required />
                    </label>
                    <button type="submit" class="button small">"Update"</button>
                </form>
            </td>
            <td class="num line-total">{line.line_total.display()}</td>
            <td>
                <form
                    method="post"
                    action=RemoveCartLine::url()
                    on:submit=move |ev| {
                        if let Some(data) = take_submission(&ev) {
                            remove.dispatch(RemoveCartLine { sku: field(&data, "sku") });
                        }
                    }
                >
                    <input type="hidden" name="sku" value=remove_sku />
                    <button type="submit" class="button small ghost" aria-label="Remove">"Remove"</button>
                </form>
            </td>
        </tr>
    }
}
