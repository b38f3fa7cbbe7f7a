//! Adding to shopping lists from other pages: the fields that say which list (one the buyer may change, or a new
//! one named there), and the product page's form.

use leptos::{prelude::*, server_fn::ServerFn};

use crate::{
    api::{AddToList, BuyerLists},
    slots::Slot,
};

/// A choice of the buyer's changeable lists (the first chosen) and "New list", with the new list's name. The form
/// around it posts `list` (an id or `new`) and `name`.
#[component]
pub fn ListChoice(
    /// The buyer's lists.
    lists: BuyerLists,
    /// The name a new list starts with.
    #[prop(into)]
    new_name: String,
) -> impl IntoView {
    // On a page a company shares, the lists are the person's own and filled in per request.
    let options = if crate::slots::active() {
        view! { <Slot name=crate::slots::LIST_OPTIONS /> }.into_any()
    } else {
        view! { <ListOptions lists /> }.into_any()
    };
    view! {
        <label class="field">
            <span>"List"</span>
            <select name="list">{options}</select>
        </label>
        <label class="field">
            <span>"Name, for a new list"</span>
            <input type="text" name="name" value=new_name maxlength="100" />
        </label>
    }
}

/// The options of a list choice: the buyer's changeable lists (the first chosen) and "New list".
#[component]
pub fn ListOptions(
    /// The buyer's lists.
    lists: BuyerLists,
) -> impl IntoView {
    let options: Vec<(i64, String)> = lists.changeable().map(|l| (l.id, l.name.clone())).collect();
    let none = options.is_empty();
    view! {
        {options
            .into_iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
            .collect_view()}
        <option value="new" selected=none>"New list"</option>
    }
}

/// The product page's "Add to a list", for a signed-in buyer who keeps lists: a variant (when there are several),
/// a quantity and the list. A plain form inside `<details>`, so it costs no script and stays out of the way.
#[component]
pub fn ProductToList(
    /// The buyer's lists.
    lists: BuyerLists,
    /// The product's SKUs and their option names, the selected one first.
    variants: Vec<(String, String)>,
    /// The product's name, for a new list.
    #[prop(into)]
    product: String,
    /// The list just added to, from `?listed=`, to say so.
    listed: Option<i64>,
) -> impl IntoView {
    let listed = listed.and_then(|id| {
        lists
            .lists
            .iter()
            .find(|l| l.id == id)
            .map(|l| (id, l.name.clone()))
    });
    let several = variants.len() > 1;
    let first = variants.first().map(|v| v.0.clone()).unwrap_or_default();
    view! {
        {listed.map(|(id, name)| view! {
            <p class="alert" role="status">
                "Added to " <a href=format!("/account/lists/{id}")>{name}</a> "."
            </p>
        })}
        <details class="add-to-list">
            <summary>"Add to a list"</summary>
            <form method="post" action=AddToList::url() class="stack narrow">
                {if several {
                    view! {
                        <label class="field">
                            <span>"Option"</span>
                            <select name="sku">
                                {variants.into_iter().map(|(sku, title)| view! {
                                    <option value=sku.clone()>{format!("{title} ({sku})")}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="sku" value=first /> }.into_any()
                }}
                <label class="field">
                    <span>"Quantity"</span>
                    <input type="number" name="quantity" min="1" value="1" inputmode="numeric" />
                </label>
                <ListChoice lists new_name=product />
                <button type="submit" class="button">"Add to the list"</button>
            </form>
        </details>
    }
}
