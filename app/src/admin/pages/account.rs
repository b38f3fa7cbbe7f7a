//! `/admin/account`: who is signed in, and their two-factor sign-in.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        api::{AdminEnableTwoFactor, Enrolment, get_me, get_own_enrolment},
    },
    components::{FormError, form_error, query_param},
};

/// The signed-in member's account.
#[component]
pub fn Account() -> impl IntoView {
    let enrol = query_param("enrol").is_some();
    let turned_on = query_param("two-factor").is_some();
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <Title text="Your account" />
        <h1>"Your account"</h1>
        {turned_on.then(|| view! { <p class="alert" role="status">"Two-factor sign-in is on."</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(me) => view! {
                        <table class="facts">
                            <tr><th scope="row">"Email"</th><td>{me.email.clone()}</td></tr>
                            <tr><th scope="row">"Role"</th><td>{me.role.clone()}</td></tr>
                            <tr><th scope="row">"Two-factor sign-in"</th><td>{if me.two_factor { "On" } else { "Off" }}</td></tr>
                        </table>
                        {(!me.two_factor && !enrol).then(|| view! {
                            <p><a class="button" href="/admin/account?enrol=1">"Turn on two-factor sign-in"</a></p>
                        })}
                        {(!me.two_factor && enrol).then(|| view! { <OwnEnrolment /> })}
                    }
                    .into_any(),
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OwnEnrolment() -> impl IntoView {
    let enrolment = Resource::new(|| (), |_| get_own_enrolment());
    view! {
        <h2>"Set up two-factor sign-in"</h2>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match enrolment.await {
                    Ok(e) => view! { <EnrolmentForm enrolment=e action=AdminEnableTwoFactor::url() /> }.into_any(),
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

/// The QR code, the secret to type in by hand, the recovery codes, and the field for the first code.
#[component]
pub(super) fn EnrolmentForm(enrolment: Enrolment, action: &'static str) -> impl IntoView {
    view! {
        <ol class="steps">
            <li>
                "Scan this code with an authenticator app (or type in the key below it)."
                <div class="qr" inner_html=enrolment.qr_svg></div>
                <p>"Key: " <code data-testid="totp-secret">{enrolment.secret}</code></p>
            </li>
            <li>
                "Keep these recovery codes somewhere safe. Each signs you in once if the phone is lost; they are not shown again."
                <ul class="codes" data-testid="recovery-codes">
                    {enrolment.recovery_codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                </ul>
            </li>
            <li>
                <form method="post" action=action class="stack">
                    <label class="field">
                        <span>"The code the app shows now"</span>
                        <input type="text" name="code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]{6}" required=true />
                    </label>
                    <button type="submit" class="button primary">"Turn on"</button>
                </form>
            </li>
        </ol>
    }
}
