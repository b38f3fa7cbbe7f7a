//! `/admin/webhooks`: the endpoints integrations receive events at, their recent deliveries with a replay button,
//! subscribing one (its signing secret shown once), and ending one with a confirmation.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use super::keys::SecretOnce;
use crate::{
    admin::{
        admin_error,
        webhooks_api::{
            AdminCreateWebhook, AdminDeleteWebhook, AdminReplayDelivery, WebhookRow, get_webhooks,
        },
    },
    components::{Field, FormError, form_error, query_param},
};

/// The webhooks page; needs `webhooks:manage`.
#[component]
pub fn Webhooks() -> impl IntoView {
    let notice = match (query_param("deleted"), query_param("replayed")) {
        (Some(_), _) => Some("The subscription has ended."),
        (_, Some(_)) => Some("The delivery is sent again."),
        _ => None,
    };
    let data = Resource::new(|| (), |_| get_webhooks());
    view! {
        <Title text="Webhooks" />
        <h1>"Webhooks"</h1>
        {notice.map(|n| view! { <p class="alert" role="status">{n}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! {
                        <SecretOnce secret=view.new_secret what="The endpoint's signing secret" />
                        {view.webhooks.into_iter().map(webhook).collect_view()}
                        <h2>"Subscribe an endpoint"</h2>
                        <form method="post" action=AdminCreateWebhook::url() class="stack narrow">
                            <Field label="Address (https://…)" name="url" kind="url" required=true />
                            <Field label="Event types, comma-separated (empty: every type you may read)" name="event_types" />
                            <button type="submit" class="button primary">"Subscribe"</button>
                        </form>
                    }
                    .into_any(),
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

fn webhook(w: WebhookRow) -> impl IntoView {
    let label = format!("Yes, end the subscription of {}", w.url);
    let types = if w.event_types.is_empty() {
        "every type".to_owned()
    } else {
        w.event_types.clone()
    };
    view! {
        <section class="webhook">
            <h2>{w.url.clone()}</h2>
            <p>"Events: " {types}</p>
            <div class="table-scroll">
                <table>
                    <thead><tr><th>"Event"</th><th>"Status"</th><th class="num">"Attempts"</th><th>"Last answer"</th><th>"Send again"</th></tr></thead>
                    <tbody>
                        {w.deliveries.into_iter().map(|d| view! {
                            <tr>
                                <td>{d.event_type}</td>
                                <td>{d.status}</td>
                                <td class="num">{d.attempts}</td>
                                <td>{d.last}</td>
                                <td>
                                    <form method="post" action=AdminReplayDelivery::url() class="inline">
                                        <input type="hidden" name="id" value=d.id.to_string() />
                                        <button type="submit" class="button small">"Replay"</button>
                                    </form>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <form method="post" action=AdminDeleteWebhook::url() class="inline">
                <input type="hidden" name="id" value=w.id.to_string() />
                <label class="confirm"><input type="checkbox" name="confirm" value="yes" required=true />{label}</label>
                <button type="submit" class="button small danger">"End subscription"</button>
            </form>
        </section>
    }
}
