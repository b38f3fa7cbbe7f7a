//! Guest carts: created on the first add, found by token, priced at read time by the pricing engine for the
//! shopper, so a cart always shows the price the buyer would pay now (tiers included).

use domain::{Cart, CartLine, CartToken, Quantity, Sku, Slug};
use sqlx::{Any, FromRow, Transaction};

use crate::{Engine, EngineError, EngineResult, Shopper, now_ms};

#[derive(FromRow)]
struct LineRow {
    variant_id: i64,
    sku: String,
    product_name: String,
    product_slug: String,
    variant_title: String,
    quantity: i64,
    stock_on_hand: i64,
}

#[derive(FromRow)]
struct VariantStock {
    id: i64,
    sku: String,
    stock_on_hand: i64,
}

impl Engine {
    /// The cart with this token, priced now; `NotFound` when there is none.
    pub async fn cart(&self, shopper: &Shopper, token: &CartToken) -> EngineResult<Cart> {
        let cart_id = self
            .find_cart(token)
            .await?
            .ok_or_else(|| EngineError::not_found("cart", "(token)"))?;
        self.load_cart(shopper, cart_id, token.clone()).await
    }

    /// Adds `quantity` units of the variant with `sku`, creating the cart when `token` is `None` or names no cart.
    /// Adding a variant already in the cart raises that line's quantity. Refuses more than is on hand and
    /// quantities the variant's rules do not allow (minimum, pack size, maximum).
    pub async fn add_to_cart(
        &self,
        shopper: &Shopper,
        token: Option<&CartToken>,
        sku: &Sku,
        quantity: Quantity,
    ) -> EngineResult<Cart> {
        // Read before the write transaction: an in-memory SQLite database has one connection, which it holds.
        let rules = self.rules_for(shopper, sku).await?;
        let mut tx = self.db.begin_write().await?;
        let variant = self.priced_variant(&mut tx, shopper, sku).await?;
        let (cart_id, token) = match token {
            Some(t) => match cart_id_in(&mut tx, t).await? {
                Some(id) => (id, t.clone()),
                None => self.insert_cart(&mut tx, shopper).await?,
            },
            None => self.insert_cart(&mut tx, shopper).await?,
        };
        let existing: Option<(i64,)> = sqlx::query_as(
            "SELECT quantity FROM cart_lines WHERE cart_id = $1 AND variant_id = $2",
        )
        .bind(cart_id)
        .bind(variant.id)
        .fetch_optional(&mut *tx)
        .await?;
        let wanted =
            Quantity::parse(existing.map(|(q,)| q).unwrap_or(0) + i64::from(quantity.get()))?;
        rules.validate(wanted)?;
        check_stock(&variant, wanted)?;
        let now = now_ms();
        sqlx::query(
            "INSERT INTO cart_lines (cart_id, variant_id, quantity, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at",
        )
        .bind(cart_id)
        .bind(variant.id)
        .bind(i64::from(wanted.get()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        touch(&mut tx, cart_id, now).await?;
        tx.commit().await?;
        self.load_cart(shopper, cart_id, token).await
    }

    /// Sets a line's quantity. Refuses more than is on hand and quantities the variant's rules do not allow.
    pub async fn set_cart_quantity(
        &self,
        shopper: &Shopper,
        token: &CartToken,
        sku: &Sku,
        quantity: Quantity,
    ) -> EngineResult<Cart> {
        let rules = self.rules_for(shopper, sku).await?;
        let mut tx = self.db.begin_write().await?;
        let cart_id = cart_id_in(&mut tx, token)
            .await?
            .ok_or_else(|| EngineError::not_found("cart", "(token)"))?;
        let variant = self.priced_variant(&mut tx, shopper, sku).await?;
        rules.validate(quantity)?;
        check_stock(&variant, quantity)?;
        let now = now_ms();
        let updated = sqlx::query(
            "UPDATE cart_lines SET quantity = $1, updated_at = $2 WHERE cart_id = $3 AND variant_id = $4",
        )
        .bind(i64::from(quantity.get()))
        .bind(now)
        .bind(cart_id)
        .bind(variant.id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(EngineError::not_found("cart line", sku.as_str()));
        }
        touch(&mut tx, cart_id, now).await?;
        tx.commit().await?;
        self.load_cart(shopper, cart_id, token.clone()).await
    }

    /// Removes a line; removing a line that is not there is not an error, so a repeated click is harmless.
    pub async fn remove_from_cart(
        &self,
        shopper: &Shopper,
        token: &CartToken,
        sku: &Sku,
    ) -> EngineResult<Cart> {
        let mut tx = self.db.begin_write().await?;
        let cart_id = cart_id_in(&mut tx, token)
            .await?
            .ok_or_else(|| EngineError::not_found("cart", "(token)"))?;
        sqlx::query(
            "DELETE FROM cart_lines WHERE cart_id = $1 AND variant_id IN (SELECT id FROM variants WHERE sku = $2)",
        )
        .bind(cart_id)
        .bind(sku.as_str())
        .execute(&mut *tx)
        .await?;
        touch(&mut tx, cart_id, now_ms()).await?;
        tx.commit().await?;
        self.load_cart(shopper, cart_id, token.clone()).await
    }

    async fn find_cart(&self, token: &CartToken) -> EngineResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM carts WHERE token = $1")
            .bind(token.as_str())
            .fetch_optional(&self.db.pool)
            .await?;
        Ok(row.map(|(id,)| id))
    }

    async fn insert_cart(
        &self,
        tx: &mut Transaction<'_, Any>,
        shopper: &Shopper,
    ) -> EngineResult<(i64, CartToken)> {
        let token = CartToken::parse(&uuid::Uuid::new_v4().simple().to_string())?;
        let now = now_ms();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO carts (token, currency, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
        )
        .bind(token.as_str())
        .bind(shopper.channel.currency.code())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        Ok((id, token))
    }

    async fn priced_variant(
        &self,
        tx: &mut Transaction<'_, Any>,
        shopper: &Shopper,
        sku: &Sku,
    ) -> EngineResult<VariantStock> {
        sqlx::query_as(
            "SELECT v.id, v.sku, v.stock_on_hand FROM variants v
             JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $2 WHERE v.sku = $1",
        )
        .bind(sku.as_str())
        .bind(shopper.channel.currency.code())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| EngineError::not_found("variant", sku.as_str()))
    }

    /// The variant's quantity rules; checked before stock, since the buyer can fix those in the form.
    async fn rules_for(&self, shopper: &Shopper, sku: &Sku) -> EngineResult<domain::QuantityRules> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM variants WHERE sku = $1")
            .bind(sku.as_str())
            .fetch_optional(&self.db.pool)
            .await?;
        let (id,) = row.ok_or_else(|| EngineError::not_found("variant", sku.as_str()))?;
        Ok(self.pricing_for_variants(shopper, &[id]).await?.rules(id))
    }

    async fn load_cart(
        &self,
        shopper: &Shopper,
        cart_id: i64,
        token: CartToken,
    ) -> EngineResult<Cart> {
        let currency = shopper.channel.currency.clone();
        let rows: Vec<LineRow> = sqlx::query_as(
            "SELECT v.id AS variant_id, v.sku, COALESCE(t.name, p.name) AS product_name,
                    COALESCE(t.slug, p.slug) AS product_slug, v.title AS variant_title, l.quantity, v.stock_on_hand
             FROM cart_lines l
             JOIN variants v ON v.id = l.variant_id
             JOIN products p ON p.id = v.product_id
             LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $2
             WHERE l.cart_id = $1 ORDER BY l.id",
        )
        .bind(cart_id)
        .bind(shopper.locale.as_str())
        .fetch_all(&self.db.pool)
        .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.variant_id).collect();
        let pricing = self.pricing_for_variants(shopper, &ids).await?;
        let meta = self.meta().await?;
        let mut lines = Vec::new();
        for r in rows {
            let quantity = Quantity::parse(r.quantity)?;
            // A variant no longer sold in this currency, or at a quantity its rules no longer allow, is priced at
            // its smallest valid quantity's unit price rather than hiding the line.
            let quote = match pricing.quote(&meta.tax, shopper, r.variant_id, quantity) {
                Ok(Some(q)) => q,
                Ok(None) => continue,
                Err(_) => match pricing.entry_quote(&meta.tax, shopper, r.variant_id)? {
                    Some(q) => q,
                    None => continue,
                },
            };
            let mut line = CartLine::new(
                r.variant_id,
                Sku::parse(&r.sku)?,
                r.product_name,
                Slug::parse(&r.product_slug)?,
                r.variant_title,
                quote.unit_shown.clone(),
                quantity,
                r.stock_on_hand,
            );
            if quote.quantity == quantity {
                // The pricing engine's line figure is the one charged (net + tax = gross on every line).
                line.line_total = quote.line_shown;
            }
            lines.push(line);
        }
        Ok(Cart::new(token, currency, lines)?)
    }
}

async fn cart_id_in(tx: &mut Transaction<'_, Any>, token: &CartToken) -> EngineResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM carts WHERE token = $1")
        .bind(token.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|(id,)| id))
}

async fn touch(tx: &mut Transaction<'_, Any>, cart_id: i64, now: i64) -> EngineResult<()> {
    sqlx::query("UPDATE carts SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(cart_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn check_stock(variant: &VariantStock, wanted: Quantity) -> EngineResult<()> {
    if i64::from(wanted.get()) > variant.stock_on_hand {
        return Err(EngineError::OutOfStock {
            sku: variant.sku.clone(),
            available: variant.stock_on_hand.max(0),
        });
    }
    Ok(())
}
