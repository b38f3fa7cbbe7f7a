//! Cost centres (see `domain::cost_centre`): the company's admins define them, every person of the company reads
//! them (a buyer picks one at checkout), and an order charged to one is measured against its budget in the same
//! transaction and under the same company lock as the buyer's own budget.

use domain::{
    Account, DomainError,
    approval::{BudgetPeriod, money_of},
    cost_centre::{CentreSpend, CostCentre, CostCentreStatus},
};

use super::SPENDING;
use crate::{Engine, EngineError, EngineResult, company::require_admin, now_ms};

/// A company may keep this many live cost centres; a checkout list longer than that helps nobody.
pub const MAX_COST_CENTRES: i64 = 200;

/// The centre an order is charged to, as checkout resolved it.
pub(crate) struct ChargedCentre {
    /// Its id.
    pub id: i64,
    /// Code and name as the order keeps them.
    pub label: String,
    /// Its budget and what it spent this period, when it has a budget.
    pub spend: Option<CentreSpend>,
}

#[derive(sqlx::FromRow)]
struct CentreRow {
    id: i64,
    code: String,
    name: String,
    budget_micros: Option<i64>,
    budget_period: String,
}

impl CentreRow {
    fn centre(&self) -> CostCentre {
        CostCentre {
            code: self.code.clone(),
            name: self.name.clone(),
            budget: self.budget_micros,
            period: BudgetPeriod::parse(&self.budget_period).unwrap_or_default(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct SpentRow {
    #[sqlx(flatten)]
    centre: CentreRow,
    spent: i64,
}

const CENTRE_SELECT: &str = "SELECT id, code, name, budget_micros, budget_period FROM cost_centres WHERE company_id = $1 AND archived = 0";

/// Net micro-units of the orders charged to centre `centre_id` in `currency` since `from`.
async fn centre_spent(
    conn: &mut sqlx::AnyConnection,
    centre_id: i64,
    currency: &str,
    from: i64,
) -> EngineResult<i64> {
    let (spent,): (Option<i64>,) = sqlx::query_as(&format!(
        "SELECT CAST(SUM(subtotal_net_micros + shipping_net_micros) AS BIGINT) FROM orders
         WHERE cost_centre_id = $1 AND currency = $2 AND created_at >= $3 AND {SPENDING}"
    ))
    .bind(centre_id)
    .bind(currency)
    .bind(from)
    .fetch_one(conn)
    .await?;
    Ok(spent.unwrap_or(0))
}

/// The live centre `code` of `company_id` with its spending this period, read in the order's transaction after
/// the company's row is locked; an unknown code is an error naming `cost_centre`.
pub(crate) async fn charged_centre(
    conn: &mut sqlx::AnyConnection,
    company_id: i64,
    code: &str,
    currency: &str,
    now: i64,
) -> EngineResult<ChargedCentre> {
    let row: Option<CentreRow> = sqlx::query_as(&format!("{CENTRE_SELECT} AND code = $2"))
        .bind(company_id)
        .bind(code.trim())
        .fetch_optional(&mut *conn)
        .await?;
    let row = row.ok_or_else(|| {
        DomainError::new("cost_centre", "is not one of your company's cost centres")
    })?;
    let centre = row.centre();
    let spend = match centre.budget {
        Some(budget) => Some(CentreSpend {
            budget,
            spent: centre_spent(conn, row.id, currency, centre.period.start(now)).await?,
        }),
        None => None,
    };
    Ok(ChargedCentre {
        id: row.id,
        label: centre.label(),
        spend,
    })
}

/// The budget check of an order edit: whether the order's centre is now past its budget, and by how much.
pub(crate) async fn centre_over_budget(
    conn: &mut sqlx::AnyConnection,
    centre_id: i64,
    currency: &str,
    now: i64,
) -> EngineResult<Option<(i64, i64)>> {
    let row: Option<(Option<i64>, String)> =
        sqlx::query_as("SELECT budget_micros, budget_period FROM cost_centres WHERE id = $1")
            .bind(centre_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((Some(budget), period)) = row else {
        return Ok(None);
    };
    let from = BudgetPeriod::parse(&period).unwrap_or_default().start(now);
    let spent = centre_spent(conn, centre_id, currency, from).await?;
    Ok((spent > budget).then_some((spent, budget)))
}

impl Engine {
    /// The company's cost centres with what each spent this period, by code; any of the company's people read
    /// them. A private buyer has none. One query, whatever the number of centres: each centre's period starts
    /// where its own budget runs from.
    pub async fn cost_centres(&self, account: &Account) -> EngineResult<Vec<CostCentreStatus>> {
        let Some(company) = &account.company else {
            return Ok(Vec::new());
        };
        let currency = &self.config.currency;
        let now = now_ms();
        let rows: Vec<SpentRow> = sqlx::query_as(&format!(
            "SELECT c.id, c.code, c.name, c.budget_micros, c.budget_period,
                    CAST(COALESCE(SUM(CASE WHEN o.created_at >= (CASE c.budget_period WHEN 'quarter' THEN $3 ELSE $2 END)
                                      THEN o.subtotal_net_micros + o.shipping_net_micros ELSE 0 END), 0) AS BIGINT) AS spent
             FROM cost_centres c
             LEFT JOIN orders o ON o.cost_centre_id = c.id AND o.currency = $4 AND o.{SPENDING}
             WHERE c.company_id = $1 AND c.archived = 0
             GROUP BY c.id, c.code, c.name, c.budget_micros, c.budget_period
             ORDER BY c.code"
        ))
        .bind(company.id)
        .bind(BudgetPeriod::Month.start(now))
        .bind(BudgetPeriod::Quarter.start(now))
        .bind(currency.code())
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let centre = row.centre.centre();
                CostCentreStatus {
                    spent: money_of(row.spent, currency),
                    budget: centre.budget.map(|b| money_of(b, currency)),
                    left: centre
                        .budget
                        .map(|b| money_of(b.saturating_sub(row.spent).max(0), currency)),
                    centre,
                }
            })
            .collect())
    }

    /// Adds a cost centre, or changes the name and budget of the one with the same code (bringing back one that
    /// was removed); the company's admins only.
    pub async fn set_cost_centre(
        &self,
        account: &Account,
        centre: &CostCentre,
    ) -> EngineResult<()> {
        let company = require_admin(account)?;
        let centre = CostCentre::new(&centre.code, &centre.name, centre.budget, centre.period)?;
        if centre.budget.is_some_and(|b| b < 0) {
            return Err(DomainError::new("budget", "must not be negative").into());
        }
        let mut tx = self.db.begin_write().await?;
        let (live,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM cost_centres WHERE company_id = $1 AND archived = 0 AND code <> $2",
        )
        .bind(company)
        .bind(&centre.code)
        .fetch_one(&mut **tx)
        .await?;
        if live >= MAX_COST_CENTRES {
            return Err(DomainError::new(
                "code",
                format!(
                    "a company keeps at most {MAX_COST_CENTRES} cost centres; remove one first"
                ),
            )
            .into());
        }
        sqlx::query(
            "INSERT INTO cost_centres (company_id, code, name, budget_micros, budget_period, archived, created_at)
             VALUES ($1, $2, $3, $4, $5, 0, $6)
             ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name,
                 budget_micros = excluded.budget_micros, budget_period = excluded.budget_period, archived = 0",
        )
        .bind(company)
        .bind(&centre.code)
        .bind(&centre.name)
        .bind(centre.budget)
        .bind(centre.period.as_str())
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a cost centre from checkout; its orders keep it. The company's admins only; an unknown code is
    /// `NotFound`.
    pub async fn remove_cost_centre(&self, account: &Account, code: &str) -> EngineResult<()> {
        let company = require_admin(account)?;
        let done = self
            .db
            .execute(
                sqlx::query(
                    "UPDATE cost_centres SET archived = 1 WHERE company_id = $1 AND code = $2 AND archived = 0",
                )
                .bind(company)
                .bind(code.trim()),
            )
            .await?;
        if done.rows_affected() == 0 {
            return Err(EngineError::not_found("cost centre", code.trim()));
        }
        Ok(())
    }
}
