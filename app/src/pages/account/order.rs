use domain::{Order, OrderLine};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

use super::{AccountNav, account_error, date};
use crate::{
    api::{AddOrderToList, BuyerLists, CancelOrder, OrderDetail, Reorder, get_order, my_lists},
    components::ListChoice,
    pages::loading,
    seo::{SHOP_NAME, Seo},
};

fn order_number() -> String {
    use_params_map().with_untracked(|p| p.get("number").unwrap_or_default())
}

/// `/account/orders/{number}`: status, lines, shipments with tracking, addresses and totals; reorder, cancel
/// and the invoice from here. An order of another company is a 404, whatever the number.
#[component]
pub fn OrderPage() -> impl IntoView {
    let number = order_number();
    let path = format!("/account/orders/{number}");
    let order = Resource::new(
        move || number.clone(),
        |number| async move { (get_order(number).await, my_lists().await) },
    );
    view! {
        <AccountNav current="/account/orders" />
        <Suspense fallback=loading>
            {move || {
                let path = path.clone();
                Suspend::new(async move {
                    match order.await {
                        (Ok(detail), lists) => {
                            let lists = lists.ok().flatten().filter(|l| l.can_keep);
                            view! { <OrderView detail path lists /> }.into_any()
                        }
                        (Err(e), _) => account_error(e, &path),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn OrderView(detail: OrderDetail, path: String, lists: Option<BuyerLists>) -> impl IntoView {
    let OrderDetail {
        order,
        instructions,
        can_reorder,
        can_cancel,
        seller: _,
    } = detail;
    let number = order.number.clone();
    view! {
        <Seo title=format!("Order {number}") description=format!("Order {number}.") path=path.clone() noindex=true />
        <div class="order-head">
            <h1>{format!("Order {number}")}</h1>
            <span class=format!("status status-{}", order.status.as_str())>{order.status.label()}</span>
        </div>
        <p class="order-meta">
            {format!("Placed {} by {}", date(order.placed_at_ms), order.placed_by)}
            {order.po_number.as_ref().map(|p| format!(" · PO {}", p.as_str()))}
            {format!(" · {}", order.payment.label())}
        </p>
        <div class="order-actions">
            {can_reorder.then(|| view! {
                <form method="post" action=Reorder::url()>
                    <input type="hidden" name="number" value=number.clone() />
                    <button type="submit" class="button primary">"Order again"</button>
                </form>
            })}
            <a class="button" href=format!("{path}/invoice")>"Invoice"</a>
            {can_cancel.then(|| view! {
                <form method="post" action=CancelOrder::url()>
                    <input type="hidden" name="number" value=number.clone() />
                    <button type="submit" class="button ghost">"Cancel order"</button>
                </form>
            })}
        </div>
        <OrderBody order=order.clone() />
        {lists.map(|lists| view! {
            <details class="panel add-to-list">
                <summary>"Add the order's lines to a list"</summary>
                <form method="post" action=AddOrderToList::url() class="stack narrow">
                    <input type="hidden" name="number" value=number.clone() />
                    <ListChoice lists new_name=format!("Order {number}") />
                    <button type="submit" class="button">"Add to the list"</button>
                </form>
            </details>
        })}
        <section class="panel">
            <h2>"Payment"</h2>
            <p>{instructions}</p>
        </section>
        {(!order.shipments.is_empty()).then(|| view! {
            <section class="panel">
                <h2>"Shipments"</h2>
                <ul class="shipments">
                    {order.shipments.iter().map(|s| view! {
                        <li>
                            {format!("{} · {} tracking {} · ", date(s.shipped_at_ms), s.carrier, s.tracking_number)}
                            {s.lines.iter().map(|(sku, q)| format!("{q} × {sku}")).collect::<Vec<_>>().join(", ")}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// Lines, addresses and totals: the part the order page and the invoice share.
#[component]
fn OrderBody(order: Order) -> impl IntoView {
    let t = order.totals.clone();
    let lines = order.lines.into_iter().map(line).collect_view();
    let ship_to = order
        .shipping_address
        .lines()
        .into_iter()
        .map(|l| view! { {l}<br /> })
        .collect_view();
    let bill_to = order
        .billing_address
        .lines()
        .into_iter()
        .map(|l| view! { {l}<br /> })
        .collect_view();
    let vat_id = order
        .vat_id
        .map(|id| view! { <p class="vat-id">{format!("VAT number: {id}")}</p> });
    let tax_note = order
        .tax_note
        .map(|note| view! { <p class="tax-note">{note}</p> });
    let cost_centre = order
        .cost_centre
        .map(|c| view! { <p class="cost-centre">{format!("Cost centre: {c}")}</p> });
    view! {
        <div class="table-scroll">
            <table class="order-lines">
                <thead>
                    <tr><th>"SKU"</th><th>"Product"</th><th class="num">"Qty"</th><th class="num">"Shipped"</th><th class="num">"Unit price"</th><th class="num">"Net"</th></tr>
                </thead>
                <tbody>{lines}</tbody>
                <tfoot>
                    <tr><th colspan="5">"Subtotal (net)"</th><td class="num">{t.subtotal_net.display()}</td></tr>
                    <tr><th colspan="5">{format!("Shipping: {}", order.shipping_method)}</th><td class="num">{t.shipping_net.display()}</td></tr>
                    <tr><th colspan="5">"VAT"</th><td class="num">{t.tax.display()}</td></tr>
                    <tr class="grand-total"><th colspan="5">"Total"</th><td class="num">{t.total.display()}</td></tr>
                </tfoot>
            </table>
        </div>
        {tax_note}
        {cost_centre}
        <div class="address-pair">
            <section>
                <h2>"Ship to"</h2>
                <address>{ship_to}</address>
            </section>
            <section>
                <h2>"Bill to"</h2>
                <address>{bill_to}</address>
                {vat_id}
            </section>
        </div>
    }
}

fn line(l: OrderLine) -> impl IntoView {
    view! {
        <tr>
            <td class="sku">{l.sku.to_string()}</td>
            <td>{l.product_name}<span class="line-variant">{format!(" {}", l.variant_title)}</span></td>
            <td class="num">{l.quantity}</td>
            <td class="num">{l.shipped}</td>
            <td class="num">{l.unit_price.display()}</td>
            <td class="num">{l.line_net.display()}</td>
        </tr>
    }
}

/// `/account/orders/{number}/invoice`: a printable invoice (the browser prints it; the stylesheet hides the shop
/// around it).
#[component]
pub fn InvoicePage() -> impl IntoView {
    let number = order_number();
    let path = format!("/account/orders/{number}/invoice");
    let order = Resource::new(move || number.clone(), get_order);
    view! {
        <Suspense fallback=loading>
            {move || {
                let path = path.clone();
                Suspend::new(async move {
                    match order.await {
                        Ok(detail) => {
                            let o = detail.order;
                            let due = o.due_at_ms.map(|d| format!("Due {}", date(d)));
                            view! {
                                <Seo title=format!("Invoice {}", o.number) description=format!("Invoice for order {}.", o.number) path=path.clone() noindex=true />
                                <article class="invoice">
                                    <header class="invoice-head">
                                        <div>
                                            <p class="brand-name">{SHOP_NAME}</p>
                                            {detail.seller.iter().map(|line| view! { <p>{line.clone()}</p> }).collect_view()}
                                        </div>
                                        <div>
                                            <h1>{format!("Invoice {}", o.number)}</h1>
                                            <p>{format!("Date {}", date(o.placed_at_ms))}</p>
                                            {due.map(|d| view! { <p>{d}</p> })}
                                            {o.po_number.as_ref().map(|p| view! { <p>{format!("Your PO {}", p.as_str())}</p> })}
                                        </div>
                                    </header>
                                    <OrderBody order=o.clone() />
                                    <p class="invoice-terms">{detail.instructions}</p>
                                    <p class="no-print"><a href=format!("/account/orders/{}", o.number)>"Back to the order"</a></p>
                                </article>
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
