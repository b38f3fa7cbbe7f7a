//! Companies: their buyers with roles, and their address books. Only a company's admin changes them; a private
//! buyer keeps an address book of their own.

use domain::{
    Account, Address, AddressInput, AddressKind, CompanyUser, DomainError, Email, Role,
    SavedAddress,
};
use sqlx::FromRow;

use crate::{Engine, EngineError, EngineResult, accounts::checked_name, now_ms};

#[derive(FromRow)]
struct AddressRow {
    id: i64,
    kind: String,
    name: String,
    company: String,
    line1: String,
    line2: String,
    postal_code: String,
    city: String,
    country: String,
    phone: String,
}

impl AddressRow {
    fn into_saved(self) -> EngineResult<SavedAddress> {
        Ok(SavedAddress {
            id: self.id,
            kind: AddressKind::parse(&self.kind)?,
            address: Address {
                name: self.name,
                company: self.company,
                line1: self.line1,
                line2: self.line2,
                postal_code: self.postal_code,
                city: self.city,
                country: self.country,
                phone: self.phone,
            },
        })
    }
}

/// Whose address book an account uses: its company's, or its own.
fn owner(account: &Account) -> (&'static str, i64) {
    match &account.company {
        Some(c) => ("company_id", c.id),
        None => ("customer_id", account.customer_id),
    }
}

/// Writes `address` of `kind` into the book of `owner` (`company_id` or `customer_id`, and the id); its id.
pub(crate) async fn insert_address(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    (column, owner_id): (&str, i64),
    kind: AddressKind,
    address: &Address,
    now: i64,
) -> EngineResult<i64> {
    let (id,): (i64,) = sqlx::query_as(&format!(
        "INSERT INTO addresses ({column}, kind, name, company, line1, line2, postal_code, city, country, phone,
                                created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
    ))
    .bind(owner_id)
    .bind(kind.as_str())
    .bind(&address.name)
    .bind(&address.company)
    .bind(&address.line1)
    .bind(&address.line2)
    .bind(&address.postal_code)
    .bind(&address.city)
    .bind(&address.country)
    .bind(&address.phone)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub(crate) fn require_admin(account: &Account) -> EngineResult<i64> {
    match (&account.company, account.role) {
        (Some(c), Some(role)) if role.can_manage_company() => Ok(c.id),
        (Some(_), _) => Err(EngineError::forbidden(
            "Only the company's administrators can do this.",
        )),
        (None, _) => Err(EngineError::forbidden(
            "Your account does not belong to a company.",
        )),
    }
}

/// A person of a company: id, email, name, role, order limit, budget and its period.
type PersonRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    String,
);

impl Engine {
    /// The people of the caller's company; admins only.
    pub async fn company_users(&self, account: &Account) -> EngineResult<Vec<CompanyUser>> {
        let company = require_admin(account)?;
        let rows: Vec<PersonRow> = sqlx::query_as(
            "SELECT c.id, c.email, c.name, m.role, m.order_limit_micros, m.budget_micros, m.budget_period
             FROM company_members m JOIN customers c ON c.id = m.customer_id
             WHERE m.company_id = $1 ORDER BY c.email",
        )
        .bind(company)
        .fetch_all(&self.db.pool)
        .await?;
        rows.into_iter()
            .map(
                |(customer_id, email, name, role, order_limit, budget, period)| {
                    Ok(CompanyUser {
                        customer_id,
                        email: Email::parse(&email)?,
                        name,
                        role: Role::parse(&role)?,
                        limits: domain::approval::BuyerLimits {
                            order_limit,
                            budget,
                            period: domain::approval::BudgetPeriod::parse(&period)?,
                        },
                    })
                },
            )
            .collect()
    }

    /// Adds a person to the caller's company (admins only) and emails them a link to choose their password,
    /// which goes to `reset_url`.
    pub async fn invite_company_user(
        &self,
        account: &Account,
        email: &Email,
        name: &str,
        role: Role,
        reset_url: &str,
    ) -> EngineResult<()> {
        let company = require_admin(account)?;
        let name = checked_name(name)?;
        // A random password nobody knows: the invitee sets their own through the emailed link.
        let unusable = domain::Password::parse(&crate::accounts::new_secret())?;
        let hash = self.hash(&unusable).await?;
        let mut tx = self.db.begin_write().await?;
        crate::accounts::refuse_taken(&mut tx, email).await?;
        let now = now_ms();
        let customer_id =
            crate::accounts::insert_customer(&mut tx, email, name, &hash, now).await?;
        add_member(&mut tx, company, customer_id, role, now).await?;
        tx.commit().await?;
        self.email_reset_link(email, reset_url).await
    }

    /// Changes a company member's role (admins only). The last admin cannot stop being one, so a company never
    /// locks itself out.
    pub async fn set_company_role(
        &self,
        account: &Account,
        customer_id: i64,
        role: Role,
    ) -> EngineResult<()> {
        let company = require_admin(account)?;
        let mut tx = self.db.begin_write().await?;
        // Two admins demoting each other at once would each still count the other and both commit: role changes of
        // one company queue on its row instead.
        self.db
            .lock_rows(&mut tx, "companies", "id", &[company])
            .await?;
        let updated = sqlx::query(
            "UPDATE company_members SET role = $1 WHERE customer_id = $2 AND company_id = $3",
        )
        .bind(role.as_str())
        .bind(customer_id)
        .bind(company)
        .execute(&mut **tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(EngineError::not_found("user", customer_id.to_string()));
        }
        let (admins,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM company_members WHERE company_id = $1 AND role = 'admin'",
        )
        .bind(company)
        .fetch_one(&mut **tx)
        .await?;
        if admins == 0 {
            return Err(
                DomainError::new("role", "the company needs at least one administrator").into(),
            );
        }
        tx.commit().await?;
        Ok(())
    }

    /// The caller's address book: the company's, or a private buyer's own.
    pub async fn addresses(&self, account: &Account) -> EngineResult<Vec<SavedAddress>> {
        let (column, id) = owner(account);
        let rows: Vec<AddressRow> = sqlx::query_as(&format!(
            "SELECT id, kind, name, company, line1, line2, postal_code, city, country, phone
             FROM addresses WHERE {column} = $1 ORDER BY kind, id"
        ))
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        rows.into_iter().map(AddressRow::into_saved).collect()
    }

    /// One address of the caller's book; `NotFound` for anyone else's.
    pub async fn address(&self, account: &Account, address_id: i64) -> EngineResult<SavedAddress> {
        self.addresses(account)
            .await?
            .into_iter()
            .find(|a| a.id == address_id)
            .ok_or_else(|| EngineError::not_found("address", address_id.to_string()))
    }

    /// Adds an address to the caller's book (for a company: admins only).
    pub async fn add_address(
        &self,
        account: &Account,
        kind: AddressKind,
        input: AddressInput,
    ) -> EngineResult<SavedAddress> {
        if account.company.is_some() {
            require_admin(account)?;
        }
        let address = input.validate()?;
        let (column, owner_id) = owner(account);
        let mut tx = self.db.begin_write().await?;
        let id = insert_address(&mut tx, (column, owner_id), kind, &address, now_ms()).await?;
        tx.commit().await?;
        Ok(SavedAddress { id, kind, address })
    }

    /// Removes an address from the caller's book (for a company: admins only). Orders keep their copy.
    pub async fn remove_address(&self, account: &Account, address_id: i64) -> EngineResult<()> {
        if account.company.is_some() {
            require_admin(account)?;
        }
        let (column, owner_id) = owner(account);
        let deleted = self
            .db
            .execute(
                sqlx::query(&format!(
                    "DELETE FROM addresses WHERE id = $1 AND {column} = $2"
                ))
                .bind(address_id)
                .bind(owner_id),
            )
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(EngineError::not_found("address", address_id.to_string()));
        }
        Ok(())
    }
}

/// Makes `customer_id` a member of `company` with `role`, in `tx`.
pub(crate) async fn add_member(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    company: i64,
    customer_id: i64,
    role: Role,
    now: i64,
) -> EngineResult<()> {
    sqlx::query(
        "INSERT INTO company_members (company_id, customer_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(company)
    .bind(customer_id)
    .bind(role.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
