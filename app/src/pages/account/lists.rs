//! `/account/lists` and `/account/lists/{id}`: the buyer's shopping lists and one list, with quantities to change
//! and the whole list or the ticked lines into the cart. Plain forms only, so all of it works without JavaScript.

use domain::shopping_list::{ListSummary, ShoppingList};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

use super::{AccountNav, account_error};
use crate::{
    api::{AddToList, ChangeList, CreateList, DeleteList, UseList, get_shopping_list, my_lists},
    components::{FormError, form_error, query_param},
    pages::loading,
    seo::Seo,
};

/// `/account/lists`: every list the buyer sees (their own and the company's shared ones), and a form for a new one.
#[component]
pub fn ListsPage() -> impl IntoView {
    let lists = Resource::new(|| (), |_| my_lists());
    view! {
        <Seo title="Shopping lists".into() description="Your shopping lists.".into() path="/account/lists".into() noindex=true />
        <h1>"Shopping lists"</h1>
        <AccountNav current="/account/lists" />
        <FormError message=form_error() />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match lists.await {
                    Ok(Some(mine)) => view! {
                        {if mine.lists.is_empty() {
                            view! { <p>"No lists yet. Keep the products you order again and again in one."</p> }.into_any()
                        } else {
                            view! { <ListTable lists=mine.lists.clone() /> }.into_any()
                        }}
                        {mine.can_keep.then(|| view! {
                            <section class="panel" aria-labelledby="new-list-heading">
                                <h2 id="new-list-heading">"New list"</h2>
                                <form method="post" action=CreateList::url() class="stack narrow">
                                    <label class="field">
                                        <span>"Name"</span>
                                        <input type="text" name="name" required=true maxlength="100" />
                                    </label>
                                    {mine.can_share.then(|| view! {
                                        <label class="checkbox">
                                            <input type="checkbox" name="shared" value="1" />
                                            " Share with my company"
                                        </label>
                                    })}
                                    <button type="submit" class="button primary">"Make the list"</button>
                                </form>
                            </section>
                        })}
                    }
                    .into_any(),
                    Ok(None) => account_error(crate::error::AppError::Unauthenticated, "/account/lists"),
                    Err(e) => account_error(e, "/account/lists"),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListTable(lists: Vec<ListSummary>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="lists">
                <thead>
                    <tr><th scope="col">"List"</th><th scope="col">"Kept by"</th><th scope="col" class="num">"SKUs"</th></tr>
                </thead>
                <tbody>
                    {lists.into_iter().map(|l| view! {
                        <tr>
                            <td>
                                <a href=format!("/account/lists/{}", l.id)>{l.name}</a>
                                {l.shared.then(|| view! { " " <span class="tag">"Shared"</span> })}
                            </td>
                            <td>{l.owner}</td>
                            <td class="num">{l.lines}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/account/lists/{id}`: the list's SKUs priced for the buyer, with quantities to change (by its owner, or a
/// company admin for a shared list) and the whole list or the ticked lines into the cart.
#[component]
pub fn ListPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let path = format!("/account/lists/{id}");
    let saved = query_param("saved").is_some();
    let error = form_error();
    let list = Resource::new(
        move || id.clone(),
        |id| async move {
            let id = id
                .parse::<i64>()
                .map_err(|_| crate::error::AppError::NotFound)?;
            Ok::<_, crate::error::AppError>((get_shopping_list(id).await?, my_lists().await?))
        },
    );
    view! {
        <AccountNav current="/account/lists" />
        {saved.then(|| view! { <p class="alert" role="status">"The list is saved."</p> })}
        <FormError message=error />
        <Suspense fallback=loading>
            {move || {
                let path = path.clone();
                Suspend::new(async move {
                    match list.await {
                        Ok((list, mine)) => {
                            let can_order = mine.is_some_and(|m| m.can_keep);
                            view! { <ListView list path can_order /> }.into_any()
                        }
                        Err(e) => account_error(e, &path),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ListView(list: ShoppingList, path: String, can_order: bool) -> impl IntoView {
    let ShoppingList { summary, items } = list;
    let can_change = summary.can_change;
    let id = summary.id.to_string();
    let empty = items.is_empty();
    let owner = if summary.shared {
        format!("Shared with the company by {}", summary.owner)
    } else {
        "Private".to_owned()
    };
    view! {
        <Seo title=summary.name.clone() description="A shopping list.".into() path=path noindex=true />
        <h1>{summary.name.clone()}</h1>
        <p class="order-meta">{owner}</p>
        {if empty {
            view! { <p>"This list is empty. Add products from their pages, the cart or an order."</p> }.into_any()
        } else {
            view! {
                <form method="post" action=UseList::url() class="list-form">
                    <input type="hidden" name="id" value=id.clone() />
                    <div class="table-scroll">
                        <table class="list-lines">
                            <thead>
                                <tr>
                                    <th scope="col">"Pick"</th>
                                    <th scope="col">"Product"</th>
                                    <th scope="col">"SKU"</th>
                                    <th scope="col" class="num">"Quantity"</th>
                                    <th scope="col" class="num">"Unit price"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {items.into_iter().enumerate().map(|(i, item)| {
                                    let price = item.unit_price.as_ref().map_or_else(
                                        || "Not available".to_owned(),
                                        |p| p.money().display(),
                                    );
                                    view! {
                                        <tr>
                                            <td>
                                                <input type="checkbox" name=format!("rows[{i}][pick]") value="1"
                                                    aria-label=format!("Pick {}", item.sku) />
                                            </td>
                                            <td>{item.name}</td>
                                            <td class="sku">
                                                {item.sku.clone()}
                                                <input type="hidden" name=format!("rows[{i}][sku]") value=item.sku.clone() />
                                            </td>
                                            <td class="num">
                                                {if can_change {
                                                    view! {
                                                        <input type="number" min="0" inputmode="numeric" class="qty"
                                                            name=format!("rows[{i}][quantity]") value=item.quantity.to_string()
                                                            aria-label=format!("Quantity of {}", item.sku) />
                                                    }.into_any()
                                                } else {
                                                    view! {
                                                        {item.quantity}
                                                        <input type="hidden" name=format!("rows[{i}][quantity]") value=item.quantity.to_string() />
                                                    }.into_any()
                                                }}
                                            </td>
                                            <td class="num">{price}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <div class="order-actions">
                        // The first button is the one Enter presses: typing a quantity and pressing Enter saves it.
                        {can_change.then(|| view! {
                            <button type="submit" name="action" value="save" class="button">"Save quantities"</button>
                        })}
                        {can_order.then(|| view! {
                            <button type="submit" name="action" value="picked" class="button">"Add picked to cart"</button>
                            <button type="submit" name="action" value="all" class="button primary">"Add all to cart"</button>
                        })}
                    </div>
                </form>
            }.into_any()
        }}
        {can_change.then(|| view! {
            <section class="panel" aria-labelledby="list-add-heading">
                <h2 id="list-add-heading">"Add a SKU"</h2>
                <form method="post" action=AddToList::url() class="stack narrow">
                    <input type="hidden" name="list" value=id.clone() />
                    <label class="field">
                        <span>"SKU"</span>
                        <input type="text" name="sku" required=true autocomplete="off" />
                    </label>
                    <label class="field">
                        <span>"Quantity"</span>
                        <input type="number" name="quantity" min="1" value="1" inputmode="numeric" />
                    </label>
                    <button type="submit" class="button">"Add to the list"</button>
                </form>
            </section>
            <section class="panel" aria-labelledby="list-settings-heading">
                <h2 id="list-settings-heading">"Name and sharing"</h2>
                <form method="post" action=ChangeList::url() class="stack narrow">
                    <input type="hidden" name="id" value=id.clone() />
                    <label class="field">
                        <span>"Name"</span>
                        <input type="text" name="name" required=true maxlength="100" value=summary.name.clone() />
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" name="shared" value="1" checked=summary.shared />
                        " Share with my company"
                    </label>
                    <button type="submit" class="button">"Save"</button>
                </form>
                <form method="post" action=DeleteList::url()>
                    <input type="hidden" name="id" value=id.clone() />
                    <button type="submit" class="button ghost">"Delete the list"</button>
                </form>
            </section>
        })}
    }
}
