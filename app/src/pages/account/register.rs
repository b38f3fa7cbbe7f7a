//! `/account/register-business`: a business opens its account (its name, VAT number and address, and its first
//! person, who becomes its admin). It can sign in at once and waits for the shop's approval before it orders.

use leptos::{prelude::*, server_fn::ServerFn};

use crate::{
    api::RegisterBusiness as RegisterBusinessFn,
    components::{Field, FormError, form_error},
    seo::Seo,
};

/// The registration form; a plain post, so it works before any script runs.
#[component]
pub fn RegisterBusiness() -> impl IntoView {
    view! {
        <Seo title="Register your business".into() description="Open a business account to buy at trade terms.".into() path="/account/register-business".into() noindex=true />
        <section class="auth">
            <h1>"Register your business"</h1>
            <p>"We check every business account before its first order and set its terms; we email you as soon as you can order."</p>
            <FormError message=form_error() />
            <form method="post" action=RegisterBusinessFn::url() class="stack">
                <Field label="Company name" name="company_name" autocomplete="organization" required=true />
                <Field label="VAT number (optional)" name="vat_id" />
                <Field label="Street and number" name="line1" autocomplete="address-line1" required=true />
                <Field label="Postal code" name="postal_code" autocomplete="postal-code" required=true />
                <Field label="City" name="city" autocomplete="address-level2" required=true />
                <Field label="Country (two letters, such as DE)" name="country" autocomplete="country" required=true />
                <Field label="Your name" name="name" autocomplete="name" required=true />
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true />
                <Field label="Password (at least 10 characters)" name="password" kind="password" autocomplete="new-password" required=true />
                <button type="submit" class="button primary">"Register business"</button>
            </form>
            <p>"Already have an account? " <a href="/account/sign-in">"Sign in"</a></p>
        </section>
    }
}
