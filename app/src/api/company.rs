//! Server functions of the company a buyer acts for and of its cost centres: the header's company switch for a
//! person in several companies, and the cost centres a company admin keeps in the account area. Plain form posts,
//! so each works without JavaScript; who may do what is the engine's rule.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;

/// Acts for another of the buyer's companies from now on: prices, the cart, lists and orders follow. Goes back to
/// the page it came from, or to the account page from a page of the other company's (an order, a list, a quote).
#[server(endpoint = "account/company")]
pub async fn switch_company(company: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let token = ssr::session_token().ok_or(AppError::Unauthenticated)?;
        ssr::engine()?.switch_company(&token, &company).await?;
        Ok(())
    }
    .await;
    let back = ssr::back_with("company", &company);
    let target = if back.starts_with("/account/") {
        "/account?company=switched".to_owned()
    } else {
        back
    };
    ssr::finish_form(result, Some(&target))
}

/// Adds a cost centre or changes the one with the same code; the company's admins only.
#[server(endpoint = "cost-centres/set")]
pub async fn set_cost_centre(
    code: String,
    name: String,
    #[server(default)] budget: String,
    #[server(default)] period: String,
) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let centre = domain::cost_centre::CostCentre::new(
            &code,
            &name,
            domain::approval::limit_amount(&budget, "budget")?,
            domain::approval::BudgetPeriod::parse(if period.is_empty() {
                "month"
            } else {
                &period
            })?,
        )?;
        Ok(ssr::engine()?.set_cost_centre(&account, &centre).await?)
    }
    .await;
    ssr::finish_form(result, Some("/account/approvals?saved=1"))
}

/// Removes a cost centre from checkout (its orders keep it); the company's admins only.
#[server(endpoint = "cost-centres/remove")]
pub async fn remove_cost_centre(code: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?.remove_cost_centre(&account, &code).await?)
    }
    .await;
    ssr::finish_form(result, Some("/account/approvals?saved=1"))
}
