//! `/admin/imports`: a file of products (Shopify's CSV or Kontor's NDJSON), prices, stock or customers imported from
//! the browser, recent imports, and the exports; `/admin/imports/{id}`: one import's progress bar (the page
//! refreshes itself while it runs, with or without JavaScript) and its bad lines, also as a download.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::{
    admin::{
        admin_error,
        imports_api::{IMPORT_UPLOAD_URL, ImportRow, get_import, get_imports, kind_label},
        timestamp,
    },
    components::{FormError, form_error},
};

/// Where an import's bad lines download as CSV, served by the host.
pub fn import_errors_url(id: i64) -> String {
    format!("/admin/imports/{id}/errors.csv")
}

/// The imports page; needs a permission to write one of the kinds, or to read something to export.
#[component]
pub fn Imports() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_imports());
    view! {
        <Title text="Imports and exports" />
        <h1>"Imports and exports"</h1>
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! {
                        {(!view.kinds.is_empty()).then(|| view! {
                            <h2>"Import a file"</h2>
                            <form method="post" action=IMPORT_UPLOAD_URL enctype="multipart/form-data" class="stack narrow">
                                <label class="field"><span>"The file holds"</span>
                                    <select name="kind">
                                        {view.kinds.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                                    </select>
                                </label>
                                <label class="field"><span>"File (CSV or NDJSON, UTF-8)"</span>
                                    <input type="file" name="file" accept=".csv,.ndjson,.jsonl,.txt,text/csv" required=true />
                                </label>
                                <p class="hint">"Every record is an upsert: importing a file again changes nothing twice. Good lines are written; bad lines are listed with their numbers."</p>
                                <button type="submit" class="button primary">"Import"</button>
                            </form>
                            <h2>"Recent imports"</h2>
                            {if view.recent.is_empty() {
                                view! { <p>"None yet."</p> }.into_any()
                            } else {
                                view! { <ImportTable rows=view.recent /> }.into_any()
                            }}
                        })}
                        {(!view.exports.is_empty()).then(|| view! {
                            <h2>"Export"</h2>
                            <ul class="links">
                                {view.exports.into_iter().map(|(label, url)| view! { <li><a href=url download="">{label}</a></li> }).collect_view()}
                            </ul>
                        })}
                    }
                    .into_any(),
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ImportTable(rows: Vec<ImportRow>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table>
                <thead><tr><th>"Started"</th><th>"File"</th><th>"Holds"</th><th>"By"</th><th>"State"</th><th class="num">"Written"</th><th class="num">"Bad lines"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td class="nowrap">{timestamp(r.started_at_ms)}</td>
                            <td><a href=format!("/admin/imports/{}", r.id)>{r.file_name}</a></td>
                            <td>{r.kind}</td>
                            <td>{r.started_by}</td>
                            <td>{r.status}</td>
                            <td class="num">{r.ok}</td>
                            <td class="num">{r.failed}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One import: progress while it runs, then what it wrote and every bad line.
#[component]
pub fn ImportProgress() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| {
        p.get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let data = Resource::new(move || id, get_import);
    view! {
        <Title text="Import" />
        <p><a href="/admin/imports">"← Imports and exports"</a></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        let job = view.job;
                        let running = job.status == "running";
                        view! {
                            {running.then(|| view! { <Meta http_equiv="refresh" content="1" /> })}
                            <h1>{format!("Import of {}", job.file_name)}</h1>
                            <p>{kind_label(&job.kind)}{format!(", started by {} at {}.", job.started_by, timestamp(job.started_at_ms))}</p>
                            <p>
                                <label for="import-progress">{format!("{} of {} records", job.done, job.total)}</label>" "
                                <progress id="import-progress" max=job.total.max(1).to_string() value=job.done.to_string()></progress>
                            </p>
                            <p role="status">
                                {match job.status.as_str() {
                                    "running" => "Importing… this page refreshes itself.".to_owned(),
                                    "done" => format!("Done: {} written, {} bad lines.", job.ok, job.failed),
                                    _ => format!("Stopped: {}. {} written before it stopped.", job.message, job.ok),
                                }}
                            </p>
                            {(!view.errors.is_empty()).then(|| view! {
                                <h2>"Bad lines"</h2>
                                <p><a href=import_errors_url(job.id) download="">"Download the bad lines (CSV)"</a></p>
                                <div class="table-scroll">
                                    <table>
                                        <thead><tr><th class="num">"Line"</th><th>"What is wrong"</th></tr></thead>
                                        <tbody>
                                            {view.errors.into_iter().take(500).map(|(line, message)| view! {
                                                <tr><td class="num">{line}</td><td>{message}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            })}
                        }
                        .into_any()
                    }
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}
