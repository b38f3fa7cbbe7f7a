//! Server functions of `/quick-order`: an order list typed in rows or pasted, checked and put into the cart by the
//! engine in one transaction. The form is a plain post, so it works before (and without) hydration; what did not go
//! in comes back to the page in its address, to be checked again and shown with the reasons.

use domain::quick_order::{CheckedLine, SkuSuggestion};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;

/// Where the page's file form posts (`multipart/form-data`, read by the host): a CSV or Excel order list.
pub const QUICK_ORDER_UPLOAD_URL: &str = "/quick-order/upload";

/// Empty rows the page offers for typing SKUs.
pub const QUICK_ORDER_ROWS: usize = 10;

/// One typed row of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickRow {
    /// The SKU typed.
    #[serde(default)]
    pub sku: String,
    /// The quantity typed.
    #[serde(default)]
    pub quantity: String,
}

/// The rows, then the pasted text, as one list of lines: rows first, in the order typed.
pub fn order_list_text(rows: &[QuickRow], text: &str) -> String {
    let mut all: Vec<String> = rows
        .iter()
        .filter(|r| !r.sku.trim().is_empty())
        .map(|r| format!("{}\t{}", r.sku.trim(), r.quantity.trim()))
        .collect();
    all.push(text.to_owned());
    all.join("\n")
}

/// The SKUs a signed-in buyer orders again and again (from their company's orders and lists), for the rows' list
/// of suggestions; none for a guest.
#[server(endpoint = "quick-order/usual")]
pub async fn usual_skus() -> Result<Vec<SkuSuggestion>, AppError> {
    match ssr::session("").await? {
        (shopper, Some(account)) => Ok(ssr::engine()?
            .usual_skus(&account, &shopper, USUAL_SKUS)
            .await?),
        (_, None) => Ok(Vec::new()),
    }
}

/// Usual SKUs offered in the rows' list.
pub const USUAL_SKUS: u16 = 300;

/// Checks `text` (lines of `SKU quantity`) for the buyer without changing anything.
#[server(endpoint = "quick-order/check")]
pub async fn check_quick_order(text: String) -> Result<Vec<CheckedLine>, AppError> {
    let shopper = ssr::shopper("").await?;
    let lines = domain::quick_order::read_order_list(&text)?;
    Ok(ssr::engine()?.check_order_list(&shopper, lines).await?)
}

/// Puts every line that passes into the cart and goes back to the page with how many went in and, to fix, the
/// lines that did not (as text, with their line numbers).
#[server(endpoint = "quick-order/add")]
pub async fn quick_order_add(
    #[server(default)] text: String,
    #[server(default)] rows: Vec<QuickRow>,
) -> Result<usize, AppError> {
    let result: Result<Vec<CheckedLine>, AppError> = async {
        let lines = domain::quick_order::read_order_list(&order_list_text(&rows, &text))?;
        if lines.is_empty() {
            return Err(AppError::Invalid {
                field: "text".into(),
                message: "type or paste at least one SKU and quantity".into(),
            });
        }
        let token = ssr::cart_token();
        let shopper = ssr::shopper_from_referer().await?;
        let (cart, checked) = ssr::engine()?
            .add_order_list(&shopper, token.as_ref(), lines)
            .await?;
        if let Some(cart) = &cart
            && shopper.customer.is_none()
            && token.as_ref() != Some(&cart.token)
        {
            ssr::set_cart_cookie(&cart.token);
        }
        Ok(checked)
    }
    .await;
    let target = result
        .as_ref()
        .ok()
        .map(|checked| quick_order_target(checked));
    ssr::finish_form_to(result, |_| target)
        .map(|checked| checked.iter().filter(|l| l.problem.is_none()).count())
}

/// Where the page goes after a quick order: how many lines went in and, to fix, the lines that did not (as text,
/// with their line numbers).
pub fn quick_order_target(checked: &[CheckedLine]) -> String {
    let added = checked.iter().filter(|l| l.problem.is_none()).count();
    let mut path = format!("/quick-order?added={added}");
    let left: Vec<&CheckedLine> = checked.iter().filter(|l| l.problem.is_some()).collect();
    if !left.is_empty() {
        let text: String = left
            .iter()
            .map(|l| format!("{} {}\n", l.sku, l.quantity))
            .collect();
        let numbers: Vec<String> = left.iter().map(|l| l.line.to_string()).collect();
        path.push_str(&format!(
            "&check={}&lines={}",
            domain::listing::encode(&text),
            numbers.join(",")
        ));
    }
    path
}
