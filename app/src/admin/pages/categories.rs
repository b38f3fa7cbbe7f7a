//! `/admin/categories`: the category tree, indented by depth with each category's order and translations, and a
//! form that creates a category or changes (or moves) the one chosen.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        categories_api::{AdminSaveCategory, CategoryRow, get_categories},
    },
    components::{Field, FormError, form_error, query_param},
};

/// The categories page; needs `catalog:read`, and `catalog:write` for its form.
#[component]
pub fn Categories() -> impl IntoView {
    let saved = query_param("saved").map(|_| "Saved the category.");
    let edit = query_param("category").unwrap_or_default();
    let data = Resource::new(|| (), |_| get_categories());
    view! {
        <Title text="Categories" />
        <h1>"Categories"</h1>
        {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || {
                let edit = edit.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(view) => {
                            let chosen = view.categories.iter().find(|c| c.slug == edit).cloned();
                            let slugs: Vec<String> = view.categories.iter().map(|c| c.slug.clone()).collect();
                            view! {
                                <div class="table-scroll">
                                    <table>
                                        <thead><tr><th>"Name"</th><th>"Slug"</th><th class="num">"Order"</th><th>"Translations"</th></tr></thead>
                                        <tbody>{view.categories.into_iter().map(category_row).collect_view()}</tbody>
                                    </table>
                                </div>
                                {view.can_write.then(|| view! { <CategoryForm category=chosen slugs /> })}
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

fn category_row(c: CategoryRow) -> impl IntoView {
    // Indented with non-breaking spaces: the tree reads in a plain table, with or without styles.
    let indent = "\u{a0}\u{a0}\u{a0}\u{a0}".repeat(c.depth);
    let locales = c
        .translations
        .lines()
        .filter_map(|l| l.split('|').next())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr>
            <td>{indent}<a href=format!("/admin/categories?category={}#category-form", c.slug)>{c.name}</a></td>
            <td>{c.slug}</td>
            <td class="num">{c.position}</td>
            <td>{locales}</td>
        </tr>
    }
}

/// Creates a category, or changes the one chosen in the table.
#[component]
fn CategoryForm(category: Option<CategoryRow>, slugs: Vec<String>) -> impl IntoView {
    let heading = if category.is_some() {
        "Change the category"
    } else {
        "Add a category"
    };
    let c = category.unwrap_or_default();
    let (own, parent) = (c.slug.clone(), c.parent.clone());
    view! {
        <h2 id="category-form">{heading}</h2>
        <form method="post" action=AdminSaveCategory::url() class="stack narrow">
            <Field label="Slug (in the address)" name="slug" value=c.slug required=true />
            <Field label="Name" name="name" value=c.name required=true />
            <label class="field">
                <span>"Parent"</span>
                <select name="parent">
                    <option value="" selected=parent.is_empty()>"None: a top category"</option>
                    {slugs.into_iter().filter(|s| *s != own).map(|s| {
                        let selected = s == parent;
                        view! { <option value=s.clone() selected=selected>{s.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <Field label="Order among its siblings" name="position" value=c.position.to_string() />
            <label class="field">
                <span>"Description"</span>
                <textarea name="description" rows="3">{c.description}</textarea>
            </label>
            <label class="field">
                <span>"Translations, one per line (de | handwerkzeug | Handwerkzeug | Beschreibung)"</span>
                <textarea name="translations" rows="4">{c.translations}</textarea>
            </label>
            <button type="submit" class="button primary">"Save category"</button>
        </form>
    }
}
