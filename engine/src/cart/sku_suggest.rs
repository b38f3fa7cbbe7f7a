//! The SKUs a buyer orders again and again, offered in quick order's rows: those on their company's orders (a
//! private buyer's own) and on the lists they see, still on sale to them. The page hands them to the browser as a
//! `<datalist>`, which filters them as the buyer types, without a script or a request per keystroke.

use domain::{Account, quick_order::SkuSuggestion};

use crate::{Engine, EngineResult, Shopper};

impl Engine {
    /// Up to `limit` SKUs `account` has ordered or keeps on a list they see, on sale to `shopper`, in SKU order.
    pub async fn usual_skus(
        &self,
        account: &Account,
        shopper: &Shopper,
        limit: u16,
    ) -> EngineResult<Vec<SkuSuggestion>> {
        let company = account.company.as_ref().map_or(0, |c| c.id);
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(&format!(
            "SELECT v.id, v.sku, p.name, v.title FROM variants v JOIN products p ON p.id = v.product_id
             WHERE v.id IN (
                 SELECT l.variant_id FROM order_lines l JOIN orders o ON o.id = l.order_id
                 WHERE l.variant_id IS NOT NULL
                   AND (($2 <> 0 AND o.company_id = $2) OR ($2 = 0 AND o.customer_id = $1 AND o.company_id IS NULL))
                 UNION
                 SELECT x.variant_id FROM shopping_list_lines x JOIN shopping_lists s ON s.id = x.list_id
                 WHERE (s.customer_id = $1 AND COALESCE(s.company_id, 0) = $2)
                    OR (s.shared = 1 AND $2 <> 0 AND s.company_id = $2)
             ) AND {} ORDER BY v.sku LIMIT $3",
            crate::products::SHOWN
        ))
        .bind(account.customer_id)
        .bind(company)
        .bind(i64::from(limit))
        .fetch_all(&self.db.pool)
        .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let unsold = self.unsold_skus(shopper, &ids).await?;
        Ok(rows
            .into_iter()
            .filter(|r| !unsold.contains(&r.1))
            .map(|(_, sku, product, title)| SkuSuggestion {
                name: if title.is_empty() {
                    product
                } else {
                    format!("{product} — {title}")
                },
                sku,
            })
            .collect())
    }
}
