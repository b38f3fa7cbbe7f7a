use domain::{OrderStatus, OrderSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{AccountNav, account_error, date};
use crate::{api::get_orders, components::query_param, pages::loading, seo::Seo};

/// `/account/orders`: the company's (or the private buyer's) orders, newest first, filtered by status, date and
/// text (order or PO number, SKU) through a plain GET form, so every filtered view has its own URL.
#[component]
pub fn OrderHistory() -> impl IntoView {
    let query = use_location()
        .search
        .get_untracked()
        .trim_start_matches('?')
        .to_owned();
    let status = query_param("status").unwrap_or_default();
    let from = query_param("from").unwrap_or_default();
    let to = query_param("to").unwrap_or_default();
    let text = query_param("q").unwrap_or_default();
    let base_query = query.clone();
    let orders = Resource::new(move || query.clone(), get_orders);
    view! {
        <Seo title="Your orders".into() description="Your order history.".into() path="/account/orders".into() noindex=true />
        <h1>"Orders"</h1>
        <AccountNav current="/account/orders" />
        <form method="get" action="/account/orders" class="order-filters">
            <label class="field">
                <span>"Status"</span>
                <select name="status">
                    <option value="">"Any"</option>
                    {OrderStatus::ALL
                        .into_iter()
                        .map(|s| view! { <option value=s.as_str() selected=status == s.as_str()>{s.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <label class="field"><span>"From"</span><input type="date" name="from" value=from /></label>
            <label class="field"><span>"To"</span><input type="date" name="to" value=to /></label>
            <label class="field"><span>"Order, PO or SKU"</span><input type="search" name="q" value=text /></label>
            <button type="submit" class="button">"Filter"</button>
        </form>
        <Suspense fallback=loading>
            {move || {
                let base_query = base_query.clone();
                Suspend::new(async move {
                match orders.await {
                    Ok(list) if list.orders.is_empty() => view! { <p class="empty">"No orders match."</p> }.into_any(),
                    Ok(list) => {
                        let pages = list.page.total_pages();
                        let number = list.page.number;
                        view! {
                            <div class="table-scroll">
                                <table class="orders">
                                    <thead>
                                        <tr><th>"Order"</th><th>"Date"</th><th>"Status"</th><th>"PO number"</th><th>"Placed by"</th><th class="num">"Items"</th><th class="num">"Total"</th></tr>
                                    </thead>
                                    <tbody>{list.orders.into_iter().map(row).collect_view()}</tbody>
                                </table>
                            </div>
                            {(pages > 1).then(|| view! {
                                <nav class="pagination" aria-label="Pages">
                                    {(number > 1).then(|| view! { <a rel="prev" href=page_href(&base_query, number - 1)>"Newer"</a> })}
                                    <span>{format!("Page {number} of {pages}")}</span>
                                    {(number < pages).then(|| view! { <a rel="next" href=page_href(&base_query, number + 1)>"Older"</a> })}
                                </nav>
                            })}
                        }
                            .into_any()
                    }
                    Err(e) => account_error(e, "/account/orders"),
                }
            })
            }}
        </Suspense>
    }
}

/// The history with the same filters on another page.
fn page_href(query: &str, page: u32) -> String {
    let mut kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .collect();
    let page = format!("page={page}");
    kept.push(&page);
    format!("/account/orders?{}", kept.join("&"))
}

fn row(o: OrderSummary) -> impl IntoView {
    view! {
        <tr>
            <td><a href=format!("/account/orders/{}", o.number)>{o.number.clone()}</a></td>
            <td>{date(o.placed_at_ms)}</td>
            <td><span class=format!("status status-{}", o.status.as_str())>{o.status.label()}</span></td>
            <td>{o.po_number.map(|p| p.as_str().to_owned()).unwrap_or_default()}</td>
            <td>{o.placed_by}</td>
            <td class="num">{o.item_count}</td>
            <td class="num">{o.total.display()}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn another_page_keeps_the_filters() {
        assert_eq!(
            super::page_href("status=placed&page=2&q=PO", 3),
            "/account/orders?status=placed&q=PO&page=3"
        );
        assert_eq!(super::page_href("", 2), "/account/orders?page=2");
    }
}
