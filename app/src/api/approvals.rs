//! Server functions of approvals and budgets: the orders waiting for a decision, a company admin's approve or
//! decline, and the limits, budgets and company rule the admin sets. Plain form posts, so each works without
//! JavaScript; who may decide or set what is the engine's rule.

use domain::{
    CompanyUser,
    approval::{BudgetStatus, CompanyRules, PendingApproval},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;

/// What `/account/approvals` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalsPage {
    /// Whether the reader is one of the company's admins (who decide and set limits).
    pub is_admin: bool,
    /// The reader's email: nobody decides on their own order.
    pub me: String,
    /// The orders waiting: all of the company's for an admin, the reader's own otherwise.
    pub waiting: Vec<PendingApproval>,
    /// The reader's budget, when they have limits.
    pub budget: Option<BudgetStatus>,
    /// The company's rule, for an admin.
    pub rules: Option<CompanyRules>,
    /// The company's people with their limits, for an admin.
    pub people: Vec<CompanyUser>,
    /// The currency limits are kept in.
    pub currency: String,
    /// The company's cost centres with what each spent this period.
    pub cost_centres: Vec<domain::cost_centre::CostCentreStatus>,
}

/// The approvals page's data; `Unauthenticated` sends the visitor to sign in.
#[server(endpoint = "approvals")]
pub async fn get_approvals() -> Result<ApprovalsPage, AppError> {
    let (_, account) = ssr::signed_in().await?;
    let engine = ssr::engine()?;
    let is_admin = account.role.is_some_and(domain::Role::can_manage_company);
    let (rules, people) = if is_admin {
        (
            Some(engine.company_rules(&account).await?),
            engine.company_users(&account).await?,
        )
    } else {
        (None, Vec::new())
    };
    Ok(ApprovalsPage {
        is_admin,
        me: account.email.as_str().to_owned(),
        waiting: engine.approvals_waiting(&account).await?,
        budget: engine.budget_status(&account).await?,
        rules,
        people,
        currency: engine.currency().code().to_owned(),
        cost_centres: engine.cost_centres(&account).await?,
    })
}

/// Approves or declines an order that waits (`decision`: `approve` or `decline`), with a comment for the buyer.
#[server(endpoint = "approvals/decide")]
pub async fn decide_approval(
    number: String,
    decision: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let decision = match decision.as_str() {
            "approve" => domain::approval::Decision::Approve,
            "decline" => domain::approval::Decision::Decline,
            _ => {
                return Err(AppError::Invalid {
                    field: "decision".into(),
                    message: "is not one of the choices shown".into(),
                });
            }
        };
        Ok(ssr::engine()?
            .decide_order(&account, &number, decision, &comment)
            .await?)
    }
    .await;
    ssr::finish_form(result, Some("/account/approvals?saved=1"))
}

/// Sets one person's order limit and budget (empty fields are no limit); the company's admins only.
#[server(endpoint = "approvals/limits")]
pub async fn set_limits(
    customer: String,
    #[server(default)] order_limit: String,
    #[server(default)] budget: String,
    #[server(default)] period: String,
) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let customer = super::account::parse_id("customer", &customer)?;
        let limits = domain::approval::BuyerLimits {
            order_limit: domain::approval::limit_amount(&order_limit, "order_limit")?,
            budget: domain::approval::limit_amount(&budget, "budget")?,
            period: domain::approval::BudgetPeriod::parse(if period.is_empty() {
                "month"
            } else {
                &period
            })?,
        };
        Ok(ssr::engine()?
            .set_buyer_limits(&account, customer, &limits)
            .await?)
    }
    .await;
    ssr::finish_form(result, Some("/account/approvals?saved=1"))
}

/// Sets the company's rules: orders above `approval_above` need approval, the whole company's orders beyond
/// `company_budget` per `company_period` need approval (empty fields for none), and an order waits `approval_days`
/// days for a decision.
#[server(endpoint = "approvals/rules")]
pub async fn set_rules(
    #[server(default)] approval_above: String,
    #[server(default)] company_budget: String,
    #[server(default)] company_period: String,
    approval_days: String,
) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let rules = CompanyRules {
            approval_above: domain::approval::limit_amount(&approval_above, "approval_above")?,
            budget: domain::approval::limit_amount(&company_budget, "company_budget")?,
            period: domain::approval::BudgetPeriod::parse(if company_period.is_empty() {
                "month"
            } else {
                &company_period
            })?,
            approval_days: approval_days
                .trim()
                .parse()
                .map_err(|_| AppError::Invalid {
                    field: "approval_days".into(),
                    message: "must be a whole number of days".into(),
                })?,
        };
        Ok(ssr::engine()?.set_company_rules(&account, &rules).await?)
    }
    .await;
    ssr::finish_form(result, Some("/account/approvals?saved=1"))
}
