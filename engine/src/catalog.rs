//! Catalog reads: the category tree, the home page, product pages. Listings and search are in [`listing`].

mod cards;
mod listing;
mod tree;

use domain::{
    Alternate, Category, HomePage, Image, OptionValue, Product, Slug, Specification, StockState,
    Variant,
};
use sqlx::FromRow;

use crate::{Engine, EngineError, EngineResult, Shopper, page_cache::PageCache, products::SHOWN};
pub(crate) use tree::{CategoryIndex, CategoryRow};

#[derive(FromRow)]
struct ProductRow {
    id: i64,
    category_id: i64,
    slug: String,
    name: String,
    description: String,
    brand_id: Option<i64>,
    product_type_id: Option<i64>,
    seo_title: String,
    seo_description: String,
}

#[derive(FromRow)]
struct VariantRow {
    id: i64,
    sku: String,
    title: String,
    options: String,
    stock_on_hand: i64,
}

#[derive(FromRow)]
pub(crate) struct ImageRow {
    url: String,
    alt: String,
    width: Option<i64>,
    height: Option<i64>,
    widths: Option<String>,
    webp: Option<i64>,
    alts: Option<String>,
    variant_sku: Option<String>,
}

impl ImageRow {
    /// The image, with the sizes of an uploaded one and its alt text in `locale`.
    pub(crate) fn image(self, locale: &str) -> Image {
        let size = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
        let alt = self
            .alts
            .as_deref()
            .and_then(|a| {
                serde_json::from_str::<std::collections::BTreeMap<String, String>>(a).ok()
            })
            .and_then(|mut a| a.remove(locale))
            .filter(|a| !a.trim().is_empty())
            .unwrap_or(self.alt);
        Image {
            variant: self.variant_sku,
            width: size(self.width),
            height: size(self.height),
            widths: self
                .widths
                .unwrap_or_default()
                .split(',')
                .filter_map(|w| w.trim().parse().ok())
                .collect(),
            webp: self.webp.unwrap_or(0) != 0,
            url: self.url,
            alt,
        }
    }
}

/// The columns of [`ImageRow`] from `product_images i`, joined to what is known of uploads.
pub(crate) const IMAGE_COLUMNS: &str =
    "i.url, i.alt, m.width, m.height, m.widths, m.webp, i.alts, i.variant_sku
     FROM product_images i LEFT JOIN media_images m ON m.url = i.url";

impl Engine {
    /// The home page: the category tree and the newest products of the shopper's channel.
    pub async fn home_page(&self, shopper: &Shopper) -> EngineResult<HomePage> {
        let meta = self.meta().await?;
        // A fixed spread over the catalog (a stride through the ids), so the home page shows every department
        // rather than the newest arrivals of one.
        let candidates: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT p.id, p.category_id FROM products p WHERE {SHOWN}
                 ORDER BY (p.id * 7919) % 101, p.id LIMIT 64"
        ))
        .fetch_all(&self.db.pool)
        .await?;
        let ids: Vec<i64> = candidates
            .into_iter()
            .filter(|(_, category)| meta.sells_category(shopper.channel.id, *category))
            .map(|(id, _)| id)
            .collect();
        let mut featured = self.cards(shopper, &ids).await?;
        // Cards without a price here are products not sold in this channel's currency.
        featured.retain(|c| c.price_from.is_some() || !shopper.sees_prices());
        featured.truncate(8);
        Ok(HomePage {
            categories: self.category_tree(shopper).await?,
            featured,
        })
    }

    /// The categories a channel's navigation starts from: the top of the tree, or for a channel that sells only
    /// some sub-trees, the roots of those. Served from memory.
    pub async fn top_categories(
        &self,
        shopper: &Shopper,
    ) -> EngineResult<Vec<domain::CategoryRef>> {
        let meta = self.meta().await?;
        let tree = meta.categories(&shopper.locale);
        let roots = meta.assortments.get(&shopper.channel.id);
        tree.rows()
            .filter(|r| match roots {
                None => r.parent_id.is_none(),
                Some(roots) => roots.contains(&r.id),
            })
            .map(|r| {
                Ok(domain::CategoryRef {
                    slug: Slug::parse(&r.slug)?,
                    name: r.name.clone(),
                })
            })
            .collect()
    }

    /// The category tree the channel sells (from its navigation roots), with product counts.
    pub async fn category_tree(
        &self,
        shopper: &Shopper,
    ) -> EngineResult<Vec<domain::CategoryNode>> {
        let meta = self.meta().await?;
        let counts: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT p.category_id, COUNT(*) FROM products p WHERE {SHOWN} GROUP BY p.category_id"
        ))
        .fetch_all(&self.db.pool)
        .await?;
        let tree = meta.categories(&shopper.locale).tree(&counts)?;
        let roots = self.top_categories(shopper).await?;
        let mut out = Vec::new();
        collect_roots(tree, &roots, &mut out);
        Ok(out)
    }

    /// A product with its variants, prices for the shopper, stock, images, specification and category path, in
    /// the shopper's language. `slug` may be the localized slug or the default one; the returned product carries
    /// the localized slug, so a head can redirect to the one true URL.
    pub async fn product(&self, shopper: &Shopper, slug: &str) -> EngineResult<Product> {
        let version = self.cache_version(&*self.meta().await?);
        let key = PageCache::<Product>::key(shopper, version, &[slug]);
        if let Some(hit) = key.as_deref().and_then(|k| self.caches.products.get(k)) {
            return Ok((*hit).clone());
        }
        let product = self.load_product(shopper, slug).await?;
        if let Some(key) = key {
            self.caches
                .products
                .insert(key, std::sync::Arc::new(product.clone()));
        }
        Ok(product)
    }

    async fn load_product(&self, shopper: &Shopper, slug: &str) -> EngineResult<Product> {
        let not_found = || EngineError::not_found("product", slug);
        let translated: Option<(i64,)> = sqlx::query_as(
            "SELECT product_id FROM product_translations WHERE locale = $1 AND slug = $2",
        )
        .bind(shopper.locale.as_str())
        .bind(slug)
        .fetch_optional(&self.db.pool)
        .await?;
        let row: Option<ProductRow> = match translated {
            Some((id,)) => {
                sqlx::query_as(&format!(
                    "SELECT p.id, p.category_id, p.slug, p.name, p.description, p.brand_id,
                                p.product_type_id, p.seo_title, p.seo_description
                         FROM products p WHERE p.id = $1 AND {SHOWN}"
                ))
                .bind(id)
                .fetch_optional(&self.db.pool)
                .await?
            }
            None => {
                sqlx::query_as(&format!(
                    "SELECT p.id, p.category_id, p.slug, p.name, p.description, p.brand_id,
                                p.product_type_id, p.seo_title, p.seo_description
                         FROM products p WHERE p.slug = $1 AND {SHOWN}"
                ))
                .bind(slug)
                .fetch_optional(&self.db.pool)
                .await?
            }
        };
        let row = row.ok_or_else(not_found)?;
        let meta = self.meta().await?;
        if !meta.sells_category(shopper.channel.id, row.category_id) {
            return Err(not_found());
        }
        let translations: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT locale, slug, name, description FROM product_translations WHERE product_id = $1",
        )
        .bind(row.id)
        .fetch_all(&self.db.pool)
        .await?;
        let own = translations
            .iter()
            .find(|(locale, ..)| locale == shopper.locale.as_str());
        let variants: Vec<VariantRow> = sqlx::query_as(&format!(
            "SELECT id, sku, title, options, {} AS stock_on_hand FROM variants WHERE product_id = $1
             ORDER BY position, id",
            meta.available_sql(shopper.channel.id, "variants")
        ))
        .bind(row.id)
        .fetch_all(&self.db.pool)
        .await?;
        let pricing = self.pricing_for_products(shopper, &[row.id]).await?;
        // A product without a price in the channel's currency is not sold there.
        let variants: Vec<VariantRow> = variants
            .into_iter()
            .filter(|v| pricing.variants.contains_key(&v.id))
            .collect();
        if variants.is_empty() {
            return Err(not_found());
        }
        let images: Vec<ImageRow> = sqlx::query_as(&format!(
            "SELECT {IMAGE_COLUMNS} WHERE i.product_id = $1 ORDER BY i.position, i.id"
        ))
        .bind(row.id)
        .fetch_all(&self.db.pool)
        .await?;
        let values: Vec<(i64, String)> = sqlx::query_as(
            "SELECT v.attribute_id, v.value FROM product_attribute_values v
             LEFT JOIN product_type_attributes t ON t.attribute_id = v.attribute_id AND t.product_type_id = $2
             WHERE v.product_id = $1 ORDER BY COALESCE(t.position, 1000), v.attribute_id",
        )
        .bind(row.id)
        .bind(row.product_type_id.unwrap_or(-1))
        .fetch_all(&self.db.pool)
        .await?;
        let product_type: Option<(String,)> =
            sqlx::query_as("SELECT name FROM product_types WHERE id = $1")
                .bind(row.product_type_id.unwrap_or(-1))
                .fetch_optional(&self.db.pool)
                .await?;
        let alternates = shopper
            .channel
            .locales
            .iter()
            .map(|locale| {
                let slug = translations
                    .iter()
                    .find(|(l, ..)| l == locale.as_str())
                    .map_or(row.slug.as_str(), |(_, s, ..)| s.as_str());
                Alternate {
                    locale: locale.clone(),
                    path: format!("{}/products/{slug}", shopper.channel.prefix(locale)),
                }
            })
            .collect();
        let brand = row.brand_id.and_then(|b| meta.brands.get(&b));
        let shows_prices = shopper.sees_prices();
        let variants = variants
            .into_iter()
            .map(|v| {
                let (price, breaks, explanation, prices) = if shows_prices {
                    let quote = pricing.entry_quote(&meta.tax, shopper, v.id)?;
                    (
                        quote.as_ref().map(|q| q.unit_shown.money().clone()),
                        pricing.breaks(&meta.tax, shopper, v.id)?,
                        quote.map(|q| q.explanation).unwrap_or_default(),
                        pricing.buyer_prices(&meta.tax, shopper, v.id),
                    )
                } else {
                    (None, Vec::new(), Vec::new(), None)
                };
                Ok(Variant {
                    options: parse_options(&v.options),
                    rules: pricing.rules(v.id),
                    id: v.id,
                    sku: domain::Sku::parse(&v.sku)?,
                    title: v.title,
                    price,
                    breaks,
                    explanation,
                    prices,
                    on_hand: v.stock_on_hand,
                    stock: StockState::from_on_hand(v.stock_on_hand),
                })
            })
            .collect::<EngineResult<Vec<_>>>()?;
        Ok(Product {
            seo_title: row.seo_title.clone(),
            seo_description: row.seo_description.clone(),
            id: row.id,
            slug: Slug::parse(own.map_or(row.slug.as_str(), |(_, s, ..)| s.as_str()))?,
            name: own.map_or(row.name.clone(), |(_, _, n, _)| n.clone()),
            brand: brand.map(|b| b.name.clone()).unwrap_or_default(),
            brand_slug: brand.map(|b| b.slug.clone()),
            description: own
                .filter(|(_, _, _, d)| !d.is_empty())
                .map_or(row.description.clone(), |(_, _, _, d)| d.clone()),
            breadcrumbs: meta
                .categories(&shopper.locale)
                .breadcrumbs(row.category_id)?,
            images: images
                .into_iter()
                .map(|i| i.image(shopper.locale.as_str()))
                .collect(),
            variants,
            product_type: product_type.map(|(n,)| n),
            specifications: values
                .into_iter()
                .filter_map(|(id, value)| {
                    let def = meta.attribute_by_id(id)?;
                    Some(Specification {
                        code: def.code.clone(),
                        name: def.name_in(&shopper.locale).to_owned(),
                        value: def.display(&value, &shopper.locale),
                    })
                })
                .collect(),
            alternates,
            tax_display: shopper.channel.tax_display,
            public_prices: !shopper.signed_in,
        })
    }

    /// A category by slug in the shopper's language, without its products.
    pub async fn category(&self, shopper: &Shopper, slug: &str) -> EngineResult<Category> {
        self.meta()
            .await?
            .categories(&shopper.locale)
            .by_slug(slug)
            .ok_or_else(|| EngineError::not_found("category", slug))?
            .to_domain()
    }
}

fn parse_options(json: &str) -> Vec<OptionValue> {
    serde_json::from_str::<Vec<(String, String)>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| OptionValue { name, value })
        .collect()
}

/// The nodes of `tree` named in `roots`, in tree order, wherever they sit.
fn collect_roots(
    tree: Vec<domain::CategoryNode>,
    roots: &[domain::CategoryRef],
    out: &mut Vec<domain::CategoryNode>,
) {
    for node in tree {
        if roots.iter().any(|r| r.slug == node.category.slug) {
            out.push(node);
        } else {
            collect_roots(node.children, roots, out);
        }
    }
}
