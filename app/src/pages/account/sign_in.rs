use leptos::{prelude::*, server_fn::ServerFn};

use crate::{
    api::{SignIn as SignInFn, SignUp as SignUpFn},
    components::{Field, FormError, form_error, query_param},
    seo::Seo,
};

/// Where to go after signing in: the `next` parameter, or the account page.
fn next_path() -> String {
    query_param("next").map_or_else(
        || "/account".to_owned(),
        |n| domain::redirect::local_path(&n, "/account"),
    )
}

/// `/account/sign-in`: email and password; a company's buyers see their company's prices from here on.
#[component]
pub fn SignIn() -> impl IntoView {
    let next = next_path();
    let notice = query_param("reset").map(|_| "Your password is changed. Please sign in with it.");
    view! {
        <Seo title="Sign in".into() description="Sign in to order at your prices.".into() path="/account/sign-in".into() noindex=true />
        <section class="auth">
            <h1>"Sign in"</h1>
            {notice.map(|n| view! { <p class="alert" role="status">{n}</p> })}
            <FormError message=form_error() />
            <form method="post" action=SignInFn::url() class="stack">
                <input type="hidden" name="next" value=next.clone() />
                <Field label="Email" name="email" kind="email" autocomplete="username" required=true />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true />
                <button type="submit" class="button primary">"Sign in"</button>
            </form>
            <p><a href="/account/forgot">"Forgot your password?"</a></p>
            <p>"New here? " <a href=format!("/account/sign-up?next={next}")>"Create an account"</a></p>
        </section>
    }
}

/// `/account/sign-up`: a private buyer's account. Company accounts are opened by the shop; their admins invite
/// their people.
#[component]
pub fn SignUp() -> impl IntoView {
    let next = next_path();
    view! {
        <Seo title="Create an account".into() description="Create an account to order and see your order history.".into() path="/account/sign-up".into() noindex=true />
        <section class="auth">
            <h1>"Create an account"</h1>
            <FormError message=form_error() />
            <form method="post" action=SignUpFn::url() class="stack">
                <input type="hidden" name="next" value=next.clone() />
                <Field label="Your name" name="name" autocomplete="name" required=true />
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true />
                <Field label="Password (at least 10 characters)" name="password" kind="password" autocomplete="new-password" required=true />
                <button type="submit" class="button primary">"Create account"</button>
            </form>
            <p>"Buying for a company? " <a href="/account/register-business">"Register your business"</a>", or ask your company's admin to invite you."</p>
            <p>"Already have an account? " <a href=format!("/account/sign-in?next={next}")>"Sign in"</a></p>
        </section>
    }
}
