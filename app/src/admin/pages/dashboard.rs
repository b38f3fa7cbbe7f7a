//! `/admin`: who is signed in, and the shop at a glance — orders and revenue over the last 30 days, open orders,
//! variants running low and failed webhook deliveries, each shown to the members who may read it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::admin::{
    admin_error,
    api::get_me,
    dashboard_api::{DashboardView, get_dashboard},
};

/// The back office's start page.
#[component]
pub fn Dashboard() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_me());
    let figures = Resource::new(|| (), |_| get_dashboard());
    view! {
        <Title text="Dashboard" />
        <h1>"Dashboard"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (me.await, figures.await) {
                    (Ok(me), Ok(figures)) => {
                        let warn = me.two_factor_required && !me.two_factor;
                        view! {
                            <p>"Signed in as " <strong>{me.email.clone()}</strong> " (" {me.role.clone()} ")."</p>
                            {warn.then(|| view! {
                                <p class="alert alert-error" role="alert">
                                    "Your role requires two-factor sign-in. " <a href="/admin/account?enrol=1">"Set it up now"</a>
                                </p>
                            })}
                            <Figures figures />
                            <details>
                                <summary>"Your permissions"</summary>
                                <ul class="permissions">
                                    {me.permissions.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}
                                </ul>
                            </details>
                        }
                        .into_any()
                    }
                    (Err(e), _) | (_, Err(e)) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(figures: DashboardView) -> impl IntoView {
    let DashboardView {
        days,
        chart,
        open_orders,
        low_stock,
        failed_deliveries,
        pending_companies,
    } = figures;
    view! {
        {days.map(|days| view! {
            <section aria-labelledby="orders-heading">
                <h2 id="orders-heading">"Orders, last 30 days"</h2>
                <div class="chart-box" inner_html=chart.unwrap_or_default()></div>
                <p><a href="/admin/orders">"Every order"</a></p>
                <details>
                    <summary>"The figures per day"</summary>
                    <div class="table-scroll">
                        <table>
                            <thead><tr><th>"Day"</th><th class="num">"Orders"</th><th>"Net revenue"</th></tr></thead>
                            <tbody>
                                {days.into_iter().rev().map(|d| view! {
                                    <tr>
                                        <td><a href=format!("/admin/orders?from={0}&to={0}", d.day)>{d.day.clone()}</a></td>
                                        <td class="num">{d.orders}</td>
                                        <td>{d.revenue}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            </section>
        })}
        {open_orders.map(|open| view! {
            <section aria-labelledby="open-heading">
                <h2 id="open-heading">"Open orders"</h2>
                {if open.is_empty() {
                    view! { <p>"None: every order is shipped, delivered or cancelled."</p> }.into_any()
                } else {
                    view! {
                        <table class="facts">
                            {open.into_iter().map(|(code, label, n)| view! {
                                <tr>
                                    <th scope="row"><a href=format!("/admin/orders?status={code}")>{label}</a></th>
                                    <td class="num">{n}</td>
                                </tr>
                            }).collect_view()}
                        </table>
                    }
                    .into_any()
                }}
            </section>
        })}
        {low_stock.map(|rows| view! {
            <section aria-labelledby="low-heading">
                <h2 id="low-heading">"Running low"</h2>
                {if rows.is_empty() {
                    view! { <p>"Every variant has more than a few units to promise."</p> }.into_any()
                } else {
                    view! {
                        <table>
                            <thead><tr><th>"SKU"</th><th>"Product"</th><th class="num">"Can promise"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(sku, product, n)| view! {
                                    <tr><td>{sku}</td><td>{product}</td><td class="num">{n}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p><a href="/admin/warehouses">"Warehouses and backorders"</a></p>
                    }
                    .into_any()
                }}
            </section>
        })}
        {failed_deliveries.map(|rows| view! {
            <section aria-labelledby="failed-heading">
                <h2 id="failed-heading">"Failed webhook deliveries"</h2>
                {if rows.is_empty() {
                    view! { <p>"None."</p> }.into_any()
                } else {
                    view! {
                        <table>
                            <thead><tr><th>"Endpoint"</th><th>"Event"</th><th class="num">"Attempts"</th><th>"Last error"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|f| view! {
                                    <tr><td>{f.url}</td><td>{f.event_type}</td><td class="num">{f.attempts}</td><td>{f.last_error}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p><a href="/admin/webhooks">"Endpoints and replays"</a></p>
                    }
                    .into_any()
                }}
            </section>
        })}
        {pending_companies.map(|rows| view! {
            <section aria-labelledby="pending-heading">
                <h2 id="pending-heading">"Businesses waiting for approval"</h2>
                {if rows.is_empty() {
                    view! { <p>"None."</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {rows.into_iter().map(|(code, name, at)| view! {
                                <li>
                                    <a href=crate::admin::people_api::company_path(&code)>{name}</a>
                                    {format!(", registered {}", crate::admin::timestamp(at))}
                                </li>
                            }).collect_view()}
                        </ul>
                        <p><a href="/admin/companies?status=pending">"Every business waiting"</a></p>
                    }
                    .into_any()
                }}
            </section>
        })}
    }
}
