//! Approvals and budgets (see `domain::approval`): what a company's admins set for their buyers, the check that
//! places an order beyond them as awaiting approval, and the decisions on such orders.
//!
//! The check runs inside the order's write transaction, after the company's row is locked (on PostgreSQL; SQLite
//! has one writer at a time), so two orders placed at the same moment are measured one after the other: the second
//! sees the first in what was spent, and both cannot slip under the budget. Spent is read from the orders
//! themselves (net, placed or awaiting, not cancelled or declined), so a cancellation, a decline or an edit gives
//! back without bookkeeping of its own.

mod cost_centres;
mod decide;
mod rules;

use domain::{
    Account, Currency,
    approval::{ApprovalCheck, ApprovalReason, BudgetPeriod, BuyerLimits, CompanyRules},
};

use crate::{Engine, EngineResult, db::WriteTx};

pub(crate) use cost_centres::ChargedCentre;
pub use cost_centres::MAX_COST_CENTRES;
pub use decide::DECIDED_BY_EXPIRY;
pub use rules::MAX_APPROVAL_DAYS;

/// Order statuses that count against a budget: every order that is not cancelled or declined.
pub(crate) const SPENDING: &str = "status NOT IN ('cancelled', 'declined')";

/// What an order must wait for, decided in its transaction.
pub(crate) struct Verdict {
    /// Why it waits; empty when it goes ahead.
    pub reasons: Vec<ApprovalReason>,
    /// Days it waits before it is declined on its own.
    pub days: u16,
    /// The cost centre it is charged to.
    pub centre: Option<ChargedCentre>,
}

impl Engine {
    /// Whether an order of `net` micro-units in `currency` by `account`, charged to the cost centre `centre` (a
    /// code; `None` or empty for none), needs approval, read in `tx` after the company's row is locked. Private
    /// buyers and companies without rules never wait; an unknown centre is an error naming `cost_centre`.
    pub(crate) async fn approval_verdict(
        &self,
        tx: &mut WriteTx,
        account: &Account,
        currency: &Currency,
        net: i64,
        now: i64,
        centre: Option<&str>,
    ) -> EngineResult<Verdict> {
        let centre = centre.map(str::trim).filter(|c| !c.is_empty());
        let Some(company) = &account.company else {
            if centre.is_some() {
                return Err(domain::DomainError::new(
                    "cost_centre",
                    "only a company's orders are charged to cost centres",
                )
                .into());
            }
            return Ok(Verdict {
                reasons: Vec::new(),
                days: 0,
                centre: None,
            });
        };
        // Orders of one company are measured one after another: the second sees the first in what was spent.
        self.db
            .lock_rows(tx, "companies", "id", &[company.id])
            .await?;
        let rules = rules::company_rules_in(tx, company.id).await?;
        let limits = rules::limits_in(tx, company.id, account.customer_id).await?;
        let currency_code = self.config.currency.code();
        let spent = if limits.budget.is_some() {
            let from = limits.period.start(now);
            spent_in(
                tx,
                company.id,
                Some(account.customer_id),
                currency_code,
                from,
            )
            .await?
        } else {
            0
        };
        let company_spent = if rules.budget.is_some() {
            spent_in(tx, company.id, None, currency_code, rules.period.start(now)).await?
        } else {
            0
        };
        let centre = match centre {
            Some(code) => {
                Some(cost_centres::charged_centre(tx, company.id, code, currency_code, now).await?)
            }
            None => None,
        };
        let check = ApprovalCheck {
            limits: &limits,
            rules: &rules,
            spent,
            company_spent,
            centre: centre.as_ref().and_then(|c| c.spend),
        };
        Ok(Verdict {
            reasons: check.reasons(net, currency == &self.config.currency),
            days: rules.approval_days,
            centre,
        })
    }
}

impl Engine {
    /// After an order of `account` in `currency` grew (staff changed its lines, in `tx`, where its new total is
    /// already written): refuses the change if the buyer's spending in the budget's period is now beyond their
    /// budget, or its cost centre's. The same lock as at checkout, so an edit and a new order cannot both slip under
    /// it.
    pub(crate) async fn check_budget_after_edit(
        &self,
        tx: &mut WriteTx,
        account: &Account,
        currency: &Currency,
        now: i64,
        order_id: i64,
    ) -> EngineResult<()> {
        let Some(company) = &account.company else {
            return Ok(());
        };
        if currency != &self.config.currency {
            return Ok(());
        }
        self.db
            .lock_rows(tx, "companies", "id", &[company.id])
            .await?;
        let limits = rules::limits_in(tx, company.id, account.customer_id).await?;
        let rules = rules::company_rules_in(tx, company.id).await?;
        let budgets = [
            (
                limits.budget,
                Some(account.customer_id),
                limits.period,
                "the buyer's",
            ),
            (rules.budget, None, rules.period, "the company's"),
        ];
        for (budget, customer, period, whose) in budgets {
            let Some(budget) = budget else { continue };
            let spent =
                spent_in(tx, company.id, customer, currency.code(), period.start(now)).await?;
            if spent > budget {
                return Err(domain::DomainError::new(
                    "lines",
                    format!(
                        "the change takes {whose} orders this period to {}, beyond the budget of {} the company \
                         set; the company's administrator can raise it",
                        domain::approval::money_of(spent, currency).display(),
                        domain::approval::money_of(budget, currency).display()
                    ),
                )
                .into());
            }
        }
        let (centre,): (Option<i64>,) =
            sqlx::query_as("SELECT cost_centre_id FROM orders WHERE id = $1")
                .bind(order_id)
                .fetch_one(&mut ***tx)
                .await?;
        if let Some(centre) = centre
            && let Some((spent, budget)) =
                cost_centres::centre_over_budget(tx, centre, currency.code(), now).await?
        {
            return Err(domain::DomainError::new(
                "lines",
                format!(
                    "the change takes the cost centre's orders this period to {}, beyond its budget of {}; the \
                     company's administrator can raise it",
                    domain::approval::money_of(spent, currency).display(),
                    domain::approval::money_of(budget, currency).display()
                ),
            )
            .into());
        }
        Ok(())
    }

    /// Records that order `order_id` of `account` waits for approval, in its placing transaction, and emails the
    /// company's admins (all but the buyer, who cannot decide on their own order).
    pub(crate) async fn request_approval(
        &self,
        tx: &mut WriteTx,
        account: &Account,
        order_id: i64,
        verdict: &Verdict,
        net: &domain::Money,
        now: i64,
    ) -> EngineResult<()> {
        let Some(company) = &account.company else {
            return Ok(());
        };
        let reasons: Vec<&str> = verdict.reasons.iter().map(|r| r.as_str()).collect();
        let expires = now + i64::from(verdict.days) * 86_400_000;
        sqlx::query(
            "INSERT INTO order_approvals (order_id, company_id, reasons, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(order_id)
        .bind(company.id)
        .bind(reasons.join(","))
        .bind(expires)
        .execute(&mut ***tx)
        .await?;
        let approvers: Vec<(String,)> = sqlx::query_as(
            "SELECT c.email FROM company_members m JOIN customers c ON c.id = m.customer_id
             WHERE m.company_id = $1 AND m.role = 'admin' AND c.disabled_at IS NULL AND c.id <> $2
             ORDER BY c.email",
        )
        .bind(company.id)
        .bind(account.customer_id)
        .fetch_all(&mut ***tx)
        .await?;
        let number = crate::orders::number_of(order_id);
        let why: Vec<&str> = verdict.reasons.iter().map(|r| r.label()).collect();
        let body = format!(
            "Hello,\n\n{} ({}) placed order {number} for {}, net {}. It waits for your approval because it is {}.\n\n\
             Approve or decline it under Approvals in your account. If nobody decides within {} days, it is \
             declined on its own and the goods it holds are released.\n",
            account.name,
            account.email.as_str(),
            company.name,
            net.display(),
            why.join(" and "),
            verdict.days,
        );
        for (email,) in approvers {
            crate::mail::enqueue_about_order(
                tx,
                order_id,
                &email,
                &format!("Order {number} waits for your approval"),
                &body,
            )
            .await?;
        }
        Ok(())
    }
}

/// Net micro-units ordered for `company_id` in `currency` since `from`: by `customer_id`, or by everyone.
pub(crate) async fn spent_in(
    conn: &mut sqlx::AnyConnection,
    company_id: i64,
    customer_id: Option<i64>,
    currency: &str,
    from: i64,
) -> EngineResult<i64> {
    let (spent,): (Option<i64>,) = sqlx::query_as(&format!(
        "SELECT CAST(SUM(subtotal_net_micros + shipping_net_micros) AS BIGINT) FROM orders
         WHERE ($1 = 0 OR customer_id = $1) AND company_id = $2 AND currency = $3 AND created_at >= $4
           AND {SPENDING}"
    ))
    .bind(customer_id.unwrap_or(0))
    .bind(company_id)
    .bind(currency)
    .bind(from)
    .fetch_one(conn)
    .await?;
    Ok(spent.unwrap_or(0))
}

/// Limits as stored: `None` for no limit.
fn limits_of(order_limit: Option<i64>, budget: Option<i64>, period: &str) -> BuyerLimits {
    BuyerLimits {
        order_limit,
        budget,
        period: BudgetPeriod::parse(period).unwrap_or_default(),
    }
}

fn rules_of(
    approval_above: Option<i64>,
    days: i64,
    budget: Option<i64>,
    period: &str,
) -> CompanyRules {
    CompanyRules {
        approval_above,
        budget,
        period: BudgetPeriod::parse(period).unwrap_or_default(),
        approval_days: u16::try_from(days).unwrap_or(domain::approval::DEFAULT_APPROVAL_DAYS),
    }
}
