//! `/admin/products/{handle}` and `/admin/products/new`: one product in a single plain form — texts, category and
//! type, the type's attributes, a column per language, variants with prices, breaks and pack rules, images, search
//! texts, status and publish time — and, for a stored product, its stock per warehouse in a form of its own.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use domain::{ProductStatus, listing::encode};

use crate::{
    admin::{
        admin_error,
        products_api::{
            AdminCountStock, AdminSaveProduct, AttributeField, IMAGE_UPLOAD_URL, ProductEditorView,
            get_admin_product,
        },
    },
    components::{FormError, form_error, query_param},
};

/// The product editor; needs `catalog:read`, and `catalog:write` to save.
#[component]
pub fn ProductEditor() -> impl IntoView {
    let handle = use_params_map().with_untracked(|p| p.get("handle").unwrap_or_default());
    let handle = if handle == "new" {
        String::new()
    } else {
        handle
    };
    let saved = query_param("saved").map(|what| match what.as_str() {
        "stock" => "Counted the stock.",
        "image" => "Added the image: made in every width the pages use.",
        _ => "Saved the product.",
    });
    let data = Resource::new(move || handle.clone(), get_admin_product);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        let title = match view.original.as_str() {
                            "" => "New product".to_owned(),
                            _ => view.name.clone(),
                        };
                        view! {
                            <Title text=title.clone() />
                            <p><a href="/admin/products">"← Products"</a></p>
                            <h1>{title}</h1>
                            {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
                            <FormError message=form_error() />
                            {(view.status == "active" && view.publish_at.is_empty() && !view.original.is_empty()).then(|| view! {
                                <p><a href=format!("/products/{}", encode(&view.original))>"View in the shop"</a></p>
                            })}
                            <Editor view=view.clone() />
                            {(view.can_write && !view.original.is_empty()).then(|| view! { <ImageUpload handle=view.original.clone() /> })}
                            {(!view.stock.is_empty()).then(|| view! { <Stock view=view.clone() /> })}
                        }
                        .into_any()
                    }
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

fn option(value: &str, label: &str, current: &str) -> impl IntoView + use<> {
    view! { <option value=value.to_owned() selected=current == value>{label.to_owned()}</option> }
}

#[component]
fn Editor(view: ProductEditorView) -> impl IntoView {
    let disabled = !view.can_write;
    let currency = view.currency.clone();
    view! {
        <form method="post" action=AdminSaveProduct::url() class="product-editor">
            <input type="hidden" name="original" value=view.original.clone() />
            <input type="hidden" name="version" value=view.version.to_string() />
            <fieldset disabled=disabled>
                <legend>"Product"</legend>
                <label class="field"><span>"Name"</span>
                    <input name="product[name]" value=view.name.clone() required=true maxlength="200" /></label>
                <label class="field"><span>"Handle (address)"</span>
                    <input name="product[handle]" value=view.handle.clone() required=true pattern="[a-z0-9]+(-[a-z0-9]+)*"
                        title="lower-case letters and digits joined by hyphens" /></label>
                <label class="field"><span>"Brand"</span>
                    <input name="product[brand]" value=view.brand.clone() /></label>
                <label class="field"><span>"Category"</span>
                    <select name="product[category]" required=true>
                        {option("", "Choose…", &view.category)}
                        {view.categories.iter().map(|(slug, name)| option(slug, name, &view.category)).collect_view()}
                    </select>
                </label>
                <label class="field"><span>"Product type"</span>
                    <select name="product[product_type]">
                        {option("", "None", &view.product_type)}
                        {view.types.iter().map(|(code, name)| option(code, name, &view.product_type)).collect_view()}
                    </select>
                </label>
                <label class="field"><span>"Tax class"</span>
                    <input name="product[tax_class]" value=view.tax_class.clone() /></label>
                <label class="field wide"><span>"Description"</span>
                    <textarea name="product[description]" rows="6">{view.description.clone()}</textarea></label>
            </fieldset>
            <fieldset disabled=disabled>
                <legend>"Publishing"</legend>
                <label class="field"><span>"Status"</span>
                    <select name="product[status]">
                        {ProductStatus::ALL.into_iter().map(|s| option(s.as_str(), s.label(), &view.status)).collect_view()}
                    </select>
                </label>
                <label class="field"><span>"Publish at (UTC; empty for now)"</span>
                    <input type="datetime-local" name="product[publish_at]" value=view.publish_at.clone() /></label>
                <label class="field"><span>"Search engine title"</span>
                    <input name="product[seo_title]" value=view.seo_title.clone() maxlength="120" /></label>
                <label class="field wide"><span>"Search engine description"</span>
                    <textarea name="product[seo_description]" rows="2" maxlength="320">{view.seo_description.clone()}</textarea></label>
            </fieldset>
            {(!view.attributes.is_empty()).then(|| view! {
                <fieldset disabled=disabled>
                    <legend>"Attributes"</legend>
                    {view.attributes.iter().map(attribute).collect_view()}
                </fieldset>
            })}
            {(!view.translations.is_empty()).then(|| view! {
                <fieldset disabled=disabled>
                    <legend>"Translations"</legend>
                    <div class="side-by-side">
                        {view.translations.iter().enumerate().map(|(i, t)| view! {
                            <div class="column" lang=t.locale.clone()>
                                <h2 class="column-heading">{t.locale.clone()}</h2>
                                <input type="hidden" name=format!("translations[{i}][locale]") value=t.locale.clone() />
                                <label class="field"><span>"Name"</span>
                                    <input name=format!("translations[{i}][name]") value=t.name.clone() /></label>
                                <label class="field"><span>"Handle"</span>
                                    <input name=format!("translations[{i}][slug]") value=t.slug.clone() /></label>
                                <label class="field"><span>"Description"</span>
                                    <textarea name=format!("translations[{i}][description]") rows="4">{t.description.clone()}</textarea></label>
                            </div>
                        }).collect_view()}
                    </div>
                </fieldset>
            })}
            <fieldset disabled=disabled>
                <legend>"Variants"</legend>
                <p class="hint">{format!(
                    "Prices in {currency}. Breaks read `10: 12.00; 50: 11.00`, options `Size: L; Colour: red`, other \
                     currencies a line each such as `CHF 14.50; 10: 13.00`. Fill the empty row to add a variant."
                )}</p>
                {view.variants.iter().enumerate().map(|(i, v)| {
                    let new = v.sku.is_empty();
                    let name = move |field: &str| format!("variants[{i}][{field}]");
                    view! {
                        <fieldset class="variant">
                            <legend>{if new { "New variant".to_owned() } else { v.sku.clone() }}</legend>
                            <label class="field"><span>"SKU"</span><input name=name("sku") value=v.sku.clone() /></label>
                            <label class="field"><span>"Title"</span><input name=name("title") value=v.title.clone() /></label>
                            <label class="field"><span>"Options"</span><input name=name("options") value=v.options.clone() /></label>
                            <label class="field"><span>"Price"</span>
                                <input name=name("price") value=v.price.clone() inputmode="decimal" /></label>
                            <label class="field"><span>"Volume breaks"</span><input name=name("tiers") value=v.tiers.clone() /></label>
                            <label class="field"><span>"Other currencies"</span>
                                <textarea name=name("other_prices") rows="2">{v.other_prices.clone()}</textarea></label>
                            <label class="field"><span>"Minimum"</span>
                                <input type="number" min="1" name=name("min") value=v.min.clone() /></label>
                            <label class="field"><span>"Pack size"</span>
                                <input type="number" min="1" name=name("step") value=v.step.clone() /></label>
                            <label class="field"><span>"Maximum"</span>
                                <input type="number" min="1" name=name("max") value=v.max.clone() /></label>
                            {if new {
                                view! { <label class="field"><span>"Stock (main warehouse)"</span>
                                    <input type="number" min="0" name=name("stock") value="0" /></label> }.into_any()
                            } else {
                                view! { <label class="check"><input type="checkbox" name=name("remove") value="1" />" Remove this variant"</label> }.into_any()
                            }}
                        </fieldset>
                    }
                }).collect_view()}
            </fieldset>
            {(!view.images.is_empty()).then(|| view! {
                <fieldset disabled=disabled>
                    <legend>"Images"</legend>
                    {view.images.iter().enumerate().map(|(i, img)| {
                        let skus: Vec<String> = view.variants.iter().map(|v| v.sku.clone()).filter(|s| !s.is_empty()).collect();
                        view! {
                            <div class="image-row">
                                <img src=img.url.clone() alt="" width="64" height="64" loading="lazy" />
                                <input type="hidden" name=format!("images[{i}][url]") value=img.url.clone() />
                                <label class="field"><span>"Alt text"</span>
                                    <input name=format!("images[{i}][alt]") value=img.alt.clone() /></label>
                                {view.translations.iter().map(|t| view! {
                                    <label class="field" lang=t.locale.clone()><span>{format!("Alt text ({})", t.locale)}</span>
                                        <input name=format!("images[{i}][alts][{}]", t.locale)
                                            value=img.alts.get(&t.locale).cloned().unwrap_or_default() /></label>
                                }).collect_view()}
                                <label class="field"><span>"Shows variant"</span>
                                    <select name=format!("images[{i}][variant]")>
                                        {option("", "The whole product", &img.variant)}
                                        {skus.iter().map(|sku| option(sku, sku, &img.variant)).collect_view()}
                                    </select>
                                </label>
                                <label class="check"><input type="checkbox" name=format!("images[{i}][remove]") value="1" />" Remove"</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            {view.can_write.then(|| view! { <button type="submit" class="button">"Save product"</button> })}
        </form>
    }
}

fn attribute(a: &AttributeField) -> impl IntoView + use<> {
    let name = format!("attributes[{}]", a.code);
    let label = match a.unit.as_str() {
        "" => a.name.clone(),
        unit => format!("{} ({unit})", a.name),
    };
    let input = match a.kind.as_str() {
        "enum" | "boolean" => {
            let choices = match a.kind.as_str() {
                "boolean" => vec![
                    ("true".to_owned(), "Yes".to_owned()),
                    ("false".to_owned(), "No".to_owned()),
                ],
                _ => a.choices.clone(),
            };
            view! {
                <select name=name>
                    {option("", "—", &a.value)}
                    {choices.iter().map(|(value, text)| option(value, text, &a.value)).collect_view()}
                </select>
            }
            .into_any()
        }
        "number" => {
            view! { <input name=name value=a.value.clone() inputmode="decimal" /> }.into_any()
        }
        _ => view! { <input name=name value=a.value.clone() /> }.into_any(),
    };
    view! { <label class="field"><span>{label}</span>{input}</label> }
}

#[component]
fn Stock(view: ProductEditorView) -> impl IntoView {
    view! {
        <h2>"Stock per warehouse"</h2>
        <form method="post" action=AdminCountStock::url()>
            <input type="hidden" name="handle" value=view.original.clone() />
            <div class="table-scroll">
                <table>
                    <thead><tr><th>"SKU"</th><th>"Warehouse"</th><th class="num">"Held by orders"</th><th class="num">"On hand"</th></tr></thead>
                    <tbody>
                        {view.stock.iter().enumerate().map(|(i, cell)| view! {
                            <tr>
                                <td>{cell.sku.clone()}</td>
                                <td>{cell.warehouse.clone()}</td>
                                <td class="num">{cell.reserved}</td>
                                <td class="num">
                                    <input type="hidden" name=format!("cells[{i}][sku]") value=cell.sku.clone() />
                                    <input type="hidden" name=format!("cells[{i}][warehouse]") value=cell.warehouse.clone() />
                                    <input type="hidden" name=format!("cells[{i}][was]") value=cell.on_hand.to_string() />
                                    <input type="number" min="0" name=format!("cells[{i}][on_hand]") value=cell.on_hand.to_string()
                                        disabled=!view.can_count
                                        aria-label=format!("On hand of {} in {}", cell.sku, cell.warehouse) />
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {view.can_count.then(|| view! { <button type="submit" class="button">"Save counts"</button> })}
        </form>
    }
}

/// The image upload: a plain file field, which also takes a file dropped on it, so it needs no script.
#[component]
fn ImageUpload(handle: String) -> impl IntoView {
    view! {
        <h2>"Add an image"</h2>
        <form method="post" action=IMAGE_UPLOAD_URL enctype="multipart/form-data" class="image-upload">
            <input type="hidden" name="handle" value=handle />
            <label class="field drop-zone"><span>"Image (PNG, JPEG or WebP, up to 20 MB; choose or drop a file here)"</span>
                <input type="file" name="file" accept="image/png,image/jpeg,image/webp" required=true /></label>
            <label class="field"><span>"Alt text"</span><input name="alt" maxlength="300" /></label>
            <button type="submit" class="button">"Upload image"</button>
        </form>
    }
}
