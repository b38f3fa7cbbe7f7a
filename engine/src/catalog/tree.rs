//! The category tree, loaded whole: a wholesaler has tens or hundreds of categories, not millions, so walking it in
//! memory is cheaper than a recursive query per page.

use std::collections::HashMap;

use domain::{Category, CategoryNode, CategoryRef, Slug};
use sqlx::{AnyPool, FromRow};

use crate::EngineResult;

#[derive(FromRow, Clone)]
pub(crate) struct CategoryRow {
    pub(crate) id: i64,
    pub(crate) parent_id: Option<i64>,
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) description: String,
}

impl CategoryRow {
    pub(crate) fn to_domain(&self) -> EngineResult<Category> {
        Ok(Category {
            id: self.id,
            slug: Slug::parse(&self.slug)?,
            name: self.name.clone(),
            description: self.description.clone(),
            parent_id: self.parent_id,
        })
    }

    fn to_ref(&self) -> EngineResult<CategoryRef> {
        Ok(CategoryRef {
            slug: Slug::parse(&self.slug)?,
            name: self.name.clone(),
        })
    }
}

/// Every category, in display order, with lookups by id and slug.
pub(crate) struct CategoryIndex {
    rows: Vec<CategoryRow>,
    by_id: HashMap<i64, usize>,
}

impl CategoryIndex {
    pub(crate) async fn load(pool: &AnyPool) -> EngineResult<Self> {
        let rows: Vec<CategoryRow> = sqlx::query_as(
            "SELECT id, parent_id, slug, name, description FROM categories ORDER BY position, name, id",
        )
        .fetch_all(pool)
        .await?;
        Ok(Self::from_rows(rows))
    }

    pub(crate) fn from_rows(rows: Vec<CategoryRow>) -> Self {
        let by_id = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        Self { rows, by_id }
    }

    /// This index with `row` added: a category made in a transaction that has not committed yet.
    pub(crate) fn with(mut self, row: CategoryRow) -> Self {
        self.by_id.insert(row.id, self.rows.len());
        self.rows.push(row);
        self
    }

    /// Category ids from the top of the tree down to `id`.
    pub(crate) fn path_ids(&self, id: i64) -> Vec<i64> {
        let mut path = Vec::new();
        let mut current = self.get(id);
        while let Some(row) = current.filter(|_| path.len() < 32) {
            path.push(row.id);
            current = row.parent_id.and_then(|p| self.get(p));
        }
        path.reverse();
        path
    }

    pub(crate) fn by_id(&self, id: i64) -> Option<&CategoryRow> {
        self.get(id)
    }

    pub(crate) fn by_slug(&self, slug: &str) -> Option<&CategoryRow> {
        self.rows.iter().find(|r| r.slug == slug)
    }

    fn get(&self, id: i64) -> Option<&CategoryRow> {
        self.by_id.get(&id).map(|&i| &self.rows[i])
    }

    /// From the top of the tree down to and including `id`.
    pub(crate) fn breadcrumbs(&self, id: i64) -> EngineResult<Vec<CategoryRef>> {
        let mut path = Vec::new();
        let mut current = self.get(id);
        // The depth guard stops a corrupt parent cycle from looping forever.
        while let Some(row) = current.filter(|_| path.len() < 32) {
            path.push(row.to_ref()?);
            current = row.parent_id.and_then(|p| self.get(p));
        }
        path.reverse();
        Ok(path)
    }

    /// Every category in display order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &CategoryRow> {
        self.rows.iter()
    }

    pub(crate) fn children(&self, id: i64) -> EngineResult<Vec<CategoryRef>> {
        self.rows
            .iter()
            .filter(|r| r.parent_id == Some(id))
            .map(CategoryRow::to_ref)
            .collect()
    }

    /// The whole tree with product counts that include every sub-category.
    pub(crate) fn tree(&self, direct_counts: &[(i64, i64)]) -> EngineResult<Vec<CategoryNode>> {
        let direct: HashMap<i64, i64> = direct_counts.iter().copied().collect();
        self.nodes(None, &direct, 0)
    }

    fn nodes(
        &self,
        parent: Option<i64>,
        direct: &HashMap<i64, i64>,
        depth: usize,
    ) -> EngineResult<Vec<CategoryNode>> {
        if depth > 32 {
            return Ok(Vec::new());
        }
        self.rows
            .iter()
            .filter(|r| r.parent_id == parent)
            .map(|r| {
                let children = self.nodes(Some(r.id), direct, depth + 1)?;
                let below: u64 = children.iter().map(|c| c.product_count).sum();
                Ok(CategoryNode {
                    category: r.to_ref()?,
                    product_count: direct.get(&r.id).copied().unwrap_or(0) as u64 + below,
                    children,
                })
            })
            .collect()
    }
}
