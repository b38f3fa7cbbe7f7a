//! What an ERP keeps and sends besides products: contract prices (a variant's price in a price list) and the
//! companies and people who buy. Each record is checked on its own and reported by line; the good ones of a batch
//! are written in one transaction.

use std::collections::HashMap;

use domain::{DomainError, Email, Role};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{TierRecord, write::micros};
use crate::{Actor, Engine, EngineError, EngineResult, now_ms, refresh::record_changes};

/// A variant's price in a price list. Exactly one of `price` and `percent_off`, unless `remove`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceListRecord {
    /// The price list's code; the list must exist (lists and their targets are shop set-up).
    pub price_list: String,
    /// The variant's SKU.
    pub sku: String,
    /// A fixed net unit price in the list's currency, as a decimal string; more than 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Decimal>,
    /// A discount off the base price in percent (`12.5`), instead of a fixed price; more than 0 and less than 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_off: Option<Decimal>,
    /// Volume breaks on a fixed price, by rising quantity, each cheaper than the one below and more than 0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<TierRecord>,
    /// Takes the variant out of the list instead.
    #[serde(default)]
    pub remove: bool,
}

/// A person who buys for a company, with the company; both are created when new and updated when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerRecord {
    /// The company's code (the ERP's customer number).
    pub company: String,
    /// The company's name; required when the company is new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// The company's ISO 3166 country; required when the company is new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The person's email address: the key.
    pub email: String,
    /// The person's name.
    pub name: String,
    /// `admin`, `buyer` or `viewer`.
    pub role: String,
    /// Whether the company may buy on account (invoice); left out, it stays as it is (a new company: no).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_approved: Option<bool>,
    /// The company's credit limit for orders on account, in the shop's base currency, as a decimal string: its
    /// unpaid orders on account may not add up to more. Left out, it stays as it is (a new company: none, so an
    /// approved company without a limit buys on account without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<Decimal>,
    /// The company's EU VAT number (`DE123456789`), checked for its format: with one of another member state
    /// than the shop's, deliveries there are reverse charged. Left out, it stays as it is; empty, it is removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_id: Option<String>,
}

/// The outcome of one line: `Ok` with the record's key, or the reason it was not written.
pub type LineOutcome = (usize, Result<String, String>);

struct ValidPrice {
    line: usize,
    list_id: i64,
    list_code: String,
    variant_id: i64,
    product_id: i64,
    entry: Option<(Option<i64>, Option<String>)>,
    tiers: Vec<(i64, i64)>,
    sku: String,
}

impl Engine {
    /// Upserts contract prices; one transaction for the good records, with an audit entry per price list
    /// touched. Needs `catalog:write` and a caller not bound to a company.
    pub async fn upsert_price_list_entries(
        &self,
        actor: &Actor,
        records: Vec<(usize, Result<PriceListRecord, DomainError>)>,
    ) -> EngineResult<Vec<LineOutcome>> {
        super::setup::require_shop_catalog(actor)?;
        let lists: HashMap<String, (i64, String)> = sqlx::query_as::<_, (String, i64, String)>(
            "SELECT code, id, currency FROM price_lists",
        )
        .fetch_all(&self.db.pool)
        .await?
        .into_iter()
        .map(|(code, id, currency)| (code, (id, currency)))
        .collect();
        let mut outcomes = Vec::with_capacity(records.len());
        let mut valid = Vec::new();
        for (line, record) in records {
            match self.check_price(record, &lists).await {
                Ok(v) => valid.push(ValidPrice { line, ..v }),
                Err(EngineError::Domain(e)) => outcomes.push((line, Err(e.to_string()))),
                Err(EngineError::NotFound { .. }) => {
                    outcomes.push((line, Err("the SKU or price list does not exist".into())))
                }
                Err(other) => return Err(other),
            }
        }
        if valid.is_empty() {
            return Ok(outcomes);
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        let mut products = Vec::with_capacity(valid.len());
        for v in &valid {
            write_price_entry(&mut tx, v.list_id, v.variant_id, v.entry.as_ref(), &v.tiers).await?;
            sqlx::query("UPDATE price_lists SET updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(v.list_id)
                .execute(&mut **tx)
                .await?;
            products.push(v.product_id);
            let payload = serde_json::json!({ "price_list": v.list_code, "sku": v.sku, "removed": v.entry.is_none() })
                .to_string();
            crate::events::record(
                &mut tx,
                "price.changed",
                &format!("variant:{}", v.sku),
                None,
                &payload,
                now,
            );
        }
        let mut per_list: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
        for v in &valid {
            let counts = per_list.entry(v.list_code.as_str()).or_default();
            if v.entry.is_some() {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }
        }
        for (list, (set, removed)) in per_list {
            let summary = format!("{set} set, {removed} removed");
            let change = crate::audit_log::Change::new("entries", None, Some(summary));
            crate::audit_log::record(
                &mut tx,
                actor,
                "price_list.entries_changed",
                ("price_list", list),
                &[change],
            )
            .await?;
        }
        products.sort_unstable();
        products.dedup();
        record_changes(&mut tx, &products).await?;
        tx.commit().await?;
        // This process serves the new prices from the next request on; the others within a refresh interval.
        self.refresh().await?;
        outcomes.extend(valid.into_iter().map(|v| (v.line, Ok(v.sku))));
        outcomes.sort_by_key(|(line, _)| *line);
        Ok(outcomes)
    }

    async fn check_price(
        &self,
        record: Result<PriceListRecord, DomainError>,
        lists: &HashMap<String, (i64, String)>,
    ) -> EngineResult<ValidPrice> {
        let r = record?;
        let (list_id, currency) = lists.get(r.price_list.trim()).ok_or_else(|| {
            DomainError::new("price_list", format!("no price list `{}`", r.price_list))
        })?;
        let sku = domain::Sku::parse(&r.sku)?;
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT id, product_id FROM variants WHERE sku = $1")
                .bind(sku.as_str())
                .fetch_optional(&self.db.pool)
                .await?;
        let (variant_id, product_id) =
            row.ok_or_else(|| DomainError::new("sku", format!("no variant `{sku}`")))?;
        let entry = if r.remove {
            None
        } else {
            match (r.price, r.percent_off) {
                (Some(price), None) => {
                    let amount = micros(price, currency)?;
                    // A contract price of 0 gives the goods away to a whole company; that is never what an
                    // ERP means to send (a free variant is free for everyone, and needs no contract price).
                    if amount == 0 {
                        return Err(DomainError::new(
                            "price",
                            "must be more than 0; to stop a contract price, send remove",
                        )
                        .into());
                    }
                    Some((Some(amount), None))
                }
                (None, Some(percent)) => {
                    // 100 % off or more would give the goods away (or pay the buyer); 0 % or less is no discount.
                    if percent <= Decimal::ZERO || percent >= Decimal::ONE_HUNDRED {
                        return Err(DomainError::new(
                            "percent_off",
                            "must be more than 0 and less than 100",
                        )
                        .into());
                    }
                    if !r.tiers.is_empty() {
                        return Err(DomainError::new("tiers", "apply to a fixed price only").into());
                    }
                    Some((None, Some(percent.normalize().to_string())))
                }
                _ => {
                    return Err(
                        DomainError::new("price", "give either price or percent_off").into(),
                    );
                }
            }
        };
        let mut tiers = Vec::with_capacity(r.tiers.len());
        // The price the next break must undercut: the fixed price, then each break. A removal has none, and its
        // breaks are not written.
        let mut last = (1_i64, entry.as_ref().and_then(|(a, _)| *a));
        for t in &r.tiers {
            let amount = micros(t.price, currency)?;
            let min = i64::from(t.min_quantity);
            if amount == 0 {
                return Err(DomainError::new(
                    "tiers",
                    format!("the price from {min} must be more than 0"),
                )
                .into());
            }
            if min <= last.0 || last.1.is_some_and(|previous| amount >= previous) {
                return Err(DomainError::new(
                    "tiers",
                    "must rise in quantity from 2 and fall in price below the price before",
                )
                .into());
            }
            tiers.push((min, amount));
            last = (min, Some(amount));
        }
        Ok(ValidPrice {
            line: 0,
            list_id: *list_id,
            list_code: r.price_list.trim().to_owned(),
            variant_id,
            product_id,
            entry,
            tiers,
            sku: sku.to_string(),
        })
    }

    /// Upserts companies and their people; one transaction for the good records, with an audit entry per line
    /// written. Needs `customers:write` and a caller not bound to a company. A new company starts with the shop's
    /// default payment terms. A new person gets no password: they choose one through "forgot password" (or an
    /// admin's invitation), so no password travels from the ERP.
    pub async fn upsert_customers(
        &self,
        actor: &Actor,
        records: Vec<(usize, Result<CustomerRecord, DomainError>)>,
    ) -> EngineResult<Vec<LineOutcome>> {
        crate::settings::require_customers_write(actor)?;
        let default_terms = self.payment_settings().await?.default_terms_days;
        let mut outcomes = Vec::with_capacity(records.len());
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        for (line, record) in records {
            let record = match record.and_then(check_customer) {
                Ok(r) => r,
                Err(e) => {
                    outcomes.push((line, Err(e.to_string())));
                    continue;
                }
            };
            let (r, email, role) = record;
            // Both lookups come before any write, so a refused line changes nothing.
            let known: Option<CompanyRow> = sqlx::query_as(
                "SELECT id, name, country, invoice_approved, credit_limit_micros, vat_id FROM companies WHERE code = $1",
            )
            .bind(&r.company)
            .fetch_optional(&mut **tx)
            .await?;
            let company = known.as_ref().map(|k| (k.0,));
            // The person, with their membership of this company if they have one: a person already in another
            // company (or buying privately) becomes a member of this one too.
            let person: Option<(i64, Option<i64>, String, String)> = sqlx::query_as(
                "SELECT c.id, m.company_id, c.name, COALESCE(m.role, '') FROM customers c
                 LEFT JOIN company_members m ON m.customer_id = c.id AND m.company_id = $2
                 WHERE c.email = $1",
            )
            .bind(email.as_str())
            .bind(company.map_or(0, |(id,)| id))
            .fetch_optional(&mut **tx)
            .await?;
            let existing = person.as_ref().map(|p| (p.0, p.1.is_some()));
            if company.is_none() && (r.company_name.is_none() || r.country.is_none()) {
                outcomes.push((
                    line,
                    Err("company_name and country are required for a new company".to_owned()),
                ));
                continue;
            }
            let credit_limit = match r.credit_limit {
                Some(limit) if limit < Decimal::ZERO => {
                    outcomes.push((line, Err("credit_limit: must not be negative".to_owned())));
                    continue;
                }
                Some(limit) => match crate::orders::amount_micros("credit_limit", limit) {
                    Ok(m) => Some(m),
                    Err(e) => {
                        outcomes.push((line, Err(e.to_string())));
                        continue;
                    }
                },
                None => None,
            };
            let company_id = match company {
                Some((id,)) => {
                    sqlx::query(
                        "UPDATE companies SET name = COALESCE($1, name), country = COALESCE($2, country) WHERE id = $3",
                    )
                    .bind(r.company_name.clone())
                    .bind(r.country.clone())
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                    id
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO companies (code, name, country, created_at, payment_terms_days)
                         VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(&r.company)
                    .bind(r.company_name.clone())
                    .bind(r.country.clone())
                    .bind(now)
                    .bind(i64::from(default_terms))
                    .fetch_one(&mut **tx)
                    .await?;
                    id
                }
            };
            if let Some(approved) = r.invoice_approved {
                sqlx::query("UPDATE companies SET invoice_approved = $1 WHERE id = $2")
                    .bind(i64::from(approved))
                    .bind(company_id)
                    .execute(&mut **tx)
                    .await?;
            }
            if let Some(vat_id) = &r.vat_id {
                sqlx::query("UPDATE companies SET vat_id = $1 WHERE id = $2")
                    .bind(Some(vat_id.as_str()).filter(|v| !v.is_empty()))
                    .bind(company_id)
                    .execute(&mut **tx)
                    .await?;
            }
            if let Some(limit) = credit_limit {
                sqlx::query("UPDATE companies SET credit_limit_micros = $1 WHERE id = $2")
                    .bind(limit)
                    .bind(company_id)
                    .execute(&mut **tx)
                    .await?;
            }
            let (customer_id, member) = match existing {
                Some((id, member)) => {
                    sqlx::query("UPDATE customers SET name = $1, updated_at = $2 WHERE id = $3")
                        .bind(r.name.trim())
                        .bind(now)
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                    (id, member)
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO customers (email, name, password_hash, created_at, updated_at)
                         VALUES ($1, $2, '!', $3, $3) RETURNING id",
                    )
                    .bind(email.as_str())
                    .bind(r.name.trim())
                    .bind(now)
                    .fetch_one(&mut **tx)
                    .await?;
                    (id, false)
                }
            };
            if member {
                sqlx::query(
                    "UPDATE company_members SET role = $1 WHERE company_id = $2 AND customer_id = $3",
                )
                .bind(role.as_str())
                .bind(company_id)
                .bind(customer_id)
                .execute(&mut **tx)
                .await?;
            } else {
                crate::company::add_member(&mut tx, company_id, customer_id, role, now).await?;
            }
            let payload = serde_json::json!({ "email": email.as_str(), "company": r.company, "role": role.as_str() })
                .to_string();
            let changes = customer_changes(&r, role.as_str(), known.as_ref(), person.as_ref());
            if !changes.is_empty() {
                crate::audit_log::record(
                    &mut tx,
                    actor,
                    if person.is_some() {
                        "customer.changed"
                    } else {
                        "customer.created"
                    },
                    ("customer", email.as_str()),
                    &changes,
                )
                .await?;
            }
            crate::events::record(
                &mut tx,
                "customer.upserted",
                &format!("customer:{}", email.as_str()),
                Some(company_id),
                &payload,
                now,
            );
            outcomes.push((line, Ok(email.as_str().to_owned())));
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}

/// A known company as a customer upload compares it: id, name, country, invoice approval, credit limit, VAT number.
type CompanyRow = (i64, String, String, i64, Option<i64>, Option<String>);

/// What a customer line changed, for the audit trail: the person's fields, and the company's that the line names.
fn customer_changes(
    r: &CustomerRecord,
    role: &str,
    company: Option<&CompanyRow>,
    person: Option<&(i64, Option<i64>, String, String)>,
) -> Vec<crate::audit_log::Change> {
    let limit = |m: Option<i64>| m.map(|m| Decimal::new(m, 6).normalize().to_string());
    let mut before = Vec::new();
    let mut after = Vec::new();
    if let Some((_, _, name, role)) = person {
        before.extend([("name", name.clone()), ("role", role.clone())]);
    }
    if let Some((_, name, country, approved, credit, vat)) = company {
        before.extend([
            ("company", r.company.clone()),
            ("company_name", name.clone()),
            ("country", country.clone()),
            ("invoice_approved", (*approved != 0).to_string()),
            ("credit_limit", limit(*credit).unwrap_or_default()),
            ("vat_id", vat.clone().unwrap_or_default()),
        ]);
    }
    after.extend([
        ("name", r.name.trim().to_owned()),
        ("role", role.to_owned()),
        ("company", r.company.clone()),
    ]);
    let given = [
        ("company_name", r.company_name.clone()),
        ("country", r.country.clone()),
        (
            "invoice_approved",
            r.invoice_approved.map(|a| a.to_string()),
        ),
        (
            "credit_limit",
            r.credit_limit.map(|l| l.normalize().to_string()),
        ),
        ("vat_id", r.vat_id.clone()),
    ];
    after.extend(given.into_iter().filter_map(|(f, v)| Some((f, v?))));
    let before = (person.is_some() || company.is_some()).then_some(before.as_slice());
    crate::settings::changes(before, &after)
}

fn check_customer(mut r: CustomerRecord) -> Result<(CustomerRecord, Email, Role), DomainError> {
    let email = Email::parse(&r.email)?;
    let role = Role::parse(&r.role)?;
    let name = r.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(DomainError::new("name", "must be 1 to 200 characters"));
    }
    let code = r.company.trim();
    if code.is_empty() || code.len() > 64 {
        return Err(DomainError::new("company", "must be 1 to 64 characters"));
    }
    if let Some(country) = &r.country
        && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Err(DomainError::new(
            "country",
            "must be an ISO 3166 code like DE",
        ));
    }
    if let Some(vat_id) = &r.vat_id {
        r.vat_id = Some(match vat_id.trim() {
            "" => String::new(),
            text => domain::VatId::parse(text)?.as_str().to_owned(),
        });
    }
    Ok((r, email, role))
}

impl Engine {
    /// People of companies as [`CustomerRecord`]s, by company and email: every company's, or only the company
    /// with code `code`; a key bound to a company reads its own only. Needs `customers:read`.
    pub async fn customer_records(
        &self,
        by: &Actor,
        code: Option<&str>,
    ) -> EngineResult<Vec<CustomerRecord>> {
        by.require(crate::Scope::CustomersRead)?;
        let only = by.company();
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            i64,
            Option<i64>,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT co.code, co.name, co.country, c.email, c.name, m.role, co.invoice_approved,
                    co.credit_limit_micros, co.vat_id FROM company_members m
             JOIN customers c ON c.id = m.customer_id JOIN companies co ON co.id = m.company_id
             WHERE ($1 = 0 OR co.id = $1) AND ($2 = '' OR co.code = $2)
             ORDER BY co.code, c.email LIMIT 10000",
        )
        .bind(only.unwrap_or(0))
        .bind(code.unwrap_or(""))
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(company, company_name, country, email, name, role, approved, limit, vat_id)| {
                    CustomerRecord {
                        company,
                        company_name: Some(company_name),
                        country: Some(country),
                        email,
                        name,
                        role,
                        invoice_approved: Some(approved != 0),
                        credit_limit: limit.map(|m| Decimal::new(m, 6).normalize()),
                        vat_id,
                    }
                },
            )
            .collect())
    }
}

/// A variant's price in a list, as stored: a fixed amount (micros) or a percentage off.
pub(crate) type EntryValue = (Option<i64>, Option<String>);

/// Replaces the entry of `variant_id` in price list `list_id` with `entry` and its volume breaks `tiers`
/// (minimum quantity, amount in micros), or removes it when `entry` is `None`: the one writer of price list
/// entries, shared by the upload, the back office's prices form and the demo seed.
pub(crate) async fn write_price_entry(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    list_id: i64,
    variant_id: i64,
    entry: Option<&EntryValue>,
    tiers: &[(i64, i64)],
) -> EngineResult<()> {
    for table in ["price_list_tiers", "price_list_entries"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE price_list_id = $1 AND variant_id = $2"
        ))
        .bind(list_id)
        .bind(variant_id)
        .execute(&mut **tx)
        .await?;
    }
    let Some((amount, percent)) = entry else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO price_list_entries (price_list_id, variant_id, kind, amount_micros, percent)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(list_id)
    .bind(variant_id)
    .bind(if amount.is_some() {
        "fixed"
    } else {
        "percent_off"
    })
    .bind(*amount)
    .bind(percent.clone())
    .execute(&mut **tx)
    .await?;
    for (min, amount) in tiers {
        sqlx::query(
            "INSERT INTO price_list_tiers (price_list_id, variant_id, min_quantity, amount_micros)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(list_id)
        .bind(variant_id)
        .bind(*min)
        .bind(*amount)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
