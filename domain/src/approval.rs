//! Approvals and budgets: a company admin gives each buyer an order limit and a budget per month or quarter, and
//! sets company rules ("every order over 5,000 EUR needs approval"). An order beyond any of them is placed as
//! awaiting approval, and one of the company's admins approves or declines it. Every amount is net (before VAT) in
//! the company's currency; an order in another currency cannot be measured against them, so it always waits when
//! any rule applies. What needs approval is decided here, from figures the engine reads in the order's
//! transaction.

use serde::{Deserialize, Serialize};

use crate::{DomainError, Money, day_ms};

/// How long a budget runs before it starts again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BudgetPeriod {
    /// A calendar month (UTC).
    #[default]
    Month,
    /// A calendar quarter (UTC): January, April, July, October.
    Quarter,
}

impl BudgetPeriod {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            BudgetPeriod::Month => "month",
            BudgetPeriod::Quarter => "quarter",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            BudgetPeriod::Month => "per month",
            BudgetPeriod::Quarter => "per quarter",
        }
    }

    /// Reads the stored form; an error names `budget_period`.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        match text.trim() {
            "month" => Ok(BudgetPeriod::Month),
            "quarter" => Ok(BudgetPeriod::Quarter),
            _ => Err(DomainError::new(
                "budget_period",
                "must be month or quarter",
            )),
        }
    }

    /// When the period holding `ms` (Unix milliseconds) began, in Unix milliseconds.
    pub fn start(self, ms: i64) -> i64 {
        let day = crate::calendar_day(ms);
        let year = &day[..4];
        let month: u32 = day[5..7].parse().unwrap_or(1);
        let first = match self {
            BudgetPeriod::Month => month,
            BudgetPeriod::Quarter => (month - 1) / 3 * 3 + 1,
        };
        day_ms(&format!("{year}-{first:02}-01"), "budget_period").unwrap_or(0)
    }
}

/// What a company admin set for one buyer; `None` is no limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BuyerLimits {
    /// Largest net order they place without approval, in micro-units of the company's currency.
    pub order_limit: Option<i64>,
    /// Net amount they order per period without approval, in micro-units.
    pub budget: Option<i64>,
    /// The budget's period.
    pub period: BudgetPeriod,
}

/// A company's own rules, over every buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRules {
    /// Every net order above this (micro-units) needs approval.
    pub approval_above: Option<i64>,
    /// What the whole company orders per period without approval (micro-units), all buyers together.
    pub budget: Option<i64>,
    /// The company budget's period.
    pub period: BudgetPeriod,
    /// Days an order waits for a decision before it is declined on its own.
    pub approval_days: u16,
}

impl Default for CompanyRules {
    fn default() -> Self {
        Self {
            approval_above: None,
            budget: None,
            period: BudgetPeriod::Month,
            approval_days: DEFAULT_APPROVAL_DAYS,
        }
    }
}

/// Days an order waits for approval unless the company says otherwise.
pub const DEFAULT_APPROVAL_DAYS: u16 = 7;

/// Why an order waits for approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalReason {
    /// It is larger than the buyer's order limit.
    OrderLimit,
    /// It would take the buyer past their budget for the period.
    Budget,
    /// It is larger than the company's rule allows without approval.
    CompanyRule,
    /// It would take the company's orders past the company's budget for the period.
    CompanyBudget,
    /// It is in another currency than the company's, so no rule can measure it.
    Currency,
    /// It would take its cost centre past the centre's budget for the period.
    CostCentreBudget,
}

impl ApprovalReason {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalReason::OrderLimit => "order_limit",
            ApprovalReason::Budget => "budget",
            ApprovalReason::CompanyRule => "company_rule",
            ApprovalReason::CompanyBudget => "company_budget",
            ApprovalReason::Currency => "currency",
            ApprovalReason::CostCentreBudget => "cost_centre_budget",
        }
    }

    /// Reads the stored form.
    pub fn parse(text: &str) -> Option<Self> {
        [
            ApprovalReason::OrderLimit,
            ApprovalReason::Budget,
            ApprovalReason::CompanyRule,
            ApprovalReason::CompanyBudget,
            ApprovalReason::Currency,
            ApprovalReason::CostCentreBudget,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            ApprovalReason::OrderLimit => "over the buyer's order limit",
            ApprovalReason::Budget => "beyond the buyer's budget",
            ApprovalReason::CompanyRule => "over the company's approval threshold",
            ApprovalReason::CompanyBudget => "beyond the company's budget",
            ApprovalReason::Currency => "in another currency than the company's",
            ApprovalReason::CostCentreBudget => "beyond its cost centre's budget",
        }
    }
}

/// What one order is measured against: the buyer's limits, the company's rules, and what the buyer and the whole
/// company have already spent in their budgets' periods (net, placed and awaiting orders, in the company's
/// currency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalCheck<'a> {
    /// The buyer's limits.
    pub limits: &'a BuyerLimits,
    /// The company's rules.
    pub rules: &'a CompanyRules,
    /// Spent by the buyer in their budget's period so far, micro-units.
    pub spent: i64,
    /// Spent by the whole company in its budget's period so far, micro-units.
    pub company_spent: i64,
    /// The order's cost centre's budget and spending, when it is charged to one with a budget.
    pub centre: Option<crate::cost_centre::CentreSpend>,
}

impl ApprovalCheck<'_> {
    /// Why an order of `net` micro-units needs approval; empty when it may go ahead. `same_currency` is false for an
    /// order in another currency than the company's.
    pub fn reasons(&self, net: i64, same_currency: bool) -> Vec<ApprovalReason> {
        let any_rule = self.limits.order_limit.is_some()
            || self.limits.budget.is_some()
            || self.rules.approval_above.is_some()
            || self.rules.budget.is_some()
            || self.centre.is_some();
        if !any_rule {
            return Vec::new();
        }
        if !same_currency {
            return vec![ApprovalReason::Currency];
        }
        let mut reasons = Vec::new();
        if self.limits.order_limit.is_some_and(|limit| net > limit) {
            reasons.push(ApprovalReason::OrderLimit);
        }
        if self
            .limits
            .budget
            .is_some_and(|budget| self.spent.saturating_add(net) > budget)
        {
            reasons.push(ApprovalReason::Budget);
        }
        if self.rules.approval_above.is_some_and(|above| net > above) {
            reasons.push(ApprovalReason::CompanyRule);
        }
        if self
            .rules
            .budget
            .is_some_and(|budget| self.company_spent.saturating_add(net) > budget)
        {
            reasons.push(ApprovalReason::CompanyBudget);
        }
        if self.centre.is_some_and(|c| c.exceeded_by(net)) {
            reasons.push(ApprovalReason::CostCentreBudget);
        }
        reasons
    }
}

/// A buyer's budget as their account page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetStatus {
    /// The buyer's limits.
    pub limits: BuyerLimits,
    /// Spent in the current period (net, placed and awaiting orders).
    pub spent: Money,
    /// The budget left, when there is one (never below zero).
    pub left: Option<Money>,
    /// The order limit, as money.
    pub order_limit: Option<Money>,
    /// The budget, as money.
    pub budget: Option<Money>,
}

/// An amount typed into a limit's field, as micro-units: empty is no limit; otherwise a number of at least 0 with
/// at most two decimals, as money is typed. An error names `field`.
pub fn limit_amount(text: &str, field: &str) -> Result<Option<i64>, DomainError> {
    let text = text.trim().replace(',', "");
    if text.is_empty() {
        return Ok(None);
    }
    let amount: rust_decimal::Decimal = text
        .parse()
        .map_err(|_| DomainError::new(field, "must be an amount, like 500 or 1250.50"))?;
    let amount = amount.normalize();
    if amount.is_sign_negative() || amount.scale() > 2 {
        return Err(DomainError::new(
            field,
            "must be an amount of at least 0 with at most two decimals",
        ));
    }
    amount
        .checked_mul(rust_decimal::Decimal::from(1_000_000))
        .and_then(|m| i64::try_from(m.trunc()).ok())
        .map(Some)
        .ok_or_else(|| DomainError::new(field, "is too large"))
}

/// Micro-units as money in `currency`.
pub fn money_of(micros: i64, currency: &crate::Currency) -> Money {
    Money::new(
        rust_decimal::Decimal::new(micros, 6).normalize(),
        currency.clone(),
    )
}

/// A decision on an order that waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// It goes ahead as placed.
    Approve,
    /// It is declined; its stock is released.
    Decline,
}

/// The longest comment on a decision, in characters.
pub const COMMENT_MAX: usize = 1000;

/// A decision's comment, trimmed; an error names `comment`.
pub fn decision_comment(text: &str) -> Result<String, DomainError> {
    let comment = text.trim();
    if comment.chars().count() > COMMENT_MAX {
        return Err(DomainError::new(
            "comment",
            format!("must be at most {COMMENT_MAX} characters"),
        ));
    }
    Ok(comment.to_owned())
}

/// An order waiting for approval, as the company's approvers and its buyer see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingApproval {
    /// The order's number.
    pub number: String,
    /// Who placed it.
    pub placed_by: String,
    /// Net amount.
    pub net: Money,
    /// Why it waits.
    pub reasons: Vec<ApprovalReason>,
    /// When it was placed, Unix milliseconds.
    pub placed_at_ms: i64,
    /// When it is declined on its own if nobody decides, Unix milliseconds.
    pub expires_at_ms: i64,
}

#[cfg(test)]
mod tests;
