//! `/admin/products`: every product whatever its status, narrowed by a plain GET form (text, status, category,
//! brand, type, stock below, price list) and sorted, paged; ticked rows take a bulk action in one post.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use domain::{ProductStatus, listing::encode};

use crate::{
    admin::{
        admin_error, pager,
        products_api::{AdminBulkProducts, get_admin_products},
    },
    components::{FormError, form_error, query_param},
};

/// The list's filters, as the page's query names them.
const FILTERS: [&str; 8] = [
    "q",
    "status",
    "category",
    "brand",
    "type",
    "stock_below",
    "price_list",
    "sort",
];

/// The product list; needs `catalog:read`, and `catalog:write` for the bulk actions.
#[component]
pub fn Products() -> impl IntoView {
    let query = use_location()
        .search
        .get_untracked()
        .trim_start_matches('?')
        .to_owned();
    let value = |name: &str| query_param(name).unwrap_or_default();
    let current: Vec<(&str, String)> = FILTERS.iter().map(|f| (*f, value(f))).collect();
    let filters = current
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let get = move |name: &str| {
        current
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let changed = query_param("changed");
    let (q, status, category, brand, kind, stock_below, price_list, sort) = (
        get("q"),
        get("status"),
        get("category"),
        get("brand"),
        get("type"),
        get("stock_below"),
        get("price_list"),
        get("sort"),
    );
    let page = Resource::new(move || query.clone(), get_admin_products);
    let option = |value: &str, label: &str, current: &str| {
        view! { <option value=value.to_owned() selected=current == value>{label.to_owned()}</option> }
    };
    view! {
        <Title text="Products" />
        <h1>"Products"</h1>
        {changed.map(|n| view! { <p class="alert" role="status">{format!("Changed {n} products.")}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || {
                let filters = filters.clone();
                let (q, status, category, brand, kind, stock_below, price_list, sort) = (
                    q.clone(), status.clone(), category.clone(), brand.clone(), kind.clone(),
                    stock_below.clone(), price_list.clone(), sort.clone(),
                );
                Suspend::new(async move {
                    match page.await {
                        Ok(view) => {
                            let link = |n: u32| format!("/admin/products?{filters}&page={n}");
                            let categories = view.categories.clone();
                            view! {
                                {view.can_write.then(|| view! { <p><a class="button" href="/admin/products/new">"New product"</a></p> })}
                                <form method="get" action="/admin/products" class="filters">
                                    <label class="field"><span>"Search"</span>
                                        <input type="search" name="q" value=q placeholder="SKU, handle or name" /></label>
                                    <label class="field"><span>"Status"</span>
                                        <select name="status">
                                            {option("", "Any", &status)}
                                            {ProductStatus::ALL.into_iter().map(|s| option(s.as_str(), s.label(), &status)).collect_view()}
                                        </select>
                                    </label>
                                    <label class="field"><span>"Category"</span>
                                        <select name="category">
                                            {option("", "Any", &category)}
                                            {view.categories.iter().map(|(slug, name)| option(slug, name, &category)).collect_view()}
                                        </select>
                                    </label>
                                    <label class="field"><span>"Brand"</span><input type="search" name="brand" value=brand /></label>
                                    <label class="field"><span>"Type"</span>
                                        <select name="type">
                                            {option("", "Any", &kind)}
                                            {view.types.iter().map(|(code, name)| option(code, name, &kind)).collect_view()}
                                        </select>
                                    </label>
                                    <label class="field"><span>"Stock below"</span>
                                        <input type="number" name="stock_below" min="0" value=stock_below /></label>
                                    <label class="field"><span>"Price list (code)"</span>
                                        <input type="search" name="price_list" value=price_list /></label>
                                    <label class="field"><span>"Sort"</span>
                                        <select name="sort">
                                            {option("name", "Name", &sort)}
                                            {option("updated", "Last changed", &sort)}
                                            {option("created", "Newest", &sort)}
                                        </select>
                                    </label>
                                    <button type="submit" class="button">"Filter"</button>
                                </form>
                                <p>
                                    {if view.more_than_cap {
                                        "More than 1,000 products; narrow the filters to count them.".to_owned()
                                    } else {
                                        format!("{} products.", view.total)
                                    }}
                                </p>
                                <form method="post" action=AdminBulkProducts::url() id="bulk">
                                    <div class="table-scroll">
                                        <table>
                                            <thead><tr>
                                                {view.can_write.then(|| view! { <th><span class="visually-hidden">"Select"</span></th> })}
                                                <th>"Product"</th><th>"Status"</th><th>"Category"</th><th>"Brand"</th>
                                                <th class="num">"Variants"</th><th class="num">"On hand"</th><th class="num">"From"</th>
                                            </tr></thead>
                                            <tbody>
                                                {view.rows.into_iter().enumerate().map(|(i, p)| {
                                                    let href = format!("/admin/products/{}", encode(&p.handle));
                                                    view! {
                                                        <tr>
                                                            {view.can_write.then(|| view! {
                                                                <td><input type="checkbox" name=format!("handles[{i}]") value=p.handle.clone()
                                                                    aria-label=format!("Select {}", p.name) /></td>
                                                            })}
                                                            <td><a href=href>{p.name.clone()}</a><br /><small>{p.handle.clone()}</small></td>
                                                            <td>{p.status}</td>
                                                            <td>{p.category}</td>
                                                            <td>{p.brand}</td>
                                                            <td class="num">{p.variants}</td>
                                                            <td class="num">{p.on_hand}</td>
                                                            <td class="num nowrap">{p.from_price}</td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                    {view.can_write.then(|| view! {
                                        <fieldset class="bulk">
                                            <legend>"With the selected products"</legend>
                                            <label class="field"><span>"Action"</span>
                                                <select name="action">
                                                    <option value="status">"Set status to (draft, active, archived)"</option>
                                                    <option value="category">"Move to category (slug)"</option>
                                                    <option value="prices">"Change prices by per cent"</option>
                                                </select>
                                            </label>
                                            <label class="field"><span>"Value"</span>
                                                <input type="text" name="value" list="bulk-values" required=true /></label>
                                            <datalist id="bulk-values">
                                                {ProductStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str() /> }).collect_view()}
                                                {categories.into_iter().map(|(slug, _)| view! { <option value=slug /> }).collect_view()}
                                            </datalist>
                                            <button type="submit" class="button">"Apply"</button>
                                        </fieldset>
                                    })}
                                </form>
                                {pager(view.page, view.pages, link, ("Previous", "Next"))}
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
