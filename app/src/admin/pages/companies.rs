//! `/admin/companies`: customer groups, and the companies that buy with their group, payment terms, invoice
//! approval, credit limit and the price lists that apply, fifty to a page with a search; a form creates a
//! company or changes the one chosen (`?code=`). Each company's people, balance and orders are on its own page.

use domain::listing::encode;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        companies_api::{
            AdminApproveCompany, AdminSaveCompany, AdminSaveGroup, CompaniesView, CompanyRow,
            get_companies,
        },
        people_api::company_path,
    },
    components::{Field, FormError, form_error, query_param},
};

/// The companies page; needs `customers:read`, and `customers:write` for its forms.
#[component]
pub fn Companies() -> impl IntoView {
    let saved = query_param("saved").map(|what| match what.as_str() {
        "group" => "Saved the customer group.",
        "approved" => "Approved the business: its people may order now. Set its terms below.",
        _ => "Saved the company.",
    });
    let search = query_param("q").unwrap_or_default();
    let after = query_param("after").unwrap_or_default();
    let code = query_param("code").unwrap_or_default();
    let status = query_param("status").unwrap_or_default();
    let data = {
        let (search, after, code) = (search.clone(), after.clone(), code.clone());
        Resource::new(
            || (),
            move |_| get_companies(search.clone(), after.clone(), code.clone(), status.clone()),
        )
    };
    view! {
        <Title text="Companies" />
        <h1>"Companies"</h1>
        {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || {
                let search = search.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Sections view search /> }.into_any(),
                        Err(e) => admin_error(e),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Sections(view: CompaniesView, search: String) -> impl IntoView {
    let write = view.can_write;
    let groups = view.groups.clone();
    let next = view.next.map(|after| {
        format!(
            "/admin/companies?q={}&after={}",
            encode(&search),
            encode(&after)
        )
    });
    view! {
        <section id="companies">
            <form method="get" action="/admin/companies" class="filters" role="search">
                <Field label="Code or name contains" name="q" value=search.clone() />
                <button type="submit" class="button">"Search"</button>
                <a href="/admin/companies?status=pending">"Waiting for approval"</a>
            </form>
            <div class="table-scroll">
                <table>
                    <thead><tr><th>"Code"</th><th>"Name"</th><th>"Country"</th><th>"Group"</th><th class="num">"Terms, days"</th><th>"On account"</th><th class="num">"Credit limit"</th><th>"Price lists"</th><th class="num">"People"</th><th>"Status"</th></tr></thead>
                    <tbody>{view.companies.into_iter().map(|c| company_row(c, write)).collect_view()}</tbody>
                </table>
            </div>
            {next.map(|href| view! { <p><a href=href rel="next">"Next page"</a></p> })}
            {write.then(|| view! { <CompanyForm company=view.edit groups=groups.clone() /> })}
        </section>
        <section id="groups">
            <h2>"Customer groups"</h2>
            <p>"Price lists apply to a group by its code; a company belongs to one group at most."</p>
            <table>
                <thead><tr><th>"Code"</th><th>"Name"</th></tr></thead>
                <tbody>
                    {groups.into_iter().map(|(code, name)| view! { <tr><td>{code}</td><td>{name}</td></tr> }).collect_view()}
                </tbody>
            </table>
            {write.then(|| view! {
                <form method="post" action=AdminSaveGroup::url() class="filters">
                    <Field label="Code" name="code" required=true />
                    <Field label="Name" name="name" required=true />
                    <button type="submit" class="button">"Save group"</button>
                </form>
            })}
        </section>
    }
}

fn company_row(c: CompanyRow, write: bool) -> impl IntoView {
    let approve = (write && c.status == "pending").then(|| {
        view! {
            <form method="post" action=AdminApproveCompany::url() class="inline">
                <input type="hidden" name="code" value=c.code.clone() />
                <button type="submit" class="button primary" aria-label=format!("Approve {}", c.name)>"Approve"</button>
            </form>
        }
    });
    view! {
        <tr>
            <td><a href=company_path(&c.code)>{c.code.clone()}</a></td>
            <td>{c.name}</td>
            <td>{c.country}</td>
            <td>{c.group}</td>
            <td class="num">{c.terms_days}</td>
            <td>{if c.invoice_approved { "yes" } else { "no" }}</td>
            <td class="num">{c.credit_limit}</td>
            <td>{c.price_lists}</td>
            <td class="num">{c.people}</td>
            <td>{c.status}" "{approve}</td>
        </tr>
    }
}

/// Creates a company, or changes the one chosen in the table.
#[component]
fn CompanyForm(company: Option<CompanyRow>, groups: Vec<(String, String)>) -> impl IntoView {
    let heading = if company.is_some() {
        "Change the company"
    } else {
        "Add a company"
    };
    let c = company.unwrap_or_default();
    let group = c.group.clone();
    view! {
        <h2 id="company-form">{heading}</h2>
        <form method="post" action=AdminSaveCompany::url() class="stack narrow">
            <Field label="Code (the ERP's customer number)" name="code" value=c.code required=true />
            <Field label="Name" name="name" value=c.name required=true />
            <Field label="Country (two letters)" name="country" value=c.country required=true />
            <Field label="VAT number" name="vat_id" value=c.vat_id />
            <label class="field">
                <span>"Customer group"</span>
                <select name="customer_group">
                    <option value="" selected=group.is_empty()>"None"</option>
                    {groups.into_iter().map(|(code, name)| {
                        let selected = code == group;
                        view! { <option value=code.clone() selected=selected>{format!("{name} ({code})")}</option> }
                    }).collect_view()}
                </select>
            </label>
            <Field label="Payment terms, days (empty: the shop's default)" name="payment_terms_days" value=c.terms_days />
            <label class="confirm"><input type="checkbox" name="invoice_approved" value="yes" checked=c.invoice_approved />"May buy on account (invoice)"</label>
            <Field label="Credit limit (empty: none)" name="credit_limit" value=c.credit_limit />
            <button type="submit" class="button primary">"Save company"</button>
        </form>
    }
}
