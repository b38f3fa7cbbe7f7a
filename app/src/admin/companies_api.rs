//! Server functions of the companies page, under `/admin/fn/companies…`: customer groups and each company's
//! terms, through the same engine operations as the admin API.

// A plain form posts its fields flat, so a server function taking a form has one argument per field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::{
    session,
    settings_api::{days, decimal},
};
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// A company as the page lists and edits it; amounts as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Country.
    pub country: String,
    /// VAT number, or empty.
    pub vat_id: String,
    /// Customer group's code, or empty.
    pub group: String,
    /// Payment terms in days.
    pub terms_days: String,
    /// May buy on account.
    pub invoice_approved: bool,
    /// Credit limit, or empty for none.
    pub credit_limit: String,
    /// Price lists that apply, comma-separated.
    pub price_lists: String,
    /// People who buy for it.
    pub people: i64,
    /// `active`, or `pending` while a business that registered waits for approval.
    pub status: String,
}

/// What the companies page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompaniesView {
    /// Customer groups: (code, name).
    pub groups: Vec<(String, String)>,
    /// This page of companies.
    pub companies: Vec<CompanyRow>,
    /// The cursor of the next page.
    pub next: Option<String>,
    /// The company being edited, when one was chosen.
    pub edit: Option<CompanyRow>,
    /// Whether the signed-in member may change companies and groups.
    pub can_write: bool,
}

/// A company's terms as the pages show them.
#[cfg(feature = "ssr")]
pub fn company_row(c: engine::settings::CompanyOverview) -> CompanyRow {
    CompanyRow {
        code: c.terms.code,
        name: c.terms.name,
        country: c.terms.country,
        vat_id: c.terms.vat_id,
        group: c.terms.customer_group,
        terms_days: c
            .terms
            .payment_terms_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
        invoice_approved: c.terms.invoice_approved,
        credit_limit: c
            .terms
            .credit_limit
            .map(|l| l.to_string())
            .unwrap_or_default(),
        price_lists: c.price_lists.join(", "),
        people: c.people,
        status: c.status,
    }
}

/// Groups and a page of companies; needs `customers:read`.
#[server(prefix = "/admin/fn", endpoint = "companies")]
pub async fn get_companies(
    search: String,
    after: String,
    code: String,
    status: String,
) -> Result<CompaniesView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let groups = engine.customer_group_records(&actor).await?;
    let page = engine
        .companies(
            &actor,
            &engine::settings::CompanyQuery {
                search: Some(search),
                after: Some(after),
                limit: Some(50),
                status: Some(status),
            },
        )
        .await?;
    let edit = match code.trim() {
        "" => None,
        code => Some(company_row(engine.company_overview(&actor, code).await?)),
    };
    Ok(CompaniesView {
        groups: groups.into_iter().map(|g| (g.code, g.name)).collect(),
        companies: page.data.into_iter().map(company_row).collect(),
        next: page.next,
        edit,
        can_write: actor.allows(engine::Scope::CustomersWrite),
    })
}

/// Approves a business that registered in the storefront, so its people may order; its terms are set next, on the
/// same page.
#[server(prefix = "/admin/fn", endpoint = "companies/approve")]
pub async fn admin_approve_company(code: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?.approve_company(&actor, &code).await?;
        Ok(())
    }
    .await;
    let next = format!(
        "/admin/companies?code={}&saved=approved#company-form",
        domain::listing::encode(code.trim())
    );
    session::finish(result, Some(&next))
}

/// Opens a buyer session for `email` on the member's behalf and sends them to the storefront as that buyer, with
/// a banner on every page; every action of the session is audited under the member's name.
#[server(prefix = "/admin/fn", endpoint = "companies/shop-as")]
pub async fn admin_shop_as(email: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let token = ssr::engine()?.start_shopping_as(&actor, &email).await?;
        ssr::set_session_cookie(&token);
        Ok(())
    }
    .await;
    session::finish(result, Some("/"))
}

/// Creates a customer group or renames one.
#[server(prefix = "/admin/fn", endpoint = "companies/group")]
pub async fn admin_save_group(code: String, name: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let group = engine::settings::CustomerGroupRecord { code, name };
        ssr::engine()?.save_customer_group(&actor, &group).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/companies?saved=group"))
}

/// Creates a company or changes its terms.
#[server(prefix = "/admin/fn", endpoint = "companies/save")]
pub async fn admin_save_company(
    code: String,
    name: String,
    country: String,
    vat_id: String,
    customer_group: String,
    payment_terms_days: String,
    invoice_approved: Option<String>,
    credit_limit: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let terms = match payment_terms_days.trim() {
            "" => None,
            text => Some(days("payment_terms_days", text)?),
        };
        let credit_limit = match credit_limit.trim() {
            "" => None,
            text => Some(decimal("credit_limit", text)?),
        };
        let company = engine::settings::CompanyTerms {
            code,
            name,
            country,
            vat_id,
            customer_group,
            payment_terms_days: terms,
            invoice_approved: invoice_approved.is_some(),
            credit_limit,
        };
        ssr::engine()?.save_company_terms(&actor, &company).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/companies?saved=company"))
}
