//! Quick order: an order list (pasted, typed in rows, or from a file) checked against the catalog for the buyer —
//! each SKU known and sold to them, its quantity allowed and in stock, priced as they would pay — and every line
//! that passes put into the cart in one transaction. Lines that do not pass come back with the reason and, for an
//! unknown SKU, the closest SKUs the shop has, so the buyer fixes them on the page.

use std::collections::HashMap;

use domain::{
    Cart, CartToken, DomainError, Quantity,
    quick_order::{CheckedLine, ListLine, merge_repeats},
};
use sqlx::FromRow;

use super::{cart_in, touch};
use crate::{Engine, EngineError, EngineResult, Shopper, now_ms, pricing::PricingSet};

/// Closest SKUs offered for one the shop does not know.
const SUGGESTIONS: usize = 3;
/// SKUs compared with an unknown one: those sharing its first two characters, at most this many.
const CANDIDATES: i64 = 2_000;

#[derive(FromRow)]
struct Known {
    id: i64,
    sku: String,
    product_name: String,
    variant_title: String,
    category_id: i64,
    available: i64,
    allow_backorder: i64,
}

/// What the check found out, kept for the write.
struct Checked {
    lines: Vec<CheckedLine>,
    /// For each line that passed: (line index, variant id, available units, backorders allowed).
    passed: Vec<(usize, i64, i64, bool)>,
    pricing: PricingSet,
}

impl Engine {
    /// Checks an order list for `shopper` without changing anything: one answer per line (a SKU on several lines
    /// once, quantities added), in the list's order.
    pub async fn check_order_list(
        &self,
        shopper: &Shopper,
        lines: Vec<ListLine>,
    ) -> EngineResult<Vec<CheckedLine>> {
        Ok(self.check(shopper, lines).await?.lines)
    }

    /// Puts every line of the list that passes into the buyer's cart (creating it when `token` names none), all in
    /// one transaction; a line whose quantity with what the cart holds already breaks a rule or the stock stays out
    /// with the reason. Answers the cart, when there is one, and every line as checked.
    pub async fn add_order_list(
        &self,
        shopper: &Shopper,
        token: Option<&CartToken>,
        lines: Vec<ListLine>,
    ) -> EngineResult<(Option<Cart>, Vec<CheckedLine>)> {
        let mut checked = self.check(shopper, lines).await?;
        let meta = self.meta().await?;
        let mut tx = self.db.begin_write().await?;
        let found = cart_in(&mut tx, shopper, token).await?;
        let in_cart: HashMap<i64, i64> = match &found {
            Some((cart_id, _)) => sqlx::query_as::<_, (i64, i64)>(
                "SELECT variant_id, quantity FROM cart_lines WHERE cart_id = $1",
            )
            .bind(cart_id)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect(),
            None => HashMap::new(),
        };
        let mut adds: Vec<(i64, i64, Option<i64>)> = Vec::new();
        for &(index, variant_id, available, backorder) in &checked.passed {
            let line = &mut checked.lines[index];
            let had = in_cart.get(&variant_id).copied().unwrap_or(0);
            let wanted = had + i64::from(line.quantity);
            let problem = match Quantity::parse(wanted)
                .and_then(|q| checked.pricing.rules(variant_id).validate(q).map(|_| q))
            {
                Err(e) if had > 0 => Some(format!("with the {had} in your cart: {}", e.message)),
                Err(e) => Some(e.message),
                Ok(_) if !backorder && wanted > available => Some(format!(
                    "only {} in stock{}",
                    available.max(0),
                    if had > 0 {
                        format!(", {had} of them in your cart")
                    } else {
                        String::new()
                    }
                )),
                Ok(q) => {
                    let seen = checked
                        .pricing
                        .quote(&meta.tax, shopper, variant_id, q)?
                        .map(|quote| quote.unit_shown.to_micros());
                    adds.push((variant_id, wanted, seen));
                    None
                }
            };
            if problem.is_some() {
                line.problem = problem;
                line.unit_price = None;
                line.line_price = None;
            }
        }
        if adds.is_empty() {
            tx.rollback().await?;
            let cart = match found {
                Some((cart_id, token)) => Some(self.load_cart(shopper, cart_id, token).await?),
                None => None,
            };
            return Ok((cart, checked.lines));
        }
        let new_lines = adds
            .iter()
            .filter(|(variant, ..)| !in_cart.contains_key(variant))
            .count();
        self.check_line_count((in_cart.len() + new_lines) as i64)?;
        let (cart_id, token) = match found {
            Some(found) => found,
            None => self.insert_cart(&mut tx, shopper).await?,
        };
        let now = now_ms();
        for (variant_id, quantity, seen) in adds {
            sqlx::query(
                "INSERT INTO cart_lines (cart_id, variant_id, quantity, seen_unit_micros, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5)
                 ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity,
                     seen_unit_micros = excluded.seen_unit_micros, updated_at = excluded.updated_at",
            )
            .bind(cart_id)
            .bind(variant_id)
            .bind(quantity)
            .bind(seen)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
        touch(&mut tx, cart_id, now).await?;
        tx.commit().await?;
        Ok((
            Some(self.load_cart(shopper, cart_id, token).await?),
            checked.lines,
        ))
    }

    async fn check(&self, shopper: &Shopper, lines: Vec<ListLine>) -> EngineResult<Checked> {
        if !shopper.sees_prices() {
            return Err(EngineError::forbidden("Sign in to buy in this shop."));
        }
        if lines.len() > domain::quick_order::MAX_LINES {
            return Err(DomainError::new(
                "lines",
                format!(
                    "at most {} lines at a time; split the list",
                    domain::quick_order::MAX_LINES
                ),
            )
            .into());
        }
        let lines = merge_repeats(lines);
        let skus: Vec<&str> = lines
            .iter()
            .filter(|l| l.problem.is_none())
            .map(|l| l.sku.as_str())
            .collect();
        let meta = self.meta().await?;
        let known = self
            .known_variants(&skus, &meta.available_sql(shopper.channel.id, "v"))
            .await?;
        let ids: Vec<i64> = known.iter().map(|k| k.id).collect();
        let pricing = self.pricing_for_variants(shopper, &ids).await?;
        let mut out = Vec::with_capacity(lines.len());
        let mut passed = Vec::new();
        for line in &lines {
            let mut row = CheckedLine::from_list(line);
            if row.problem.is_none() {
                match known.iter().find(|k| k.sku == line.sku) {
                    None => {
                        row.problem = Some("no product has this SKU".into());
                        row.suggestions = self.closest_skus(&line.sku).await?;
                    }
                    Some(k) if !meta.sells_category(shopper.channel.id, k.category_id) => {
                        row.problem = Some("not sold in this shop".into());
                    }
                    Some(k) => {
                        row.name = match k.variant_title.as_str() {
                            "" => k.product_name.clone(),
                            title => format!("{} — {title}", k.product_name),
                        };
                        match judge(&pricing, &meta.tax, shopper, k, line.quantity)? {
                            Ok((unit, total)) => {
                                row.unit_price = Some(unit);
                                row.line_price = Some(total);
                                passed.push((out.len(), k.id, k.available, k.allow_backorder != 0));
                            }
                            Err(problem) => row.problem = Some(problem),
                        }
                    }
                }
            }
            out.push(row);
        }
        Ok(Checked {
            lines: out,
            passed,
            pricing,
        })
    }

    async fn known_variants(&self, skus: &[&str], available: &str) -> EngineResult<Vec<Known>> {
        if skus.is_empty() {
            return Ok(Vec::new());
        }
        let marks = (1..=skus.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!(
            "SELECT v.id, v.sku, p.name AS product_name, v.title AS variant_title, p.category_id,
                    {available} AS available, v.allow_backorder
             FROM variants v JOIN products p ON p.id = v.product_id
             WHERE v.sku IN ({marks}) AND {}",
            crate::products::SHOWN
        );
        let mut query = sqlx::query_as::<_, Known>(&sql);
        for sku in skus {
            query = query.bind(*sku);
        }
        Ok(query.fetch_all(&self.db.pool).await?)
    }

    /// The SKUs on sale closest to `sku` by edit distance, among those that share its first two characters: a typo
    /// rarely hits the prefix, and the index finds those at once.
    async fn closest_skus(&self, sku: &str) -> EngineResult<Vec<String>> {
        let prefix: String = sku.chars().take(2).collect();
        let candidates: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id
             WHERE v.sku >= $1 AND v.sku < $2 AND {} LIMIT $3",
            crate::products::SHOWN
        ))
        .bind(&prefix)
        // SKUs are upper-case ASCII: `~` sorts after every character they may hold.
        .bind(format!("{prefix}~"))
        .bind(CANDIDATES)
        .fetch_all(&self.db.pool)
        .await?;
        let most = (sku.chars().count() / 2).max(2);
        let mut scored: Vec<(usize, String)> = candidates
            .into_iter()
            .map(|(c,)| (strsim::levenshtein(sku, &c), c))
            .filter(|(d, _)| *d <= most)
            .collect();
        scored.sort();
        Ok(scored
            .into_iter()
            .take(SUGGESTIONS)
            .map(|(_, c)| c)
            .collect())
    }
}

/// The price of `quantity` units of a known variant for the buyer, or why it cannot be ordered.
fn judge(
    pricing: &PricingSet,
    tax: &domain::TaxRates,
    shopper: &Shopper,
    known: &Known,
    quantity: u32,
) -> EngineResult<Result<(domain::UnitPrice, domain::Money), String>> {
    let q = match Quantity::parse(i64::from(quantity))
        .and_then(|q| pricing.rules(known.id).validate(q).map(|_| q))
    {
        Ok(q) => q,
        Err(e) => return Ok(Err(e.message)),
    };
    if known.allow_backorder == 0 && i64::from(quantity) > known.available {
        return Ok(Err(format!("only {} in stock", known.available.max(0))));
    }
    Ok(match pricing.quote(tax, shopper, known.id, q)? {
        Some(quote) => Ok((quote.unit_shown, quote.line_shown)),
        None => Err("has no price for you in this shop".into()),
    })
}
