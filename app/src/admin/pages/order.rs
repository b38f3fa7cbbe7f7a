//! `/admin/orders/{number}`: one order as the merchant works it — buyer, addresses, lines with what has shipped,
//! parcels with tracking, the timeline — and a form for each step its state allows.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use domain::{Order, OrderStatus, PaymentStatus};

use super::order_lines::ChangeLines;
use crate::{
    admin::{
        admin_error,
        orders_api::{
            AdminAddOrderNote, AdminCancelOrder, AdminConfirmOrder, AdminMarkDelivered,
            AdminRecordPayment, AdminResendConfirmation, AdminShipOrder, get_admin_order,
        },
        timestamp,
    },
    components::{Field, FormError, form_error, query_param},
};

/// One order; needs `orders:read`, and `orders:write` for its forms.
#[component]
pub fn OrderDesk() -> impl IntoView {
    let number = use_params_map().with_untracked(|p| p.get("number").unwrap_or_default());
    let saved = query_param("saved").map(|what| match what.as_str() {
        "confirmed" => "Confirmed the order.",
        "shipped" => "Recorded the shipment; the buyer has been emailed.",
        "delivered" => "Marked the order delivered.",
        "cancelled" => "Cancelled the order and released its stock.",
        "payment" => "Recorded the payment.",
        "resent" => "Queued a copy of the confirmation for the buyer.",
        "lines" => "Changed the lines; the buyer has been emailed the order as it is now.",
        _ => "Added the note.",
    });
    let data = Resource::new(move || number.clone(), get_admin_order);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        let order = view.order;
                        let title = format!("Order {}", order.number);
                        view! {
                            <Title text=title.clone() />
                            <p><a href="/admin/orders">"← Orders"</a></p>
                            <h1>{title}</h1>
                            {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
                            <FormError message=form_error() />
                            <Summary order=order.clone() />
                            <Lines order=order.clone() />
                            {view.can_write.then(|| view! { <Actions order=order.clone() /> })}
                            <h2>"Timeline"</h2>
                            <ol class="timeline">
                                {view.timeline.into_iter().map(|e| view! {
                                    <li class=format!("timeline-{}", e.kind)>
                                        <span class="nowrap">{timestamp(e.at_ms)}</span>" "
                                        <strong>{e.title}</strong>
                                        {(!e.detail.is_empty()).then(|| view! { <span>" — "{e.detail}</span> })}
                                    </li>
                                }).collect_view()}
                            </ol>
                        }
                        .into_any()
                    }
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Summary(order: Order) -> impl IntoView {
    let company = order
        .company
        .as_ref()
        .map(|c| format!("{} ({})", c.name, c.code))
        .unwrap_or_else(|| "Private buyer".into());
    let payment = match order.payment_status {
        PaymentStatus::Paid => "paid",
        PaymentStatus::Unpaid => "unpaid",
    };
    view! {
        <dl class="facts">
            <dt>"Status"</dt><dd>{order.status.label()}</dd>
            <dt>"Placed"</dt><dd>{timestamp(order.placed_at_ms)}</dd>
            <dt>"Company"</dt><dd>{company}</dd>
            <dt>"Placed by"</dt><dd>{order.placed_by.clone()}</dd>
            <dt>"PO number"</dt><dd>{order.po_number.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default()}</dd>
            {order.cost_centre.clone().map(|c| view! { <dt>"Cost centre"</dt><dd>{c}</dd> })}
            <dt>"Payment"</dt><dd>{format!("{}, {payment}", order.payment.label())}</dd>
            <dt>"Shipping"</dt><dd>{order.shipping_method.clone()}</dd>
            <dt>"Ship to"</dt><dd>{order.shipping_address.lines().join(", ")}</dd>
            <dt>"Invoice to"</dt><dd>{order.billing_address.lines().join(", ")}</dd>
            <dt>"Total"</dt><dd>{order.totals.total.display()}</dd>
        </dl>
    }
}

#[component]
fn Lines(order: Order) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table>
                <thead><tr>
                    <th>"SKU"</th><th>"Item"</th><th class="num">"Ordered"</th><th class="num">"Shipped"</th>
                    <th class="num">"Unit"</th><th class="num">"Net"</th>
                </tr></thead>
                <tbody>
                    {order.lines.iter().map(|l| view! {
                        <tr>
                            <td>{l.sku.as_str().to_owned()}</td>
                            <td>{format!("{} {}", l.product_name, l.variant_title)}</td>
                            <td class="num">{l.quantity}</td>
                            <td class="num">{l.shipped}</td>
                            <td class="num nowrap">{l.unit_price.display()}</td>
                            <td class="num nowrap">{l.line_net.display()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(!order.shipments.is_empty()).then(|| view! {
            <h2>"Parcels"</h2>
            <ul>
                {order.shipments.iter().map(|s| view! {
                    <li>
                        {format!("{} · {} {} · ", timestamp(s.shipped_at_ms), s.carrier, s.tracking_number)}
                        {s.lines.iter().map(|(sku, n)| format!("{n} × {sku}")).collect::<Vec<_>>().join(", ")}
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

/// A form for each step the order's state allows.
#[component]
fn Actions(order: Order) -> impl IntoView {
    let status = order.status;
    let number = order.number.clone();
    let hidden = move || view! { <input type="hidden" name="number" value=number.clone() /> };
    let open: Vec<_> = order
        .lines
        .iter()
        .filter(|l| l.quantity > l.shipped)
        .map(|l| (l.sku.as_str().to_owned(), l.quantity - l.shipped))
        .collect();
    let can_ship = status.can_become(OrderStatus::Shipped) && !open.is_empty();
    let editable = matches!(status, OrderStatus::Placed | OrderStatus::Confirmed)
        && order.lines.iter().all(|l| l.shipped == 0);
    view! {
        <h2>"Work on this order"</h2>
        <div class="actions">
            {status.can_become(OrderStatus::Confirmed).then(|| view! {
                <form method="post" action=AdminConfirmOrder::url() class="inline">
                    {hidden()}
                    <button type="submit" class="button primary">"Confirm order"</button>
                </form>
            })}
            {status.can_become(OrderStatus::Delivered).then(|| view! {
                <form method="post" action=AdminMarkDelivered::url() class="inline">
                    {hidden()}
                    <button type="submit" class="button">"Mark delivered"</button>
                </form>
            })}
            <form method="post" action=AdminResendConfirmation::url() class="inline">
                {hidden()}
                <button type="submit" class="button">"Resend confirmation"</button>
            </form>
        </div>
        {editable.then(|| view! { <ChangeLines order=order.clone() /> })}
        {can_ship.then(|| view! {
            <h3>"Ship"</h3>
            <form method="post" action=AdminShipOrder::url() class="stack narrow">
                {hidden()}
                <Field label="Carrier" name="carrier" required=true />
                <Field label="Tracking number" name="tracking_number" required=true />
                <table>
                    <thead><tr><th>"SKU"</th><th class="num">"Left to ship"</th><th>"Ship now"</th></tr></thead>
                    <tbody>
                        {open.into_iter().enumerate().map(|(i, (sku, left))| view! {
                            <tr>
                                <td>{sku.clone()}<input type="hidden" name=format!("lines[{i}][sku]") value=sku.clone() /></td>
                                <td class="num">{left}</td>
                                <td><input type="number" min="0" max=left.to_string() name=format!("lines[{i}][quantity]")
                                    value=left.to_string() aria-label=format!("Units of {sku} to ship now") /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <button type="submit" class="button primary">"Ship these units"</button>
            </form>
        })}
        {(order.payment_status == PaymentStatus::Unpaid && status != OrderStatus::Cancelled).then(|| view! {
            <h3>"Record a payment"</h3>
            <form method="post" action=AdminRecordPayment::url() class="filters">
                {hidden()}
                <Field label="Amount" name="amount" required=true />
                <Field label="Reference" name="reference" required=true />
                <button type="submit" class="button">"Record payment"</button>
            </form>
        })}
        <h3>"Internal note"</h3>
        <form method="post" action=AdminAddOrderNote::url() class="stack narrow">
            {hidden()}
            <label class="field"><span>"Note (the buyer never sees it)"</span>
                <textarea name="note" rows="3" maxlength="2000" required=true></textarea></label>
            <button type="submit" class="button">"Add note"</button>
        </form>
        {status.can_become(OrderStatus::Cancelled).then(|| view! {
            <h3>"Cancel"</h3>
            <form method="post" action=AdminCancelOrder::url() class="filters">
                {hidden()}
                <Field label="Reason" name="reason" />
                <button type="submit" class="button danger">"Cancel order and release stock"</button>
            </form>
        })}
    }
}
