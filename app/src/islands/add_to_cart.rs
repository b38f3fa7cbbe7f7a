use domain::{Money, StockState, Variant};
use leptos::{either::Either, prelude::*};
use serde::{Deserialize, Serialize};

use leptos::server_fn::ServerFn;

use super::{
    cart_badge::publish_cart_items,
    form::{field, take_submission},
    from_server::FromServer,
    line_price::{Line, line_at, price_line},
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
    /// The buyer's prices for this variant (`domain::BuyerPrices` in JSON), priced in the browser with the server's
    /// own `domain::pricing`. Kept as text so that reading it belongs to the pricing chunk (see `line_price`), not
    /// to the buy box's own code.
    prices: Option<String>,
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
            prices: v
                .prices
                .as_ref()
                .and_then(|p| serde_json::to_string(p).ok()),
        }
    }

    /// The line the buy box opens with: `options`' `selected` one (or the first) at its first quantity.
    pub fn opening_line(options: &[Self], selected: &str) -> Line {
        let Some(option) = options
            .iter()
            .find(|o| o.sku == selected)
            .or_else(|| options.first())
        else {
            return Line::default();
        };
        match &option.prices {
            Some(prices) => line_at(prices, option.min),
            None => Line::unpriced(option.min),
        }
    }
}

/// Variant choice, price, stock and the add-to-cart form. Without JavaScript the radio buttons and the quantity
/// post as a plain form (the browser enforces minimum, pack size and maximum on the quantity field) and the buyer
/// lands on the cart; with it the cart updates in place and the line is priced in the browser as the quantity
/// changes.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
pub fn AddToCart(
    variants: FromServer<Vec<BuyOption>>,
    selected: String,
    tax_note: String,
    line: FromServer<Line>,
) -> impl IntoView {
    let FromServer(variants) = variants;
    let line = RwSignal::new(line.0);
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
    // Each change prices the line anew; an answer that arrives after a newer change is dropped.
    let asked = StoredValue::new(0_u32);
    let reprice = move |quantity: u32| {
        let Some(prices) = current().and_then(|v| v.prices) else {
            line.set(Line::unpriced(quantity));
            return;
        };
        asked.update_value(|n| *n += 1);
        let ticket = asked.get_value();
        leptos::task::spawn_local(async move {
            let priced = price_line(prices, quantity).await;
            if asked.try_get_value() == Some(ticket) {
                line.set(priced);
            }
        });
    };
    // Effects run only in the browser, so this flips once the island is live: tests and styles can tell.
    let ready = RwSignal::new(false);
    Effect::new(move || ready.set(true));
    Effect::new(move || {
        if let Some(Ok(added)) = action.value().get() {
            publish_cart_items(added.item_count);
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
                                reprice(min);
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
            {move || {
                let l = line.try_get().unwrap_or_default();
                view! {
                    <p
                        class="line-price"
                        data-testid="line-price"
                        data-quantity=l.quantity.to_string()
                        data-line-net=l.net
                        data-line-gross=l.gross
                    >
                        {l.text}
                    </p>
                }
            }}
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
                                reprice(q);
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
                    Some(Ok(added)) => Some(Either::Left(view! {
                        <span class="ok">
                            {format!("Added. Your cart holds {} items. ", added.item_count)}
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
