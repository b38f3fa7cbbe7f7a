//! Product cards for listings: one query for the rows of a page, one set of pricing queries, in the order the
//! index returned the ids.

use std::collections::HashMap;

use domain::{ProductSummary, Slug, StockState};
use sqlx::FromRow;

use crate::{Engine, EngineResult, Shopper, products::SHOWN};

#[derive(FromRow)]
struct CardRow {
    id: i64,
    slug: String,
    name: String,
    brand_id: Option<i64>,
    variant_count: i64,
    max_on_hand: Option<i64>,
    image_url: Option<String>,
    image_alt: Option<String>,
}

impl Engine {
    /// Cards for `ids`, in that order, priced for the shopper; ids that no longer exist are skipped.
    pub(crate) async fn cards(
        &self,
        shopper: &Shopper,
        ids: &[i64],
    ) -> EngineResult<Vec<ProductSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let meta = self.meta().await?;
        let available = meta.available_sql(shopper.channel.id, "v");
        // Ids are integers from the index, so inlining them cannot inject anything.
        let rows: Vec<CardRow> = sqlx::query_as(&format!(
            "SELECT p.id, COALESCE(t.slug, p.slug) AS slug, COALESCE(t.name, p.name) AS name, p.brand_id,
                (SELECT COUNT(*) FROM variants v WHERE v.product_id = p.id) AS variant_count,
                (SELECT MAX({available}) FROM variants v WHERE v.product_id = p.id) AS max_on_hand,
                (SELECT i.url FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS image_url,
                (SELECT i.alt FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS image_alt
             FROM products p LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $1
             WHERE p.id IN ({list}) AND {SHOWN}"
        ))
.persistent(false)
        .bind(shopper.locale.as_str())
        .fetch_all(&self.db.pool)
        .await?;
        let prices = if shopper.sees_prices() {
            self.entry_prices(shopper, ids).await?
        } else {
            HashMap::new()
        };
        let sizes = self
            .upload_sizes(rows.iter().filter_map(|r| r.image_url.as_deref()))
            .await?;
        let mut by_id: HashMap<i64, CardRow> = rows.into_iter().map(|r| (r.id, r)).collect();
        ids.iter()
            .filter_map(|id| by_id.remove(id))
            .map(|r| {
                Ok(ProductSummary {
                    id: r.id,
                    slug: Slug::parse(&r.slug)?,
                    name: r.name,
                    brand: r
                        .brand_id
                        .and_then(|b| meta.brands.get(&b))
                        .map(|b| b.name.clone())
                        .unwrap_or_default(),
                    image: r.image_url.map(|url| {
                        let (width, height, widths, webp) =
                            sizes.get(&url).cloned().unwrap_or_default();
                        crate::catalog::ImageRow {
                            url,
                            alt: r.image_alt.unwrap_or_default(),
                            width,
                            height,
                            widths,
                            webp,
                            alts: None,
                            variant_sku: None,
                        }
                        .image(shopper.locale.as_str())
                    }),
                    price_from: prices.get(&r.id).cloned(),
                    variant_count: r.variant_count as u32,
                    stock: StockState::from_on_hand(r.max_on_hand.unwrap_or(0)),
                })
            })
            .collect()
    }

    /// The lowest price a shopper pays per unit at each variant's smallest orderable quantity, per product.
    async fn entry_prices(
        &self,
        shopper: &Shopper,
        ids: &[i64],
    ) -> EngineResult<HashMap<i64, domain::Money>> {
        let set = self.pricing_for_products(shopper, ids).await?;
        let meta = self.meta().await?;
        let mut out: HashMap<i64, domain::Money> = HashMap::new();
        for variant_id in set.variants.keys() {
            let Some(quote) = set.entry_quote(&meta.tax, shopper, *variant_id)? else {
                continue;
            };
            let Some(&product) = set.product_of.get(variant_id) else {
                continue;
            };
            let price = quote.unit_shown.money().clone();
            match out.get(&product) {
                Some(current) if current.amount <= price.amount => {}
                _ => {
                    out.insert(product, price);
                }
            }
        }
        Ok(out)
    }
}

/// What is known of an uploaded image: width, height, widths and WebP, as stored.
type UploadSize = (Option<i64>, Option<i64>, Option<String>, Option<i64>);

impl Engine {
    /// The sizes of the uploaded images among `urls`, in one query; generated images have none and cost nothing.
    async fn upload_sizes<'a>(
        &self,
        urls: impl Iterator<Item = &'a str>,
    ) -> EngineResult<HashMap<String, UploadSize>> {
        let uploads: Vec<&str> = urls.filter(|u| u.starts_with("/media/uploads/")).collect();
        if uploads.is_empty() {
            return Ok(HashMap::new());
        }
        let placeholders = (1..=uploads.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!(
            "SELECT url, width, height, widths, webp FROM media_images WHERE url IN ({placeholders})"
        );
        let mut query = sqlx::query_as::<_, (String, i64, i64, String, i64)>(&sql);
        for url in &uploads {
            query = query.bind(*url);
        }
        Ok(query
            .fetch_all(&self.db.pool)
            .await?
            .into_iter()
            .map(|(url, w, h, widths, webp)| (url, (Some(w), Some(h), Some(widths), Some(webp))))
            .collect())
    }
}
