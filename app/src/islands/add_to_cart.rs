use domain::Variant;
use leptos::{either::Either, prelude::*};

use leptos::server_fn::ServerFn;

use super::{
    cart_badge::publish_cart_items,
    form::{field, take_submission},
};
use crate::api::AddToCart as AddToCartFn;

/// Variant choice, price, stock and the add-to-cart form. Without JavaScript the radio buttons and the quantity
/// post as a plain form and the buyer lands on the cart; with it the cart updates in place.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn AddToCart(variants: Vec<Variant>, selected: String) -> impl IntoView {
    let action = ServerAction::<AddToCartFn>::new();
    let sku = RwSignal::new(selected.clone());
    let variants = StoredValue::new(variants);
    let current = move || {
        variants.with_value(|all| {
            all.iter()
                .find(|v| v.sku.as_str() == sku.get())
                .or_else(|| all.first())
                .cloned()
        })
    };
    // Effects run only in the browser, so this flips once the island is live: tests and styles can tell.
    let ready = RwSignal::new(false);
    Effect::new(move || ready.set(true));
    Effect::new(move || {
        if let Some(Ok(cart)) = action.value().get() {
            publish_cart_items(cart.item_count);
        }
    });
    let options = variants.with_value(|all| {
        all.iter()
            .map(|v| {
                let value = v.sku.to_string();
                let checked = value == selected;
                let on_pick = value.clone();
                view! {
                    <label class="variant-option" class:unavailable=!v.stock.is_available()>
                        <input
                            type="radio"
                            name="sku"
                            value=value
                            checked=checked
                            disabled=!v.stock.is_available()
                            on:change=move |_| sku.set(on_pick.clone())
                        />
                        <span class="variant-title">{v.title.clone()}</span>
                        <span class="variant-price">{v.price.display()}</span>
                    </label>
                }
            })
            .collect_view()
    });
    let many = variants.with_value(|all| all.len() > 1);
    view! {
        <form
            method="post"
            action=AddToCartFn::url()
            class="buy-box"
            data-ready=move || ready.get().to_string()
            on:submit=move |ev| {
                if let Some(data) = take_submission(&ev) {
                    action.dispatch(AddToCartFn { sku: field(&data, "sku"), quantity: field(&data, "quantity") });
                }
            }
        >
            <fieldset class="variant-picker" class:single=!many>
                <legend>"Option"</legend>
                {options}
            </fieldset>
            <p class="price" data-testid="price">
                {move || current().map(|v| v.price.display())}
                <span class="price-note">" excl. VAT"</span>
            </p>
            <p class="sku-line">"SKU " <span data-testid="sku">{move || current().map(|v| v.sku.to_string())}</span></p>
            <p class="stock-line" class:out=move || !current().is_some_and(|v| v.stock.is_available())>
                {move || current().map(|v| v.stock.label())}
            </p>
            <div class="buy-row">
                <label class="quantity">
                    <span>"Quantity"</span>
                    <input type="number" name="quantity" value="1" min="1" max="100000" step="1" inputmode="numeric" required />
                </label>
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || action.pending().get() || !current().is_some_and(|v| v.stock.is_available())
                >
                    "Add to cart"
                </button>
            </div>
            <p class="form-status" role="status" aria-live="polite">
                // Either rather than AnyView: type erasure costs the browser bundle several kilobytes.
                {move || match action.value().get() {
                    Some(Ok(cart)) => Some(Either::Left(view! {
                        <span class="ok">
                            {format!("Added. Your cart holds {} items. ", cart.item_count)}
                            <a href="/cart">"View cart"</a>
                        </span>
                    })),
                    Some(Err(e)) => Some(Either::Right(view! { <span class="alert-error">{e.message()}</span> })),
                    None => None,
                }}
            </p>
        </form>
    }
}
