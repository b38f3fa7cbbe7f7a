//! The category tree as the back office, integrations, the import and the demo seed write it: one writer checks a
//! category (its slug, a parent that exists and does not lie below it, translations with their own slugs) and
//! stores it, so no path makes a category another would refuse.

use domain::{DomainError, Locale, Slug};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::text;
use crate::{
    Actor, Engine, EngineResult, Scope, exchange::CategoryRecord, exchange::require_shop_catalog,
    now_ms,
};

/// A category's name, slug and description in one more language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryTranslation {
    /// The locale (`de`).
    pub locale: String,
    /// The URL slug in that language; unique among that language's categories.
    pub slug: String,
    /// The name.
    pub name: String,
    /// Plain text; empty falls back to the default language's.
    #[serde(default)]
    pub description: String,
}

impl CategoryTranslation {
    fn validated(&self) -> Result<Self, DomainError> {
        let field = "translations";
        let locale = Locale::parse(&self.locale).map_err(|e| DomainError::new(field, e.message))?;
        let slug = Slug::parse(&self.slug).map_err(|e| DomainError::new(field, e.message))?;
        Ok(Self {
            locale: locale.as_str().to_owned(),
            slug: slug.as_str().to_owned(),
            name: text(field, &self.name, 200, true)?,
            description: text(field, &self.description, 2000, false)?,
        })
    }
}

/// `record` checked and trimmed; an error names the field.
fn validated(record: &CategoryRecord) -> Result<CategoryRecord, DomainError> {
    let translations = record
        .translations
        .as_ref()
        .map(|ts| {
            let checked = ts
                .iter()
                .map(CategoryTranslation::validated)
                .collect::<Result<Vec<_>, _>>()?;
            for (i, t) in checked.iter().enumerate() {
                if checked[..i].iter().any(|o| o.locale == t.locale) {
                    return Err(DomainError::new(
                        "translations",
                        format!("`{}` is given twice", t.locale),
                    ));
                }
            }
            Ok(checked)
        })
        .transpose()?;
    Ok(CategoryRecord {
        slug: Slug::parse(&record.slug)?.as_str().to_owned(),
        name: text("name", &record.name, 200, true)?,
        parent: record
            .parent
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        description: text("description", &record.description, 2000, false)?,
        position: record.position,
        translations,
    })
}

/// Checks and writes a category in `tx`: its id, and whether it is new. A parent must exist and not lie below it;
/// translations, when the record carries them, replace the ones it had.
pub(crate) async fn write_category(
    tx: &mut Transaction<'_, Any>,
    record: &CategoryRecord,
) -> EngineResult<(i64, bool)> {
    let record = validated(record)?;
    let now = now_ms();
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM categories WHERE slug = $1")
        .bind(&record.slug)
        .fetch_optional(&mut **tx)
        .await?;
    let parent_id = match record.parent.as_deref() {
        None => None,
        Some(parent) => {
            let (mut id,): (i64,) = sqlx::query_as("SELECT id FROM categories WHERE slug = $1")
                .bind(parent)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| DomainError::new("parent", format!("no category `{parent}`")))?;
            let parent_id = id;
            // Walk up from the parent: meeting this category would make a loop.
            loop {
                if Some((id,)) == existing {
                    return Err(DomainError::new("parent", "lies below this category").into());
                }
                let up: Option<(Option<i64>,)> =
                    sqlx::query_as("SELECT parent_id FROM categories WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?;
                match up {
                    Some((Some(next),)) => id = next,
                    _ => break,
                }
            }
            Some(parent_id)
        }
    };
    let id = match existing {
        Some((id,)) => {
            sqlx::query(
                "UPDATE categories SET name = $1, parent_id = $2, description = $3, position = $4, updated_at = $5
                 WHERE id = $6",
            )
            .bind(&record.name)
            .bind(parent_id)
            .bind(&record.description)
            .bind(record.position)
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            id
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO categories (parent_id, slug, name, description, position, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(parent_id)
            .bind(&record.slug)
            .bind(&record.name)
            .bind(&record.description)
            .bind(record.position)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
            id
        }
    };
    if let Some(translations) = &record.translations {
        if existing.is_some() {
            sqlx::query("DELETE FROM category_translations WHERE category_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        for t in translations {
            let taken: Option<(i64,)> = sqlx::query_as(
                "SELECT category_id FROM category_translations WHERE locale = $1 AND slug = $2",
            )
            .bind(&t.locale)
            .bind(&t.slug)
            .fetch_optional(&mut **tx)
            .await?;
            if taken.is_some() {
                return Err(DomainError::new(
                    "translations",
                    format!("another category has the {} slug `{}`", t.locale, t.slug),
                )
                .into());
            }
            sqlx::query(
                "INSERT INTO category_translations (category_id, locale, slug, name, description)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&t.locale)
            .bind(&t.slug)
            .bind(&t.name)
            .bind(&t.description)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok((id, existing.is_none()))
}

fn fields(c: &CategoryRecord) -> [(&'static str, String); 5] {
    let translations = c
        .translations
        .iter()
        .flatten()
        .map(|t| format!("{}: {} ({})", t.locale, t.name, t.slug))
        .collect::<Vec<_>>()
        .join("; ");
    [
        ("name", c.name.clone()),
        ("parent", c.parent.clone().unwrap_or_default()),
        ("description", c.description.clone()),
        ("position", c.position.to_string()),
        ("translations", translations),
    ]
}

impl Engine {
    /// Every category with its translations, parents before children and siblings in order.
    pub async fn category_records(&self) -> EngineResult<Vec<CategoryRecord>> {
        let rows: Vec<(i64, String, String, Option<String>, String, i64)> = sqlx::query_as(
            "SELECT c.id, c.slug, c.name, p.slug, c.description, c.position FROM categories c
             LEFT JOIN categories p ON p.id = c.parent_id ORDER BY COALESCE(c.parent_id, 0), c.position, c.slug",
        )
        .fetch_all(&self.db.pool)
        .await?;
        let texts: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT category_id, locale, slug, name, description FROM category_translations ORDER BY locale",
        )
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, slug, name, parent, description, position)| CategoryRecord {
                    slug,
                    name,
                    parent,
                    description,
                    position,
                    translations: Some(
                        texts
                            .iter()
                            .filter(|t| t.0 == id)
                            .map(|(_, locale, slug, name, description)| CategoryTranslation {
                                locale: locale.clone(),
                                slug: slug.clone(),
                                name: name.clone(),
                                description: description.clone(),
                            })
                            .collect(),
                    ),
                },
            )
            .collect())
    }

    /// [`Engine::category_records`] for a caller with `catalog:read`.
    pub async fn category_records_as(&self, actor: &Actor) -> EngineResult<Vec<CategoryRecord>> {
        actor.require(Scope::CatalogRead)?;
        self.category_records().await
    }

    /// Creates or changes a category; `true` when it was new. Needs `catalog:write` and a caller not bound to a
    /// company; writes an audit entry with the changed fields and moves the catalog version.
    pub async fn save_category(
        &self,
        actor: &Actor,
        record: &CategoryRecord,
    ) -> EngineResult<bool> {
        require_shop_catalog(actor)?;
        let mut before = self
            .category_records()
            .await?
            .into_iter()
            .find(|c| c.slug == record.slug.trim());
        if record.translations.is_none()
            && let Some(b) = before.as_mut()
        {
            // Translations left out stay as they are, so they are no change either.
            b.translations = None;
        }
        let mut tx = self.db.begin_write().await?;
        let (_, created) = write_category(&mut tx, record).await?;
        let after = validated(record)?;
        let before = before.as_ref().map(fields);
        super::record_change(
            &mut tx,
            actor,
            ("category.created", "category.changed"),
            ("category", &after.slug),
            before.as_ref().map(|b| b.as_slice()),
            &fields(&after),
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(created)
    }
}
