//! Importing a file from the back office: `POST /admin/fn/imports/upload` (`multipart/form-data`: `kind`, `file`)
//! reads the file, starts an import job with the signed-in member as the actor and answers with a redirect to the
//! job's page at once; a background task writes the records in chunks through the same calls as the bulk API
//! (products, prices, stock, customers as NDJSON) and `kontor import` (Shopify's product CSV), reporting progress
//! and bad lines after each chunk. The page shows a progress bar that refreshes itself, with or without JavaScript.

use app::error::AppError;
use axum::{
    Extension,
    extract::{Multipart, State, multipart::MultipartRejection},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use engine::{
    Actor, ClientAddr, Engine,
    exchange::{ImportOptions, MissingCategories, ProductRecord, parse_shopify_csv},
    imports::ImportKind,
};

use crate::{
    AppState,
    admin_upload::member,
    api::admin::bulk::{Kind, apply},
};

/// Records written per chunk: each chunk is one transaction and one progress step.
const CHUNK: usize = 500;

/// The file as read from the form.
struct Upload {
    kind: ImportKind,
    name: String,
    text: String,
}

/// What the task writes.
enum Work {
    /// NDJSON lines with their numbers.
    Lines(Kind, Vec<(usize, String)>),
    /// Shopify products as read, with the category names the file spells.
    Shopify(
        Vec<(usize, Result<ProductRecord, domain::DomainError>)>,
        std::collections::HashMap<String, String>,
    ),
}

impl Work {
    fn len(&self) -> usize {
        match self {
            Work::Lines(_, lines) => lines.len(),
            Work::Shopify(records, _) => records.len(),
        }
    }
}

/// `POST /admin/fn/imports/upload`.
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddr>>,
    body: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let actor = member(&state, &headers, client).await?;
        let form = body.map_err(|e| invalid("file", &e.body_text()))?;
        let upload = read_form(form).await?;
        let work = plan(&upload, state.engine.config().currency.code())?;
        let id = state
            .engine
            .start_import(&actor, upload.kind, &upload.name, work.len() as u64)
            .await?;
        tokio::spawn(run(state.engine.clone(), actor, id, work));
        Ok::<_, AppError>(id)
    }
    .await;
    match result {
        Ok(id) => Redirect::to(&format!("/admin/imports/{id}")).into_response(),
        Err(AppError::Unauthenticated) => Redirect::to("/admin/sign-in").into_response(),
        Err(e) => Redirect::to(&app::admin::imports_api::error_target(&e)).into_response(),
    }
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Splits the file into records by its kind and shape: a products file whose name ends in `.csv` (or whose first
/// line starts with Shopify's `Handle` column) is Shopify's CSV, anything else NDJSON.
fn plan(upload: &Upload, currency: &str) -> Result<Work, AppError> {
    let first = upload
        .text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let csv = upload.name.to_lowercase().ends_with(".csv")
        || first.trim_start_matches('\u{feff}').starts_with("Handle");
    let work = match (upload.kind, csv) {
        (ImportKind::Products, true) => {
            let file = parse_shopify_csv(&upload.text, currency, None);
            Work::Shopify(file.records, file.category_names)
        }
        (_, true) => {
            return Err(invalid(
                "file",
                "prices, stock and customers are imported as NDJSON, one record per line (a price list's CSV \
                 goes on its price list's page)",
            ));
        }
        (kind, false) => Work::Lines(
            match kind {
                ImportKind::Products => Kind::Products,
                ImportKind::Prices => Kind::Prices,
                ImportKind::Stock => Kind::Stock,
                ImportKind::Customers => Kind::Customers,
            },
            upload
                .text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i + 1, l.to_owned()))
                .collect(),
        ),
    };
    if work.len() == 0 {
        return Err(invalid("file", "the file holds no records"));
    }
    Ok(work)
}

/// Writes the records chunk by chunk and reports each; a failure ends the job with its message.
async fn run(engine: Engine, actor: Actor, id: i64, work: Work) {
    let outcome = write(&engine, &actor, id, work).await;
    let failure = outcome.err();
    if let Some(message) = &failure {
        tracing::warn!(import = id, error = %message, "an import stopped");
    }
    if let Err(e) = engine.finish_import(id, failure.as_deref()).await {
        tracing::error!(import = id, error = %e, "could not record the end of an import");
    }
}

async fn write(engine: &Engine, actor: &Actor, id: i64, work: Work) -> Result<(), String> {
    match work {
        Work::Lines(kind, lines) => {
            for chunk in lines.chunks(CHUNK) {
                let results = apply(kind, engine, actor, chunk.to_vec())
                    .await
                    .map_err(|e| e.detail().to_owned())?;
                let errors = results
                    .into_iter()
                    .filter(|r| !r.ok)
                    .map(|r| (r.line, r.error.unwrap_or_default()))
                    .collect();
                record(engine, id, chunk.len(), errors).await?;
            }
        }
        Work::Shopify(records, category_names) => {
            let options = ImportOptions {
                missing_categories: MissingCategories::Create,
                category_names,
                keep_stored_extras: true,
                ..ImportOptions::default()
            };
            let mut records = records.into_iter().peekable();
            while records.peek().is_some() {
                let chunk: Vec<_> = records.by_ref().take(CHUNK).collect();
                let size = chunk.len();
                let report = engine
                    .import_records_with(actor, chunk, &options, |_, _| {})
                    .await
                    .map_err(|e| e.to_string())?;
                let errors = report
                    .errors
                    .into_iter()
                    .map(|e| (e.line, e.message))
                    .collect();
                record(engine, id, size, errors).await?;
            }
        }
    }
    Ok(())
}

/// Reports a chunk of `size` records of which `errors` were refused.
async fn record(
    engine: &Engine,
    id: i64,
    size: usize,
    errors: Vec<(usize, String)>,
) -> Result<(), String> {
    let written = size.saturating_sub(errors.len()) as u64;
    engine
        .record_import_chunk(id, size as u64, written, &errors)
        .await
        .map_err(|e| e.to_string())
}

/// The kind and the file, as UTF-8 text.
async fn read_form(mut form: Multipart) -> Result<Upload, AppError> {
    let (mut kind, mut file) = (None, None);
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| invalid("file", &e.body_text()))?
    {
        match field.name() {
            Some("kind") => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| invalid("kind", &e.body_text()))?;
                kind = Some(ImportKind::parse(&text)?);
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| invalid("file", &e.body_text()))?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let kind = kind.ok_or_else(|| invalid("kind", "choose what the file holds"))?;
    let (name, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| invalid("file", "choose a file to import"))?;
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
        invalid(
            "file",
            "is not UTF-8 text: save it as CSV (UTF-8) or NDJSON; a workbook (.xlsx) cannot be read",
        )
    })?;
    Ok(Upload { kind, name, text })
}
