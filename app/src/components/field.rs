//! Labelled form fields. Each input carries its `name` as the server function expects it, so the form posts
//! without JavaScript; errors come back in `?error=` naming the same field.

use leptos::prelude::*;

/// A labelled input.
#[component]
pub fn Field(
    /// What the buyer reads.
    label: &'static str,
    /// The form field's name.
    name: &'static str,
    /// `text`, `email`, `password`, `date`, ...
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autofill hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A value to start with.
    #[prop(optional, into)]
    value: String,
    /// Whether the browser should insist on a value.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type=kind name=name value=value autocomplete=autocomplete required=required />
        </label>
    }
}

/// The address fields the engine's `AddressInput` takes; `country` starts at the channel's country.
#[component]
pub fn AddressFields(country: String) -> impl IntoView {
    view! {
        <Field label="Name" name="name" autocomplete="name" />
        <Field label="Company" name="company" autocomplete="organization" />
        <Field label="Street and number" name="line1" autocomplete="address-line1" />
        <Field label="Address line 2" name="line2" autocomplete="address-line2" />
        <div class="field-row">
            <Field label="Postal code" name="postal_code" autocomplete="postal-code" />
            <Field label="City" name="city" autocomplete="address-level2" />
        </div>
        <div class="field-row">
            <Field label="Country (two letters)" name="country" autocomplete="country" value=country />
            <Field label="Phone" name="phone" kind="tel" autocomplete="tel" />
        </div>
    }
}
