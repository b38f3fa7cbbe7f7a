//! Catalog reads: the category tree, category listings, product pages.

mod tree;

use domain::{
    Category, CategoryPage, HomePage, Image, OptionValue, PageInfo, Product, ProductSummary, Slug,
    StockState, UnitPrice, Variant,
};
use sqlx::FromRow;

use crate::{Engine, EngineError, EngineResult};
pub(crate) use tree::CategoryIndex;

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    slug: String,
    name: String,
    brand: String,
    price_from_micros: Option<i64>,
    variant_count: i64,
    max_on_hand: Option<i64>,
    image_url: Option<String>,
    image_alt: Option<String>,
}

#[derive(FromRow)]
struct ProductRow {
    id: i64,
    category_id: i64,
    slug: String,
    name: String,
    brand: String,
    description: String,
}

#[derive(FromRow)]
struct VariantRow {
    id: i64,
    sku: String,
    title: String,
    options: String,
    stock_on_hand: i64,
    amount_micros: i64,
}

#[derive(FromRow)]
struct ImageRow {
    url: String,
    alt: String,
}

/// Columns of a product card. `$1` is the channel currency; a product with no price in it is not sold there.
const SUMMARY_COLUMNS: &str = "p.id, p.slug, p.name, p.brand,
    (SELECT MIN(pr.amount_micros) FROM variants v JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $1
      WHERE v.product_id = p.id) AS price_from_micros,
    (SELECT COUNT(*) FROM variants v WHERE v.product_id = p.id) AS variant_count,
    (SELECT MAX(v.stock_on_hand) FROM variants v WHERE v.product_id = p.id) AS max_on_hand,
    (SELECT i.url FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS image_url,
    (SELECT i.alt FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS image_alt";

const SOLD_IN_CURRENCY: &str =
    "EXISTS (SELECT 1 FROM variants v JOIN prices pr ON pr.variant_id = v.id
    AND pr.currency = $1 WHERE v.product_id = p.id)";

impl Engine {
    /// The home page: the category tree and a few products from across it.
    pub async fn home_page(&self) -> EngineResult<HomePage> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM products p WHERE {SOLD_IN_CURRENCY}
             ORDER BY (p.id * 7919) % 101, p.id LIMIT 8"
        );
        let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
            .bind(self.config.currency.code())
            .fetch_all(&self.db.pool)
            .await?;
        Ok(HomePage {
            categories: self.category_tree().await?,
            featured: self.summaries(rows)?,
        })
    }

    /// The top-level categories, for the navigation every page shows; no counting, so it stays cheap however large
    /// the catalog grows.
    pub async fn top_categories(&self) -> EngineResult<Vec<domain::CategoryRef>> {
        self.category_index().await?.top_level()
    }

    /// The whole category tree with product counts.
    pub async fn category_tree(&self) -> EngineResult<Vec<domain::CategoryNode>> {
        let index = self.category_index().await?;
        index.tree(&self.product_counts().await?)
    }

    /// One page of a category listing, holding the products of the category and of every category below it;
    /// `NotFound` for a page past the last (an empty category still has page 1).
    pub async fn category_page(
        &self,
        slug: &str,
        page: u32,
        per_page: u32,
    ) -> EngineResult<CategoryPage> {
        let (page, per_page) = PageInfo::request(page, per_page)?;
        let index = self.category_index().await?;
        let category = index
            .by_slug(slug)
            .ok_or_else(|| EngineError::not_found("category", slug))?;
        let subtree = index
            .subtree(category.id)
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        // The ids come from the database as integers, so inlining them cannot inject anything.
        let filter = format!("p.category_id IN ({subtree}) AND {SOLD_IN_CURRENCY}");
        let (total,): (i64,) =
            sqlx::query_as(&format!("SELECT COUNT(*) FROM products p WHERE {filter}"))
                .bind(self.config.currency.code())
                .fetch_one(&self.db.pool)
                .await?;
        let info = PageInfo {
            number: page,
            per_page,
            total_items: total as u64,
        };
        // A page past the last one does not exist: crawlers must not find endless empty pages.
        if page > info.total_pages() {
            return Err(EngineError::not_found(
                "category page",
                format!("{slug}?page={page}"),
            ));
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM products p WHERE {filter} ORDER BY p.name, p.id LIMIT $2 OFFSET $3"
        );
        let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
            .bind(self.config.currency.code())
            .bind(i64::from(per_page))
            .bind(PageInfo::offset(page, per_page) as i64)
            .fetch_all(&self.db.pool)
            .await?;
        Ok(CategoryPage {
            breadcrumbs: index.breadcrumbs(category.id)?,
            children: index.children(category.id)?,
            category: category.to_domain()?,
            products: self.summaries(rows)?,
            page: info,
        })
    }

    /// A product with its variants, prices, stock, images and category path.
    pub async fn product(&self, slug: &str) -> EngineResult<Product> {
        let row: ProductRow = sqlx::query_as(
            "SELECT id, category_id, slug, name, brand, description FROM products WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(&self.db.pool)
        .await?
        .ok_or_else(|| EngineError::not_found("product", slug))?;
        let variants: Vec<VariantRow> = sqlx::query_as(
            "SELECT v.id, v.sku, v.title, v.options, v.stock_on_hand, pr.amount_micros
             FROM variants v JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $2
             WHERE v.product_id = $1 ORDER BY v.position, v.id",
        )
        .bind(row.id)
        .bind(self.config.currency.code())
        .fetch_all(&self.db.pool)
        .await?;
        if variants.is_empty() {
            return Err(EngineError::not_found("product", slug));
        }
        let images: Vec<ImageRow> = sqlx::query_as(
            "SELECT url, alt FROM product_images WHERE product_id = $1 ORDER BY position, id",
        )
        .bind(row.id)
        .fetch_all(&self.db.pool)
        .await?;
        let index = self.category_index().await?;
        Ok(Product {
            id: row.id,
            slug: Slug::parse(&row.slug)?,
            name: row.name,
            brand: row.brand,
            description: row.description,
            breadcrumbs: index.breadcrumbs(row.category_id)?,
            images: images
                .into_iter()
                .map(|i| Image {
                    url: i.url,
                    alt: i.alt,
                })
                .collect(),
            variants: variants
                .into_iter()
                .map(|v| self.variant(v))
                .collect::<EngineResult<_>>()?,
        })
    }

    /// A category by slug, without its products.
    pub async fn category(&self, slug: &str) -> EngineResult<Category> {
        self.category_index()
            .await?
            .by_slug(slug)
            .ok_or_else(|| EngineError::not_found("category", slug))?
            .to_domain()
    }

    async fn category_index(&self) -> EngineResult<CategoryIndex> {
        CategoryIndex::load(&self.db.pool).await
    }

    async fn product_counts(&self) -> EngineResult<Vec<(i64, i64)>> {
        Ok(
            sqlx::query_as("SELECT category_id, COUNT(*) FROM products GROUP BY category_id")
                .fetch_all(&self.db.pool)
                .await?,
        )
    }

    fn summaries(&self, rows: Vec<SummaryRow>) -> EngineResult<Vec<ProductSummary>> {
        rows.into_iter()
            .map(|r| {
                let price = UnitPrice::from_micros(
                    r.price_from_micros.unwrap_or(0),
                    self.config.currency.clone(),
                )?;
                Ok(ProductSummary {
                    id: r.id,
                    slug: Slug::parse(&r.slug)?,
                    name: r.name,
                    brand: r.brand,
                    image: r.image_url.map(|url| Image {
                        url,
                        alt: r.image_alt.unwrap_or_default(),
                    }),
                    price_from: price.money().clone(),
                    variant_count: r.variant_count as u32,
                    stock: StockState::from_on_hand(r.max_on_hand.unwrap_or(0)),
                })
            })
            .collect()
    }

    fn variant(&self, row: VariantRow) -> EngineResult<Variant> {
        let options: Vec<OptionValue> = serde_json::from_str::<Vec<(String, String)>>(&row.options)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| OptionValue { name, value })
            .collect();
        Ok(Variant {
            id: row.id,
            sku: domain::Sku::parse(&row.sku)?,
            title: row.title,
            options,
            price: UnitPrice::from_micros(row.amount_micros, self.config.currency.clone())?
                .money()
                .clone(),
            on_hand: row.stock_on_hand,
            stock: StockState::from_on_hand(row.stock_on_hand),
        })
    }
}
