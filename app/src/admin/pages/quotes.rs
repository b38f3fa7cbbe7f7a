//! `/admin/quotes`: the quotes buyers asked for, newest first, narrowed by status with a plain GET form; each
//! links to its desk.

use leptos::prelude::*;
use leptos_meta::Title;

use domain::quotes::{QuoteStatus, QuoteSummary};

use crate::{
    admin::{admin_error, quotes_api::get_admin_quotes, timestamp},
    components::query_param,
};

/// The quote list; needs `orders:read`.
#[component]
pub fn AdminQuotes() -> impl IntoView {
    let status = query_param("status").unwrap_or_default();
    let current = status.clone();
    let quotes = Resource::new(move || status.clone(), get_admin_quotes);
    let option = |value: &str, label: &str, current: &str| {
        view! { <option value=value.to_owned() selected=current == value>{label.to_owned()}</option> }
    };
    view! {
        <Title text="Quotes" />
        <h1>"Quotes"</h1>
        <form method="get" action="/admin/quotes" class="filters">
            <label class="field"><span>"Status"</span>
                <select name="status">
                    {option("", "All", &current)}
                    {QuoteStatus::ALL.into_iter().map(|s| {
                        // The list is the shop's to-do: "requested" is waiting for us, not for the buyer.
                        let label = if s == QuoteStatus::Requested { "Waiting for us" } else { s.label() };
                        option(s.as_str(), label, &current)
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">"Filter"</button>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match quotes.await {
                    Ok(rows) if rows.is_empty() => view! { <p>"No quotes."</p> }.into_any(),
                    Ok(rows) => quotes_table(rows).into_any(),
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

fn quotes_table(rows: Vec<QuoteSummary>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table>
                <thead><tr>
                    <th>"Quote"</th><th>"Company"</th><th>"Requested by"</th><th>"Status"</th>
                    <th class="num">"Lines"</th><th>"Asked"</th><th>"Valid until"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|q| view! {
                        <tr>
                            <td><a href=format!("/admin/quotes/{}", q.number)>{q.number.clone()}</a></td>
                            <td>{q.company.clone().unwrap_or_else(|| "Private buyer".to_owned())}</td>
                            <td>{q.requested_by.clone()}</td>
                            <td>{q.status.label()}</td>
                            <td class="num">{q.lines}</td>
                            <td class="nowrap">{timestamp(q.created_at_ms)}</td>
                            <td class="nowrap">{q.valid_until_ms.map(domain::calendar_day).unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
