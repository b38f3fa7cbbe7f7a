//! Signing in: the password, then the second factor or its enrolment; choosing a password with a one-time link;
//! asking for one.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use super::account::EnrolmentForm;
use crate::{
    admin::{
        admin_error,
        api::{
            AdminEnrolAtSignIn, AdminForgotPassword, AdminSecondFactor, AdminSetPassword,
            AdminSignIn, get_sign_in_enrolment,
        },
    },
    components::{Field, FormError, form_error, query_param},
};

/// `/admin/sign-in`.
#[component]
pub fn SignIn() -> impl IntoView {
    let notice = match (
        query_param("password"),
        query_param("reset"),
        query_param("setup"),
    ) {
        (Some(_), _, _) => Some("Your password is set. Sign in with it."),
        (_, Some(_), _) => {
            Some("If that address belongs to a member of staff, a link is on its way.")
        }
        (_, _, Some(_)) => Some(
            "Your shop is set up and open. Sign in; as its owner you set up two-factor sign-in next.",
        ),
        _ => None,
    };
    view! {
        <Title text="Sign in" />
        <section class="narrow">
            <h1>"Sign in to the back office"</h1>
            {notice.map(|n| view! { <p class="alert" role="status">{n}</p> })}
            <FormError message=form_error() />
            <form method="post" action=AdminSignIn::url() class="stack">
                <Field label="Email" name="email" kind="email" autocomplete="username" required=true />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true />
                <button type="submit" class="button primary">"Sign in"</button>
            </form>
            <p><a href="/admin/forgot">"Forgot your password?"</a></p>
        </section>
    }
}

/// `/admin/sign-in/code`: the code from the authenticator app, or a recovery code.
#[component]
pub fn SignInCode() -> impl IntoView {
    view! {
        <Title text="Two-factor sign-in" />
        <section class="narrow">
            <h1>"Enter your code"</h1>
            <FormError message=form_error() />
            <form method="post" action=AdminSecondFactor::url() class="stack">
                <label class="field">
                    <span>"Code from your authenticator app, or a recovery code"</span>
                    <input type="text" name="code" autocomplete="one-time-code" inputmode="text" required=true autofocus=true />
                </label>
                <button type="submit" class="button primary">"Sign in"</button>
            </form>
            <p><a href="/admin/sign-in">"Start again"</a></p>
        </section>
    }
}

/// `/admin/sign-in/enrol`: a member whose role requires a second factor sets it up before their first session.
#[component]
pub fn SignInEnrol() -> impl IntoView {
    let enrolment = Resource::new(|| (), |_| get_sign_in_enrolment());
    view! {
        <Title text="Set up two-factor sign-in" />
        <section class="narrow">
            <h1>"Set up two-factor sign-in"</h1>
            <p>"Your role signs in with a code from an authenticator app as well as the password."</p>
            <FormError message=form_error() />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match enrolment.await {
                        Ok(e) => view! { <EnrolmentForm enrolment=e action=AdminEnrolAtSignIn::url() /> }.into_any(),
                        Err(e) => admin_error(e),
                    }
                })}
            </Suspense>
            <p><a href="/admin/sign-in">"Start again"</a></p>
        </section>
    }
}

/// `/admin/password?token=…`: choose a password with the one-time link from an invitation or a reset.
#[component]
pub fn SetPassword() -> impl IntoView {
    let token = query_param("token").unwrap_or_default();
    view! {
        <Title text="Choose your password" />
        <section class="narrow">
            <h1>"Choose your password"</h1>
            <FormError message=form_error() />
            <form method="post" action=AdminSetPassword::url() class="stack">
                <input type="hidden" name="token" value=token />
                <Field label="New password (at least 10 characters)" name="password" kind="password" autocomplete="new-password" required=true />
                <button type="submit" class="button primary">"Set password"</button>
            </form>
        </section>
    }
}

/// `/admin/forgot`: a link to choose a new password, by email.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    view! {
        <Title text="Forgot your password" />
        <section class="narrow">
            <h1>"Forgot your password?"</h1>
            <FormError message=form_error() />
            <form method="post" action=AdminForgotPassword::url() class="stack">
                <Field label="Email" name="email" kind="email" autocomplete="username" required=true />
                <button type="submit" class="button primary">"Send me a link"</button>
            </form>
        </section>
    }
}
