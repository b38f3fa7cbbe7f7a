//! `/admin/keys`: the API keys for integrations — make one (its secret shown once), revoke one with a
//! confirmation.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        keys_api::{AdminCreateKey, AdminRevokeKey, KeyRow, get_keys},
    },
    components::{Field, FormError, form_error, query_param},
};

/// The API keys page; needs `keys:manage`.
#[component]
pub fn Keys() -> impl IntoView {
    let revoked = query_param("revoked").is_some();
    let data = Resource::new(|| (), |_| get_keys());
    view! {
        <Title text="API keys" />
        <h1>"API keys"</h1>
        {revoked.then(|| view! { <p class="alert" role="status">"The key is revoked."</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! {
                        <SecretOnce secret=view.new_secret what="The new key" />
                        <div class="table-scroll">
                            <table>
                                <thead><tr><th>"Name"</th><th>"Kind"</th><th>"Starts with"</th><th>"Scopes"</th><th>"Bound to"</th><th>"Made"</th><th>"Revoke"</th></tr></thead>
                                <tbody>{view.keys.into_iter().map(key_row).collect_view()}</tbody>
                            </table>
                        </div>
                        <h2>"Make a secret key"</h2>
                        <form method="post" action=AdminCreateKey::url() class="stack narrow">
                            <Field label="Name (what it is for)" name="name" required=true />
                            <Field label="Scopes, comma-separated" name="scopes" required=true />
                            <p class="hint">"Scopes: " {view.scopes.join(", ")}</p>
                            <button type="submit" class="button primary">"Make key"</button>
                        </form>
                    }
                    .into_any(),
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

/// A secret just made, shown this once (a key's, an endpoint's signing secret).
#[component]
pub(super) fn SecretOnce(secret: Option<String>, what: &'static str) -> impl IntoView {
    secret.map(|secret| {
        view! {
            <div class="alert" role="status">
                <p>{what} ". Copy it now: it is not shown again."</p>
                <p><code data-testid="new-secret">{secret}</code></p>
            </div>
        }
    })
}

fn key_row(k: KeyRow) -> impl IntoView {
    let label = format!("Yes, revoke {}", k.name);
    view! {
        <tr>
            <td>{k.name.clone()}</td>
            <td>{k.kind}</td>
            <td><code>{k.prefix}</code></td>
            <td>{k.scopes}</td>
            <td>{k.bound_to}</td>
            <td>{k.created}</td>
            <td>
                {if k.revoked {
                    view! { "Revoked" }.into_any()
                } else {
                    view! {
                        <form method="post" action=AdminRevokeKey::url() class="inline">
                            <input type="hidden" name="id" value=k.id.to_string() />
                            <label class="confirm"><input type="checkbox" name="confirm" value="yes" required=true />{label}</label>
                            <button type="submit" class="button small danger">"Revoke"</button>
                        </form>
                    }
                    .into_any()
                }}
            </td>
        </tr>
    }
}
