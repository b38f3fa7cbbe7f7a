use leptos::{prelude::*, server_fn::ServerFn};

use crate::{
    api::{ConfirmEmail, RequestPasswordReset, ResetPassword as ResetPasswordFn},
    components::{Field, FormError, form_error, query_param},
    seo::Seo,
};

/// `/account/forgot`: asks for a reset link. The answer never tells whether the address has an account.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let sent = query_param("sent").is_some();
    view! {
        <Seo title="Forgot your password".into() description="Get a link to choose a new password.".into() path="/account/forgot".into() noindex=true />
        <section class="auth">
            <h1>"Forgot your password?"</h1>
            {sent.then(|| view! {
                <p class="alert" role="status">"If that address has an account, a link to choose a new password is on its way. It works for one hour."</p>
            })}
            <FormError message=form_error() />
            <form method="post" action=RequestPasswordReset::url() class="stack">
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true />
                <button type="submit" class="button primary">"Email me a link"</button>
            </form>
        </section>
    }
}

/// `/account/reset?token=…`: the emailed link; sets a new password and ends every session of the account.
#[component]
pub fn ResetPassword() -> impl IntoView {
    let token = query_param("token").unwrap_or_default();
    view! {
        <Seo title="Choose a new password".into() description="Choose a new password.".into() path="/account/reset".into() noindex=true />
        <section class="auth">
            <h1>"Choose a new password"</h1>
            <FormError message=form_error() />
            <form method="post" action=ResetPasswordFn::url() class="stack">
                <input type="hidden" name="token" value=token />
                <Field label="New password (at least 10 characters)" name="password" kind="password" autocomplete="new-password" required=true />
                <button type="submit" class="button primary">"Save password"</button>
            </form>
        </section>
    }
}

/// `/account/confirm?token=…`: the link emailed at sign-up. Confirming is a button (a POST), so a mail scanner
/// that follows links confirms nothing on the buyer's behalf.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let token = query_param("token").unwrap_or_default();
    let done = query_param("done").is_some();
    view! {
        <Seo title="Confirm your email address".into() description="Confirm your email address.".into() path="/account/confirm".into() noindex=true />
        <section class="auth">
            <h1>"Confirm your email address"</h1>
            {if done {
                view! {
                    <p class="alert" role="status">"Thank you: your email address is confirmed and you can order now."</p>
                    <p><a href="/account" class="button primary">"Go to your account"</a></p>
                }
                    .into_any()
            } else {
                view! {
                    <FormError message=form_error() />
                    <form method="post" action=ConfirmEmail::url() class="stack">
                        <input type="hidden" name="token" value=token />
                        <button type="submit" class="button primary">"Confirm my email address"</button>
                    </form>
                }
                    .into_any()
            }}
        </section>
    }
}
