//! `/admin`: who is signed in and what their role lets them do.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::admin::{admin_error, api::get_me};

/// The back office's start page.
#[component]
pub fn Dashboard() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <Title text="Dashboard" />
        <h1>"Dashboard"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(me) => {
                        let warn = me.two_factor_required && !me.two_factor;
                        view! {
                            <p>"Signed in as " <strong>{me.email.clone()}</strong> " (" {me.role.clone()} ")."</p>
                            {warn.then(|| view! {
                                <p class="alert alert-error" role="alert">
                                    "Your role requires two-factor sign-in. " <a href="/admin/account?enrol=1">"Set it up now"</a>
                                </p>
                            })}
                            <h2>"Your permissions"</h2>
                            <ul class="permissions">
                                {me.permissions.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}
