//! What an import does with products whose category the shop does not have yet. A merchant moving a Shopify
//! export into a new shop has none of its categories; refusing every line would import nothing.

use std::collections::{BTreeMap, HashMap};

use domain::{DomainError, Slug};

use super::{CategoryRecord, ProductRecord};
use crate::{
    EngineResult,
    catalog::{CategoryIndex, CategoryRow},
    db::WriteTx,
};

/// The slug of the category products go to when their own is missing and the merchant chose not to create it.
pub const UNCATEGORISED: &str = "uncategorised";

/// What an import does with a product whose category does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingCategories {
    /// Create the category, named as the file names it (a Shopify file's `Type`) or after its slug.
    #[default]
    Create,
    /// Put the product in the `uncategorised` category, created if need be, to sort later.
    Uncategorised,
    /// Refuse the line, naming `category`: what an integration that owns the category tree wants.
    Refuse,
}

/// How an import runs.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Import nothing when any line is bad.
    pub strict: bool,
    /// What happens to products whose category is missing.
    pub missing_categories: MissingCategories,
    /// Names for categories the import may create, by slug; a slug not here is named after itself.
    pub category_names: HashMap<String, String>,
    /// For a format that cannot carry them (Shopify's CSV): a product that exists keeps its stored product type,
    /// tax class, attribute values and translations, and its category when the file names none, instead of
    /// losing them to the format's blanks.
    pub keep_stored_extras: bool,
}

/// Creates in `tx` the categories `records` name that `index` lacks, as `options` say, pointing records at
/// `uncategorised` where that is the choice; returns the index with them and the slugs created.
pub(super) async fn add_missing(
    tx: &mut WriteTx,
    index: CategoryIndex,
    records: &mut [(usize, Result<ProductRecord, DomainError>)],
    options: &ImportOptions,
    actor: &crate::staff::Actor,
) -> EngineResult<(CategoryIndex, Vec<String>)> {
    if options.missing_categories == MissingCategories::Refuse {
        return Ok((index, Vec::new()));
    }
    let mut wanted: BTreeMap<String, String> = BTreeMap::new();
    for record in records.iter_mut().filter_map(|(_, r)| r.as_mut().ok()) {
        if index.by_slug(&record.category).is_some() {
            continue;
        }
        let creatable = options.missing_categories == MissingCategories::Create
            && Slug::parse(&record.category).is_ok();
        if !creatable {
            record.category = UNCATEGORISED.to_owned();
            if index.by_slug(UNCATEGORISED).is_some() {
                continue;
            }
        }
        let name = options
            .category_names
            .get(&record.category)
            .cloned()
            .unwrap_or_else(|| name_from_slug(&record.category));
        wanted.entry(record.category.clone()).or_insert(name);
    }
    let mut index = index;
    let mut created = Vec::new();
    let (last,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(position), 0) FROM categories")
        .fetch_one(&mut ***tx)
        .await?;
    for (i, (slug, name)) in wanted.into_iter().enumerate() {
        let record = CategoryRecord {
            slug: slug.clone(),
            name: name.chars().take(200).collect(),
            parent: None,
            description: String::new(),
            position: last + 1 + i as i64,
            translations: None,
        };
        let (id, _) = crate::settings::write_category(tx, &record).await?;
        crate::audit_log::record(
            tx,
            actor,
            "category.created",
            ("category", &slug),
            &[crate::audit_log::Change::new(
                "name",
                None,
                Some(record.name.clone()),
            )],
        )
        .await?;
        index = index.with(CategoryRow {
            id,
            parent_id: None,
            slug: slug.clone(),
            name: record.name,
            description: String::new(),
        });
        created.push(slug);
    }
    Ok((index, created))
}

/// `hand-tools` → `Hand tools`.
fn name_from_slug(slug: &str) -> String {
    let spaced = slug.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Uncategorised".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_without_a_given_name_is_named_after_its_slug() {
        assert_eq!(name_from_slug("hand-tools"), "Hand tools");
        assert_eq!(name_from_slug(UNCATEGORISED), "Uncategorised");
    }
}
