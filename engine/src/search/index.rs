//! Full-text search and facet index of the product catalog, on tantivy.
//!
//! The index is derived data: the engine builds it from the database and feeds it changes through
//! [`SearchIndex::apply`]. Kept in a folder, it is reopened at the next start when its stamp names the same
//! database, schema and document format, and caught up from the change log from the version the stamp names. Nothing is stored in the index but
//! what search, sorting and facets read; product ids come back from a fast field and the engine loads the rest.

mod facets;
mod page;
mod query;
mod schema;
#[cfg(test)]
mod tests;
mod types;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use tantivy::directory::MmapDirectory;
use tantivy::indexer::IndexWriterOptions;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyError, Term};

use self::query::{Filters, Skip, TextScope};
use self::schema::Fields;
pub(crate) use self::types::{IndexDoc, IndexFacets, IndexHits, IndexQuery, IndexSort};

/// The file in an index folder whose lock says which process owns the folder.
const LOCK_FILE: &str = "kontor.lock";

/// Search folders one database may have on one machine: one per process running at once.
const MAX_FOLDERS: u32 = 64;

/// The layout of documents, recorded with each commit: raise it when documents change shape without the schema
/// changing (another text in `body`, say), so kept indexes are built again rather than reopened.
const FORMAT: u32 = 1;

/// What a folder's last commit says it holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stamp {
    /// The `catalog_clock.database_id` of the database the index was built from.
    database: String,
    /// The catalog version the index reflects.
    version: i64,
    /// [`FORMAT`] when it was written.
    format: u32,
}

/// Empties an index folder but for its lock file.
fn empty_folder(path: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_name() == LOCK_FILE {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// tantivy's minimum writer budget: indexing buffers are heap, and a bigger budget only buys fewer flushes.
const WRITER_MEMORY_BYTES: usize = 15_000_000;

/// The catalog's search index. Searches run concurrently; changes serialize on the writer.
pub(crate) struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    analyzer: TextAnalyzer,
    /// The database a folder's index belongs to, stamped on every commit; `None` in RAM.
    database: Option<String>,
    /// Held while the index lives: another process opening the folder would empty it under this one.
    _owner: Option<std::fs::File>,
}

impl SearchIndex {
    /// In-RAM index, for tests and small catalogs.
    pub(crate) fn in_ram(currencies: &[&str]) -> Result<Self, TantivyError> {
        Self::create(None, currencies)
    }

    /// The index kept on disk for the database named `database`, in a folder of its own under `parent`, memory-mapped
    /// so the index's memory is page cache, not heap. Returns the catalog version the index reflects when the
    /// folder held a complete index of this database with the current schema (the caller catches up from there),
    /// or `None` for an empty index to build. Each process locks its folder; a second process on the same machine
    /// takes the next free one (`<database>-1`, …), which it keeps for its own restarts.
    pub(crate) fn in_folder(
        parent: &Path,
        database: &str,
        currencies: &[&str],
    ) -> Result<(Self, Option<i64>), TantivyError> {
        for slot in 0..MAX_FOLDERS {
            let path = match slot {
                0 => parent.join(database),
                n => parent.join(format!("{database}-{n}")),
            };
            std::fs::create_dir_all(&path)?;
            let owner = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path.join(LOCK_FILE))?;
            if owner.try_lock().is_err() {
                continue;
            }
            let (mut index, version) = match Self::reopen(&path, database, currencies) {
                Some(kept) => kept,
                None => {
                    empty_folder(&path)?;
                    let mut index = Self::create(Some(MmapDirectory::open(&path)?), currencies)?;
                    index.database = Some(database.to_owned());
                    (index, None)
                }
            };
            index._owner = Some(owner);
            return Ok((index, version));
        }
        Err(TantivyError::SystemError(format!(
            "all {MAX_FOLDERS} search folders under {} are in use by other Kontor processes (KONTOR_SEARCH_DIR)",
            parent.display()
        )))
    }

    /// The complete index a folder holds for `database` with today's schema and document format, and the version it
    /// reflects; `None` for anything else (no index, a half-built one, another database's, an older layout).
    fn reopen(path: &Path, database: &str, currencies: &[&str]) -> Option<(Self, Option<i64>)> {
        let dir = MmapDirectory::open(path).ok()?;
        if !Index::exists(&dir).ok()? {
            return None;
        }
        let mut index = Index::open(dir).ok()?;
        let (schema, fields) = Fields::build(currencies).ok()?;
        if index.schema() != schema {
            return None;
        }
        let stamp: Stamp =
            serde_json::from_str(index.load_metas().ok()?.payload.as_deref()?).ok()?;
        if stamp.database != database || stamp.format != FORMAT {
            return None;
        }
        let (tokenizers, fast_tokenizers) = schema::tokenizers();
        index.set_tokenizers(tokenizers);
        index.set_fast_field_tokenizers(fast_tokenizers);
        let mut kept = Self::around(index, fields).ok()?;
        kept.database = Some(database.to_owned());
        Some((kept, Some(stamp.version)))
    }

    fn create(dir: Option<MmapDirectory>, currencies: &[&str]) -> Result<Self, TantivyError> {
        let (schema, fields) = Fields::build(currencies)?;
        let (tokenizers, fast_tokenizers) = schema::tokenizers();
        let settings = IndexSettings {
            // Nothing is stored, so a compression thread would idle for nothing.
            docstore_compress_dedicated_thread: false,
            ..IndexSettings::default()
        };
        let builder = Index::builder()
            .schema(schema)
            .settings(settings)
            .tokenizers(tokenizers)
            .fast_field_tokenizers(fast_tokenizers);
        let index = match dir {
            Some(dir) => builder.open_or_create(dir)?,
            None => builder.create_in_ram()?,
        };
        Self::around(index, fields)
    }

    fn around(index: Index, fields: Fields) -> Result<Self, TantivyError> {
        let options = IndexWriterOptions::builder()
            .num_worker_threads(1)
            .num_merge_threads(1)
            .memory_budget_per_thread(WRITER_MEMORY_BYTES)
            .build();
        let writer = index.writer_with_options(options)?;
        // Manual: a change must be visible exactly when apply() returns, not some time after.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            analyzer: schema::text_analyzer(),
            database: None,
            _owner: None,
        })
    }

    /// Replaces the docs of `upserts`' products and deletes the `removed` ids, then commits and reloads, so the
    /// change is visible to the next search on return. Within one call the last upsert of a product wins, and
    /// removal wins over upsert. `version` is the catalog version the index reflects once this is committed: a
    /// restart catches up from it.
    pub(crate) fn apply(
        &self,
        upserts: Vec<IndexDoc>,
        removed: &[i64],
        version: i64,
    ) -> Result<(), TantivyError> {
        if upserts.is_empty() && removed.is_empty() {
            return Ok(());
        }
        let replace = self
            .index
            .searchable_segment_metas()?
            .iter()
            .any(|meta| meta.num_docs() > 0);
        let mut writer = self.writer();
        let result = self
            .write(&mut writer, &upserts, removed, replace)
            .and_then(|()| self.commit(&mut writer, version));
        if result.is_err() {
            // Leave nothing half-applied for the next commit to pick up.
            let _ = writer.rollback();
            return result;
        }
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Adds products known not to be in the index yet, uncommitted: the build, chunk by chunk, which
    /// [`SearchIndex::finish_build`] commits. Skipping the replace-by-id deletes matters beyond speed: the writer
    /// keeps every delete operation (about 500 bytes each) until all segments have seen it, which held 50 MB after
    /// building 100,000 products.
    pub(crate) fn add_new(&self, docs: Vec<IndexDoc>) -> Result<(), TantivyError> {
        let mut writer = self.writer();
        for doc in &docs {
            if let Err(error) = writer.add_document(self.fields.to_document(doc)) {
                let _ = writer.rollback();
                return Err(error);
            }
        }
        Ok(())
    }

    /// Drops every document, uncommitted: a kept index that cannot catch up is built again in place.
    pub(crate) fn clear(&self) -> Result<(), TantivyError> {
        self.writer().delete_all_documents().map(|_| ())
    }

    /// Commits the build at the catalog version it was read at and makes it searchable.
    pub(crate) fn finish_build(&self, version: i64) -> Result<(), TantivyError> {
        let mut writer = self.writer();
        if let Err(error) = self.commit(&mut writer, version) {
            let _ = writer.rollback();
            return Err(error);
        }
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Commits with the folder's stamp, so what is on disk always names the version it holds. An index without a
    /// stamp (a build cut short) is never reopened.
    fn commit(&self, writer: &mut IndexWriter, version: i64) -> Result<(), TantivyError> {
        let mut prepared = writer.prepare_commit()?;
        if let Some(database) = &self.database {
            let stamp = Stamp {
                database: database.clone(),
                version,
                format: FORMAT,
            };
            let payload = serde_json::to_string(&stamp)
                .map_err(|e| TantivyError::SystemError(e.to_string()))?;
            prepared.set_payload(&payload);
        }
        prepared.commit()?;
        Ok(())
    }

    fn write(
        &self,
        writer: &mut IndexWriter,
        upserts: &[IndexDoc],
        removed: &[i64],
        replace: bool,
    ) -> Result<(), TantivyError> {
        let removed_set: HashSet<i64> = removed.iter().copied().collect();
        let last_of: HashMap<i64, usize> = upserts
            .iter()
            .enumerate()
            .map(|(at, doc)| (doc.product_id, at))
            .collect();
        let id_term = |id: i64| Term::from_field_i64(self.fields.product_id, id);
        for id in removed {
            writer.delete_term(id_term(*id));
        }
        for (at, doc) in upserts.iter().enumerate() {
            if removed_set.contains(&doc.product_id) || last_of.get(&doc.product_id) != Some(&at) {
                continue;
            }
            if replace {
                writer.delete_term(id_term(doc.product_id));
            }
            writer.add_document(self.fields.to_document(doc))?;
        }
        Ok(())
    }

    /// A poisoned lock means an apply panicked mid-batch: drop its pending ops and carry on.
    fn writer(&self) -> MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(|poisoned| {
            self.writer.clear_poison();
            let mut writer = poisoned.into_inner();
            let _ = writer.rollback();
            writer
        })
    }

    /// Number of docs visible.
    #[cfg(test)]
    pub(crate) fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// One page of matches with its total and facet counts.
    pub(crate) fn search(&self, query: &IndexQuery) -> Result<IndexHits, TantivyError> {
        let searcher = self.reader.searcher();
        let mut analyzer = self.analyzer.clone();
        let text = query::text_query(
            &self.fields,
            &mut analyzer,
            &query.text,
            query.prefix_last,
            TextScope::Full,
        );
        let filters = Filters::new(&self.fields, query)?;
        let main = filters.combine(text.as_deref(), Skip::Nothing);
        // Clamped to the doc count because the top-docs collector allocates for offset + limit up front.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let range = query.offset.min(docs)..query.offset.saturating_add(query.limit).min(docs);
        let price_column = self.fields.price_column(&query.currency);
        let page = page::main_pass(
            &searcher,
            main.as_ref(),
            &query.sort,
            price_column.as_deref(),
            range,
            true,
        )?;

        // Disjunctive counts: a dimension the query filters on is counted without its own filter, so the
        // shopper sees what else they could pick there. Unfiltered dimensions come from the main pass.
        let without = |skip: Skip<'_>| {
            let query = filters.combine(text.as_deref(), skip);
            page::count_facets(&searcher, query.as_ref())
        };
        let brand_counts = filters
            .has_brand()
            .then(|| without(Skip::Brand))
            .transpose()?;
        let price_counts = filters
            .has_price()
            .then(|| without(Skip::Price))
            .transpose()?;
        let mut attributes = facets::attributes(&page.counts);
        for code in filters.attribute_codes() {
            // Reserved codes (`_channel`) are filters only, never shown as facets: no pass for their counts.
            if code.starts_with('_') {
                continue;
            }
            let counts = without(Skip::Attribute(code))?;
            match facets::attributes(&counts).remove(code) {
                Some(values) => attributes.insert(code.to_string(), values),
                None => attributes.remove(code),
            };
        }
        let mut attributes: Vec<(String, Vec<(String, u64)>)> = attributes.into_iter().collect();
        attributes.sort_by(|a, b| a.0.cmp(&b.0));

        let facets = IndexFacets {
            categories: facets::categories(&page.counts, query.category),
            brands: facets::brands(brand_counts.as_ref().unwrap_or(&page.counts)),
            attributes,
            price_ranges: facets::price_ranges(
                price_counts.as_ref().unwrap_or(&page.counts),
                &query.currency,
            ),
            in_stock: facets::in_stock(&page.counts),
        };
        Ok(IndexHits {
            ids: page.ids,
            total: page.total,
            facets,
        })
    }

    /// Completion suggestions: up to `query.limit` product ids whose name, SKU or brand best match `query.text`
    /// with its last token taken as a prefix, best first, within the query's filters. Blank text suggests
    /// nothing. No facets are counted, so a suggestion costs one pass.
    pub(crate) fn suggest(&self, query: &IndexQuery) -> Result<Vec<i64>, TantivyError> {
        let mut analyzer = self.analyzer.clone();
        let Some(text) = query::text_query(
            &self.fields,
            &mut analyzer,
            &query.text,
            true,
            TextScope::Names,
        ) else {
            return Ok(Vec::new());
        };
        let filters = Filters::new(&self.fields, query)?;
        let main = filters.combine(Some(text.as_ref()), Skip::Nothing);
        let searcher = self.reader.searcher();
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let page = page::main_pass(
            &searcher,
            main.as_ref(),
            &IndexSort::Relevance,
            None,
            0..query.limit.min(docs),
            false,
        )?;
        Ok(page.ids)
    }
}
