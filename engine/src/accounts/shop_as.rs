//! Customer service shops as a buyer: a member of staff opens a buyer session on the buyer's behalf (to place an
//! order they phoned in, or to see what they see). The session names the member, so the storefront shows it on
//! every page and every action of the session is written to the audit trail under the member's name.

use domain::{DomainError, Email};

use super::secret;
use crate::{
    Engine, EngineError, EngineResult, Scope,
    audit_log::{self, Change},
    now_ms,
    staff::{Actor, ActorKind},
};

/// A session opened on a buyer's behalf ends after an hour: long enough for a call, short enough not to linger.
const SHOP_AS_MS: i64 = 60 * 60 * 1000;

impl Engine {
    /// Opens a buyer session for the person with `email` on behalf of `by`, a member of staff signed in to the back
    /// office whose role has `customers:write`; answers the session token for the storefront's cookie. Keys and
    /// processes are refused: shopping as someone is for a person, who can be named on every page.
    pub async fn start_shopping_as(&self, by: &Actor, email: &str) -> EngineResult<String> {
        by.require(Scope::CustomersWrite)?;
        let ActorKind::Staff { id: staff_id, .. } = by.kind() else {
            return Err(EngineError::forbidden(
                "Only a member of staff signed in to the back office may shop as a buyer.",
            ));
        };
        let email = Email::parse(email)?;
        let row: Option<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, disabled_at FROM customers WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&self.db.pool)
                .await?;
        let (customer, disabled) =
            row.ok_or_else(|| DomainError::new("email", "no buyer has this address"))?;
        if disabled.is_some() {
            return Err(
                DomainError::new("email", "this person is disabled; enable them first").into(),
            );
        }
        let token = secret::new_token();
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, customer_id, created_at, expires_at, company_id, acting_staff_id)
             VALUES ($1, $2, $3, $4, (SELECT MIN(company_id) FROM company_members WHERE customer_id = $2), $5)",
        )
        .bind(secret::token_hash(&token))
        .bind(customer)
        .bind(now)
        .bind(now + SHOP_AS_MS)
        .bind(staff_id)
        .execute(&mut **tx)
        .await?;
        let change = Change::new("session", None, Some("started".into()));
        audit_log::record(
            &mut tx,
            by,
            "customer.shopping_as",
            ("customer", email.as_str()),
            &[change],
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// Writes `what` (a request such as `POST /api/cart/add`) to the audit trail when the session of `token` was
    /// opened by a member of staff on a buyer's behalf, under that member's name; answers whether it did. A buyer's
    /// own session writes nothing.
    pub async fn record_action_as_buyer(&self, token: &str, what: &str) -> EngineResult<bool> {
        if !secret::looks_like_token(token) {
            return Ok(false);
        }
        let row: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT st.id, st.email, st.role, c.email FROM sessions s
             JOIN staff st ON st.id = s.acting_staff_id JOIN customers c ON c.id = s.customer_id
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(secret::token_hash(token))
        .bind(now_ms())
        .fetch_optional(&self.db.pool)
        .await?;
        let Some((staff_id, staff_email, role, buyer)) = row else {
            return Ok(false);
        };
        let actor = Actor::staff(staff_id, staff_email, role, Vec::new(), None);
        let what: String = what.chars().take(200).collect();
        let mut tx = self.db.begin_write().await?;
        let change = Change::new("request", None, Some(what));
        audit_log::record(
            &mut tx,
            &actor,
            "customer.acted_as",
            ("customer", &buyer),
            &[change],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
