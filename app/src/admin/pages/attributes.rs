//! `/admin/attributes`: the catalog model — attribute definitions with their translations and enum values, and the
//! product types that group them — each a table with a form that creates or changes one by its code.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        catalog_api::{
            AdminSaveAttribute, AdminSaveProductType, AttributeRow, CatalogModelView,
            ProductTypeRow, get_catalog_model,
        },
    },
    components::{Field, FormError, form_error, query_param},
};

/// The attributes page; needs `catalog:read`, and `catalog:write` for its forms.
#[component]
pub fn Attributes() -> impl IntoView {
    let saved = query_param("saved").map(|what| match what.as_str() {
        "product_type" => "Saved the product type.",
        _ => "Saved the attribute.",
    });
    let edit = query_param("attribute").unwrap_or_default();
    let edit_type = query_param("type").unwrap_or_default();
    let data = Resource::new(|| (), |_| get_catalog_model());
    view! {
        <Title text="Attributes and product types" />
        <h1>"Attributes and product types"</h1>
        {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || {
                let (edit, edit_type) = (edit.clone(), edit_type.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Sections view edit edit_type /> }.into_any(),
                        Err(e) => admin_error(e),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Sections(view: CatalogModelView, edit: String, edit_type: String) -> impl IntoView {
    let write = view.can_write;
    let attribute = view.attributes.iter().find(|a| a.code == edit).cloned();
    let product_type = view.types.iter().find(|t| t.code == edit_type).cloned();
    view! {
        <section id="attributes">
            <div class="table-scroll">
                <table>
                    <thead><tr><th>"Code"</th><th>"Name"</th><th>"Kind"</th><th>"Unit"</th><th>"Filter"</th><th>"Translations"</th><th>"Values"</th></tr></thead>
                    <tbody>{view.attributes.into_iter().map(attribute_row).collect_view()}</tbody>
                </table>
            </div>
            {write.then(|| view! { <AttributeForm attribute /> })}
        </section>
        <section id="product-types">
            <h2>"Product types"</h2>
            <table>
                <thead><tr><th>"Code"</th><th>"Name"</th><th>"Attributes, in order"</th></tr></thead>
                <tbody>{view.types.into_iter().map(type_row).collect_view()}</tbody>
            </table>
            {write.then(|| view! { <ProductTypeForm product_type /> })}
        </section>
    }
}

fn attribute_row(a: AttributeRow) -> impl IntoView {
    let values = a.options.lines().count();
    view! {
        <tr>
            <td><a href=format!("/admin/attributes?attribute={}#attribute-form", a.code)>{a.code.clone()}</a></td>
            <td>{a.name}</td>
            <td>{a.kind}</td>
            <td>{a.unit}</td>
            <td>{if a.filterable { "yes" } else { "no" }}</td>
            <td>{a.names.replace('\n', ", ")}</td>
            <td class="num">{values}</td>
        </tr>
    }
}

fn type_row(t: ProductTypeRow) -> impl IntoView {
    view! {
        <tr>
            <td><a href=format!("/admin/attributes?type={}#type-form", t.code)>{t.code.clone()}</a></td>
            <td>{t.name}</td>
            <td>{t.attributes}</td>
        </tr>
    }
}

/// Creates an attribute, or changes the one chosen in the table.
#[component]
fn AttributeForm(attribute: Option<AttributeRow>) -> impl IntoView {
    let heading = if attribute.is_some() {
        "Change the attribute"
    } else {
        "Add an attribute"
    };
    let a = attribute.unwrap_or_else(|| AttributeRow {
        kind: "text".into(),
        ..AttributeRow::default()
    });
    let kind = a.kind.clone();
    view! {
        <h2 id="attribute-form">{heading}</h2>
        <form method="post" action=AdminSaveAttribute::url() class="stack narrow">
            <Field label="Code (as filters name it)" name="code" value=a.code required=true />
            <Field label="Name" name="name" value=a.name required=true />
            <label class="field">
                <span>"Kind"</span>
                <select name="kind">
                    {["text", "number", "enum", "boolean"].into_iter().map(|k| {
                        let selected = k == kind;
                        view! { <option value=k selected=selected>{k}</option> }
                    }).collect_view()}
                </select>
            </label>
            <Field label="Unit of a number (mm)" name="unit" value=a.unit />
            <label class="confirm"><input type="checkbox" name="filterable" value="yes" checked=a.filterable />"Offer as a filter in listings"</label>
            <label class="field">
                <span>"Name in other languages, one per line (de: Werkstoff)"</span>
                <textarea name="names" rows="3">{a.names}</textarea>
            </label>
            <label class="field">
                <span>"Values of an enum, one per line (stainless-a4 | Stainless steel A4 | de: Edelstahl A4)"</span>
                <textarea name="options" rows="8">{a.options}</textarea>
            </label>
            <button type="submit" class="button primary">"Save attribute"</button>
        </form>
    }
}

/// Creates a product type, or changes the one chosen in the table.
#[component]
fn ProductTypeForm(product_type: Option<ProductTypeRow>) -> impl IntoView {
    let heading = if product_type.is_some() {
        "Change the product type"
    } else {
        "Add a product type"
    };
    let t = product_type.unwrap_or_default();
    view! {
        <h3 id="type-form">{heading}</h3>
        <form method="post" action=AdminSaveProductType::url() class="stack narrow">
            <Field label="Code" name="code" value=t.code required=true />
            <Field label="Name" name="name" value=t.name required=true />
            <Field label="Attribute codes, in order (material, thread)" name="attributes" value=t.attributes />
            <button type="submit" class="button primary">"Save product type"</button>
        </form>
    }
}
