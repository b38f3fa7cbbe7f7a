//! `/admin/setup`: a new shop's first page. Whoever holds the token from the server's data folder makes the
//! owner's account, names the shop, and opens its first channel with tax rates and a shipping method.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::settings_api::{AdminSetup, get_needs_setup},
    components::{Field, FormError, form_error},
};

/// The setup form, or a note that the shop is set up.
#[component]
pub fn Setup() -> impl IntoView {
    let needed = Resource::new(|| (), |_| get_needs_setup());
    view! {
        <Title text="Set up your shop" />
        <section class="narrow">
            <h1>"Set up your shop"</h1>
            <FormError message=form_error() />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    if needed.await.unwrap_or(false) { view! { <SetupForm /> }.into_any() } else {
                        view! { <p>"This shop is set up. " <a href="/admin/sign-in">"Sign in"</a></p> }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SetupForm() -> impl IntoView {
    view! {
        <form method="post" action=AdminSetup::url() class="stack">
            <p>"The token is in the file " <code>"setup-token"</code> " in the server's data folder; the server's log names it."</p>
            <Field label="Setup token" name="token" autocomplete="off" required=true />
            <fieldset class="stack">
                <legend>"You, the owner"</legend>
                <Field label="Your email" name="email" kind="email" autocomplete="username" required=true />
                <Field label="Your name" name="name" autocomplete="name" required=true />
                <Field label="Password (at least 10 characters)" name="password" kind="password" autocomplete="new-password" required=true />
            </fieldset>
            <fieldset class="stack">
                <legend>"The shop"</legend>
                <Field label="Legal name" name="legal_name" autocomplete="organization" required=true />
                <Field label="Home country (two letters, e.g. DE)" name="country" autocomplete="country" required=true />
                <Field label="Shop name" name="channel_name" required=true />
                <Field label="Currency (e.g. EUR)" name="currency" value="EUR" required=true />
                <Field label="Language (e.g. en, de)" name="locale" value="en" required=true />
                <label class="field">
                    <span>"Prices shown"</span>
                    <select name="tax_display">
                        <option value="excluding">"Excluding tax (trade)"</option>
                        <option value="including">"Including tax (consumers)"</option>
                    </select>
                </label>
            </fieldset>
            <fieldset class="stack">
                <legend>"Tax and shipping"</legend>
                <Field label="Standard tax rate, percent" name="standard_rate" required=true />
                <Field label="Reduced tax rate, percent (if any)" name="reduced_rate" />
                <Field label="Shipping method" name="shipping_name" value="Standard shipping" required=true />
                <Field label="Its price, excluding tax" name="shipping_price" required=true />
            </fieldset>
            <button type="submit" class="button primary">"Set up the shop"</button>
        </form>
    }
}
