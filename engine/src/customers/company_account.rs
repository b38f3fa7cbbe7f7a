//! A company's own page in the back office: who buys for it and in which role, its address book, what it owes on
//! account against its credit limit, and what it has bought; and inviting a person into it (its first admin of a
//! company staff created, or one more).

use domain::{DomainError, Email, Role};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    Engine, EngineResult,
    audit_log::{self, Change},
    now_ms,
    settings::{CompanyOverview, require_customers_write},
    staff::Actor,
};

/// A person who buys for a company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyPerson {
    /// Sign-in address.
    pub email: String,
    /// Name.
    pub name: String,
    /// `admin`, `buyer` or `viewer`.
    pub role: String,
    /// Whether staff disabled them: they cannot sign in.
    pub disabled: bool,
}

/// An address of a company's book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyAddress {
    /// `billing` or `shipping`.
    pub kind: String,
    /// Recipient.
    pub name: String,
    /// Company line.
    pub company: String,
    /// Street.
    pub line1: String,
    /// More of the street.
    pub line2: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO country code.
    pub country: String,
    /// Phone.
    pub phone: String,
}

/// What a company has bought in one currency: orders not cancelled, net of tax and shipping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanySpend {
    /// ISO currency code.
    pub currency: String,
    /// Orders placed and not cancelled.
    pub orders: i64,
    /// Their goods, net, ever (a decimal string).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub net_total: Decimal,
    /// Their goods, net, in the last 365 days.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub net_last_365_days: Decimal,
}

/// A company with its people, addresses, balance and spend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyAccount {
    /// Its terms, price lists and status.
    pub company: CompanyOverview,
    /// Its people by email.
    pub people: Vec<CompanyPerson>,
    /// Its address book, billing first.
    pub addresses: Vec<CompanyAddress>,
    /// The shop's base currency, in which the balance and the credit limit are kept.
    pub currency: String,
    /// Unpaid orders on account, not cancelled: what the credit limit is checked against at checkout.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub open_balance: Decimal,
    /// What is left of the credit limit (never below 0); none without a limit.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub credit_available: Option<Decimal>,
    /// What it has bought, per currency.
    pub spend: Vec<CompanySpend>,
}

/// The open balance on account of `company` in `currency`, in micros: its unpaid, uncancelled orders on account.
/// The credit check at checkout and the company's page read the same sum.
pub(crate) async fn open_balance_micros<'e, E>(
    executor: E,
    company: i64,
    currency: &str,
) -> EngineResult<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (open,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(total_micros - paid_micros), 0) AS BIGINT) FROM orders
         WHERE company_id = $1 AND payment_method = 'invoice' AND payment_status = 'unpaid'
           AND status NOT IN ('cancelled', 'declined') AND currency = $2",
    )
    .bind(company)
    .bind(currency)
    .fetch_one(executor)
    .await?;
    Ok(open)
}

fn micros(m: i64) -> Decimal {
    Decimal::new(m, 6).normalize()
}

const YEAR_MS: i64 = 365 * 24 * 60 * 60 * 1000;

type AddressRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

impl Engine {
    /// One company's page; needs `customers:read` (a key bound to another company finds nothing).
    pub async fn company_account(&self, by: &Actor, code: &str) -> EngineResult<CompanyAccount> {
        let company = self.company_overview(by, code).await?;
        let pool = &self.db.pool;
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM companies WHERE code = $1")
            .bind(&company.terms.code)
            .fetch_one(pool)
            .await?;
        let people: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT c.email, c.name, m.role, c.disabled_at FROM company_members m
             JOIN customers c ON c.id = m.customer_id WHERE m.company_id = $1 ORDER BY c.email",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let addresses: Vec<AddressRow> = sqlx::query_as(
            "SELECT kind, name, company, line1, line2, postal_code, city, country, phone FROM addresses
             WHERE company_id = $1 ORDER BY kind, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let spend: Vec<(String, i64, i64, i64)> = sqlx::query_as(
            "SELECT currency, COUNT(*), CAST(SUM(subtotal_net_micros) AS BIGINT),
                    CAST(SUM(CASE WHEN created_at >= $2 THEN subtotal_net_micros ELSE 0 END) AS BIGINT)
             FROM orders WHERE company_id = $1 AND status NOT IN ('cancelled', 'declined') GROUP BY currency ORDER BY currency",
        )
        .bind(id)
        .bind(now_ms() - YEAR_MS)
        .fetch_all(pool)
        .await?;
        let currency = self.config.currency.code().to_owned();
        let open = micros(open_balance_micros(pool, id, &currency).await?);
        let credit_available = company
            .terms
            .credit_limit
            .map(|limit| (limit - open).max(Decimal::ZERO).normalize());
        Ok(CompanyAccount {
            company,
            people: people
                .into_iter()
                .map(|(email, name, role, disabled)| CompanyPerson {
                    email,
                    name,
                    role,
                    disabled: disabled.is_some(),
                })
                .collect(),
            addresses: addresses
                .into_iter()
                .map(
                    |(kind, name, company, line1, line2, postal_code, city, country, phone)| {
                        CompanyAddress {
                            kind,
                            name,
                            company,
                            line1,
                            line2,
                            postal_code,
                            city,
                            country,
                            phone,
                        }
                    },
                )
                .collect(),
            currency,
            open_balance: open,
            credit_available,
            spend: spend
                .into_iter()
                .map(|(currency, orders, total, year)| CompanySpend {
                    currency,
                    orders,
                    net_total: micros(total),
                    net_last_365_days: micros(year),
                })
                .collect(),
        })
    }

    /// Adds the person with `email` to the company `code` in `role`; needs `customers:write` and a caller not bound
    /// to a company. Someone new gets an account with no usable password and an email with a link to `reset_url`
    /// to choose one; someone who already has an account (they buy for another company too) is added as they are.
    /// Answers the person as added.
    pub async fn add_company_person(
        &self,
        by: &Actor,
        code: &str,
        email: &str,
        name: &str,
        role: Role,
        reset_url: &str,
    ) -> EngineResult<CompanyPerson> {
        require_customers_write(by)?;
        let email = Email::parse(email)?;
        let company = self.company_overview(by, code).await?;
        let code = company.terms.code;
        let name = crate::accounts::checked_name(name)?.to_owned();
        let unusable = domain::Password::parse(&crate::accounts::new_secret())?;
        let hash = self.hash(&unusable).await?;
        let mut tx = self.db.begin_write().await?;
        let (company_id,): (i64,) = sqlx::query_as("SELECT id FROM companies WHERE code = $1")
            .bind(&code)
            .fetch_one(&mut **tx)
            .await?;
        let known: Option<(i64, String, Option<i64>)> =
            sqlx::query_as("SELECT id, name, disabled_at FROM customers WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&mut **tx)
                .await?;
        let now = now_ms();
        let (customer_id, name, disabled, new) = match known {
            Some((id, known_name, disabled)) => (id, known_name, disabled.is_some(), false),
            None => {
                let id =
                    crate::accounts::insert_customer(&mut tx, &email, &name, &hash, now).await?;
                (id, name, false, true)
            }
        };
        let member: Option<(String,)> = sqlx::query_as(
            "SELECT role FROM company_members WHERE company_id = $1 AND customer_id = $2",
        )
        .bind(company_id)
        .bind(customer_id)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some((role,)) = member {
            return Err(DomainError::new(
                "email",
                format!("already buys for this company, as {role}"),
            )
            .into());
        }
        crate::company::add_member(&mut tx, company_id, customer_id, role, now).await?;
        let change = Change::new(
            "person",
            None,
            Some(format!("{} ({})", email.as_str(), role.as_str())),
        );
        audit_log::record(
            &mut tx,
            by,
            "company.person_added",
            ("company", &code),
            &[change],
        )
        .await?;
        tx.commit().await?;
        if new {
            self.email_reset_link(&email, reset_url).await?;
        }
        Ok(CompanyPerson {
            email: email.as_str().to_owned(),
            name,
            role: role.as_str().to_owned(),
            disabled,
        })
    }
}
