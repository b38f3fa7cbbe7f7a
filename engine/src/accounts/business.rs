//! Business accounts opened from the storefront: a business registers (its name, VAT number and address, and its
//! first person, who becomes its admin) and waits as `pending` — signed in, able to look around, unable to order
//! — until staff approve it and set its terms.

use domain::{AddressInput, AddressKind, DomainError, Email, Password, VatId};

use super::{SignedIn, checked_name, confirm, insert_customer, refuse_taken, secret};
use crate::{
    Engine, EngineError, EngineResult,
    audit_log::{self, Change},
    company::insert_address,
    now_ms,
    settings::CompanyTerms,
    staff::Actor,
};

/// What a business gives when it registers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessRegistration {
    /// The company's legal name.
    pub company_name: String,
    /// Its EU VAT number; empty for none.
    pub vat_id: String,
    /// Its invoice address; its country is the company's.
    pub address: AddressInput,
    /// The registering person's name.
    pub name: String,
    /// Their email address, their sign-in.
    pub email: String,
    /// Their password.
    pub password: String,
}

impl Engine {
    /// Registers a business: a `pending` company with its invoice and delivery address, and the person as its
    /// admin, signed in, with a link (`{confirm_url}?token=…`) to confirm their address. An error names the field;
    /// a taken address is refused on `email`. `client` pays for the password hash from its budget.
    pub async fn register_business(
        &self,
        registration: &BusinessRegistration,
        confirm_url: &str,
        client: crate::ClientAddr,
    ) -> EngineResult<SignedIn> {
        self.limits.admit(client)?;
        let company_name = registration.company_name.trim();
        if company_name.chars().count() < 2 || company_name.chars().count() > 200 {
            return Err(DomainError::new("company_name", "must be 2 to 200 characters").into());
        }
        let vat_id = match registration.vat_id.trim() {
            "" => String::new(),
            text => VatId::parse(text)?.as_str().to_owned(),
        };
        let mut address = registration.address.clone();
        address.company = company_name.to_owned();
        if address.name.trim().is_empty() {
            address.name = registration.name.clone();
        }
        let address = address.validate()?;
        let name = checked_name(&registration.name)?;
        let email = Email::parse(&registration.email)?;
        let password = Password::parse(&registration.password)?;
        let hash = self.hash(&password).await?;
        let terms = CompanyTerms {
            // The shop's own customer number comes with approval, when the ERP knows the business; until then a
            // code nobody types.
            code: format!("web-{}", &secret::new_token()[..10].to_lowercase()),
            name: company_name.to_owned(),
            country: address.country.clone(),
            vat_id,
            customer_group: String::new(),
            payment_terms_days: None,
            invoice_approved: false,
            credit_limit: None,
        }
        .validated()?;
        let default_terms = self.payment_settings().await?.default_terms_days;
        let mut tx = self.db.begin_write().await?;
        refuse_taken(&mut tx, &email).await?;
        let company = crate::settings::write_company(&mut tx, &terms, default_terms).await?;
        let now = now_ms();
        sqlx::query("UPDATE companies SET status = 'pending' WHERE id = $1")
            .bind(company)
            .execute(&mut **tx)
            .await?;
        let customer = insert_customer(&mut tx, &email, name, &hash, now).await?;
        crate::company::add_member(&mut tx, company, customer, domain::Role::Admin, now).await?;
        for kind in [AddressKind::Billing, AddressKind::Shipping] {
            insert_address(&mut tx, ("company_id", company), kind, &address, now).await?;
        }
        let token = self.insert_session(&mut tx, customer, now).await?;
        confirm::send_link(&mut tx, customer, &email, name, confirm_url, now).await?;
        tx.commit().await?;
        Ok(SignedIn {
            token,
            account: self.account(customer).await?,
        })
    }

    /// Approves a business waiting as `pending`, so its people may order, and emails its admins; needs
    /// `customers:write`. Its terms are set on its page as for any company. One that is not waiting is refused
    /// naming `status`.
    pub async fn approve_company(&self, by: &Actor, code: &str) -> EngineResult<()> {
        crate::settings::require_customers_write(by)?;
        let mut tx = self.db.begin_write().await?;
        let row: Option<(i64, String)> = sqlx::query_as(
            "UPDATE companies SET status = 'active' WHERE code = $1 AND status = 'pending' RETURNING id, name",
        )
        .bind(code.trim())
        .fetch_optional(&mut **tx)
        .await?;
        let Some((id, name)) = row else {
            let known: Option<(i64,)> = sqlx::query_as("SELECT id FROM companies WHERE code = $1")
                .bind(code.trim())
                .fetch_optional(&mut **tx)
                .await?;
            return Err(match known {
                Some(_) => {
                    DomainError::new("status", "the company is not waiting for approval").into()
                }
                None => EngineError::not_found("company", code),
            });
        };
        let change = Change::new("status", Some("pending".into()), Some("active".into()));
        audit_log::record(
            &mut tx,
            by,
            "company.approved",
            ("company", code.trim()),
            &[change],
        )
        .await?;
        let admins: Vec<(String, String)> = sqlx::query_as(
            "SELECT c.email, c.name FROM company_members m JOIN customers c ON c.id = m.customer_id
             WHERE m.company_id = $1 AND m.role = 'admin'",
        )
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
        for (email, person) in admins {
            let body = format!(
                "Hello {person},\n\nthe business account of {name} is open: you can order now, and invite your \
                 colleagues from your account page.\n"
            );
            crate::mail::enqueue(&mut tx, &email, "Your business account is open", &body).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether company `id` may order: `false` while it waits for approval.
    pub(crate) async fn company_may_order(&self, id: i64) -> EngineResult<bool> {
        let row: Option<(String,)> = sqlx::query_as("SELECT status FROM companies WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.db.pool)
            .await?;
        Ok(row.is_none_or(|(status,)| status != "pending"))
    }
}
