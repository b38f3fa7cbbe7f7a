//! `/admin/audit`: the audit trail, newest first, filtered by who and what through a plain GET form, paged by
//! cursor; and how long entries are kept.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use domain::listing::encode;

use crate::{
    admin::{
        admin_error,
        api::get_audit,
        settings_api::{AdminSaveAuditRetention, get_audit_retention},
        timestamp,
    },
    components::{Field, FormError, form_error, query_param},
};

/// The audit trail.
#[component]
pub fn Audit() -> impl IntoView {
    let query = use_location()
        .search
        .get_untracked()
        .trim_start_matches('?')
        .to_owned();
    let actor = query_param("actor").unwrap_or_default();
    let entity = query_param("entity").unwrap_or_default();
    let id = query_param("id").unwrap_or_default();
    let filters = format!(
        "actor={}&entity={}&id={}",
        encode(&actor),
        encode(&entity),
        encode(&id)
    );
    let page = Resource::new(move || query.clone(), get_audit);
    let retention = Resource::new(|| (), |_| get_audit_retention());
    let saved = query_param("saved").map(|_| "Saved how long entries are kept.");
    view! {
        <Title text="Audit trail" />
        <h1>"Audit trail"</h1>
        {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
        <FormError message=form_error() />
        <form method="get" action="/admin/audit" class="filters">
            <label class="field"><span>"Who"</span><input type="search" name="actor" value=actor /></label>
            <label class="field"><span>"What (kind)"</span><input type="search" name="entity" value=entity /></label>
            <label class="field"><span>"Which (id)"</span><input type="search" name="id" value=id /></label>
            <button type="submit" class="button">"Filter"</button>
        </form>
        <Suspense fallback=|| ()>
            {move || {
                let filters = filters.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(view) if view.rows.is_empty() => view! { <p>"No entries match."</p> }.into_any(),
                        Ok(view) => view! {
                            <div class="table-scroll">
                                <table class="audit">
                                    <thead>
                                        <tr><th>"When"</th><th>"Who"</th><th>"From"</th><th>"Action"</th><th>"What"</th><th>"Changes"</th></tr>
                                    </thead>
                                    <tbody>
                                        {view.rows.into_iter().map(|row| view! {
                                            <tr>
                                                <td class="nowrap">{timestamp(row.at_ms)}</td>
                                                <td>{row.actor}</td>
                                                <td>{row.client}</td>
                                                <td><code>{row.action}</code></td>
                                                <td>{row.subject}</td>
                                                <td><ul class="changes">{row.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {view.next.map(|next| view! {
                                <nav class="pagination" aria-label="Pages">
                                    <a rel="next" href=format!("/admin/audit?{filters}&before={next}")>"Older entries"</a>
                                </nav>
                            })}
                        }
                        .into_any(),
                        Err(e) => admin_error(e),
                    }
                })
            }}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                retention.await.ok().map(|(days, can_write)| view! { <Retention days can_write /> })
            })}
        </Suspense>
    }
}

/// How long entries are kept, with a form for members who may change settings.
#[component]
fn Retention(days: u32, can_write: bool) -> impl IntoView {
    let kept = match days {
        0 => "Entries are kept for good.".to_owned(),
        days => format!("Entries are kept for {days} days, then deleted."),
    };
    view! {
        <section id="retention">
            <h2>"Keeping entries"</h2>
            <p>{kept}</p>
            {can_write.then(|| view! {
                <form method="post" action=AdminSaveAuditRetention::url() class="filters">
                    <Field label="Days (0: for good; else at least 30)" name="retention_days" value=days.to_string() required=true />
                    <button type="submit" class="button">"Save"</button>
                </form>
            })}
        </section>
    }
}
