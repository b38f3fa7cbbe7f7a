use domain::{Cart, CheckoutOptions};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

use super::{account::account_error, loading};
use crate::{
    api::{PlaceOrder, get_checkout, get_order},
    components::{AddressFields, Field, FormError, form_error},
    seo::Seo,
};

/// `/checkout`: ship-to from the address book or a new address, shipping method, payment (invoice on account
/// with a PO number, or bank transfer), and the cart being ordered. One plain form; its idempotency key makes a
/// double submission place one order.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| get_checkout());
    view! {
        <Seo title="Checkout".into() description="Place your order.".into() path="/checkout".into() noindex=true />
        <h1>"Checkout"</h1>
        <FormError message=form_error() />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => match options.cart.clone().filter(|c| !c.is_empty()) {
                        None => view! {
                            <div class="empty-cart">
                                <p>"Your cart is empty."</p>
                                <p><a class="button" href="/">"Browse the catalogue"</a></p>
                            </div>
                        }
                            .into_any(),
                        Some(cart) if options.awaiting_approval => view! {
                            <p class="alert alert-error" role="alert">
                                "Your business account is waiting for our approval; we email you as soon as you can order."
                            </p>
                            <CartSummary cart />
                        }
                        .into_any(),
                        Some(cart) if !options.can_order => view! {
                            <p class="alert alert-error" role="alert">
                                "Your role lets you see your company's orders and cart, not place orders. Ask a buyer or an admin of your company."
                            </p>
                            <CartSummary cart />
                        }
                            .into_any(),
                        Some(cart) => view! { <CheckoutForm options cart /> }.into_any(),
                    },
                    Err(e) => account_error(e, "/checkout"),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CheckoutForm(options: CheckoutOptions, cart: Cart) -> impl IntoView {
    view! {
        <form method="post" action=PlaceOrder::url() class="checkout">
            <input type="hidden" name="expected_subtotal" value=cart.subtotal.amount.to_string() />
            <CheckoutFields options priced_shipping=true />
            <CartSummary cart />
            <p class="checkout-note">"Shipping and VAT are added to the order total. VAT follows the delivery address: none for exports, and none for a business with a VAT number in another EU country (reverse charge). The confirmation shows every figure."</p>
            <button type="submit" class="button primary large">"Place order"</button>
        </form>
    }
}

/// Ship-to, shipping and payment with the idempotency key: the fields every way of placing an order shares (a
/// cart's checkout, an accepted quote). `priced_shipping` shows each method's price, which checkout worked out
/// for the cart.
#[component]
pub(crate) fn CheckoutFields(options: CheckoutOptions, priced_shipping: bool) -> impl IntoView {
    let first_shipping = options
        .addresses
        .iter()
        .find(|a| a.kind == domain::AddressKind::Shipping)
        .or(options.addresses.first())
        .map(|a| a.id);
    let new_checked = first_shipping.is_none();
    view! {
        <input type="hidden" name="idempotency_key" value=options.idempotency_key.clone() />
        <div class="checkout-steps">
            <fieldset class="panel">
                <legend>"Ship to"</legend>
                {options.addresses.iter().map(|a| view! {
                    <label class="choice">
                        <input type="radio" name="address" value=a.id.to_string() checked=Some(a.id) == first_shipping />
                        <span>
                            <strong>{a.address.name.clone()}</strong>
                            {format!(" — {}", a.address.lines().into_iter().skip(1).collect::<Vec<_>>().join(", "))}
                        </span>
                    </label>
                }).collect_view()}
                <label class="choice">
                    <input type="radio" name="address" value="new" checked=new_checked />
                    <span>"A new address:"</span>
                </label>
                <div class="new-address">
                    <AddressFields country=options.country.clone() />
                </div>
            </fieldset>
            <fieldset class="panel">
                <legend>"Shipping"</legend>
                {options.shipping.iter().enumerate().map(|(i, m)| {
                    let price = if priced_shipping { format!("{} ", m.price.display()) } else { String::new() };
                    view! {
                        <label class="choice">
                            <input type="radio" name="shipping_method" value=m.code.clone() checked=i == 0 />
                            <span>
                                <strong>{m.name.clone()}</strong>
                                {format!(" — {price}({}); delivers to {}", m.description, m.countries.join(", "))}
                            </span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="panel">
                <legend>"Payment"</legend>
                {options.payments.iter().enumerate().map(|(i, p)| view! {
                    <label class="choice">
                        <input type="radio" name="payment" value=p.code.clone() checked=i == 0 />
                        <span>{p.label.clone()}</span>
                    </label>
                }).collect_view()}
                <Field label="Your purchase-order number (optional)" name="po_number" />
                {(!options.cost_centres.is_empty()).then(|| view! {
                    <label class="field">
                        <span>"Cost centre"</span>
                        <select name="cost_centre">
                            <option value="">"None"</option>
                            {options.cost_centres.iter().map(|c| view! {
                                <option value=c.code.clone()>{c.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
            </fieldset>
        </div>
    }
}

/// The cart as checkout orders it, with any price that changed since the buyer added it.
#[component]
fn CartSummary(cart: Cart) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="order-lines">
                <thead><tr><th>"Product"</th><th class="num">"Qty"</th><th class="num">"Unit price"</th><th class="num">"Total"</th></tr></thead>
                <tbody>
                    {cart.lines.iter().map(|l| view! {
                        <tr>
                            <td>{l.product_name.clone()}<span class="line-variant">{format!(" {} · {}", l.variant_title, l.sku)}</span></td>
                            <td class="num">{l.quantity.get()}</td>
                            <td class="num">
                                {l.previous_unit_price.as_ref().map(|p| view! { <s class="price-was">{p.money().display()}</s>" " })}
                                {l.unit_price.money().display()}
                            </td>
                            <td class="num">{l.line_total.display()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr class="grand-total"><th colspan="3">"Subtotal"</th><td class="num">{cart.subtotal.display()}</td></tr>
                </tfoot>
            </table>
        </div>
    }
}

/// `/checkout/confirmation/{number}`: the order is placed; how payment goes on, and the way to the order.
#[component]
pub fn OrderConfirmation() -> impl IntoView {
    let number = use_params_map().with_untracked(|p| p.get("number").unwrap_or_default());
    let path = format!("/checkout/confirmation/{number}");
    let order = Resource::new(move || number.clone(), get_order);
    view! {
        <Suspense fallback=loading>
            {move || {
                let path = path.clone();
                Suspend::new(async move {
                    match order.await {
                        Ok(detail) => {
                            let o = detail.order;
                            let waits = o.status == domain::OrderStatus::AwaitingApproval;
                            let lead = if waits {
                                format!(
                                    "Order {} ({} in total) goes beyond a limit your company has set, so it waits for one of your company's administrators to approve it. Its goods are held meanwhile, and we email you their decision.",
                                    o.number,
                                    o.totals.total.display()
                                )
                            } else {
                                format!("Order {} is placed: {} in total.", o.number, o.totals.total.display())
                            };
                            view! {
                                <Seo title=format!("Order {} placed", o.number) description="Thank you for your order.".into() path=path.clone() noindex=true />
                                <section class="confirmation">
                                    <h1>{if waits { "Your order waits for approval" } else { "Thank you for your order" }}</h1>
                                    <p class="lead" data-testid="confirmation-lead">{lead}</p>
                                    {o.po_number.as_ref().map(|p| view! { <p>{format!("Your PO number: {}", p.as_str())}</p> })}
                                    <p>{detail.instructions}</p>
                                    <p>"A confirmation is on its way by email."</p>
                                    <p><a class="button primary" href=format!("/account/orders/{}", o.number)>"View the order"</a></p>
                                </section>
                            }
                                .into_any()
                        }
                        Err(e) => account_error(e, &path),
                    }
                })
            }}
        </Suspense>
    }
}
