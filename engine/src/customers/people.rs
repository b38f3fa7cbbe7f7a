//! Everyone with an account, as the back office's customer list shows them: by email, fifty to a page, searched by
//! email or name, narrowed to a company or to the disabled, each with the companies they buy for.

use serde::Serialize;

use crate::{Engine, EngineResult, Scope, staff::Actor};

/// Which people to list; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonQuery {
    /// Only people whose email or name contains this text (any case).
    pub search: Option<String>,
    /// Only people who buy for this company (its code).
    pub company: Option<String>,
    /// `active` or `disabled`; anything else lists both.
    pub status: Option<String>,
    /// Only those after this email: the `next` of the page before.
    pub after: Option<String>,
    /// At most this many (1 to 200; default 50).
    pub limit: Option<u32>,
}

/// A company a person buys for, and their role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonCompany {
    /// The company's code.
    pub code: String,
    /// The company's name.
    pub name: String,
    /// `admin`, `buyer` or `viewer`.
    pub role: String,
}

/// A person with an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRow {
    /// Sign-in address.
    pub email: String,
    /// Name.
    pub name: String,
    /// The companies they buy for; none for a private buyer.
    pub companies: Vec<PersonCompany>,
    /// Whether staff disabled them.
    pub disabled: bool,
    /// When the account was made, epoch milliseconds.
    pub created_at: i64,
}

/// One page of people, by email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonPage {
    /// The people.
    pub data: Vec<PersonRow>,
    /// The cursor of the next page (the last email), when there is one.
    pub next: Option<String>,
}

impl Engine {
    /// A page of people; needs `customers:read`. A key bound to a company sees that company's people only. An
    /// unknown company lists nobody.
    pub async fn people(&self, by: &Actor, query: &PersonQuery) -> EngineResult<PersonPage> {
        by.require(Scope::CustomersRead)?;
        let limit = i64::from(query.limit.unwrap_or(50).clamp(1, 200));
        let search = query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("%{}%", s.to_lowercase()))
            .unwrap_or_default();
        let status = match query.status.as_deref().map(str::trim) {
            Some("active") => 1,
            Some("disabled") => 2,
            _ => 0,
        };
        let rows: Vec<(i64, String, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT c.id, c.email, c.name, c.disabled_at, c.created_at FROM customers c
             WHERE ($1 = '' OR c.email > $1)
               AND ($2 = '' OR LOWER(c.email) LIKE $2 OR LOWER(c.name) LIKE $2)
               AND ($3 = 0 OR EXISTS (SELECT 1 FROM company_members m WHERE m.customer_id = c.id AND m.company_id = $3))
               AND ($4 = '' OR EXISTS (SELECT 1 FROM company_members m JOIN companies co ON co.id = m.company_id
                                      WHERE m.customer_id = c.id AND co.code = $4))
               AND ($5 = 0 OR ($5 = 1 AND c.disabled_at IS NULL) OR ($5 = 2 AND c.disabled_at IS NOT NULL))
             ORDER BY c.email LIMIT $6",
        )
        .bind(query.after.as_deref().unwrap_or(""))
        .bind(search)
        .bind(by.company().unwrap_or(0))
        .bind(query.company.as_deref().unwrap_or("").trim())
        .bind(status)
        .bind(limit + 1)
        .fetch_all(&self.db.pool)
        .await?;
        let more = rows.len() as i64 > limit;
        let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
        let memberships = self.memberships_of(rows.iter().map(|r| r.0)).await?;
        let data: Vec<PersonRow> = rows
            .into_iter()
            .map(|(id, email, name, disabled, created_at)| PersonRow {
                email,
                name,
                companies: memberships
                    .iter()
                    .filter(|(customer, _)| *customer == id)
                    .map(|(_, company)| company.clone())
                    .collect(),
                disabled: disabled.is_some(),
                created_at,
            })
            .collect();
        let next = more.then(|| data.last().map(|p| p.email.clone())).flatten();
        Ok(PersonPage { data, next })
    }

    /// The companies of a page of people in one query: (customer id, company).
    async fn memberships_of(
        &self,
        ids: impl Iterator<Item = i64>,
    ) -> EngineResult<Vec<(i64, PersonCompany)>> {
        // Ids are integers read from the database, so listing them in the statement is safe.
        let list = ids.map(|id| id.to_string()).collect::<Vec<_>>().join(",");
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(&format!(
            "SELECT m.customer_id, co.code, co.name, m.role FROM company_members m
             JOIN companies co ON co.id = m.company_id WHERE m.customer_id IN ({list}) ORDER BY co.code"
        ))
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, code, name, role)| (id, PersonCompany { code, name, role }))
            .collect())
    }
}
