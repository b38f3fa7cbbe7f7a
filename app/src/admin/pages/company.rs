//! `/admin/companies/{code}`: one company as customer service and sales see it — its terms, open balance against
//! the credit limit, spend, newest orders, addresses, and its people with their roles; a form adds a person (the
//! first admin of a company staff created, or one more), and each person can be disabled or shopped as.

use domain::listing::encode;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{
    customers::{access_form, saved_alert, shop_as_form},
    orders::orders_table,
};
use crate::{
    admin::{
        admin_error,
        companies_api::AdminApproveCompany,
        people_api::{AdminAddCompanyPerson, CompanyPageView, company_path, get_company_page},
    },
    components::{Field, FormError, form_error},
};

/// One company's page; needs `customers:read`, `customers:write` for its forms and `orders:read` for its orders.
#[component]
pub fn CompanyPage() -> impl IntoView {
    let code = use_params_map().with_untracked(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(move || code.clone(), get_company_page);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => page(view).into_any(),
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

fn page(view: CompanyPageView) -> impl IntoView {
    let c = view.company;
    let title = format!("{} ({})", c.name, c.code);
    let path = company_path(&c.code);
    let write = view.can_write;
    let first_admin = view.people.is_empty();
    let terms_link = format!("/admin/companies?code={}#company-form", encode(&c.code));
    let orders_link = format!("/admin/orders?company={}", encode(&c.code));
    let fact = |term: &'static str, value: String| view! { <dt>{term}</dt><dd>{value}</dd> };
    view! {
        <Title text=title.clone() />
        <p><a href="/admin/companies">"← Companies"</a></p>
        <h1>{title}</h1>
        {saved_alert()}
        <FormError message=form_error() />
        <section aria-labelledby="terms">
            <h2 id="terms">"Terms and balance"</h2>
            <dl class="facts">
                {fact("Status", c.status.clone())}
                {fact("Country", c.country.clone())}
                {fact("VAT number", c.vat_id.clone())}
                {fact("Customer group", c.group.clone())}
                {fact("Price lists", c.price_lists.clone())}
                {fact("Payment terms", format!("{} days", c.terms_days))}
                {fact("May buy on account", if c.invoice_approved { "yes".into() } else { "no".into() })}
                {fact("Credit limit", if c.credit_limit.is_empty() { "none".into() } else { c.credit_limit.clone() })}
                {fact("Open balance", view.open_balance)}
                {(!view.credit_available.is_empty()).then(|| fact("Credit available", view.credit_available))}
            </dl>
            {(write && c.status == "pending").then(|| view! {
                <form method="post" action=AdminApproveCompany::url() class="inline">
                    <input type="hidden" name="code" value=c.code.clone() />
                    <button type="submit" class="button primary" aria-label=format!("Approve {}", c.name)>"Approve the business"</button>
                </form>
            })}
            {write.then(|| view! { <p><a href=terms_link>"Change the terms"</a></p> })}
        </section>
        <section aria-labelledby="people">
            <h2 id="people">"People"</h2>
            <div class="table-scroll">
                <table>
                    <thead><tr><th>"Email"</th><th>"Name"</th><th>"Role"</th><th>"Status"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>
                        {view.people.into_iter().map(|(p, role)| view! {
                            <tr>
                                <td>{p.email.clone()}</td>
                                <td>{p.name}</td>
                                <td>{role}</td>
                                <td>{if p.disabled { "disabled" } else { "active" }}</td>
                                <td>{write.then(|| view! {
                                    {(!p.disabled).then(|| shop_as_form(&p.email))}
                                    {access_form(&p.email, p.disabled, &path)}
                                })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {write.then(|| add_person_form(&c.code, first_admin))}
        </section>
        <section aria-labelledby="addresses">
            <h2 id="addresses">"Addresses"</h2>
            <ul>
                {view.addresses.into_iter().map(|(kind, line)| view! { <li><strong>{kind}</strong>": "{line}</li> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="spend">
            <h2 id="spend">"Spend"</h2>
            <p>"Orders not cancelled, net of tax and shipping."</p>
            <table>
                <thead><tr><th>"Currency"</th><th class="num">"Orders"</th><th class="num">"Net, all time"</th><th class="num">"Net, last 365 days"</th></tr></thead>
                <tbody>
                    {view.spend.into_iter().map(|(currency, orders, total, year)| view! {
                        <tr><td>{currency}</td><td class="num">{orders}</td><td class="num nowrap">{total}</td><td class="num nowrap">{year}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        {view.orders.map(|orders| view! {
            <section aria-labelledby="orders">
                <h2 id="orders">"Newest orders"</h2>
                {orders_table(orders, false)}
                <p><a href=orders_link>"All its orders"</a></p>
            </section>
        })}
    }
}

/// Adds a person; for a company with nobody yet, its first admin.
fn add_person_form(code: &str, first_admin: bool) -> impl IntoView + use<> {
    let heading = if first_admin {
        "Invite its first admin"
    } else {
        "Add a person"
    };
    view! {
        <h3>{heading}</h3>
        <form method="post" action=AdminAddCompanyPerson::url() class="stack narrow">
            <input type="hidden" name="code" value=code.to_owned() />
            <Field label="Email" name="email" kind="email" required=true />
            <Field label="Name" name="name" required=true />
            <label class="field">
                <span>"Role"</span>
                <select name="role">
                    <option value="admin" selected=first_admin>"Admin: manages the company's people and addresses"</option>
                    <option value="buyer" selected=!first_admin>"Buyer: orders"</option>
                    <option value="viewer">"Viewer: sees prices and orders"</option>
                </select>
            </label>
            <button type="submit" class="button primary">"Add and email an invitation"</button>
        </form>
    }
}
