use super::*;

const EUR: i64 = 1_000_000;

fn check(limits: &BuyerLimits, rules: &CompanyRules, spent: i64, net: i64) -> Vec<ApprovalReason> {
    ApprovalCheck {
        limits,
        rules,
        spent,
        company_spent: 0,
        centre: None,
    }
    .reasons(net, true)
}

#[test]
fn without_any_rule_nothing_waits_whatever_the_currency() {
    let none = BuyerLimits::default();
    let rules = CompanyRules::default();
    assert!(check(&none, &rules, 0, 1_000_000 * EUR).is_empty());
    let check = ApprovalCheck {
        limits: &none,
        rules: &rules,
        spent: 0,
        company_spent: 0,
        centre: None,
    };
    assert!(check.reasons(10 * EUR, false).is_empty());
}

#[test]
fn an_order_over_the_limit_or_past_the_budget_waits_and_says_why() {
    let limits = BuyerLimits {
        order_limit: Some(500 * EUR),
        budget: Some(2_000 * EUR),
        period: BudgetPeriod::Month,
    };
    let rules = CompanyRules::default();
    // Exactly at the limit is within it.
    assert!(check(&limits, &rules, 0, 500 * EUR).is_empty());
    assert_eq!(
        check(&limits, &rules, 0, 500 * EUR + 1),
        [ApprovalReason::OrderLimit]
    );
    assert!(check(&limits, &rules, 1_500 * EUR, 500 * EUR).is_empty());
    assert_eq!(
        check(&limits, &rules, 1_600 * EUR, 500 * EUR),
        [ApprovalReason::Budget]
    );
    assert_eq!(
        check(&limits, &rules, 1_900 * EUR, 600 * EUR),
        [ApprovalReason::OrderLimit, ApprovalReason::Budget]
    );
}

#[test]
fn a_company_rule_applies_to_every_buyer_and_another_currency_always_waits() {
    let none = BuyerLimits::default();
    let rules = CompanyRules {
        approval_above: Some(5_000 * EUR),
        ..CompanyRules::default()
    };
    assert!(check(&none, &rules, 0, 5_000 * EUR).is_empty());
    assert_eq!(
        check(&none, &rules, 0, 5_001 * EUR),
        [ApprovalReason::CompanyRule]
    );
    let check = ApprovalCheck {
        limits: &none,
        rules: &rules,
        spent: 0,
        company_spent: 0,
        centre: None,
    };
    assert_eq!(check.reasons(1, false), [ApprovalReason::Currency]);
}

#[test]
fn a_budget_period_starts_on_the_first_of_its_month_or_quarter() {
    let at = |day: &str| day_ms(day, "t").unwrap();
    let noon = at("2026-08-17") + 12 * 3_600_000;
    assert_eq!(BudgetPeriod::Month.start(noon), at("2026-08-01"));
    assert_eq!(BudgetPeriod::Quarter.start(noon), at("2026-07-01"));
    assert_eq!(
        BudgetPeriod::Quarter.start(at("2026-03-31")),
        at("2026-01-01")
    );
    assert_eq!(
        BudgetPeriod::Quarter.start(at("2026-12-31")),
        at("2026-10-01")
    );
    assert_eq!(
        BudgetPeriod::Month.start(at("2026-01-01")),
        at("2026-01-01")
    );
}

#[test]
fn stored_forms_round_trip_and_bad_ones_name_their_field() {
    for p in [BudgetPeriod::Month, BudgetPeriod::Quarter] {
        assert_eq!(BudgetPeriod::parse(p.as_str()).unwrap(), p);
    }
    assert_eq!(
        BudgetPeriod::parse("week").unwrap_err().field,
        "budget_period"
    );
    for r in [
        ApprovalReason::OrderLimit,
        ApprovalReason::Budget,
        ApprovalReason::CompanyRule,
        ApprovalReason::CompanyBudget,
        ApprovalReason::Currency,
    ] {
        assert_eq!(ApprovalReason::parse(r.as_str()), Some(r));
    }
    assert_eq!(ApprovalReason::parse("mood"), None);
    assert_eq!(decision_comment("  fine ").unwrap(), "fine");
    assert_eq!(
        decision_comment(&"x".repeat(COMMENT_MAX + 1))
            .unwrap_err()
            .field,
        "comment"
    );
}

#[test]
fn a_typed_limit_is_an_amount_or_nothing() {
    assert_eq!(limit_amount("", "order_limit").unwrap(), None);
    assert_eq!(
        limit_amount(" 500 ", "order_limit").unwrap(),
        Some(500 * EUR)
    );
    assert_eq!(
        limit_amount("1,250.50", "budget").unwrap(),
        Some(1_250_500_000)
    );
    for bad in ["-1", "ten", "1.005"] {
        assert_eq!(
            limit_amount(bad, "budget").unwrap_err().field,
            "budget",
            "{bad}"
        );
    }
}

#[test]
fn the_company_budget_counts_every_buyers_orders() {
    let none = BuyerLimits::default();
    let rules = CompanyRules {
        budget: Some(10_000 * EUR),
        ..CompanyRules::default()
    };
    let check = |company_spent: i64, net: i64| {
        ApprovalCheck {
            limits: &none,
            rules: &rules,
            spent: 0,
            company_spent,
            centre: None,
        }
        .reasons(net, true)
    };
    assert!(check(9_000 * EUR, 1_000 * EUR).is_empty());
    assert_eq!(
        check(9_000 * EUR, 1_000 * EUR + 1),
        [ApprovalReason::CompanyBudget]
    );
}

#[test]
fn an_order_past_its_cost_centres_budget_waits_even_without_other_rules() {
    let none = BuyerLimits::default();
    let rules = CompanyRules::default();
    let check = |spent: i64, net: i64| {
        ApprovalCheck {
            limits: &none,
            rules: &rules,
            spent: 0,
            company_spent: 0,
            centre: Some(crate::cost_centre::CentreSpend {
                budget: 2_000 * EUR,
                spent,
            }),
        }
        .reasons(net, true)
    };
    assert!(check(1_500 * EUR, 500 * EUR).is_empty());
    assert_eq!(
        check(1_500 * EUR, 500 * EUR + 1),
        [ApprovalReason::CostCentreBudget]
    );
    assert_eq!(
        ApprovalReason::parse("cost_centre_budget"),
        Some(ApprovalReason::CostCentreBudget)
    );
}
