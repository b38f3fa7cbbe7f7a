//! `/admin/orders`: every order, newest first, narrowed by a plain GET form (status, payment, company, channel,
//! dates, text), paged, with the same selection as a CSV download.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use domain::{OrderStatus, listing::encode};

use crate::{
    admin::{
        admin_error,
        orders_api::{OrderRow, get_admin_orders},
        pager, timestamp,
    },
    components::query_param,
};

/// The list's download, served by the host with the page's own query.
pub const ORDERS_CSV_URL: &str = "/admin/orders.csv";

/// The order list; needs `orders:read`.
#[component]
pub fn Orders() -> impl IntoView {
    let query = use_location()
        .search
        .get_untracked()
        .trim_start_matches('?')
        .to_owned();
    let value = |name: &str| query_param(name).unwrap_or_default();
    let (status, payment, company, channel, from, to, q) = (
        value("status"),
        value("payment_status"),
        value("company"),
        value("channel"),
        value("from"),
        value("to"),
        value("q"),
    );
    let filters = [
        ("status", &status),
        ("payment_status", &payment),
        ("company", &company),
        ("channel", &channel),
        ("from", &from),
        ("to", &to),
        ("q", &q),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={}", encode(v)))
    .collect::<Vec<_>>()
    .join("&");
    let page = Resource::new(move || query.clone(), get_admin_orders);
    let option = |value: &str, label: &str, current: &str| {
        view! { <option value=value.to_owned() selected=current == value>{label.to_owned()}</option> }
    };
    view! {
        <Title text="Orders" />
        <h1>"Orders"</h1>
        <form method="get" action="/admin/orders" class="filters">
            <label class="field"><span>"Search"</span>
                <input type="search" name="q" value=q.clone() placeholder="Number, PO, email, company" /></label>
            <label class="field"><span>"Status"</span>
                <select name="status">
                    {option("", "Any", &status)}
                    {OrderStatus::ALL.into_iter().map(|s| option(s.as_str(), s.label(), &status)).collect_view()}
                </select>
            </label>
            <label class="field"><span>"Payment"</span>
                <select name="payment_status">
                    {option("", "Any", &payment)}
                    {option("unpaid", "Unpaid", &payment)}
                    {option("paid", "Paid", &payment)}
                </select>
            </label>
            <label class="field"><span>"Company (code)"</span><input type="search" name="company" value=company /></label>
            <label class="field"><span>"Channel (code)"</span><input type="search" name="channel" value=channel /></label>
            <label class="field"><span>"From"</span><input type="date" name="from" value=from /></label>
            <label class="field"><span>"To"</span><input type="date" name="to" value=to /></label>
            <button type="submit" class="button">"Filter"</button>
        </form>
        <Suspense fallback=|| ()>
            {move || {
                let filters = filters.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(view) => {
                            let link = |n: u32| format!("/admin/orders?{filters}&page={n}");
                            let csv = format!("{ORDERS_CSV_URL}?{filters}");
                            view! {
                                <p>
                                    {if view.more_than_cap {
                                        "More than 1,000 orders; narrow the filters to count them. ".to_owned()
                                    } else {
                                        format!("{} orders. ", view.total)
                                    }}
                                    <a href=csv download="orders.csv">"Download these as CSV"</a>
                                </p>
                                {orders_table(view.rows, true)}
                                {pager(view.page, view.pages, link, ("Newer", "Older"))}
                            }
                            .into_any()
                        }
                        Err(e) => admin_error(e),
                    }
                })
            }}
        </Suspense>
    }
}

/// Orders as a table, each linked to its page; `with_company` adds the company and channel columns the full list
/// needs and a company's own page does not.
pub(super) fn orders_table(rows: Vec<OrderRow>, with_company: bool) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table>
                <thead><tr>
                    <th>"Order"</th><th>"Placed"</th>
                    {with_company.then(|| view! { <th>"Company"</th> })}
                    <th>"Placed by"</th>
                    {with_company.then(|| view! { <th>"Channel"</th> })}
                    <th>"Status"</th><th>"Payment"</th><th class="num">"Total"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|o| view! {
                        <tr>
                            <td><a href=format!("/admin/orders/{}", o.number)>{o.number.clone()}</a></td>
                            <td class="nowrap">{timestamp(o.placed_at_ms)}</td>
                            {with_company.then(|| view! { <td>{o.company}</td> })}
                            <td>{o.email}</td>
                            {with_company.then(|| view! { <td>{o.channel}</td> })}
                            <td>{o.status}</td>
                            <td>{o.payment}</td>
                            <td class="num nowrap">{o.total}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
