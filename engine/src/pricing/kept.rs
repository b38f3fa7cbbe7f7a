//! Pricing inputs kept per catalog version. Adding to a cart, showing it and checking out price the same few
//! variants over and over; reading their prices, tiers and lists takes up to seven queries, while checking that the
//! catalog has not changed since takes one (`catalog_clock`, which every price, list and product write bumps).

use std::sync::Arc;

use domain::{PriceList, VariantPricing};
use quick_cache::sync::Cache;

use super::PricingSet;
use crate::Shopper;

/// Variants kept: every shopper kind's inputs for a large catalog's busy part, a few hundred bytes each.
const CAPACITY: usize = 16_384;

/// Whose inputs an entry holds: lists are chosen by currency, customer group and company, so these decide them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    version: i64,
    currency: String,
    group: i64,
    company: i64,
    variant: i64,
}

impl Key {
    fn new(version: i64, shopper: &Shopper, variant: i64) -> Self {
        Self {
            version,
            currency: shopper.channel.currency.code().to_owned(),
            group: shopper.customer_group.unwrap_or(-1),
            company: shopper.company.unwrap_or(-1),
            variant,
        }
    }
}

/// One variant's inputs for one kind of shopper.
#[derive(Debug)]
pub(crate) struct KeptVariant {
    variant: i64,
    product_id: Option<i64>,
    pricing: Option<VariantPricing>,
    /// The lists with an entry for this variant, holding that entry only.
    lists: Vec<PriceList>,
}

impl KeptVariant {
    /// The part of `set` about `variant`.
    fn of(set: &PricingSet, variant: i64) -> Self {
        Self {
            variant,
            product_id: set.product_of.get(&variant).copied(),
            pricing: set.variants.get(&variant).cloned(),
            lists: set
                .lists
                .iter()
                .filter_map(|l| {
                    let entry = l.entry(variant)?.clone();
                    Some(PriceList {
                        entries: vec![entry],
                        ..l.clone()
                    })
                })
                .collect(),
        }
    }
}

/// Kept inputs by catalog version and shopper kind.
pub(crate) struct KeptPricing {
    entries: Cache<Key, Arc<KeptVariant>>,
}

impl Default for KeptPricing {
    fn default() -> Self {
        Self {
            entries: Cache::new(CAPACITY),
        }
    }
}

impl KeptPricing {
    /// The kept inputs of `variants` at `version`, and the variants not kept.
    pub(crate) fn get(
        &self,
        version: i64,
        shopper: &Shopper,
        variants: &[i64],
    ) -> (Vec<Arc<KeptVariant>>, Vec<i64>) {
        let mut kept = Vec::with_capacity(variants.len());
        let mut missing = Vec::new();
        for &variant in variants {
            match self.entries.get(&Key::new(version, shopper, variant)) {
                Some(entry) => kept.push(entry),
                None => missing.push(variant),
            }
        }
        (kept, missing)
    }

    /// Keeps each of `variants` from `loaded`, read at `version` or later (a newer read under an older key is
    /// only ever fresher than the key says), and returns them.
    pub(crate) fn keep(
        &self,
        version: i64,
        shopper: &Shopper,
        variants: &[i64],
        loaded: &PricingSet,
    ) -> Vec<Arc<KeptVariant>> {
        variants
            .iter()
            .map(|&variant| {
                let entry = Arc::new(KeptVariant::of(loaded, variant));
                self.entries
                    .insert(Key::new(version, shopper, variant), entry.clone());
                entry
            })
            .collect()
    }
}

impl PricingSet {
    /// The set made of kept variants: lists that price several of them are merged back into one.
    pub(crate) fn from_kept(kept: &[Arc<KeptVariant>]) -> Self {
        let mut set = PricingSet {
            variants: Default::default(),
            product_of: Default::default(),
            lists: Vec::new(),
        };
        for entry in kept {
            if let Some(pricing) = &entry.pricing {
                set.variants.insert(pricing.variant_id, pricing.clone());
            }
            if let Some(product) = entry.product_id {
                set.product_of.insert(entry.variant, product);
            }
            for list in &entry.lists {
                match set.lists.iter_mut().find(|l| l.id == list.id) {
                    Some(merged) => merged.entries.extend(list.entries.iter().cloned()),
                    None => set.lists.push(list.clone()),
                }
            }
        }
        set
    }
}
