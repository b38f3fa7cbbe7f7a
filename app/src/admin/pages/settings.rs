//! `/admin/settings`: the shop's profile, channels, tax rates, shipping methods and payments, each a table with a form that
//! creates or changes one (by its code), for members whose role may change settings.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        settings_api::{
            AdminRemoveTaxRate, AdminSaveChannel, AdminSavePayments, AdminSaveProfile,
            AdminSaveShipping, AdminSaveTaxRate, AdminSaveTaxSettings, ChannelRow, PaymentsRow,
            SettingsView, ShippingRow, get_settings,
        },
    },
    components::{Field, FormError, form_error, query_param},
};

/// The settings page.
#[component]
pub fn Settings() -> impl IntoView {
    let saved = query_param("saved");
    let edit_channel = query_param("channel").unwrap_or_default();
    let edit_shipping = query_param("shipping").unwrap_or_default();
    let settings = Resource::new(|| (), |_| get_settings());
    view! {
        <Title text="Settings" />
        <h1>"Settings"</h1>
        {saved.map(|what| view! { <p class="alert" role="status">{format!("Saved: {what}.")}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || {
                let (edit_channel, edit_shipping) = (edit_channel.clone(), edit_shipping.clone());
                Suspend::new(async move {
                    match settings.await {
                        Ok(view) => view! { <Sections view edit_channel edit_shipping /> }.into_any(),
                        Err(e) => admin_error(e),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Sections(view: SettingsView, edit_channel: String, edit_shipping: String) -> impl IntoView {
    let write = view.can_write;
    let channel = view
        .channels
        .iter()
        .find(|c| c.code == edit_channel)
        .cloned();
    let method = view
        .shipping
        .iter()
        .find(|m| m.code == edit_shipping)
        .cloned();
    view! {
        <section id="profile">
            <h2>"Shop profile"</h2>
            <form method="post" action=AdminSaveProfile::url() class="stack narrow">
                {view.profile.into_iter().map(|(name, label, value)| view! {
                    <label class="field">
                        <span>{label}</span>
                        <input type="text" name=name value=value readonly=!write />
                    </label>
                }).collect_view()}
                {write.then(|| view! { <button type="submit" class="button primary">"Save profile"</button> })}
            </form>
        </section>
        <section id="channels">
            <h2>"Channels"</h2>
            <div class="table-scroll">
                <table>
                    <thead><tr><th>"Code"</th><th>"Name"</th><th>"Currency"</th><th>"Languages"</th><th>"Country"</th><th>"Prices"</th><th>"Guests see prices"</th><th>"Hosts"</th><th>"Sells"</th></tr></thead>
                    <tbody>{view.channels.into_iter().map(channel_row).collect_view()}</tbody>
                </table>
            </div>
            {write.then(|| view! { <ChannelForm channel /> })}
        </section>
        <section id="tax">
            <h2>"Tax rates"</h2>
            <table>
                <thead><tr><th>"Country"</th><th>"Class"</th><th class="num">"Rate"</th><th>"From"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>
                    {view.tax_rates.into_iter().map(|(class, country, rate, from, start)| {
                        // Only a rate still to come may be taken back; the server checks it too.
                        let removable = write && start > 0;
                        view! {
                            <tr>
                                <td>{country.clone()}</td><td>{class.clone()}</td><td class="num">{format!("{rate} %")}</td><td>{from}</td>
                                <td>{removable.then(|| view! {
                                    <form method="post" action=AdminRemoveTaxRate::url() class="inline">
                                        <input type="hidden" name="tax_class" value=class />
                                        <input type="hidden" name="country" value=country />
                                        <input type="hidden" name="valid_from_ms" value=start.to_string() />
                                        <label class="confirm"><input type="checkbox" name="confirm" value="yes" required=true />"Sure"</label>
                                        <button type="submit" class="button">"Remove"</button>
                                    </form>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {write.then(|| view! {
                <form method="post" action=AdminSaveTaxRate::url() class="filters">
                    <Field label="Class" name="tax_class" value="standard" required=true />
                    <Field label="Country" name="country" required=true />
                    <Field label="Rate, percent" name="rate_percent" required=true />
                    <Field label="From (empty: always)" name="valid_from" kind="date" />
                    <button type="submit" class="button">"Set rate"</button>
                </form>
            })}
            <form method="post" action=AdminSaveTaxSettings::url() class="filters">
                <label class="confirm">
                    <input type="checkbox" name="reverse_charge" value="yes" checked=view.reverse_charge disabled=!write />
                    "Reverse charge: no VAT on deliveries to businesses with a VAT number of another EU member state"
                </label>
                {write.then(|| view! { <button type="submit" class="button">"Save tax rules"</button> })}
            </form>
        </section>
        <section id="shipping">
            <h2>"Shipping methods"</h2>
            <div class="table-scroll">
                <table>
                    <thead><tr><th>"Code"</th><th>"Name"</th><th>"Currency"</th><th>"Kind"</th><th class="num">"Price"</th><th class="num">"Per kg"</th><th class="num">"Free above"</th><th>"Countries"</th></tr></thead>
                    <tbody>{view.shipping.into_iter().map(shipping_row).collect_view()}</tbody>
                </table>
            </div>
            {write.then(|| view! { <ShippingForm method /> })}
        </section>
        <section id="payments">
            <h2>"Payments"</h2>
            <PaymentsForm payments=view.payments write />
        </section>
    }
}

/// Which ways to pay the shop offers, the terms a new company starts with and how long a transfer may take.
#[component]
fn PaymentsForm(payments: PaymentsRow, write: bool) -> impl IntoView {
    let p = payments;
    view! {
        <p>"Bank details for transfers come from the shop profile. Each company's own payment terms are set on its page under Companies."</p>
        <form method="post" action=AdminSavePayments::url() class="stack narrow">
            <label class="confirm"><input type="checkbox" name="invoice_enabled" value="yes" checked=p.invoice disabled=!write />"Invoice on account, for companies approved for it"</label>
            <Field label="Payment terms of a new company, days" name="default_terms_days" value=p.default_terms_days.to_string() required=true />
            <label class="confirm"><input type="checkbox" name="bank_transfer_enabled" value="yes" checked=p.bank_transfer disabled=!write />"Bank transfer in advance"</label>
            <Field label="Days to pay by transfer before the order expires" name="bank_transfer_days" value=p.bank_transfer_days.to_string() required=true />
            {write.then(|| view! { <button type="submit" class="button primary">"Save payments"</button> })}
        </form>
    }
}

fn channel_row(c: ChannelRow) -> impl IntoView {
    view! {
        <tr>
            <td><a href=format!("/admin/settings?channel={}#channels", c.code)>{c.code.clone()}</a></td>
            <td>{c.name}</td>
            <td>{c.currency}</td>
            <td>{c.locales}</td>
            <td>{c.country}</td>
            <td>{if c.including { "including tax" } else { "excluding tax" }}</td>
            <td>{if c.public { "yes" } else { "no" }}</td>
            <td>{c.hosts}</td>
            <td>{if c.assortment.is_empty() { "everything".to_owned() } else { c.assortment }}</td>
        </tr>
    }
}

fn shipping_row(m: ShippingRow) -> impl IntoView {
    view! {
        <tr>
            <td><a href=format!("/admin/settings?shipping={}#shipping", m.code)>{m.code.clone()}</a></td>
            <td>{m.name}</td>
            <td>{m.currency}</td>
            <td>{m.kind}</td>
            <td class="num">{m.price}</td>
            <td class="num">{m.per_kg}</td>
            <td class="num">{m.free_above}</td>
            <td>{m.countries}</td>
        </tr>
    }
}

/// Creates a channel, or changes the one chosen in the table.
#[component]
fn ChannelForm(channel: Option<ChannelRow>) -> impl IntoView {
    let heading = if channel.is_some() {
        "Change the channel"
    } else {
        "Add a channel"
    };
    let c = channel.unwrap_or(ChannelRow {
        code: String::new(),
        name: String::new(),
        currency: "EUR".into(),
        locales: "en".into(),
        country: String::new(),
        including: false,
        public: true,
        hosts: String::new(),
        assortment: String::new(),
    });
    view! {
        <h3>{heading}</h3>
        <form method="post" action=AdminSaveChannel::url() class="stack narrow">
            <Field label="Code" name="code" value=c.code required=true />
            <Field label="Name" name="name" value=c.name required=true />
            <Field label="Currency" name="currency" value=c.currency required=true />
            <Field label="Languages, the default first (en,de)" name="locales" value=c.locales required=true />
            <Field label="Home country" name="country" value=c.country required=true />
            <label class="field">
                <span>"Prices shown"</span>
                <select name="tax_display">
                    <option value="excluding" selected=!c.including>"Excluding tax"</option>
                    <option value="including" selected=c.including>"Including tax"</option>
                </select>
            </label>
            <label class="confirm"><input type="checkbox" name="prices_public" value="yes" checked=c.public />"Guests see prices"</label>
            <Field label="Host names (comma-separated)" name="hosts" value=c.hosts />
            <Field label="Sells the categories (slugs, comma-separated, sub-categories included; empty: everything)" name="assortment" value=c.assortment />
            <button type="submit" class="button primary">"Save channel"</button>
        </form>
    }
}

/// Creates a shipping method, or changes the one chosen in the table.
#[component]
fn ShippingForm(method: Option<ShippingRow>) -> impl IntoView {
    let heading = if method.is_some() {
        "Change the shipping method"
    } else {
        "Add a shipping method"
    };
    let m = method.unwrap_or(ShippingRow {
        code: String::new(),
        name: String::new(),
        currency: "EUR".into(),
        kind: "flat".into(),
        price: String::new(),
        per_kg: "0".into(),
        free_above: String::new(),
        countries: String::new(),
    });
    let by_weight = m.kind == "by_weight";
    view! {
        <h3>{heading}</h3>
        <form method="post" action=AdminSaveShipping::url() class="stack narrow">
            <Field label="Code" name="code" value=m.code required=true />
            <Field label="Name" name="name" value=m.name required=true />
            <Field label="Currency" name="currency" value=m.currency required=true />
            <label class="field">
                <span>"Kind"</span>
                <select name="kind">
                    <option value="flat" selected=!by_weight>"Flat"</option>
                    <option value="by_weight" selected=by_weight>"By weight"</option>
                </select>
            </label>
            <Field label="Price, excluding tax" name="price" value=m.price required=true />
            <Field label="Per kilogram" name="per_kg" value=m.per_kg />
            <Field label="Free above (order value, excluding tax)" name="free_above" value=m.free_above />
            <Field label="Countries it delivers to (DE,AT)" name="countries" value=m.countries required=true />
            <button type="submit" class="button primary">"Save shipping method"</button>
        </form>
    }
}
