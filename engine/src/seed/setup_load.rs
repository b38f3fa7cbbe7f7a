//! Writes a [`SeedSetup`] inside the seed's transaction through the writers the engine's operations use. Products,
//! with everything they carry, go through the exchange format's writers (`crate::exchange::ProductRows`).

use sqlx::{Any, Transaction};

use domain::DomainError;

use super::{SeedEntry, SeedSetup};
use crate::{
    EngineResult,
    exchange::{PriceListSetup, write_price_list},
    settings::{
        AttributeOption, AttributeRecord, ChannelRecord, CompanyTerms, CustomerGroupRecord,
        ProductTypeRecord, TaxRateRecord, write_attribute, write_channel, write_company,
        write_customer_group, write_product_type, write_tax_rate,
    },
};

type Tx<'a, 'b> = &'a mut Transaction<'b, Any>;

/// What has to exist before products: tax rates, attributes, product types, customer groups and companies.
pub(crate) async fn write_definitions(tx: Tx<'_, '_>, setup: &SeedSetup) -> EngineResult<()> {
    for (class, country, rate) in &setup.tax_rates {
        let rate = TaxRateRecord {
            tax_class: class.clone(),
            country: country.clone(),
            rate_percent: rate.parse().map_err(|_| {
                DomainError::new("rate_percent", format!("`{rate}` is not a number"))
            })?,
            valid_from_ms: None,
        }
        .validated()?;
        write_tax_rate(tx, &rate).await?;
    }
    for a in &setup.attributes {
        let record = AttributeRecord {
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind.clone(),
            unit: a.unit.clone(),
            filterable: a.filterable,
            names: a.names.iter().cloned().collect(),
            options: a
                .options
                .iter()
                .map(|(value, label)| AttributeOption {
                    value: value.clone(),
                    label: label.clone(),
                    labels: a
                        .labels
                        .iter()
                        .filter(|(key, _, _)| key == value)
                        .map(|(_, locale, label)| (locale.clone(), label.clone()))
                        .collect(),
                })
                .collect(),
        };
        write_attribute(tx, &record.validated()?).await?;
    }
    for t in &setup.product_types {
        let record = ProductTypeRecord {
            code: t.code.clone(),
            name: t.name.clone(),
            attributes: t.attributes.clone(),
        };
        write_product_type(tx, &record.validated()?).await?;
    }
    for (code, name) in &setup.customer_groups {
        let group = CustomerGroupRecord {
            code: code.clone(),
            name: name.clone(),
        };
        write_customer_group(tx, &group.validated()?).await?;
    }
    for c in &setup.companies {
        // Seeded companies may buy on account, with a credit limit (1,000,000 in the base currency) far above
        // what a demo or a benchmark spends.
        let company = CompanyTerms {
            code: c.code.clone(),
            name: c.name.clone(),
            country: c.country.clone(),
            vat_id: c.vat_id.clone().unwrap_or_default(),
            customer_group: c.group.clone().unwrap_or_default(),
            payment_terms_days: None,
            invoice_approved: true,
            credit_limit: Some(rust_decimal::Decimal::from(1_000_000)),
        };
        write_company(tx, &company.validated()?, 30).await?;
    }
    Ok(())
}

/// What refers to categories and variants: channels with their assortments, and price lists.
pub(crate) async fn write_channels_and_lists(
    tx: Tx<'_, '_>,
    setup: &SeedSetup,
) -> EngineResult<()> {
    for c in &setup.channels {
        let record = ChannelRecord {
            code: c.code.clone(),
            name: c.name.clone(),
            currency: c.currency.clone(),
            locales: c.locales.clone(),
            country: c.country.clone(),
            prices_include_tax: c.prices_include_tax,
            prices_public: c.prices_public,
            hosts: c.hosts.clone(),
        }
        .validated()?;
        let id = write_channel(tx, &record).await?;
        for slug in &c.assortment {
            sqlx::query(
                "INSERT INTO channel_categories (channel_id, category_id) SELECT $1, id FROM categories WHERE slug = $2",
            )
            .bind(id)
            .bind(slug)
            .execute(&mut **tx)
            .await?;
        }
    }
    for l in &setup.price_lists {
        let list = PriceListSetup {
            code: l.code.clone(),
            name: l.name.clone(),
            currency: l.currency.clone(),
            priority: l.priority,
            valid_from_ms: l.valid.0,
            valid_until_ms: l.valid.1,
            targets: l
                .targets
                .iter()
                .map(|(kind, code)| match kind.as_str() {
                    "everyone" => kind.clone(),
                    _ => format!("{kind}:{code}"),
                })
                .collect(),
        };
        let (id, _, _) = write_price_list(tx, &list).await?;
        for (sku, entry) in &l.entries {
            let (kind, micros, percent) = match entry {
                SeedEntry::Fixed(m, _) => ("fixed", Some(*m), None),
                SeedEntry::PercentOff(p) => ("percent_off", None, Some(p.clone())),
            };
            sqlx::query(
                "INSERT INTO price_list_entries (price_list_id, variant_id, kind, amount_micros, percent)
                 SELECT $1, id, $2, $3, $4 FROM variants WHERE sku = $5",
            )
            .bind(id)
            .bind(kind)
            .bind(micros)
            .bind(percent)
            .bind(sku)
            .execute(&mut **tx)
            .await?;
            if let SeedEntry::Fixed(_, tiers) = entry {
                for (min, micros) in tiers {
                    sqlx::query(
                        "INSERT INTO price_list_tiers (price_list_id, variant_id, min_quantity, amount_micros)
                         SELECT $1, id, $2, $3 FROM variants WHERE sku = $4",
                    )
                    .bind(id)
                    .bind(i64::from(*min))
                    .bind(micros)
                    .bind(sku)
                    .execute(&mut **tx)
                    .await?;
                }
            }
        }
    }
    Ok(())
}
