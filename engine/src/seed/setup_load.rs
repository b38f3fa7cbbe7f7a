//! Writes a [`SeedSetup`] inside the seed's transaction through the writers the engine's operations use. Products,
//! with everything they carry, go through the exchange format's writers (`crate::exchange::ProductRows`).

use sqlx::{Any, Transaction};

use domain::DomainError;

use super::{SeedEntry, SeedSetup};
use crate::{
    EngineResult,
    exchange::{EntryValue, PriceListSetup, write_price_entry, write_price_list},
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
            assortment: Some(c.assortment.clone()),
        }
        .validated()?;
        write_channel(tx, &record).await?;
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
            // A set-up seeded without its products has no prices to set.
            let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM variants WHERE sku = $1")
                .bind(sku)
                .fetch_optional(&mut **tx)
                .await?;
            let Some((variant_id,)) = found else { continue };
            let (value, tiers): (EntryValue, Vec<(i64, i64)>) = match entry {
                SeedEntry::Fixed(m, tiers) => (
                    (Some(*m), None),
                    tiers.iter().map(|(min, m)| (i64::from(*min), *m)).collect(),
                ),
                SeedEntry::PercentOff(p) => ((None, Some(p.clone())), Vec::new()),
            };
            write_price_entry(tx, id, variant_id, Some(&value), &tiers).await?;
        }
    }
    Ok(())
}
