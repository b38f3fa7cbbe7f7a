//! One login for several companies: a person who belongs to several (a group's subsidiaries, a distributor buying
//! for clients) acts for one at a time, chosen per session. Everything a session reads — prices, the cart, lists,
//! orders, approvals — follows the company its account is resolved for, so switching is one column of the session.

use domain::{Account, CompanyRef, DomainError, Membership, Role};

use super::secret;
use crate::{Engine, EngineError, EngineResult, now_ms};

impl Engine {
    /// The companies `account`'s person belongs to, by name, with their role in each.
    pub async fn memberships(&self, account: &Account) -> EngineResult<Vec<Membership>> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT co.id, co.code, co.name, m.role FROM company_members m JOIN companies co ON co.id = m.company_id
             WHERE m.customer_id = $1 ORDER BY co.name, co.code",
        )
        .bind(account.customer_id)
        .fetch_all(&self.db.pool)
        .await?;
        rows.into_iter()
            .map(|(id, code, name, role)| {
                Ok(Membership {
                    company: CompanyRef { id, code, name },
                    role: Role::parse(&role)?,
                })
            })
            .collect()
    }

    /// Makes the session `token` act for the company `code`, one of its person's companies, and answers the account
    /// as it now is. A company the person does not belong to is an error naming `company`, the same whether it
    /// exists or not.
    pub async fn switch_company(&self, token: &str, code: &str) -> EngineResult<Account> {
        if !secret::looks_like_token(token) {
            return Err(EngineError::Unauthenticated);
        }
        let found: Option<(i64, i64)> = sqlx::query_as(
            "SELECT s.customer_id, m.company_id FROM sessions s
             JOIN company_members m ON m.customer_id = s.customer_id
             JOIN companies co ON co.id = m.company_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND co.code = $3",
        )
        .bind(secret::token_hash(token))
        .bind(now_ms())
        .bind(code.trim())
        .fetch_optional(&self.db.pool)
        .await?;
        let Some((customer, company)) = found else {
            // Either the session is gone or the person is not a member: tell a live session which.
            return match self.session(token).await? {
                None => Err(EngineError::Unauthenticated),
                Some(_) => Err(DomainError::new(
                    "company",
                    "is not one of the companies you buy for",
                )
                .into()),
            };
        };
        self.db
            .execute(
                sqlx::query("UPDATE sessions SET company_id = $1 WHERE token_hash = $2")
                    .bind(company)
                    .bind(secret::token_hash(token)),
            )
            .await?;
        self.account_in(customer, company).await
    }
}
