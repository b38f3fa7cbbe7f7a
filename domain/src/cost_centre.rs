//! Cost centres: a company admin names the company's cost centres (a workshop, a project, a branch), each with a
//! budget per month or quarter or none. A buyer charges an order to one at checkout; the order, its invoice and the
//! exports carry it, and an order that would take the centre past its budget waits for approval like one beyond
//! the buyer's own budget (see [`crate::approval`]). Amounts are net micro-units of the company's currency.

use serde::{Deserialize, Serialize};

use crate::{DomainError, Money, approval::BudgetPeriod};

/// Longest code accepted; ERPs' cost-centre codes are short.
pub const CODE_MAX: usize = 30;
/// Longest name accepted.
pub const NAME_MAX: usize = 100;

/// A cost centre as its company's admin defined it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostCentre {
    /// The company's own code, e.g. `4711` or `WS-NORTH`; unique within the company.
    pub code: String,
    /// What people call it.
    pub name: String,
    /// Net micro-units its orders may reach per period without approval; `None` for no budget.
    pub budget: Option<i64>,
    /// The budget's period.
    pub period: BudgetPeriod,
}

impl CostCentre {
    /// A checked cost centre: the code is 1 to 30 letters, digits, `-`, `_`, `.` or `/`, the name 1 to 100
    /// characters; an error names `code` or `name`.
    pub fn new(
        code: &str,
        name: &str,
        budget: Option<i64>,
        period: BudgetPeriod,
    ) -> Result<Self, DomainError> {
        let code = code.trim();
        if code.is_empty() || code.chars().count() > CODE_MAX {
            return Err(DomainError::new(
                "code",
                format!("must be 1 to {CODE_MAX} characters"),
            ));
        }
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            return Err(DomainError::new(
                "code",
                "may hold letters, digits, '-', '_', '.' and '/' only",
            ));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > NAME_MAX {
            return Err(DomainError::new(
                "name",
                format!("must be 1 to {NAME_MAX} characters"),
            ));
        }
        Ok(Self {
            code: code.to_owned(),
            name: name.to_owned(),
            budget,
            period,
        })
    }

    /// How an order, its invoice and the exports name it: code and name, as they were when the order was placed.
    pub fn label(&self) -> String {
        format!("{} {}", self.code, self.name)
    }
}

/// A cost centre with what its orders have spent this period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostCentreStatus {
    /// The centre.
    pub centre: CostCentre,
    /// Net spent in the current period (orders placed or awaiting approval).
    pub spent: Money,
    /// The budget as money, when it has one.
    pub budget: Option<Money>,
    /// What is left of it (never below zero).
    pub left: Option<Money>,
}

/// A cost centre's budget and what its orders spent this period, as the approval check reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CentreSpend {
    /// The budget, net micro-units.
    pub budget: i64,
    /// Spent this period, net micro-units.
    pub spent: i64,
}

impl CentreSpend {
    /// Whether an order of `net` takes the centre past its budget.
    pub fn exceeded_by(self, net: i64) -> bool {
        self.spent.saturating_add(net) > self.budget
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_and_a_name_are_checked_and_trimmed() {
        let centre = CostCentre::new(
            " WS-North ",
            " Workshop north ",
            Some(1),
            BudgetPeriod::Month,
        )
        .unwrap();
        assert_eq!(centre.code, "WS-North");
        assert_eq!(centre.label(), "WS-North Workshop north");
        assert_eq!(
            CostCentre::new("", "x", None, BudgetPeriod::Month)
                .unwrap_err()
                .field,
            "code"
        );
        assert_eq!(
            CostCentre::new("a b", "x", None, BudgetPeriod::Month)
                .unwrap_err()
                .field,
            "code"
        );
        assert_eq!(
            CostCentre::new(&"9".repeat(31), "x", None, BudgetPeriod::Month)
                .unwrap_err()
                .field,
            "code"
        );
        assert_eq!(
            CostCentre::new("4711", " ", None, BudgetPeriod::Month)
                .unwrap_err()
                .field,
            "name"
        );
    }

    #[test]
    fn a_centre_is_exceeded_only_past_its_budget() {
        let spend = CentreSpend {
            budget: 100,
            spent: 60,
        };
        assert!(!spend.exceeded_by(40), "reaching the budget is within it");
        assert!(spend.exceeded_by(41));
        let full = CentreSpend {
            budget: 100,
            spent: i64::MAX,
        };
        assert!(full.exceeded_by(1), "no overflow");
    }
}
