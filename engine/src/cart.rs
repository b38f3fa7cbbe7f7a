//! Guest carts: created on the first add, found by token, priced at read time by the pricing engine for the
//! shopper, so a cart always shows the price the buyer would pay now (tiers included).

mod order_file;
mod quick_order;
mod sku_suggest;

pub use order_file::read_order_file;

use domain::{Cart, CartLine, CartToken, DomainError, Quantity, Sku, Slug};
use sqlx::{Any, FromRow, Transaction};

use crate::{
    Engine, EngineError, EngineResult, Shopper, meta::CatalogMeta, now_ms, pricing::PricingSet,
};

/// A cart's lines with their variant and the product's name in the shopper's locale (`$1` cart, `$2` locale).
const LINES_FROM: &str = "FROM cart_lines l
     JOIN variants v ON v.id = l.variant_id
     JOIN products p ON p.id = v.product_id
     LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $2
     WHERE l.cart_id = $1 ORDER BY l.id";

#[derive(FromRow)]
struct LineRow {
    variant_id: i64,
    sku: String,
    product_name: String,
    product_slug: String,
    variant_title: String,
    quantity: i64,
    stock_on_hand: i64,
    allow_backorder: i64,
    seen_unit_micros: Option<i64>,
}

#[derive(FromRow)]
struct VariantStock {
    id: i64,
    sku: String,
    stock_on_hand: i64,
    allow_backorder: i64,
}

/// A cart line as checkout needs it: what to order, named as it is now.
#[derive(Debug, Clone, FromRow)]
pub(crate) struct CheckoutLine {
    pub(crate) variant_id: i64,
    pub(crate) sku: String,
    pub(crate) product_name: String,
    pub(crate) variant_title: String,
    pub(crate) quantity: i64,
    pub(crate) weight_grams: i64,
    /// The product's tax class: the order's tax follows the delivery, so checkout looks its rate up again.
    pub(crate) tax_class: String,
}

impl CheckoutLine {
    pub(crate) fn weight(&self) -> u64 {
        u64::try_from(self.weight_grams.saturating_mul(self.quantity)).unwrap_or(0)
    }
}

/// Lines a cart holds unless [`Engine::with_max_cart_lines`] says otherwise: more than any real order, few
/// enough that pricing a whole cart stays quick and one client cannot grow a cart without bound.
pub const MAX_CART_LINES: usize = 500;

impl Engine {
    /// This engine, letting a cart hold at most `lines` lines.
    pub fn with_max_cart_lines(mut self, lines: usize) -> Self {
        self.max_cart_lines = lines;
        self
    }

    /// The cart with this token, priced now; `NotFound` when there is none. A signed-in buyer's cart is their
    /// account's, whatever the token.
    pub async fn cart(&self, shopper: &Shopper, token: &CartToken) -> EngineResult<Cart> {
        if shopper.customer.is_some() {
            return self
                .account_cart(shopper)
                .await?
                .ok_or_else(|| EngineError::not_found("cart", "(account)"));
        }
        let cart_id = self
            .find_cart(token)
            .await?
            .ok_or_else(|| EngineError::not_found("cart", "(token)"))?;
        self.load_cart(shopper, cart_id, token.clone()).await
    }

    /// The signed-in buyer's cart, if they have one.
    pub async fn account_cart(&self, shopper: &Shopper) -> EngineResult<Option<Cart>> {
        let Some(customer) = shopper.customer else {
            return Ok(None);
        };
        match self
            .account_cart_id(customer, shopper.company.unwrap_or(0))
            .await?
        {
            Some((id, token)) => Ok(Some(
                self.load_cart(shopper, id, CartToken::parse(&token)?)
                    .await?,
            )),
            None => Ok(None),
        }
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
        let (variant_id, pricing) = self.pricing_for(shopper, sku).await?;
        let rules = pricing.rules(variant_id);
        let meta = self.meta().await?;
        let mut tx = self.db.begin_write().await?;
        let variant = self.priced_variant(&mut tx, &meta, shopper, sku).await?;
        let (cart_id, token) = match cart_in(&mut tx, shopper, token).await? {
            Some(found) => found,
            None => self.insert_cart(&mut tx, shopper).await?,
        };
        let existing: Option<(i64,)> = sqlx::query_as(
            "SELECT quantity FROM cart_lines WHERE cart_id = $1 AND variant_id = $2",
        )
        .bind(cart_id)
        .bind(variant.id)
        .fetch_optional(&mut **tx)
        .await?;
        if existing.is_none() {
            self.check_room_for_a_line(&mut tx, cart_id).await?;
        }
        let wanted =
            Quantity::parse(existing.map(|(q,)| q).unwrap_or(0) + i64::from(quantity.get()))?;
        rules.validate(wanted)?;
        check_stock(&variant, wanted)?;
        // The buyer sees this line's price in the answer: it is recorded as seen in the same write.
        let seen = seen_micros(&pricing, &meta.tax, shopper, variant.id, wanted)?;
        let now = now_ms();
        sqlx::query(
            "INSERT INTO cart_lines (cart_id, variant_id, quantity, seen_unit_micros, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity,
                 seen_unit_micros = excluded.seen_unit_micros, updated_at = excluded.updated_at",
        )
        .bind(cart_id)
        .bind(variant.id)
        .bind(i64::from(wanted.get()))
        .bind(seen)
        .bind(now)
        .execute(&mut **tx)
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
        let (variant_id, pricing) = self.pricing_for(shopper, sku).await?;
        let rules = pricing.rules(variant_id);
        let meta = self.meta().await?;
        let mut tx = self.db.begin_write().await?;
        let (cart_id, token) = cart_in(&mut tx, shopper, Some(token))
            .await?
            .ok_or_else(|| EngineError::not_found("cart", "(token)"))?;
        let variant = self.priced_variant(&mut tx, &meta, shopper, sku).await?;
        rules.validate(quantity)?;
        check_stock(&variant, quantity)?;
        let seen = seen_micros(&pricing, &meta.tax, shopper, variant.id, quantity)?;
        let now = now_ms();
        let updated = sqlx::query(
            "UPDATE cart_lines SET quantity = $1, seen_unit_micros = $2, updated_at = $3
             WHERE cart_id = $4 AND variant_id = $5",
        )
        .bind(i64::from(quantity.get()))
        .bind(seen)
        .bind(now)
        .bind(cart_id)
        .bind(variant.id)
        .execute(&mut **tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(EngineError::not_found("cart line", sku.as_str()));
        }
        touch(&mut tx, cart_id, now).await?;
        tx.commit().await?;
        self.load_cart(shopper, cart_id, token).await
    }

    /// Removes a line; removing a line that is not there is not an error, so a repeated click is harmless.
    pub async fn remove_from_cart(
        &self,
        shopper: &Shopper,
        token: &CartToken,
        sku: &Sku,
    ) -> EngineResult<Cart> {
        let mut tx = self.db.begin_write().await?;
        let (cart_id, token) = cart_in(&mut tx, shopper, Some(token))
            .await?
            .ok_or_else(|| EngineError::not_found("cart", "(token)"))?;
        sqlx::query(
            "DELETE FROM cart_lines WHERE cart_id = $1 AND variant_id IN (SELECT id FROM variants WHERE sku = $2)",
        )
        .bind(cart_id)
        .bind(sku.as_str())
        .execute(&mut **tx)
        .await?;
        touch(&mut tx, cart_id, now_ms()).await?;
        tx.commit().await?;
        self.load_cart(shopper, cart_id, token).await
    }

    /// The buyer has seen the cart's current prices (the cart page's "accept" button): changed lines stop
    /// showing their old price.
    pub async fn accept_cart_prices(
        &self,
        shopper: &Shopper,
        token: Option<&CartToken>,
    ) -> EngineResult<Cart> {
        let mut tx = self.db.begin_write().await?;
        let (cart_id, token) = cart_in(&mut tx, shopper, token)
            .await?
            .ok_or_else(|| EngineError::not_found("cart", "(token)"))?;
        tx.commit().await?;
        self.load_acknowledged(shopper, cart_id, token).await
    }

    /// A person's cart for the company they act for (0 for none): each company's cart is its own.
    async fn account_cart_id(
        &self,
        customer: i64,
        company: i64,
    ) -> EngineResult<Option<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, token FROM carts WHERE customer_id = $1 AND company_key = $2",
        )
        .bind(customer)
        .bind(company)
        .fetch_optional(&self.db.pool)
        .await?)
    }

    /// Moves a guest cart's lines into the signed-in buyer's cart (adding quantities of lines both hold) and
    /// deletes the guest cart: a buyer who filled a cart before signing in keeps it.
    pub async fn merge_guest_cart(&self, shopper: &Shopper, guest: &CartToken) -> EngineResult<()> {
        let Some(customer) = shopper.customer else {
            return Ok(());
        };
        let mut tx = self.db.begin_write().await?;
        let guest_id: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM carts WHERE token = $1 AND customer_id IS NULL")
                .bind(guest.as_str())
                .fetch_optional(&mut **tx)
                .await?;
        let Some((guest_id,)) = guest_id else {
            return Ok(());
        };
        let company = shopper.company.unwrap_or(0);
        let own: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM carts WHERE customer_id = $1 AND company_key = $2")
                .bind(customer)
                .bind(company)
                .fetch_optional(&mut **tx)
                .await?;
        let now = now_ms();
        match own {
            None => {
                // No account cart yet: the guest cart becomes it.
                sqlx::query(
                    "UPDATE carts SET customer_id = $1, company_key = $2, updated_at = $3 WHERE id = $4",
                )
                .bind(customer)
                .bind(company)
                .bind(now)
                    .bind(guest_id)
                    .execute(&mut **tx)
                    .await?;
            }
            Some((own_id,)) => {
                let (merged,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(DISTINCT variant_id) FROM cart_lines WHERE cart_id IN ($1, $2)",
                )
                .bind(own_id)
                .bind(guest_id)
                .fetch_one(&mut **tx)
                .await?;
                self.check_line_count(merged)?;
                sqlx::query(
                    "INSERT INTO cart_lines (cart_id, variant_id, quantity, seen_unit_micros, created_at, updated_at)
                     SELECT $1, variant_id, quantity, seen_unit_micros, $2, $2 FROM cart_lines WHERE cart_id = $3
                     ON CONFLICT (cart_id, variant_id) DO UPDATE
                     SET quantity = CASE WHEN cart_lines.quantity + excluded.quantity > 100000 THEN 100000
                                    ELSE cart_lines.quantity + excluded.quantity END,
                         updated_at = excluded.updated_at",
                )
                .bind(own_id)
                .bind(now)
                .bind(guest_id)
                .execute(&mut **tx)
                .await?;
                sqlx::query("DELETE FROM carts WHERE id = $1")
                    .bind(guest_id)
                    .execute(&mut **tx)
                    .await?;
                touch(&mut tx, own_id, now).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Refuses a new line in a cart that holds the most lines it may.
    async fn check_room_for_a_line(
        &self,
        tx: &mut Transaction<'_, Any>,
        cart_id: i64,
    ) -> EngineResult<()> {
        let (lines,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cart_lines WHERE cart_id = $1")
            .bind(cart_id)
            .fetch_one(&mut **tx)
            .await?;
        self.check_line_count(lines + 1)
    }

    fn check_line_count(&self, lines: i64) -> EngineResult<()> {
        if usize::try_from(lines).is_ok_and(|n| n <= self.max_cart_lines) {
            return Ok(());
        }
        Err(DomainError::new(
            "lines",
            format!(
                "a cart holds at most {} lines; order these and start another cart",
                self.max_cart_lines
            ),
        )
        .into())
    }

    /// The signed-in buyer's cart lines, for checkout.
    pub(crate) async fn checkout_lines(
        &self,
        shopper: &Shopper,
    ) -> EngineResult<Option<(i64, Vec<CheckoutLine>)>> {
        let Some(customer) = shopper.customer else {
            return Ok(None);
        };
        let Some((cart_id, _)) = self
            .account_cart_id(customer, shopper.company.unwrap_or(0))
            .await?
        else {
            return Ok(None);
        };
        let lines: Vec<CheckoutLine> = sqlx::query_as(&format!(
            "SELECT v.id AS variant_id, v.sku, COALESCE(t.name, p.name) AS product_name, v.title AS variant_title,
                    l.quantity, v.weight_grams, p.tax_class {LINES_FROM}"
        ))
        .bind(cart_id)
        .bind(shopper.locale.as_str())
        .fetch_all(&self.db.pool)
        .await?;
        Ok(Some((cart_id, lines)))
    }

    /// Loads the cart and records the prices of `variant` (or of every line) as seen by the buyer.
    /// The cart with every line's current price recorded as seen: the buyer has accepted the changes shown.
    async fn load_acknowledged(
        &self,
        shopper: &Shopper,
        cart_id: i64,
        token: CartToken,
    ) -> EngineResult<Cart> {
        let mut cart = self.load_cart(shopper, cart_id, token).await?;
        let mut tx = self.db.begin_write().await?;
        for line in &mut cart.lines {
            sqlx::query(
                "UPDATE cart_lines SET seen_unit_micros = $1 WHERE cart_id = $2 AND variant_id = $3",
            )
            .bind(line.unit_price.to_micros())
            .bind(cart_id)
            .bind(line.variant_id)
            .execute(&mut **tx)
            .await?;
            line.previous_unit_price = None;
        }
        tx.commit().await?;
        Ok(cart)
    }

    async fn find_cart(&self, token: &CartToken) -> EngineResult<Option<i64>> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM carts WHERE token = $1 AND customer_id IS NULL")
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
            "INSERT INTO carts (token, currency, customer_id, company_key, created_at, updated_at)
             VALUES ($1, $2, $3, $5, $4, $4) RETURNING id",
        )
        .bind(token.as_str())
        .bind(shopper.channel.currency.code())
        .bind(shopper.customer)
        .bind(now)
        .bind(shopper.company.unwrap_or(0))
        .fetch_one(&mut **tx)
        .await?;
        Ok((id, token))
    }

    async fn priced_variant(
        &self,
        tx: &mut Transaction<'_, Any>,
        meta: &CatalogMeta,
        shopper: &Shopper,
        sku: &Sku,
    ) -> EngineResult<VariantStock> {
        sqlx::query_as(&format!(
            "SELECT v.id, v.sku, {} AS stock_on_hand, v.allow_backorder FROM variants v
             JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $2 WHERE v.sku = $1",
            meta.available_sql(shopper.channel.id, "v")
        ))
        .bind(sku.as_str())
        .bind(shopper.channel.currency.code())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| EngineError::not_found("variant", sku.as_str()))
    }

    /// The variant's id and its pricing for the shopper: quantity rules (checked before stock, since the buyer can
    /// fix those in the form) and the price the answer will show.
    /// A variant the channel does not sell (outside its assortment) is `NotFound`, as on its product page; a
    /// channel that hides prices from guests sells nothing to them either.
    async fn pricing_for(&self, shopper: &Shopper, sku: &Sku) -> EngineResult<(i64, PricingSet)> {
        if !shopper.sees_prices() {
            return Err(EngineError::forbidden("Sign in to buy in this shop."));
        }
        let row: Option<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT v.id, p.category_id FROM variants v JOIN products p ON p.id = v.product_id
             WHERE v.sku = $1 AND {}",
            crate::products::SHOWN
        ))
        .bind(sku.as_str())
        .fetch_optional(&self.db.pool)
        .await?;
        let meta = self.meta().await?;
        let (id, _) = row
            .filter(|(_, category)| meta.sells_category(shopper.channel.id, *category))
            .ok_or_else(|| EngineError::not_found("variant", sku.as_str()))?;
        Ok((id, self.pricing_for_variants(shopper, &[id]).await?))
    }

    /// The SKUs among `variant_ids` that `shopper`'s channel does not sell.
    pub(crate) async fn unsold_skus(
        &self,
        shopper: &Shopper,
        variant_ids: &[i64],
    ) -> EngineResult<Vec<String>> {
        if variant_ids.is_empty() {
            return Ok(Vec::new());
        }
        // A product taken off sale (drafted, archived) since it went into the cart is not sold either.
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT v.sku, p.category_id, CASE WHEN {} THEN 1 ELSE 0 END AS shown
             FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id IN ({})",
            crate::products::SHOWN,
            crate::pricing::ids_sql(variant_ids)
        ))
        .persistent(false)
        .fetch_all(&self.db.pool)
        .await?;
        let meta = self.meta().await?;
        Ok(rows
            .into_iter()
            .filter(|(_, category, shown)| {
                *shown == 0 || !meta.sells_category(shopper.channel.id, *category)
            })
            .map(|(sku, ..)| sku)
            .collect())
    }

    async fn load_cart(
        &self,
        shopper: &Shopper,
        cart_id: i64,
        token: CartToken,
    ) -> EngineResult<Cart> {
        let currency = shopper.channel.currency.clone();
        let meta = self.meta().await?;
        let rows: Vec<LineRow> = sqlx::query_as(&format!(
            "SELECT v.id AS variant_id, v.sku, COALESCE(t.name, p.name) AS product_name,
                    COALESCE(t.slug, p.slug) AS product_slug, v.title AS variant_title, l.quantity,
                    {} AS stock_on_hand, v.allow_backorder, l.seen_unit_micros {LINES_FROM}",
            meta.available_sql(shopper.channel.id, "v")
        ))
        .bind(cart_id)
        .bind(shopper.locale.as_str())
        .fetch_all(&self.db.pool)
        .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.variant_id).collect();
        let pricing = self.pricing_for_variants(shopper, &ids).await?;
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
            line.backorder = r.allow_backorder != 0;
            line.previous_unit_price = r
                .seen_unit_micros
                .filter(|seen| *seen != line.unit_price.to_micros())
                .and_then(|seen| domain::UnitPrice::from_micros(seen, currency.clone()).ok());
            lines.push(line);
        }
        Ok(Cart::new(token, currency, lines)?)
    }
}

/// The cart a change applies to: a signed-in buyer's account cart, else the guest cart with `token`.
async fn cart_in(
    tx: &mut Transaction<'_, Any>,
    shopper: &Shopper,
    token: Option<&CartToken>,
) -> EngineResult<Option<(i64, CartToken)>> {
    let row: Option<(i64, String)> = match (shopper.customer, token) {
        (Some(customer), _) => {
            sqlx::query_as(
                "SELECT id, token FROM carts WHERE customer_id = $1 AND company_key = $2",
            )
            .bind(customer)
            .bind(shopper.company.unwrap_or(0))
            .fetch_optional(&mut **tx)
            .await?
        }
        (None, Some(token)) => {
            sqlx::query_as("SELECT id, token FROM carts WHERE token = $1 AND customer_id IS NULL")
                .bind(token.as_str())
                .fetch_optional(&mut **tx)
                .await?
        }
        (None, None) => None,
    };
    row.map(|(id, token)| Ok((id, CartToken::parse(&token)?)))
        .transpose()
}

/// The unit price a line of `quantity` shows now, as micro-units; `None` when the variant has no price here.
fn seen_micros(
    pricing: &PricingSet,
    tax: &domain::TaxRates,
    shopper: &Shopper,
    variant_id: i64,
    quantity: Quantity,
) -> EngineResult<Option<i64>> {
    Ok(pricing
        .quote(tax, shopper, variant_id, quantity)?
        .map(|q| q.unit_shown.to_micros()))
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
    if variant.allow_backorder == 0 && i64::from(wanted.get()) > variant.stock_on_hand {
        return Err(EngineError::OutOfStock {
            sku: variant.sku.clone(),
            available: variant.stock_on_hand.max(0),
        });
    }
    Ok(())
}
