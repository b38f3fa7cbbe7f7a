//! The order page's form that changes an order's lines before it ships: a quantity per SKU (0 removes it) and
//! empty rows to add SKUs. Units on the order keep their price; added units get the buyer's price of today.

use domain::Order;
use leptos::{prelude::*, server_fn::ServerFn};

use crate::admin::orders_api::AdminChangeOrderLines;

/// Empty rows for SKUs to add: enough for a phoned-in change without JavaScript to add rows.
const NEW_ROWS: usize = 3;

/// The form; shown while the order is placed or confirmed and nothing has shipped.
#[component]
pub fn ChangeLines(order: Order) -> impl IntoView {
    let mut skus: Vec<(String, i64)> = Vec::new();
    for line in &order.lines {
        let sku = line.sku.as_str().to_owned();
        match skus.iter_mut().find(|(s, _)| *s == sku) {
            Some((_, units)) => *units += i64::from(line.quantity),
            None => skus.push((sku, i64::from(line.quantity))),
        }
    }
    let known = skus.len();
    view! {
        <h3>"Change lines"</h3>
        <p>"Units already ordered keep their price; added units get the buyer's price of today. Stock and the credit limit are checked again, and the buyer is emailed the change."</p>
        <form method="post" action=AdminChangeOrderLines::url() class="stack narrow">
            <input type="hidden" name="number" value=order.number.clone() />
            <table>
                <thead><tr><th>"SKU"</th><th>"Units (0 removes it)"</th></tr></thead>
                <tbody>
                    {skus.into_iter().enumerate().map(|(i, (sku, units))| view! {
                        <tr>
                            <td>{sku.clone()}<input type="hidden" name=format!("lines[{i}][sku]") value=sku.clone() /></td>
                            <td><input type="number" min="0" name=format!("lines[{i}][quantity]") value=units.to_string()
                                aria-label=format!("Units of {sku}") /></td>
                        </tr>
                    }).collect_view()}
                    {(known..known + NEW_ROWS).map(|i| view! {
                        <tr>
                            <td><input type="text" name=format!("lines[{i}][sku]") aria-label=format!("New SKU {}", i - known + 1) /></td>
                            <td><input type="number" min="0" name=format!("lines[{i}][quantity]")
                                aria-label=format!("Units of new SKU {}", i - known + 1) /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <button type="submit" class="button">"Save the lines"</button>
        </form>
    }
}
