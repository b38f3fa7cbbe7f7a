use domain::{Role, SavedAddress};
use leptos::{prelude::*, server_fn::ServerFn};

use super::{AccountNav, account_error};
use crate::{
    api::{AddAddress, InviteUser, RemoveAddress, SetUserRole, get_account_overview},
    components::{AddressFields, Field, FormError, form_error},
    pages::loading,
    seo::Seo,
};

/// `/account`: who is signed in, for which company and in which role; admins manage the company's people and
/// address book here.
#[component]
pub fn AccountPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_account_overview());
    let registered = crate::components::query_param("registered").map(|_| {
        "Your business is registered. We check it and set your terms; we email you as soon as you can order. \
         Please confirm your email address meanwhile: the link is in your inbox."
    });
    view! {
        <Seo title="Your account".into() description="Your account.".into() path="/account".into() noindex=true />
        <h1>"Your account"</h1>
        {registered.map(|r| view! { <p class="alert" role="status">{r}</p> })}
        <AccountNav current="/account" />
        <FormError message=form_error() />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => {
                        let manages = o.account.role.is_none_or(Role::can_manage_company);
                        let is_admin = o.account.role.is_some_and(Role::can_manage_company);
                        let company = o.account.company.clone();
                        let me = o.account.email.as_str().to_owned();
                        view! {
                            {o.budget.clone().map(|b| view! { <super::approvals::BudgetPanel budget=b /> })}
                            {(!o.waiting.is_empty()).then(|| view! {
                                <super::approvals::Waiting waiting=o.waiting.clone() is_admin me />
                            })}
                            <QuotesPanel quotes=o.quotes.clone() />
                            <ListsPanel lists=o.lists.clone() />
                            <section class="panel">
                                <h2>"Profile"</h2>
                                <dl class="facts">
                                    <dt>"Name"</dt><dd>{o.account.name.clone()}</dd>
                                    <dt>"Email"</dt><dd>{o.account.email.as_str().to_owned()}</dd>
                                    {company.map(|c| view! { <dt>"Company"</dt><dd>{c.name}</dd> })}
                                    {o.account.role.map(|r| view! { <dt>"Role"</dt><dd class="role">{r.label()}</dd> })}
                                </dl>
                            </section>
                            {(!o.users.is_empty()).then(|| view! { <CompanyUsers users=o.users.clone() /> })}
                            <AddressBook addresses=o.addresses manages />
                        }
                            .into_any()
                    }
                    Err(e) => account_error(e, "/account"),
                }
            })}
        </Suspense>
    }
}

fn role_options(current: Role) -> impl IntoView {
    Role::ALL
        .into_iter()
        .map(|r| view! { <option value=r.as_str() selected=r == current>{r.label()}</option> })
        .collect_view()
}

#[component]
fn CompanyUsers(users: Vec<domain::CompanyUser>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="users-heading">
            <h2 id="users-heading">"People"</h2>
            <div class="table-scroll">
                <table class="users">
                    <thead><tr><th>"Name"</th><th>"Email"</th><th>"Role"</th></tr></thead>
                    <tbody>
                        {users
                            .into_iter()
                            .map(|u| view! {
                                <tr>
                                    <td>{u.name}</td>
                                    <td>{u.email.as_str().to_owned()}</td>
                                    <td>
                                        <form method="post" action=SetUserRole::url() class="inline-form">
                                            <input type="hidden" name="customer" value=u.customer_id.to_string() />
                                            <select name="role" aria-label="Role">{role_options(u.role)}</select>
                                            <button type="submit" class="button small">"Change"</button>
                                        </form>
                                    </td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <h3>"Invite someone"</h3>
            <form method="post" action=InviteUser::url() class="stack narrow">
                <Field label="Name" name="name" required=true />
                <Field label="Email" name="email" kind="email" required=true />
                <label class="field">
                    <span>"Role"</span>
                    <select name="role">{role_options(Role::Buyer)}</select>
                </label>
                <button type="submit" class="button primary">"Send invitation"</button>
            </form>
        </section>
    }
}

#[component]
fn AddressBook(addresses: Vec<SavedAddress>, manages: bool) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="addresses-heading">
            <h2 id="addresses-heading">"Addresses"</h2>
            <ul class="address-list">
                {addresses
                    .into_iter()
                    .map(|a| view! {
                        <li class="address-card">
                            <p class="address-kind">{a.kind.as_str().to_owned()}</p>
                            <address>{a.address.lines().into_iter().map(|l| view! { {l}<br /> }).collect_view()}</address>
                            {manages.then(|| view! {
                                <form method="post" action=RemoveAddress::url()>
                                    <input type="hidden" name="address" value=a.id.to_string() />
                                    <button type="submit" class="button ghost small">"Remove"</button>
                                </form>
                            })}
                        </li>
                    })
                    .collect_view()}
            </ul>
            {manages.then(|| view! {
                <h3>"Add an address"</h3>
                <form method="post" action=AddAddress::url() class="stack narrow">
                    <label class="field">
                        <span>"Use for"</span>
                        <select name="kind">
                            <option value="shipping">"Shipping"</option>
                            <option value="billing">"Billing"</option>
                        </select>
                    </label>
                    <AddressFields country=String::new() />
                    <button type="submit" class="button primary">"Save address"</button>
                </form>
            })}
        </section>
    }
}

/// The lists the buyer sees, with the way to all of them.
#[component]
fn ListsPanel(lists: Vec<domain::shopping_list::ListSummary>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="lists-heading">
            <h2 id="lists-heading">"Shopping lists"</h2>
            {if lists.is_empty() {
                view! { <p>"No lists yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {lists.into_iter().take(5).map(|l| view! {
                            <li><a href=format!("/account/lists/{}", l.id)>{l.name}</a>{format!(" · {} SKUs", l.lines)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p><a href="/account/lists">"All lists"</a></p>
        </section>
    }
}

/// The company's open quotes, with the way to all of them.
#[component]
fn QuotesPanel(quotes: Vec<domain::quotes::QuoteSummary>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="quotes-heading">
            <h2 id="quotes-heading">"Open quotes"</h2>
            {if quotes.is_empty() {
                view! { <p>"No open quotes."</p> }.into_any()
            } else {
                view! { <super::quotes::QuoteTable quotes /> }.into_any()
            }}
            <p><a href="/account/quotes">"All quotes"</a></p>
        </section>
    }
}
