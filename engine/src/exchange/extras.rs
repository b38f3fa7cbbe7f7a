//! Writing the catalog-model parts of a product: attribute values, translations, volume breaks and base prices
//! in other currencies. Each replaces what is stored when the record carries it (see the field docs on
//! [`ProductRecord`](super::ProductRecord) for which fields keep stored data when left out).

use std::collections::BTreeMap;

use sqlx::{Any, Transaction};

use super::{
    PriceRecord, TierRecord, TranslationRecord,
    write::{ProductRows, micros},
};
use crate::EngineResult;

impl ProductRows<'_> {
    /// Replaces the product's attribute values. Codes are resolved in the insert; validation has refused
    /// unknown ones, and the seed's are defined in the same transaction.
    pub(super) async fn write_attributes(
        &self,
        tx: &mut Transaction<'_, Any>,
        attributes: &BTreeMap<String, String>,
    ) -> EngineResult<()> {
        if self.replace {
            sqlx::query("DELETE FROM product_attribute_values WHERE product_id = $1")
                .bind(self.product_id)
                .execute(&mut **tx)
                .await?;
        }
        for (code, value) in attributes {
            sqlx::query(
                "INSERT INTO product_attribute_values (product_id, attribute_id, value)
                 SELECT $1, id, $2 FROM attributes WHERE code = $3",
            )
            .bind(self.product_id)
            .bind(value)
            .bind(code)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Replaces the product's translations.
    pub(super) async fn write_translations(
        &self,
        tx: &mut Transaction<'_, Any>,
        translations: &BTreeMap<String, TranslationRecord>,
    ) -> EngineResult<()> {
        if self.replace {
            sqlx::query("DELETE FROM product_translations WHERE product_id = $1")
                .bind(self.product_id)
                .execute(&mut **tx)
                .await?;
        }
        for (locale, t) in translations {
            sqlx::query(
                "INSERT INTO product_translations (product_id, locale, slug, name, description)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(self.product_id)
            .bind(locale)
            .bind(&t.slug)
            .bind(&t.name)
            .bind(&t.description)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// The breaks on a variant's main price (`price`, in micro-units): replaced when the record lists them;
    /// otherwise only the breaks the new price no longer undercuts go, so the ladder never climbs.
    pub(super) async fn write_main_tiers(
        &self,
        tx: &mut Transaction<'_, Any>,
        variant_id: i64,
        price: i64,
        tiers: Option<&[TierRecord]>,
    ) -> EngineResult<()> {
        let Some(tiers) = tiers else {
            if self.replace {
                sqlx::query(
                    "DELETE FROM price_tiers WHERE variant_id = $1 AND currency = $2 AND amount_micros >= $3",
                )
                .bind(variant_id)
                .bind(self.currency)
                .bind(price)
                .execute(&mut **tx)
                .await?;
            }
            return Ok(());
        };
        if self.replace {
            sqlx::query("DELETE FROM price_tiers WHERE variant_id = $1 AND currency = $2")
                .bind(variant_id)
                .bind(self.currency)
                .execute(&mut **tx)
                .await?;
        }
        insert_tiers(tx, variant_id, self.currency, tiers).await
    }

    /// Replaces a variant's base prices (and their breaks) in every currency but the main one.
    pub(super) async fn write_other_prices(
        &self,
        tx: &mut Transaction<'_, Any>,
        variant_id: i64,
        prices: &[PriceRecord],
    ) -> EngineResult<()> {
        if self.replace {
            for table in ["price_tiers", "prices"] {
                sqlx::query(&format!(
                    "DELETE FROM {table} WHERE variant_id = $1 AND currency <> $2"
                ))
                .bind(variant_id)
                .bind(self.currency)
                .execute(&mut **tx)
                .await?;
            }
        }
        for p in prices {
            sqlx::query(
                "INSERT INTO prices (variant_id, currency, amount_micros) VALUES ($1, $2, $3)",
            )
            .bind(variant_id)
            .bind(&p.currency)
            .bind(micros(p.price, &p.currency)?)
            .execute(&mut **tx)
            .await?;
            insert_tiers(tx, variant_id, &p.currency, &p.tiers).await?;
        }
        Ok(())
    }
}

async fn insert_tiers(
    tx: &mut Transaction<'_, Any>,
    variant_id: i64,
    currency: &str,
    tiers: &[TierRecord],
) -> EngineResult<()> {
    for t in tiers {
        sqlx::query(
            "INSERT INTO price_tiers (variant_id, currency, min_quantity, amount_micros) VALUES ($1, $2, $3, $4)",
        )
        .bind(variant_id)
        .bind(currency)
        .bind(i64::from(t.min_quantity))
        .bind(micros(t.price, currency)?)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
