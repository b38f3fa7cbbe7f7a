//! Loads what [`domain::pricing`] needs for a set of variants and a shopper, in a fixed handful of queries, and
//! prices with it. The rules live in `domain`; this module only reads.

use std::collections::HashMap;

use domain::{
    BasePrice, BuyerPrices, EntryPrice, PriceBreak, PriceList, PriceListEntry, PriceQuote,
    PriceTarget, Quantity, QuantityRules, TaxClass, Tier, UnitPrice, VariantPricing, price_breaks,
    quote,
};
use rust_decimal::Decimal;
use sqlx::FromRow;

use crate::{Engine, EngineError, EngineResult, Shopper};

mod kept;

pub(crate) use kept::KeptPricing;

#[derive(FromRow)]
struct RuleRow {
    id: i64,
    product_id: i64,
    min_quantity: i64,
    quantity_increment: i64,
    max_quantity: Option<i64>,
    tax_class: String,
}

#[derive(FromRow)]
struct ListRow {
    id: i64,
    name: String,
    currency: String,
    priority: i64,
    valid_from: Option<i64>,
    valid_until: Option<i64>,
}

#[derive(FromRow)]
struct EntryRow {
    price_list_id: i64,
    variant_id: i64,
    kind: String,
    amount_micros: Option<i64>,
    percent: Option<String>,
}

/// The pricing inputs for some variants, as one shopper sees them.
pub(crate) struct PricingSet {
    /// By variant id; variants without a base price in the shopper's currency are absent (not sold there).
    pub(crate) variants: HashMap<i64, VariantPricing>,
    /// Product id of each variant.
    pub(crate) product_of: HashMap<i64, i64>,
    /// The price lists that could apply to the shopper, with their entries for these variants.
    pub(crate) lists: Vec<PriceList>,
}

pub(crate) fn ids_sql(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

fn to_u32(value: i64, field: &str) -> EngineResult<u32> {
    u32::try_from(value)
        .map_err(|_| EngineError::Conflict(format!("stored {field} is out of range")))
}

impl PricingSet {
    /// The quote for `quantity` units, or `None` if the variant is not sold to this shopper.
    pub(crate) fn quote(
        &self,
        engine_tax: &domain::TaxRates,
        shopper: &Shopper,
        variant_id: i64,
        quantity: Quantity,
    ) -> EngineResult<Option<PriceQuote>> {
        let Some(pricing) = self.variants.get(&variant_id) else {
            return Ok(None);
        };
        Ok(Some(quote(
            pricing,
            &self.lists,
            engine_tax,
            &shopper.buyer(),
            quantity,
        )?))
    }

    /// The quote at the smallest orderable quantity: what "from" prices and variant pickers show.
    pub(crate) fn entry_quote(
        &self,
        tax: &domain::TaxRates,
        shopper: &Shopper,
        variant_id: i64,
    ) -> EngineResult<Option<PriceQuote>> {
        let Some(pricing) = self.variants.get(&variant_id) else {
            return Ok(None);
        };
        let quantity = Quantity::parse(i64::from(pricing.quantity_rules.first_valid()))?;
        self.quote(tax, shopper, variant_id, quantity)
    }

    /// The volume-break table.
    pub(crate) fn breaks(
        &self,
        tax: &domain::TaxRates,
        shopper: &Shopper,
        variant_id: i64,
    ) -> EngineResult<Vec<PriceBreak>> {
        match self.variants.get(&variant_id) {
            Some(p) => Ok(price_breaks(p, &self.lists, tax, &shopper.buyer())?),
            None => Ok(Vec::new()),
        }
    }

    /// What the browser needs to price any quantity of the variant for this shopper.
    pub(crate) fn buyer_prices(
        &self,
        tax: &domain::TaxRates,
        shopper: &Shopper,
        variant_id: i64,
    ) -> Option<BuyerPrices> {
        self.variants
            .get(&variant_id)
            .map(|p| BuyerPrices::new(p, &self.lists, tax, &shopper.buyer()))
    }

    /// The quantity rules, defaulting for a variant not sold here.
    pub(crate) fn rules(&self, variant_id: i64) -> QuantityRules {
        self.variants
            .get(&variant_id)
            .map(|p| p.quantity_rules)
            .unwrap_or_default()
    }
}

impl Engine {
    /// Pricing inputs for every variant of `product_ids`.
    pub(crate) async fn pricing_for_products(
        &self,
        shopper: &Shopper,
        product_ids: &[i64],
    ) -> EngineResult<PricingSet> {
        let filter = format!("v.product_id IN ({})", ids_sql(product_ids));
        self.load_pricing(shopper, &filter, product_ids.is_empty())
            .await
    }

    /// Pricing inputs for `variant_ids`: kept ones when the catalog has not changed since they were read (one
    /// query), the others read and kept.
    pub(crate) async fn pricing_for_variants(
        &self,
        shopper: &Shopper,
        variant_ids: &[i64],
    ) -> EngineResult<PricingSet> {
        if variant_ids.is_empty() {
            return self.load_pricing(shopper, "", true).await;
        }
        let (version,): (i64,) = sqlx::query_as("SELECT version FROM catalog_clock WHERE id = 1")
            .fetch_one(&self.db.pool)
            .await?;
        let kept_pricing = &self.caches.pricing;
        let (mut kept, missing) = kept_pricing.get(version, shopper, variant_ids);
        if !missing.is_empty() {
            let filter = format!("v.id IN ({})", ids_sql(&missing));
            let loaded = self.load_pricing(shopper, &filter, false).await?;
            kept.extend(kept_pricing.keep(version, shopper, &missing, &loaded));
        }
        Ok(PricingSet::from_kept(&kept))
    }

    // `filter` is built from integer ids only.
    async fn load_pricing(
        &self,
        shopper: &Shopper,
        filter: &str,
        empty: bool,
    ) -> EngineResult<PricingSet> {
        let mut set = PricingSet {
            variants: HashMap::new(),
            product_of: HashMap::new(),
            lists: Vec::new(),
        };
        if empty {
            return Ok(set);
        }
        let currency = shopper.channel.currency.clone();
        let pool = &self.db.pool;
        let rules: Vec<RuleRow> = sqlx::query_as(&format!(
            "SELECT v.id, v.product_id, v.min_quantity, v.quantity_increment, v.max_quantity, p.tax_class
             FROM variants v JOIN products p ON p.id = v.product_id WHERE {filter}"
        ))
.persistent(false)
        .fetch_all(pool)
        .await?;
        let base: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(&format!(
            "SELECT pr.variant_id, pr.amount_micros FROM prices pr JOIN variants v ON v.id = pr.variant_id
             WHERE pr.currency = $1 AND {filter}"
        ))
.persistent(false)
        .bind(currency.code())
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
        let mut tiers: HashMap<i64, Vec<Tier>> = HashMap::new();
        for (variant_id, min, micros) in sqlx::query_as::<_, (i64, i64, i64)>(&format!(
            "SELECT t.variant_id, t.min_quantity, t.amount_micros FROM price_tiers t
             JOIN variants v ON v.id = t.variant_id WHERE t.currency = $1 AND {filter}
             ORDER BY t.variant_id, t.min_quantity"
        ))
        .persistent(false)
        .bind(currency.code())
        .fetch_all(pool)
        .await?
        {
            tiers.entry(variant_id).or_default().push(Tier {
                min_quantity: to_u32(min, "tier quantity")?,
                unit_price: UnitPrice::from_micros(micros, currency.clone())?,
            });
        }
        for r in rules {
            set.product_of.insert(r.id, r.product_id);
            let Some(&micros) = base.get(&r.id) else {
                continue;
            };
            let max = r
                .max_quantity
                .map(|m| to_u32(m, "max_quantity"))
                .transpose()?;
            set.variants.insert(
                r.id,
                VariantPricing {
                    variant_id: r.id,
                    base_prices: vec![BasePrice {
                        unit_price: UnitPrice::from_micros(micros, currency.clone())?,
                        tiers: tiers.remove(&r.id).unwrap_or_default(),
                    }],
                    quantity_rules: QuantityRules::new(
                        to_u32(r.min_quantity, "min_quantity")?,
                        to_u32(r.quantity_increment, "quantity_increment")?,
                        max,
                    )?,
                    tax_class: TaxClass::parse(&r.tax_class)?,
                },
            );
        }
        set.lists = self.price_lists(shopper, filter).await?;
        Ok(set)
    }

    /// The lists in the shopper's currency that target everyone, their customer group or their company, with their
    /// entries for the filtered variants. Validity dates are left to the pricing engine, which explains them.
    async fn price_lists(&self, shopper: &Shopper, filter: &str) -> EngineResult<Vec<PriceList>> {
        let pool = &self.db.pool;
        let currency = shopper.channel.currency.clone();
        let group = shopper.customer_group.unwrap_or(-1);
        let company = shopper.company.unwrap_or(-1);
        let lists: Vec<ListRow> = sqlx::query_as(
            "SELECT l.id, l.name, l.currency, l.priority, l.valid_from, l.valid_until FROM price_lists l
             WHERE l.currency = $1 AND EXISTS (SELECT 1 FROM price_list_targets t WHERE t.price_list_id = l.id
               AND (t.kind = 'everyone' OR (t.kind = 'customer_group' AND t.target_id = $2)
                    OR (t.kind = 'company' AND t.target_id = $3)))",
        )
        .bind(currency.code())
        .bind(group)
        .bind(company)
        .fetch_all(pool)
        .await?;
        if lists.is_empty() {
            return Ok(Vec::new());
        }
        let list_ids = ids_sql(&lists.iter().map(|l| l.id).collect::<Vec<_>>());
        let targets: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
            "SELECT price_list_id, kind, target_id FROM price_list_targets WHERE price_list_id IN ({list_ids})"
        ))
.persistent(false)
        .fetch_all(pool)
        .await?;
        let entries: Vec<EntryRow> = sqlx::query_as(&format!(
            "SELECT e.price_list_id, e.variant_id, e.kind, e.amount_micros, e.percent FROM price_list_entries e
             JOIN variants v ON v.id = e.variant_id WHERE e.price_list_id IN ({list_ids}) AND {filter}"
        ))
.persistent(false)
        .fetch_all(pool)
        .await?;
        let mut list_tiers: HashMap<(i64, i64), Vec<Tier>> = HashMap::new();
        for (list_id, variant_id, min, micros) in sqlx::query_as::<_, (i64, i64, i64, i64)>(&format!(
            "SELECT t.price_list_id, t.variant_id, t.min_quantity, t.amount_micros FROM price_list_tiers t
             JOIN variants v ON v.id = t.variant_id WHERE t.price_list_id IN ({list_ids}) AND {filter}
             ORDER BY t.min_quantity"
        ))
.persistent(false)
        .fetch_all(pool)
        .await?
        {
            list_tiers
                .entry((list_id, variant_id))
                .or_default()
                .push(Tier {
                    min_quantity: to_u32(min, "tier quantity")?,
                    unit_price: UnitPrice::from_micros(micros, currency.clone())?,
                });
        }
        lists
            .into_iter()
            .map(|l| {
                Ok(PriceList {
                    id: l.id,
                    name: l.name,
                    currency: domain::Currency::parse(&l.currency)?,
                    priority: i32::try_from(l.priority).unwrap_or(0),
                    valid_from: l.valid_from,
                    valid_until: l.valid_until,
                    targets: targets
                        .iter()
                        .filter(|(id, _, _)| *id == l.id)
                        .map(|(_, kind, target)| match kind.as_str() {
                            "customer_group" => PriceTarget::CustomerGroup(*target),
                            "company" => PriceTarget::Company(*target),
                            _ => PriceTarget::Everyone,
                        })
                        .collect(),
                    entries: entries
                        .iter()
                        .filter(|e| e.price_list_id == l.id)
                        .map(|e| {
                            let price = match (e.kind.as_str(), e.amount_micros, &e.percent) {
                                ("fixed", Some(micros), _) => EntryPrice::Fixed {
                                    unit_price: UnitPrice::from_micros(micros, currency.clone())?,
                                    tiers: list_tiers
                                        .remove(&(l.id, e.variant_id))
                                        .unwrap_or_default(),
                                },
                                ("percent_off", _, Some(p)) => EntryPrice::PercentOff {
                                    percent: p.parse::<Decimal>().map_err(|_| {
                                        EngineError::Conflict("stored percent is invalid".into())
                                    })?,
                                },
                                _ => {
                                    return Err(EngineError::Conflict(
                                        "stored price list entry is incomplete".into(),
                                    ));
                                }
                            };
                            Ok(PriceListEntry {
                                variant_id: e.variant_id,
                                price,
                            })
                        })
                        .collect::<EngineResult<_>>()?,
                })
            })
            .collect()
    }

    /// Prices `quantity` units of the variant with `sku` for the shopper, with the explanation.
    pub async fn quote(
        &self,
        shopper: &Shopper,
        sku: &domain::Sku,
        quantity: Quantity,
    ) -> EngineResult<PriceQuote> {
        self.price_ladder(shopper, sku, &[quantity])
            .await?
            .pop()
            .ok_or_else(|| EngineError::not_found("variant", sku.as_str()))?
    }

    /// Prices `sku` at each of `quantities` for the shopper with one load of its prices, as [`Engine::quote`] and
    /// the cart do: a quantity ladder, or a check of what a page shipped. Each quantity is priced or refused (a
    /// quantity the variant's rules do not allow) on its own.
    pub async fn price_ladder(
        &self,
        shopper: &Shopper,
        sku: &domain::Sku,
        quantities: &[Quantity],
    ) -> EngineResult<Vec<EngineResult<PriceQuote>>> {
        if !shopper.sees_prices() {
            return Err(EngineError::forbidden("Sign in to see prices."));
        }
        let id: Option<(i64,)> = sqlx::query_as(&format!(
            "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1 AND {}",
            crate::products::SHOWN
        ))
        .bind(sku.as_str())
        .fetch_optional(&self.db.pool)
        .await?;
        let (id,) = id.ok_or_else(|| EngineError::not_found("variant", sku.as_str()))?;
        let set = self.pricing_for_variants(shopper, &[id]).await?;
        let meta = self.meta().await?;
        Ok(quantities
            .iter()
            .map(|&quantity| {
                set.quote(&meta.tax, shopper, id, quantity)?
                    .ok_or_else(|| EngineError::not_found("variant", sku.as_str()))
            })
            .collect())
    }
}
