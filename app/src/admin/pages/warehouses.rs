//! `/admin/warehouses`: where stock is kept, in which order warehouses ship and to which channels, a form that adds
//! or changes one, and a form that lets a variant be ordered beyond its stock.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        warehouses_api::{AdminSaveWarehouse, AdminSetBackorder, get_warehouses},
    },
    components::{Field, FormError, form_error, query_param},
};

/// The warehouses page; needs `inventory:read`, and `inventory:write` for its forms.
#[component]
pub fn Warehouses() -> impl IntoView {
    let saved = query_param("saved").map(|what| match what.as_str() {
        "backorder" => "Saved the variant's backorders.",
        _ => "Saved the warehouse.",
    });
    let data = Resource::new(|| (), |_| get_warehouses());
    view! {
        <Title text="Warehouses" />
        <h1>"Warehouses"</h1>
        {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! {
                        <table>
                            <thead><tr><th>"Code"</th><th>"Name"</th><th class="num">"Ships in order"</th><th>"Ships to"</th></tr></thead>
                            <tbody>
                                {view.warehouses.into_iter().map(|(code, name, priority, channels)| {
                                    let serves = if channels.is_empty() { "Every channel".to_owned() } else { channels.join(", ") };
                                    view! {
                                        <tr><td>{code}</td><td>{name}</td><td class="num">{priority}</td><td>{serves}</td></tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {view.can_write.then(|| view! {
                            <h2>"Add or change a warehouse"</h2>
                            <form method="post" action=AdminSaveWarehouse::url() class="stack narrow">
                                <Field label="Code" name="code" required=true />
                                <Field label="Name" name="name" required=true />
                                <Field label="Priority (lower ships first)" name="priority" value="0" />
                                <Field label="Ships to channels (codes, comma-separated; empty: every channel)" name="channels" />
                                <p class="hint">{format!("The shop's channels: {}.", view.channels.join(", "))}</p>
                                <button type="submit" class="button primary">"Save warehouse"</button>
                            </form>
                            <h2>"Backorders"</h2>
                            <form method="post" action=AdminSetBackorder::url() class="filters">
                                <Field label="SKU" name="sku" required=true />
                                <label class="confirm"><input type="checkbox" name="allowed" value="yes" />"Accept orders beyond stock"</label>
                                <button type="submit" class="button">"Save"</button>
                            </form>
                        })}
                    }
                    .into_any(),
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}
