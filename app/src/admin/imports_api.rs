//! Server functions of the import pages, under `/admin/fn/imports…`: recent imports and one import's progress with
//! its bad lines. The file itself is posted as `multipart/form-data` to [`IMPORT_UPLOAD_URL`], which the host
//! reads (server functions read url-encoded forms only).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// Where the import form posts its file.
pub const IMPORT_UPLOAD_URL: &str = "/admin/fn/imports/upload";

/// An import as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// Its id.
    pub id: i64,
    /// What the file holds.
    pub kind: String,
    /// The file's name.
    pub file_name: String,
    /// `running`, `done` or `failed`.
    pub status: String,
    /// Records in the file.
    pub total: i64,
    /// Records handled so far.
    pub done: i64,
    /// Records written.
    pub ok: i64,
    /// Records refused.
    pub failed: i64,
    /// Why it failed.
    pub message: String,
    /// Who started it.
    pub started_by: String,
    /// When, epoch milliseconds.
    pub started_at_ms: i64,
}

/// What the imports page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportsView {
    /// The kinds the member may import: (code, label).
    pub kinds: Vec<(String, String)>,
    /// The latest imports of those kinds, newest first.
    pub recent: Vec<ImportRow>,
    /// The export downloads the member may use: (label, URL).
    pub exports: Vec<(String, String)>,
}

/// One import with its bad lines: (line, message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    /// The import.
    pub job: ImportRow,
    /// Bad lines in file order.
    pub errors: Vec<(i64, String)>,
}

#[cfg(feature = "ssr")]
fn row(job: engine::imports::ImportJob) -> ImportRow {
    ImportRow {
        id: job.id,
        kind: job.kind,
        file_name: job.file_name,
        status: job.status,
        total: job.total,
        done: job.done,
        ok: job.ok,
        failed: job.failed,
        message: job.message,
        started_by: job.started_by,
        started_at_ms: job.started_at,
    }
}

/// What each kind is called on the page, with the formats it reads.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "products" => "Products (Shopify product CSV or Kontor NDJSON)",
        "prices" => "Price list entries (NDJSON)",
        "stock" => "Stock counts (NDJSON)",
        _ => "Companies and people (NDJSON)",
    }
}

/// Where a refused upload goes: back to the form, naming what was wrong.
#[cfg(feature = "ssr")]
pub fn error_target(error: &AppError) -> String {
    ssr::with_error("/admin/imports", &error.message())
}

/// Recent imports, the kinds the member may import and the exports they may download.
#[server(prefix = "/admin/fn", endpoint = "imports")]
pub async fn get_imports() -> Result<ImportsView, AppError> {
    use engine::{Scope, imports::ImportKind};
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let kinds = ImportKind::ALL
        .into_iter()
        .filter(|k| actor.allows(k.permission()))
        .map(|k| (k.as_str().to_owned(), kind_label(k.as_str()).to_owned()))
        .collect::<Vec<_>>();
    let recent = match kinds.is_empty() {
        true => Vec::new(),
        false => engine.recent_imports(&actor).await?,
    };
    let mut exports = Vec::new();
    if actor.allows(Scope::CatalogRead) {
        exports.push(("Products (NDJSON)".into(), EXPORT_URLS[0].into()));
        exports.push(("Products (CSV)".into(), EXPORT_URLS[1].into()));
    }
    if actor.allows(Scope::OrdersRead) {
        exports.push(("Orders (CSV)".into(), "/admin/orders.csv".into()));
        exports.push(("Orders (NDJSON)".into(), EXPORT_URLS[2].into()));
    }
    if actor.allows(Scope::CustomersRead) {
        exports.push(("Companies and people (CSV)".into(), EXPORT_URLS[3].into()));
        exports.push((
            "Companies and people (NDJSON)".into(),
            EXPORT_URLS[4].into(),
        ));
    }
    if kinds.is_empty() && exports.is_empty() {
        return Err(AppError::Forbidden(
            "Your role may neither import nor export.".into(),
        ));
    }
    Ok(ImportsView {
        kinds,
        recent: recent.into_iter().map(row).collect(),
        exports,
    })
}

/// The export downloads the host serves: products NDJSON and CSV, orders NDJSON, customers CSV and NDJSON.
pub const EXPORT_URLS: [&str; 5] = [
    "/admin/exports/products.ndjson",
    "/admin/exports/products.csv",
    "/admin/exports/orders.ndjson",
    "/admin/exports/customers.csv",
    "/admin/exports/customers.ndjson",
];

/// One import with its bad lines.
#[server(prefix = "/admin/fn", endpoint = "imports/one")]
pub async fn get_import(id: i64) -> Result<ImportView, AppError> {
    let actor = session::actor().await?;
    let (job, errors) = ssr::engine()?.import_job(&actor, id).await?;
    Ok(ImportView {
        job: row(job),
        errors: errors.into_iter().map(|e| (e.line, e.message)).collect(),
    })
}
