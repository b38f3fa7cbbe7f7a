//! Companies as the merchant sets their terms: customer group, payment terms, whether they may buy on account, the
//! credit limit and the VAT number. The people who buy for a company are managed by the company's own admins and
//! by the bulk upload; the price lists that apply to it are set on each list (by company or group).

use domain::{DomainError, VatId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::{country, groups::require_customers_write, text};
use crate::{Actor, Engine, EngineError, EngineResult, Scope, audit_log, now_ms};

/// A company's commercial terms, keyed by its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompanyTerms {
    /// The key: the ERP's customer number (1 to 64 characters).
    pub code: String,
    /// The company's name.
    pub name: String,
    /// ISO 3166 two-letter country code.
    pub country: String,
    /// EU VAT number (`DE123456789`); empty for none. With one of another member state than the shop's,
    /// deliveries there are reverse charged.
    #[serde(default)]
    pub vat_id: String,
    /// The customer group's code; empty for none.
    #[serde(default)]
    pub customer_group: String,
    /// Days to pay an invoice (0 to 365). Left out: a new company gets the shop's default, a known one keeps its
    /// own.
    #[serde(default)]
    pub payment_terms_days: Option<u16>,
    /// Whether the company may buy on account (invoice).
    #[serde(default)]
    pub invoice_approved: bool,
    /// The most its unpaid orders on account may add up to, in the shop's base currency; none for no limit.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub credit_limit: Option<Decimal>,
}

/// A company as the back office lists it: its terms, the price lists that apply to it and how many people buy
/// for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyOverview {
    /// The terms; `payment_terms_days` is always set. Nested, not flattened: the terms refuse unknown fields when
    /// written, and a flattened schema would then refuse this answer's own extra fields.
    pub terms: CompanyTerms,
    /// Codes of the price lists that name the company or its group, by priority.
    pub price_lists: Vec<String>,
    /// People who buy for it.
    pub people: i64,
    /// `active`, or `pending` for a business that registered in the storefront and waits for approval.
    pub status: String,
}

/// One page of companies, by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyPage {
    /// The companies.
    pub data: Vec<CompanyOverview>,
    /// The cursor for the next page (the last code), when there is one.
    pub next: Option<String>,
}

/// Which companies to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyQuery {
    /// Only companies whose code or name contains this text (any case).
    pub search: Option<String>,
    /// Only those after this code: the `next` of the page before.
    pub after: Option<String>,
    /// At most this many (1 to 200; default 50).
    pub limit: Option<u32>,
    /// Only companies in this status (`pending`: waiting for approval).
    pub status: Option<String>,
}

impl CompanyTerms {
    /// The terms checked and trimmed; an error names the field.
    pub fn validated(&self) -> Result<Self, DomainError> {
        let code = self.code.trim();
        if code.is_empty() || code.chars().count() > 64 || code.contains(char::is_whitespace) {
            return Err(DomainError::new(
                "code",
                "must be 1 to 64 characters without spaces",
            ));
        }
        if self.payment_terms_days.is_some_and(|d| d > 365) {
            return Err(DomainError::new("payment_terms_days", "must be 0 to 365"));
        }
        if let Some(limit) = self.credit_limit
            && (limit < Decimal::ZERO
                || limit.normalize().scale() > 6
                || limit > Decimal::from(1_000_000_000_000i64))
        {
            return Err(DomainError::new(
                "credit_limit",
                "must be 0 or more, with at most 6 decimals",
            ));
        }
        let vat_id = match self.vat_id.trim() {
            "" => String::new(),
            text => VatId::parse(text)?.as_str().to_owned(),
        };
        let group = self.customer_group.trim();
        Ok(Self {
            code: code.to_owned(),
            name: text("name", &self.name, 200, true)?,
            country: country("country", &self.country)?,
            vat_id,
            customer_group: if group.is_empty() {
                String::new()
            } else {
                super::code("customer_group", group)?
            },
            payment_terms_days: self.payment_terms_days,
            invoice_approved: self.invoice_approved,
            credit_limit: self.credit_limit.map(|l| l.normalize()),
        })
    }

    fn fields(&self) -> [(&'static str, String); 7] {
        [
            ("name", self.name.clone()),
            ("country", self.country.clone()),
            ("vat_id", self.vat_id.clone()),
            ("customer_group", self.customer_group.clone()),
            (
                "payment_terms_days",
                self.payment_terms_days
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
            ("invoice_approved", self.invoice_approved.to_string()),
            (
                "credit_limit",
                self.credit_limit.map(|l| l.to_string()).unwrap_or_default(),
            ),
        ]
    }
}

/// A company as read: id, code, name, country, VAT number, group's id and code, terms, invoice approval, credit
/// limit, people, status.
type Row = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    i64,
    String,
);

const SELECT: &str =
    "SELECT co.id, co.code, co.name, co.country, co.vat_id, co.customer_group_id, g.code,
                             co.payment_terms_days, co.invoice_approved, co.credit_limit_micros,
                             (SELECT COUNT(*) FROM company_members m WHERE m.company_id = co.id), co.status
                      FROM companies co LEFT JOIN customer_groups g ON g.id = co.customer_group_id";

/// The price lists' targets that name a company or a group, (kind, target id, list code), by the lists' priority.
type Targets = Vec<(String, i64, String)>;

/// The overview of a read company, with the lists among `targets` that reach it.
fn overview_of(row: Row, targets: &Targets) -> CompanyOverview {
    let (id, code, name, country, vat_id, group_id, group, days, approved, limit, people, status) =
        row;
    let mut price_lists: Vec<String> = Vec::new();
    for (kind, target, list) in targets {
        let reaches = match kind.as_str() {
            "company" => *target == id,
            _ => Some(*target) == group_id,
        };
        if reaches && !price_lists.contains(list) {
            price_lists.push(list.clone());
        }
    }
    CompanyOverview {
        price_lists,
        people,
        status,
        terms: CompanyTerms {
            code,
            name,
            country,
            vat_id: vat_id.unwrap_or_default(),
            customer_group: group.unwrap_or_default(),
            payment_terms_days: Some(u16::try_from(days).unwrap_or(30)),
            invoice_approved: approved != 0,
            credit_limit: limit.map(|m| Decimal::new(m, 6).normalize()),
        },
    }
}

/// Creates or changes the (validated) company in `tx`, with `default_terms` when it is new and names none; its id.
/// A group that does not exist is an error naming `customer_group`.
pub(crate) async fn write_company(
    tx: &mut Transaction<'_, Any>,
    company: &CompanyTerms,
    default_terms: u16,
) -> EngineResult<i64> {
    let group = match company.customer_group.as_str() {
        "" => None,
        code => {
            let row: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM customer_groups WHERE code = $1")
                    .bind(code)
                    .fetch_optional(&mut **tx)
                    .await?;
            Some(row.map(|(id,)| id).ok_or_else(|| {
                DomainError::new("customer_group", format!("there is no group `{code}`"))
            })?)
        }
    };
    let limit = company
        .credit_limit
        .map(|l| crate::orders::amount_micros("credit_limit", l))
        .transpose()?;
    let vat_id = (!company.vat_id.is_empty()).then_some(company.vat_id.as_str());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO companies (code, name, country, vat_id, customer_group_id, payment_terms_days, invoice_approved,
                                credit_limit_micros, created_at)
         VALUES ($1, $2, $3, $4, $5, COALESCE($6, $7), $8, $9, $10)
         ON CONFLICT (code) DO UPDATE SET name = $2, country = $3, vat_id = $4, customer_group_id = $5,
             payment_terms_days = COALESCE($6, companies.payment_terms_days), invoice_approved = $8,
             credit_limit_micros = $9
         RETURNING id",
    )
    .bind(&company.code)
    .bind(&company.name)
    .bind(&company.country)
    .bind(vat_id)
    .bind(group)
    .bind(company.payment_terms_days.map(i64::from))
    .bind(i64::from(default_terms))
    .bind(i64::from(company.invoice_approved))
    .bind(limit)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

impl Engine {
    /// A page of companies by code with their terms, price lists and head count; needs `customers:read`. A key
    /// bound to a company sees that company only.
    pub async fn companies(
        &self,
        actor: &Actor,
        query: &CompanyQuery,
    ) -> EngineResult<CompanyPage> {
        actor.require(Scope::CustomersRead)?;
        let limit = i64::from(query.limit.unwrap_or(50).clamp(1, 200));
        let search = query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("%{}%", s.to_lowercase()))
            .unwrap_or_default();
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "{SELECT}
             WHERE ($1 = '' OR co.code > $1) AND ($2 = 0 OR co.id = $2)
               AND ($3 = '' OR LOWER(co.code) LIKE $3 OR LOWER(co.name) LIKE $3)
               AND ($5 = '' OR co.status = $5)
             ORDER BY co.code LIMIT $4"
        ))
        .bind(query.after.as_deref().unwrap_or(""))
        .bind(actor.company().unwrap_or(0))
        .bind(search)
        .bind(limit + 1)
        .bind(query.status.as_deref().unwrap_or("").trim())
        .fetch_all(&self.db.pool)
        .await?;
        let more = rows.len() as i64 > limit;
        let targets = self.company_targets().await?;
        let data: Vec<CompanyOverview> = rows
            .into_iter()
            .take(limit as usize)
            .map(|row| overview_of(row, &targets))
            .collect();
        let next = more
            .then(|| data.last().map(|c| c.terms.code.clone()))
            .flatten();
        Ok(CompanyPage { data, next })
    }

    /// One company by code; needs `customers:read` (a key bound to another company finds nothing).
    pub async fn company_overview(
        &self,
        actor: &Actor,
        code: &str,
    ) -> EngineResult<CompanyOverview> {
        actor.require(Scope::CustomersRead)?;
        let row: Option<Row> = sqlx::query_as(&format!(
            "{SELECT} WHERE co.code = $1 AND ($2 = 0 OR co.id = $2)"
        ))
        .bind(code)
        .bind(actor.company().unwrap_or(0))
        .fetch_optional(&self.db.pool)
        .await?;
        let row = row.ok_or_else(|| EngineError::not_found("company", code))?;
        Ok(overview_of(row, &self.company_targets().await?))
    }

    /// Every price list target naming a company or a group: one query for a whole page of companies, since a
    /// shop has few lists.
    async fn company_targets(&self) -> EngineResult<Targets> {
        Ok(sqlx::query_as(
            "SELECT t.kind, t.target_id, l.code FROM price_lists l JOIN price_list_targets t ON t.price_list_id = l.id
             WHERE t.kind IN ('company', 'customer_group') ORDER BY l.priority DESC, l.code",
        )
        .fetch_all(&self.db.pool)
        .await?)
    }

    /// Creates a company or changes its terms; needs `customers:write` and a caller not bound to a company. The
    /// audit entry lists every changed field; people and price lists are untouched.
    pub async fn save_company_terms(
        &self,
        actor: &Actor,
        company: &CompanyTerms,
    ) -> EngineResult<CompanyOverview> {
        require_customers_write(actor)?;
        let company = company.validated()?;
        let before = match self.company_overview(actor, &company.code).await {
            Ok(known) => Some(known.terms),
            Err(EngineError::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let default_terms = self.payment_settings().await?.default_terms_days;
        let mut after = company.clone();
        after.payment_terms_days = after
            .payment_terms_days
            .or(before.as_ref().and_then(|b| b.payment_terms_days))
            .or(Some(default_terms));
        let before_fields = before.as_ref().map(|b| b.fields());
        let changes = super::changes(
            before_fields.as_ref().map(|b| b.as_slice()),
            &after.fields(),
        );
        let mut tx = self.db.begin_write().await?;
        write_company(&mut tx, &company, default_terms).await?;
        if !changes.is_empty() {
            let action = if before.is_some() {
                "company.changed"
            } else {
                "company.created"
            };
            audit_log::record(&mut tx, actor, action, ("company", &company.code), &changes).await?;
        }
        tx.commit().await?;
        self.company_overview(actor, &company.code).await
    }
}
