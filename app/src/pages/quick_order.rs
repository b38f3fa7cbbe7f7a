//! `/quick-order`: how a wholesaler's buyer orders by article number — rows of SKU and quantity (the browser offers
//! the buyer's usual SKUs as they type, from a `<datalist>` in the page: no script, no request per keystroke),
//! lines pasted from a spreadsheet or an ERP printout, or the spreadsheet itself (CSV or Excel). One plain form, so it works before (and without) JavaScript; the lines that did not go
//! into the cart come back below it with the reason and the closest SKUs, already in the paste box to fix.

use leptos::{prelude::*, server_fn::ServerFn};

use super::{error_view, loading};
use crate::{
    api::{QUICK_ORDER_ROWS, QUICK_ORDER_UPLOAD_URL, QuickOrderAdd, check_quick_order, usual_skus},
    components::{FormError, form_error, query_param},
    seo::Seo,
};

/// The `id` of the list of usual SKUs the rows' SKU inputs name.
const SKU_LIST: &str = "sku-suggestions";

/// The page.
#[component]
pub fn QuickOrderPage() -> impl IntoView {
    let added = query_param("added").and_then(|n| n.parse::<usize>().ok());
    let left = query_param("check").unwrap_or_default();
    // The line numbers the buyer's own list had, in the order of the lines left.
    let numbers: Vec<String> = query_param("lines")
        .unwrap_or_default()
        .split(',')
        .map(str::to_owned)
        .collect();
    let usual = Resource::new(|| (), |_| usual_skus());
    let problems = (!left.is_empty()).then(|| {
        let text = left.clone();
        Resource::new(move || text.clone(), check_quick_order)
    });
    view! {
        <Seo
            title="Quick order".into()
            description="Order by SKU: type or paste SKUs and quantities.".into()
            path="/quick-order".into()
            noindex=true
        />
        <h1>"Quick order"</h1>
        {added.map(|n| view! {
            <p class="alert" role="status">
                {format!("Added {n} {} to your cart. ", if n == 1 { "line" } else { "lines" })}
                <a href="/cart">"Go to the cart"</a>
            </p>
        })}
        <FormError message=form_error() />
        {problems.map(|checked| view! {
            <Suspense fallback=loading>
                {move || {
                    let numbers = numbers.clone();
                    Suspend::new(async move {
                        match checked.await {
                            Ok(lines) => view! { <Problems lines numbers /> }.into_any(),
                            Err(e) => error_view(e),
                        }
                    })
                }}
            </Suspense>
        })}
        <form method="post" action=QuickOrderAdd::url() class="quick-order">
            <table class="quick-rows">
                <thead><tr><th scope="col">"SKU"</th><th scope="col">"Quantity"</th></tr></thead>
                <tbody>
                    {(0..QUICK_ORDER_ROWS).map(|i| view! {
                        <tr>
                            <td><input type="text" name=format!("rows[{i}][sku]") autocomplete="off" list=SKU_LIST
                                aria-label=format!("SKU, row {}", i + 1) /></td>
                            <td><input type="number" min="1" name=format!("rows[{i}][quantity]") inputmode="numeric"
                                aria-label=format!("Quantity, row {}", i + 1) /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let usual = usual.await.unwrap_or_default();
                    view! {
                        <datalist id=SKU_LIST data-testid="sku-suggestions">
                            {usual.into_iter().map(|s| view! { <option value=s.sku>{s.name}</option> }).collect_view()}
                        </datalist>
                    }
                })}
            </Suspense>
            <label class="field">
                <span>"Or paste lines: SKU and quantity, separated by a tab, space, comma or semicolon (up to 500)"</span>
                <textarea name="text" rows="8" spellcheck="false">{left}</textarea>
            </label>
            <button type="submit" class="button primary">"Add to cart"</button>
        </form>
        <form method="post" action=QUICK_ORDER_UPLOAD_URL enctype="multipart/form-data" class="quick-order">
            <label class="field">
                <span>"Or upload a file: CSV or Excel (.xlsx), SKU in the first column and quantity in the second"</span>
                <input type="file" name="file" required=true
                    accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
            </label>
            <button type="submit" class="button">"Add the file to cart"</button>
        </form>
    }
}

/// The lines that did not go into the cart, with why and the closest SKUs.
#[component]
fn Problems(lines: Vec<domain::quick_order::CheckedLine>, numbers: Vec<String>) -> impl IntoView {
    view! {
        <section class="quick-problems" aria-labelledby="problems-heading">
            <h2 id="problems-heading">{format!("{} {} not added", lines.len(), if lines.len() == 1 { "line was" } else { "lines were" })}</h2>
            <p>"They are in the box below: fix them and add them again."</p>
            <table>
                <thead><tr><th scope="col">"Line"</th><th scope="col">"SKU"</th><th scope="col">"Quantity"</th><th scope="col">"Why"</th></tr></thead>
                <tbody>
                    {lines.into_iter().enumerate().map(|(i, l)| {
                        let number = numbers.get(i).cloned().unwrap_or_else(|| l.line.to_string());
                        let why = l.problem.unwrap_or_else(|| "can be ordered now".into());
                        let hint = (!l.suggestions.is_empty())
                            .then(|| format!(" Did you mean {}?", l.suggestions.join(", ")));
                        view! {
                            <tr>
                                <td>{number}</td>
                                <td>{l.sku}</td>
                                <td>{l.quantity}</td>
                                <td>{why}{hint}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
