//! Server functions of the customers list and a company's page, under `/admin/fn/people…`: everyone with an
//! account, a company's people, addresses, balance, spend and orders, adding a person to a company, and disabling
//! or enabling a person, through the same engine operations as the admin API.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{companies_api::CompanyRow, orders_api::OrderRow};
#[cfg(feature = "ssr")]
use super::{companies_api::company_row, orders_api::order_row, session};
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// A person as the pages list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonItem {
    /// Sign-in address.
    pub email: String,
    /// Name.
    pub name: String,
    /// The companies they buy for: (code, name, role).
    pub companies: Vec<(String, String, String)>,
    /// Whether staff disabled them.
    pub disabled: bool,
}

/// What the customers list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleView {
    /// This page, by email.
    pub people: Vec<PersonItem>,
    /// The cursor of the next page.
    pub next: Option<String>,
    /// Whether the member may disable people and shop as them.
    pub can_write: bool,
}

/// What one company's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyPageView {
    /// Its terms, price lists and status.
    pub company: CompanyRow,
    /// Its people (their `companies` left empty: it is this one).
    pub people: Vec<(PersonItem, String)>,
    /// Its addresses: (kind, the address on one line).
    pub addresses: Vec<(String, String)>,
    /// Open balance on account, with its currency.
    pub open_balance: String,
    /// What is left of the credit limit, with its currency; empty without a limit.
    pub credit_available: String,
    /// Spend per currency: (currency, orders, net ever, net in the last 365 days).
    pub spend: Vec<(String, i64, String, String)>,
    /// Its newest orders, when the member may read orders.
    pub orders: Option<Vec<OrderRow>>,
    /// Whether the member may change it.
    pub can_write: bool,
}

/// A page of people; needs `customers:read`.
#[server(prefix = "/admin/fn", endpoint = "people")]
pub async fn get_people(
    search: String,
    status: String,
    after: String,
) -> Result<PeopleView, AppError> {
    let actor = session::actor().await?;
    let page = ssr::engine()?
        .people(
            &actor,
            &engine::customers::PersonQuery {
                search: Some(search),
                status: Some(status),
                after: Some(after),
                ..Default::default()
            },
        )
        .await?;
    Ok(PeopleView {
        people: page
            .data
            .into_iter()
            .map(|p| PersonItem {
                email: p.email,
                name: p.name,
                companies: p
                    .companies
                    .into_iter()
                    .map(|c| (c.code, c.name, c.role))
                    .collect(),
                disabled: p.disabled,
            })
            .collect(),
        next: page.next,
        can_write: actor.allows(engine::Scope::CustomersWrite),
    })
}

/// Newest orders a company's page shows.
#[cfg(feature = "ssr")]
const COMPANY_ORDERS: usize = 10;

/// One company's page; needs `customers:read`, and `orders:read` for its orders.
#[server(prefix = "/admin/fn", endpoint = "people/company")]
pub async fn get_company_page(code: String) -> Result<CompanyPageView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let account = engine.company_account(&actor, &code).await?;
    let orders = if actor.allows(engine::Scope::OrdersRead) {
        let search = engine::OrderSearch {
            company: Some(account.company.terms.code.clone()),
            page: 1,
            ..Default::default()
        };
        let list = engine.search_orders(&actor, &search).await?;
        Some(
            list.orders
                .into_iter()
                .take(COMPANY_ORDERS)
                .map(order_row)
                .collect(),
        )
    } else {
        None
    };
    let money = |amount: rust_decimal::Decimal, currency: &str| {
        domain::Currency::parse(currency)
            .map(|c| domain::Money::new(amount, c).display())
            .unwrap_or_else(|_| format!("{amount} {currency}"))
    };
    let currency = account.currency.clone();
    Ok(CompanyPageView {
        company: company_row(account.company),
        people: account
            .people
            .into_iter()
            .map(|p| {
                let item = PersonItem {
                    email: p.email,
                    name: p.name,
                    companies: Vec::new(),
                    disabled: p.disabled,
                };
                (item, p.role)
            })
            .collect(),
        addresses: account
            .addresses
            .into_iter()
            .map(|a| {
                let line = [
                    a.name,
                    a.company,
                    a.line1,
                    a.line2,
                    format!("{} {}", a.postal_code, a.city),
                    a.country,
                    a.phone,
                ]
                .into_iter()
                .map(|part| part.trim().to_owned())
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
                (a.kind, line)
            })
            .collect(),
        open_balance: money(account.open_balance, &currency),
        credit_available: account
            .credit_available
            .map(|a| money(a, &currency))
            .unwrap_or_default(),
        spend: account
            .spend
            .into_iter()
            .map(|s| {
                (
                    s.currency.clone(),
                    s.orders,
                    money(s.net_total, &s.currency),
                    money(s.net_last_365_days, &s.currency),
                )
            })
            .collect(),
        orders,
        can_write: actor.allows(engine::Scope::CustomersWrite),
    })
}

/// The company page of `code`.
pub fn company_path(code: &str) -> String {
    format!("/admin/companies/{}", domain::listing::encode(code.trim()))
}

/// Adds a person to a company (its first admin, or one more); someone new is emailed a link to choose a password.
#[server(prefix = "/admin/fn", endpoint = "people/add")]
pub async fn admin_add_company_person(
    code: String,
    email: String,
    name: String,
    role: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let role = domain::Role::parse(&role)?;
        let reset_url = format!("{}{}", ssr::site_base(), crate::api::RESET_PATH);
        ssr::engine()?
            .add_company_person(&actor, &code, &email, &name, role, &reset_url)
            .await?;
        Ok(())
    }
    .await;
    let next = format!("{}?saved=person", company_path(&code));
    session::finish(result, Some(&next))
}

/// Disables (`disabled` = `yes`) or enables a person, then goes back to `back`, a back-office page.
#[server(prefix = "/admin/fn", endpoint = "people/access")]
pub async fn admin_set_person_access(
    email: String,
    disabled: String,
    back: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?
            .set_person_disabled(&actor, &email, disabled == "yes")
            .await?;
        Ok(())
    }
    .await;
    // Only a page of the back office: the field comes from the form, and an open redirect would be a phishing aid.
    let back = domain::redirect::local_target(&back)
        .filter(|path| path.starts_with("/admin/"))
        .unwrap_or("/admin/customers")
        .to_owned();
    let mark = if back.contains('?') { '&' } else { '?' };
    let saved = if disabled == "yes" {
        "disabled"
    } else {
        "enabled"
    };
    session::finish(result, Some(&format!("{back}{mark}saved={saved}")))
}
