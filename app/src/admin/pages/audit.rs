//! `/admin/audit`: the audit trail, newest first, filtered by who and what through a plain GET form, paged by
//! cursor.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use domain::listing::encode;

use crate::{
    admin::{admin_error, api::get_audit, timestamp},
    components::query_param,
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
    view! {
        <Title text="Audit trail" />
        <h1>"Audit trail"</h1>
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
    }
}
