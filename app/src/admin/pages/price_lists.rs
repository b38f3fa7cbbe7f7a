//! `/admin/price-lists`: the price lists with who they apply to and when, a form that creates or changes one,
//! and prices entered as lines.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        prices_api::{
            AdminSavePriceList, AdminSetPrices, PRICE_FILE_URL, PriceListRow, get_price_lists,
        },
    },
    components::{Field, FormError, form_error, query_param},
};

/// The price lists page; needs `catalog:read`, and `catalog:write` for its forms.
#[component]
pub fn PriceLists() -> impl IntoView {
    let saved = match (query_param("saved").as_deref(), query_param("count")) {
        (Some("prices"), Some(n)) => Some(format!("Saved {n} prices.")),
        (Some(_), _) => Some("Saved the price list.".to_owned()),
        _ => None,
    };
    let edit = query_param("list").unwrap_or_default();
    let data = Resource::new(|| (), |_| get_price_lists());
    view! {
        <Title text="Price lists" />
        <h1>"Price lists"</h1>
        {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || {
                let edit = edit.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(view) => {
                            let chosen = view.lists.iter().find(|l| l.code == edit).cloned();
                            let codes: Vec<String> = view.lists.iter().map(|l| l.code.clone()).collect();
                            view! {
                                <div class="table-scroll">
                                    <table>
                                        <thead><tr><th>"Code"</th><th>"Name"</th><th>"Currency"</th><th class="num">"Priority"</th><th>"From"</th><th>"Until"</th><th>"For"</th></tr></thead>
                                        <tbody>{view.lists.into_iter().map(list_row).collect_view()}</tbody>
                                    </table>
                                </div>
                                {view.can_write.then(|| view! {
                                    <ListForm list=chosen />
                                    <PricesForm codes />
                                })}
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

fn list_row(l: PriceListRow) -> impl IntoView {
    view! {
        <tr>
            <td><a href=format!("/admin/price-lists?list={}", l.code)>{l.code.clone()}</a></td>
            <td>{l.name}</td>
            <td>{l.currency}</td>
            <td class="num">{l.priority}</td>
            <td>{l.valid_from}</td>
            <td>{l.valid_until}</td>
            <td>{l.targets}</td>
        </tr>
    }
}

#[component]
fn ListForm(list: Option<PriceListRow>) -> impl IntoView {
    let heading = if list.is_some() {
        "Change the price list"
    } else {
        "Add a price list"
    };
    let l = list.unwrap_or(PriceListRow {
        code: String::new(),
        name: String::new(),
        currency: "EUR".into(),
        priority: 0,
        valid_from: String::new(),
        valid_until: String::new(),
        targets: String::new(),
    });
    view! {
        <h2>{heading}</h2>
        <form method="post" action=AdminSavePriceList::url() class="stack narrow">
            <Field label="Code" name="code" value=l.code required=true />
            <Field label="Name" name="name" value=l.name required=true />
            <Field label="Currency" name="currency" value=l.currency required=true />
            <Field label="Priority (the higher wins where lists overlap)" name="priority" value=l.priority.to_string() />
            <Field label="Valid from (YYYY-MM-DD)" name="valid_from" kind="date" value=l.valid_from />
            <Field label="Valid until, last day (YYYY-MM-DD)" name="valid_until" kind="date" value=l.valid_until />
            <Field label="For (everyone, customer_group:CODE, company:CODE; comma-separated)" name="targets" value=l.targets required=true />
            <button type="submit" class="button primary">"Save price list"</button>
        </form>
    }
}

#[component]
fn PricesForm(codes: Vec<String>) -> impl IntoView {
    let options = move || {
        codes
            .iter()
            .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
            .collect_view()
    };
    view! {
        <h2>"Set prices"</h2>
        <form method="post" action=AdminSetPrices::url() class="stack narrow">
            <label class="field">
                <span>"Price list"</span>
                <select name="price_list">{options()}</select>
            </label>
            <label class="field">
                <span>"One per line: SKU;price, with volume breaks SKU;9.50;10=9.00;50=8.50, SKU;-12.5% (off the base price) or SKU;remove. Rows copied from a spreadsheet work too."</span>
                <textarea name="lines" rows="8" required=true></textarea>
            </label>
            <button type="submit" class="button primary">"Save prices"</button>
        </form>
        <h3>"From a file"</h3>
        <form method="post" action=PRICE_FILE_URL enctype="multipart/form-data" class="stack narrow">
            <label class="field">
                <span>"Price list"</span>
                <select name="price_list">{options()}</select>
            </label>
            <label class="field">
                <span>"A CSV file (comma, semicolon or tab separated, as a spreadsheet saves it) with the columns above: SKU, price or -12.5% or remove, then volume breaks such as 10=9.00. A heading row is skipped."</span>
                <input type="file" name="file" accept=".csv,.txt,.tsv,text/csv,text/plain" required=true />
            </label>
            <button type="submit" class="button primary">"Upload prices"</button>
        </form>
    }
}
