//! What a signed-in buyer's page needs of its person, read with the session in one query: the storefront's header
//! shows the cart's units and, for a person in several companies, a switch. Reading them apart cost a priced cart
//! and a membership list per page.

use domain::Account;
use sqlx::FromRow;

use super::SessionRow;
use crate::{Engine, EngineResult, Shopper};

/// A live session as a page sees it.
#[derive(Debug, Clone)]
pub struct SessionPage {
    /// Who is signed in, acting for the session's company.
    pub account: Account,
    /// The shopper acting for them: channel and language as given, their company's prices, their cart.
    pub shopper: Shopper,
    /// Units in the account's cart for this company, counting only lines sold in the channel's currency (the lines
    /// the cart shows).
    pub cart_units: u64,
    /// How many companies the person belongs to.
    pub companies: u32,
}

#[derive(FromRow)]
struct PageRow {
    cart_units: i64,
    companies: i64,
    #[sqlx(flatten)]
    session: SessionRow,
}

/// Columns beside the session's; `c` is the customer, `m` the membership acted for, `$3` the currency.
const PAGE_COLUMNS: &str = "
    (SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM carts ca JOIN cart_lines l ON l.cart_id = ca.id
     WHERE ca.customer_id = c.id AND ca.company_key = COALESCE(m.company_id, 0)
       AND EXISTS (SELECT 1 FROM prices pr WHERE pr.variant_id = l.variant_id AND pr.currency = $3)) AS cart_units,
    (SELECT COUNT(*) FROM company_members n WHERE n.customer_id = c.id) AS companies,";

impl Engine {
    /// The session `token` with what its page's header shows, or `None` when it names no live session; `shopper`
    /// gives the channel and language.
    pub async fn session_page(
        &self,
        token: &str,
        shopper: Shopper,
    ) -> EngineResult<Option<SessionPage>> {
        let row: Option<PageRow> = self.session_row(token, PAGE_COLUMNS, &shopper).await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let (account, shopper) = row.session.into_parts(shopper)?;
        Ok(Some(SessionPage {
            account,
            shopper,
            cart_units: u64::try_from(row.cart_units).unwrap_or(0),
            companies: u32::try_from(row.companies).unwrap_or(u32::MAX),
        }))
    }
}
