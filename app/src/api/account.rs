//! Server functions of the account area: sign-in and sign-up, sign-out, password reset, the profile with the
//! company's people and address book. Every form posts plain fields and works without JavaScript.

// A plain form posts its fields flat, so a server function taking an address has one argument per field.
#![allow(clippy::too_many_arguments)]

use domain::{Account, CompanyUser, SavedAddress};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;

/// Where the password-reset and invitation emails send people.
pub const RESET_PATH: &str = "/account/reset";

/// Where the emailed link to confirm a new account's address leads.
pub const CONFIRM_PATH: &str = "/account/confirm";

/// What the account page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountOverview {
    /// Who is signed in.
    pub account: Account,
    /// The company's people, for its admins; empty for everyone else.
    pub users: Vec<CompanyUser>,
    /// The address book (the company's, or the private buyer's own).
    pub addresses: Vec<SavedAddress>,
    /// Orders waiting for approval: the company's for its admins, their own for a buyer.
    pub waiting: Vec<domain::approval::PendingApproval>,
    /// Their budget, when they have limits.
    pub budget: Option<domain::approval::BudgetStatus>,
    /// The shopping lists they see.
    pub lists: Vec<domain::shopping_list::ListSummary>,
    /// The company's open quotes (asked or answered), newest first.
    pub quotes: Vec<domain::quotes::QuoteSummary>,
}

/// The signed-in account, if any: the header's account link, and pages that differ for a signed-in buyer.
#[server(endpoint = "account/me")]
pub async fn get_account() -> Result<Option<Account>, AppError> {
    ssr::account().await
}

/// The account page's data; `Unauthenticated` sends the visitor to sign in.
#[server(endpoint = "account/overview")]
pub async fn get_account_overview() -> Result<AccountOverview, AppError> {
    let (_, account) = ssr::signed_in().await?;
    let engine = ssr::engine()?;
    let manages = account.role.is_some_and(domain::Role::can_manage_company);
    let users = if manages {
        engine.company_users(&account).await?
    } else {
        Vec::new()
    };
    Ok(AccountOverview {
        addresses: engine.addresses(&account).await?,
        waiting: engine.approvals_waiting(&account).await?,
        budget: engine.budget_status(&account).await?,
        lists: engine.shopping_lists(&account).await?,
        quotes: engine
            .quotes(&account)
            .await?
            .into_iter()
            .filter(|q| !q.status.is_final())
            .collect(),
        users,
        account,
    })
}

/// Signs in and goes to `next` (a path on this site; the account page when empty). A guest cart is merged into
/// the account's cart, so nothing put in it before signing in is lost.
#[server(endpoint = "account/sign-in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<(), AppError> {
    let target = domain::redirect::local_path(&next, "/account");
    let result: Result<(), AppError> = async {
        let engine = ssr::engine()?;
        let signed = engine.sign_in(&email, &password, ssr::client()).await?;
        ssr::set_session_cookie(&signed.token);
        adopt_guest_cart(&signed.account).await
    }
    .await;
    ssr::finish_form(result, Some(&target))
}

/// Creates a private buyer's account, signs it in and goes to `next`.
#[server(endpoint = "account/sign-up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    next: String,
) -> Result<(), AppError> {
    let target = domain::redirect::local_path(&next, "/account");
    let result: Result<(), AppError> = async {
        let email = domain::Email::parse(&email)?;
        let password = domain::Password::parse(&password)?;
        let signed = ssr::engine()?
            .sign_up(
                &email,
                &password,
                &name,
                &format!("{}{CONFIRM_PATH}", ssr::site_base()),
                ssr::client(),
            )
            .await?;
        ssr::set_session_cookie(&signed.token);
        adopt_guest_cart(&signed.account).await
    }
    .await;
    ssr::finish_form(result, Some(&target))
}

/// Registers a business and its first person, signed in as the company's admin; the company waits for the shop's
/// approval before it can order.
#[allow(clippy::too_many_arguments)] // One per form field: the form works without JavaScript.
#[server(endpoint = "account/register-business")]
pub async fn register_business(
    company_name: String,
    vat_id: String,
    line1: String,
    postal_code: String,
    city: String,
    country: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let registration = engine::BusinessRegistration {
            company_name,
            vat_id,
            address: domain::AddressInput {
                name: name.clone(),
                line1,
                postal_code,
                city,
                country,
                ..Default::default()
            },
            name,
            email,
            password,
        };
        let signed = ssr::engine()?
            .register_business(
                &registration,
                &format!("{}{CONFIRM_PATH}", ssr::site_base()),
                ssr::client(),
            )
            .await?;
        ssr::set_session_cookie(&signed.token);
        adopt_guest_cart(&signed.account).await
    }
    .await;
    ssr::finish_form(result, Some("/account?registered=business"))
}

#[cfg(feature = "ssr")]
async fn adopt_guest_cart(account: &Account) -> Result<(), AppError> {
    let Some(guest) = ssr::cart_token() else {
        return Ok(());
    };
    let engine = ssr::engine()?;
    let shopper = engine.shopper_as(ssr::guest("").await?, account).await?;
    engine.merge_guest_cart(&shopper, &guest).await?;
    ssr::clear_cart_cookie();
    Ok(())
}

/// Ends the session and goes to the home page.
#[server(endpoint = "account/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        if let Some(token) = ssr::session_token() {
            ssr::engine()?.sign_out(&token).await?;
        }
        ssr::clear_session_cookie();
        Ok(())
    }
    .await;
    ssr::finish_form(result, Some("/"))
}

/// Emails a reset link if the address has an account; the answer is the same either way.
#[server(endpoint = "account/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let reset_url = format!("{}{RESET_PATH}", ssr::site_base());
        Ok(ssr::engine()?
            .request_password_reset(&email, &reset_url, ssr::client())
            .await?)
    }
    .await;
    ssr::finish_form(result, Some("/account/forgot?sent=1"))
}

/// Confirms a new account's email address with the emailed token; the buyer may order from then on.
#[server(endpoint = "account/confirm")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    let result: Result<(), AppError> =
        async { Ok(ssr::engine()?.confirm_email(&token).await?) }.await;
    ssr::finish_form(result, Some("/account/confirm?done=1"))
}

/// Sets a new password with the emailed token; the buyer then signs in with it.
#[server(endpoint = "account/reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let password = domain::Password::parse(&password)?;
        Ok(ssr::engine()?
            .reset_password(&token, &password, ssr::client())
            .await?)
    }
    .await;
    ssr::finish_form(result, Some("/account/sign-in?reset=1"))
}

/// Invites a person to the company (admins only); they get an email to choose their password.
#[server(endpoint = "account/users/invite")]
pub async fn invite_user(name: String, email: String, role: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let email = domain::Email::parse(&email)?;
        let role = domain::Role::parse(&role)?;
        let reset_url = format!("{}{RESET_PATH}", ssr::site_base());
        Ok(ssr::engine()?
            .invite_company_user(&account, &email, &name, role, &reset_url)
            .await?)
    }
    .await;
    ssr::finish_form(result, Some("/account"))
}

/// Changes a company member's role (admins only).
#[server(endpoint = "account/users/role")]
pub async fn set_user_role(customer: String, role: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let customer = parse_id("customer", &customer)?;
        let role = domain::Role::parse(&role)?;
        Ok(ssr::engine()?
            .set_company_role(&account, customer, role)
            .await?)
    }
    .await;
    ssr::finish_form(result, Some("/account"))
}

/// Adds an address to the address book (company admins, or a private buyer for themselves).
#[server(endpoint = "account/addresses/add")]
pub async fn add_address(
    kind: String,
    name: String,
    company: String,
    line1: String,
    line2: String,
    postal_code: String,
    city: String,
    country: String,
    phone: String,
) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let kind = domain::AddressKind::parse(&kind)?;
        let input = domain::AddressInput {
            name,
            company,
            line1,
            line2,
            postal_code,
            city,
            country,
            phone,
        };
        ssr::engine()?.add_address(&account, kind, input).await?;
        Ok(())
    }
    .await;
    ssr::finish_form(result, Some("/account"))
}

/// Removes an address from the address book.
#[server(endpoint = "account/addresses/remove")]
pub async fn remove_address(address: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let id = parse_id("address", &address)?;
        Ok(ssr::engine()?.remove_address(&account, id).await?)
    }
    .await;
    ssr::finish_form(result, Some("/account"))
}

/// A row id from a form field.
#[cfg(feature = "ssr")]
pub(crate) fn parse_id(field: &str, value: &str) -> Result<i64, AppError> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::Invalid {
            field: field.into(),
            message: "is not one of the choices shown".into(),
        })
}
