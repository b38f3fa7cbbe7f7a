//! Admin API, under `/api/v1/admin`: what a back office, an ERP or an operations tool does with a secret key —
//! orders (confirm, ship, cancel, export), products and stock, webhooks and the event feed, and API keys. Every
//! handler names the scope it needs; a key bound to a company reads that company's data only.

pub mod api_keys;
pub mod audit;
pub mod bulk;
pub mod catalog;
pub mod catalog_model;
pub mod companies;
pub mod customers;
pub mod order_desk;
pub mod order_lines;
pub mod orders;
pub mod payments;
pub mod people;
pub mod product_desk;
pub mod quotes;
pub mod settings;
pub mod setup;
pub mod webhooks;

use utoipa::IntoParams;

/// A page request by event or row position: items after `after`, at most `limit`.
#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AfterQuery {
    /// Only items after this position (the `next_after` of the previous page); 0 or absent for the start.
    #[param(minimum = 0)]
    pub after: Option<i64>,
    /// Items per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

impl AfterQuery {
    /// The position and page size, checked.
    pub fn checked(&self) -> Result<(i64, u32), super::error::ApiError> {
        let after = self.after.unwrap_or(0);
        if after < 0 {
            return Err(super::error::ApiError::invalid(
                "after",
                "must be 0 or more",
            ));
        }
        let limit = self.limit.unwrap_or(100);
        if !(1..=1000).contains(&limit) {
            return Err(super::error::ApiError::invalid(
                "limit",
                "must be 1 to 1000",
            ));
        }
        Ok((after, limit))
    }
}
