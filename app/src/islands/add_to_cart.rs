use domain::{Money, StockState, UnitPrice, Variant};
use leptos::{either::Either, prelude::*};
use serde::{Deserialize, Serialize};

use leptos::server_fn::ServerFn;

use super::{
    cart_badge::publish_cart_items,
    form::{field, take_submission},
};
use crate::api::AddToCart as AddToCartFn;

/// What the buy box needs of a variant: only this travels to the browser, not the whole product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuyOption {
    sku: String,
    title: String,
    price: Option<Money>,
    stock: StockState,
    min: u32,
    step: u32,
    max: Option<u32>,
    /// Volume breaks: (from quantity, unit price shown).
    breaks: Vec<(u32, UnitPrice)>,
}

impl BuyOption {
    /// The buy-box view of a variant.
    pub fn from_variant(v: &Variant) -> Self {
        Self {
            sku: v.sku.to_string(),
            title: v.title.clone(),
            price: v.price.clone(),
            stock: v.stock,
            min: v.rules.min,
            step: v.rules.increment,
            max: v.rules.max,
            breaks: v
                .breaks
                .iter()
                .map(|b| (b.min_quantity, b.unit_shown.clone()))
                .collect(),
        }
    }

    /// The unit price at `quantity`: the last break at or below it, as the pricing engine chose it.
    fn unit_at(&self, quantity: u32) -> Option<UnitPrice> {
        self.breaks
            .iter()
            .rev()
            .find(|(min, _)| *min <= quantity)
            .map(|(_, p)| p.clone())
    }
}

/// Variant choice, price, stock and the add-to-cart form. Without JavaScript the radio buttons and the quantity
/// post as a plain form (the browser enforces minimum, pack size and maximum on the quantity field) and the buyer
/// lands on the cart; with it the cart updates in place and the price follows the quantity through the volume
/// breaks.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn AddToCart(variants: Vec<BuyOption>, selected: String, tax_note: String) -> impl IntoView {
    let action = ServerAction::<AddToCartFn>::new();
    let sku = RwSignal::new(selected.clone());
    let first = variants
        .iter()
        .find(|v| v.sku == selected)
        .or_else(|| variants.first())
        .map(|v| (v.min, v.step, v.max))
        .unwrap_or((1, 1, None));
    let variants = StoredValue::new(variants);
    let quantity = RwSignal::new(first.0);
    // `try_` reads: the server may evaluate these closures once more after the page that owned them was
    // disposed (a suspended page re-rendering), which must render nothing rather than panic.
    let current = move || {
        let wanted = sku.try_get()?;
        variants
            .try_with_value(|all| {
                all.iter()
                    .find(|v| v.sku == wanted)
                    .or_else(|| all.first())
                    .cloned()
            })
            .flatten()
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
                let value = v.sku.clone();
                let checked = value == selected;
                let on_pick = value.clone();
                let min = v.min;
                view! {
                    <label class="variant-option" class:unavailable=!v.stock.is_available()>
                        <input
                            type="radio"
                            name="sku"
                            value=value
                            checked=checked
                            disabled=!v.stock.is_available()
                            on:change=move |_| {
                                sku.set(on_pick.clone());
                                quantity.set(min);
                            }
                        />
                        <span class="variant-title">{v.title.clone()}</span>
                        <span class="variant-price">{v.price.as_ref().map(Money::display)}</span>
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
            data-ready=move || ready.try_get().unwrap_or(false).to_string()
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
                {move || current().and_then(|v| v.price).map(|p| p.display())}
                <span class="price-note">{format!(" {tax_note}")}</span>
            </p>
            <p class="line-price" data-testid="line-price">
                {move || {
                    let q = quantity.try_get().unwrap_or(1);
                    current()
                        .and_then(|v| v.unit_at(q))
                        .filter(|_| q > 1)
                        .map(|unit| format!("{} each at {q}: {} in all", unit.money().display(), unit.line_total(q).display()))
                }}
            </p>
            <p class="sku-line">"SKU " <span data-testid="sku">{move || current().map(|v| v.sku)}</span></p>
            <p class="stock-line" class:out=move || !current().is_some_and(|v| v.stock.is_available())>
                {move || current().map(|v| v.stock.label())}
            </p>
            <div class="buy-row">
                <label class="quantity">
                    <span>"Quantity"</span>
                    <input
                        type="number"
                        name="quantity"
                        prop:value=move || quantity.try_get().unwrap_or(1).to_string()
                        value=first.0.to_string()
                        min=move || current().map_or(1, |v| v.min).to_string()
                        step=move || current().map_or(1, |v| v.step).to_string()
                        max=move || current().and_then(|v| v.max).unwrap_or(100_000).to_string()
                        inputmode="numeric"
                        required
                        on:input=move |ev| {
                            if let Ok(q) = event_target_value(&ev).parse::<u32>() {
                                quantity.set(q);
                            }
                        }
                    />
                </label>
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || {
                        action.pending().try_get().unwrap_or(false) || !current().is_some_and(|v| v.stock.is_available())
                    }
                >
                    "Add to cart"
                </button>
            </div>
            <p class="form-status" role="status" aria-live="polite">
                // Either rather than AnyView: type erasure costs the browser bundle several kilobytes.
                {move || match action.value().try_get().flatten() {
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
