//! Server functions of the categories page, under `/admin/fn/categories…`, through the same engine operation as
//! the admin API. Translations are typed as `locale | slug | name | description` lines, so the form works without
//! JavaScript.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// A category as the page lists and edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRow {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// The parent's slug, or empty.
    pub parent: String,
    /// How deep in the tree (0 at the top).
    pub depth: usize,
    /// Order among its siblings.
    pub position: i64,
    /// Description.
    pub description: String,
    /// Translations, a `locale | slug | name | description` line each.
    pub translations: String,
}

/// What the categories page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoriesView {
    /// The tree, each parent followed by its children in order.
    pub categories: Vec<CategoryRow>,
    /// Whether the signed-in member may change them.
    pub can_write: bool,
}

/// The tree in reading order: each category followed by its children, siblings by position.
#[cfg(feature = "ssr")]
fn in_tree_order(records: Vec<engine::exchange::CategoryRecord>) -> Vec<CategoryRow> {
    fn visit(
        parent: Option<&str>,
        depth: usize,
        records: &[engine::exchange::CategoryRecord],
        out: &mut Vec<CategoryRow>,
    ) {
        for c in records.iter().filter(|c| c.parent.as_deref() == parent) {
            out.push(CategoryRow {
                slug: c.slug.clone(),
                name: c.name.clone(),
                parent: c.parent.clone().unwrap_or_default(),
                depth,
                position: c.position,
                description: c.description.clone(),
                translations: c
                    .translations
                    .iter()
                    .flatten()
                    .map(|t| format!("{} | {} | {} | {}", t.locale, t.slug, t.name, t.description))
                    .map(|line| line.trim_end_matches(" | ").to_owned())
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
            visit(Some(&c.slug), depth + 1, records, out);
        }
    }
    let mut out = Vec::with_capacity(records.len());
    visit(None, 0, &records, &mut out);
    out
}

/// The category tree; needs `catalog:read`.
#[server(prefix = "/admin/fn", endpoint = "categories")]
pub async fn get_categories() -> Result<CategoriesView, AppError> {
    let actor = session::actor().await?;
    let records = ssr::engine()?.category_records_as(&actor).await?;
    Ok(CategoriesView {
        categories: in_tree_order(records),
        can_write: actor.allows(engine::Scope::CatalogWrite),
    })
}

/// Translations from `locale | slug | name | description` lines; a line without a slug and a name is refused.
#[cfg(feature = "ssr")]
fn parse_translations(text: &str) -> Result<Vec<engine::settings::CategoryTranslation>, AppError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.splitn(4, '|').map(str::trim).collect();
            let [locale, slug, name, rest @ ..] = parts.as_slice() else {
                return Err(AppError::Invalid {
                    field: "translations".into(),
                    message: format!("`{line}` must read `locale | slug | name | description`"),
                });
            };
            Ok(engine::settings::CategoryTranslation {
                locale: (*locale).to_owned(),
                slug: (*slug).to_owned(),
                name: (*name).to_owned(),
                description: rest.first().copied().unwrap_or_default().to_owned(),
            })
        })
        .collect()
}

/// Creates or changes a category (by slug).
#[server(prefix = "/admin/fn", endpoint = "categories/save")]
pub async fn admin_save_category(
    slug: String,
    name: String,
    parent: String,
    position: String,
    description: String,
    translations: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let position = super::settings_api::whole_number("position", &position)?;
        let record = engine::exchange::CategoryRecord {
            slug,
            name,
            parent: Some(parent).filter(|p| !p.trim().is_empty()),
            description,
            position,
            translations: Some(parse_translations(&translations)?),
        };
        ssr::engine()?.save_category(&actor, &record).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/categories?saved=category"))
}
