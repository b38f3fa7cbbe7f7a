use domain::quick_order::SkuSuggestion;
use leptos::prelude::*;

use crate::api::{QUICK_ORDER_ROWS, sku_suggest};

/// Quick order's rows of SKU and quantity: plain inputs of the page's form (so they post without JavaScript);
/// once live, typing a SKU offers the SKUs that begin with it through the browser's own list (`<datalist>`).
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn QuickRows() -> impl IntoView {
    let offered: RwSignal<Vec<SkuSuggestion>> = RwSignal::new(Vec::new());
    // Answers can arrive out of order; only the answer to the latest keystroke is shown.
    let asked = RwSignal::new(0u32);
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        let n = asked.get_untracked() + 1;
        asked.set(n);
        if value.trim().chars().count() < 2 {
            offered.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(found) = sku_suggest(value).await
                && asked.get_untracked() == n
            {
                offered.set(found);
            }
        });
    };
    view! {
        <table class="quick-rows">
            <thead><tr><th scope="col">"SKU"</th><th scope="col">"Quantity"</th></tr></thead>
            <tbody>
                {(0..QUICK_ORDER_ROWS).map(|i| view! {
                    <tr>
                        <td><input type="text" name=format!("rows[{i}][sku]") autocomplete="off" list="sku-suggestions"
                            aria-label=format!("SKU, row {}", i + 1) on:input=on_input /></td>
                        <td><input type="number" min="1" name=format!("rows[{i}][quantity]") inputmode="numeric"
                            aria-label=format!("Quantity, row {}", i + 1) /></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <datalist id="sku-suggestions" data-testid="sku-suggestions">
            {move || offered.try_get().unwrap_or_default().into_iter().map(|s| view! {
                <option value=s.sku>{s.name}</option>
            }).collect_view()}
        </datalist>
    }
}
