//! What a company's admins set: each buyer's order limit and budget, and the company's approval rule. Only the
//! company's admins change them; each buyer reads their own budget and what is left of it.

use domain::{
    Account,
    approval::{BudgetStatus, BuyerLimits, CompanyRules, money_of},
};

use super::{limits_of, rules_of, spent_in};
use crate::{Engine, EngineError, EngineResult, company::require_admin, now_ms};

/// Longest wait for a decision an admin may set, in days.
pub const MAX_APPROVAL_DAYS: u16 = 90;

pub(super) async fn company_rules_in(
    conn: &mut sqlx::AnyConnection,
    company_id: i64,
) -> EngineResult<CompanyRules> {
    let (above, days, budget, period): (Option<i64>, i64, Option<i64>, String) = sqlx::query_as(
        "SELECT approval_above_micros, approval_days, budget_micros, budget_period FROM companies WHERE id = $1",
    )
    .bind(company_id)
    .fetch_one(conn)
    .await?;
    Ok(rules_of(above, days, budget, &period))
}

pub(super) async fn limits_in(
    conn: &mut sqlx::AnyConnection,
    company_id: i64,
    customer_id: i64,
) -> EngineResult<BuyerLimits> {
    let row: Option<(Option<i64>, Option<i64>, String)> = sqlx::query_as(
        "SELECT order_limit_micros, budget_micros, budget_period FROM company_members
         WHERE company_id = $1 AND customer_id = $2",
    )
    .bind(company_id)
    .bind(customer_id)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map_or_else(BuyerLimits::default, |(limit, budget, period)| {
            limits_of(limit, budget, &period)
        }),
    )
}

impl Engine {
    /// The company's rules; its admins only.
    pub async fn company_rules(&self, account: &Account) -> EngineResult<CompanyRules> {
        let company = require_admin(account)?;
        let mut conn = self.db.pool.acquire().await?;
        company_rules_in(&mut conn, company).await
    }

    /// Sets the company's rules (the approval threshold, the company's budget, the days an order waits); its
    /// admins only. Waiting 1 to [`MAX_APPROVAL_DAYS`] days.
    pub async fn set_company_rules(
        &self,
        account: &Account,
        rules: &CompanyRules,
    ) -> EngineResult<()> {
        let company = require_admin(account)?;
        if !(1..=MAX_APPROVAL_DAYS).contains(&rules.approval_days) {
            return Err(domain::DomainError::new(
                "approval_days",
                format!("must be 1 to {MAX_APPROVAL_DAYS} days"),
            )
            .into());
        }
        if rules.approval_above.is_some_and(|a| a < 0) {
            return Err(domain::DomainError::new("approval_above", "must not be negative").into());
        }
        if rules.budget.is_some_and(|b| b < 0) {
            return Err(domain::DomainError::new("company_budget", "must not be negative").into());
        }
        self.db
            .execute(
                sqlx::query(
                    "UPDATE companies SET approval_above_micros = $1, approval_days = $2, budget_micros = $3,
                         budget_period = $4
                     WHERE id = $5",
                )
                .bind(rules.approval_above)
                .bind(i64::from(rules.approval_days))
                .bind(rules.budget)
                .bind(rules.period.as_str())
                .bind(company),
            )
            .await?;
        Ok(())
    }

    /// Sets one person's order limit and budget; the company's admins only. Someone outside the company is
    /// `NotFound`.
    pub async fn set_buyer_limits(
        &self,
        account: &Account,
        customer_id: i64,
        limits: &BuyerLimits,
    ) -> EngineResult<()> {
        let company = require_admin(account)?;
        if limits.order_limit.is_some_and(|l| l < 0) || limits.budget.is_some_and(|b| b < 0) {
            return Err(domain::DomainError::new("budget", "must not be negative").into());
        }
        let changed = self
            .db
            .execute(
                sqlx::query(
                    "UPDATE company_members SET order_limit_micros = $1, budget_micros = $2, budget_period = $3
                     WHERE company_id = $4 AND customer_id = $5",
                )
                .bind(limits.order_limit)
                .bind(limits.budget)
                .bind(limits.period.as_str())
                .bind(company)
                .bind(customer_id),
            )
            .await?;
        if changed.rows_affected() == 0 {
            return Err(EngineError::not_found("person", customer_id.to_string()));
        }
        Ok(())
    }

    /// The signed-in buyer's limits and what they have spent in the budget's period; `None` when they have no
    /// limit (or buy for no company).
    pub async fn budget_status(&self, account: &Account) -> EngineResult<Option<BudgetStatus>> {
        let Some(company) = &account.company else {
            return Ok(None);
        };
        let mut conn = self.db.pool.acquire().await?;
        let limits = limits_in(&mut conn, company.id, account.customer_id).await?;
        if limits.order_limit.is_none() && limits.budget.is_none() {
            return Ok(None);
        }
        let currency = &self.config.currency;
        let spent = spent_in(
            &mut conn,
            company.id,
            Some(account.customer_id),
            currency.code(),
            limits.period.start(now_ms()),
        )
        .await?;
        Ok(Some(BudgetStatus {
            spent: money_of(spent, currency),
            left: limits
                .budget
                .map(|b| money_of(b.saturating_sub(spent).max(0), currency)),
            order_limit: limits.order_limit.map(|l| money_of(l, currency)),
            budget: limits.budget.map(|b| money_of(b, currency)),
            limits,
        }))
    }
}
