//! `/admin/customers`: everyone with an account, by email, fifty to a page, searched by email or name and narrowed
//! to the disabled; each with the companies they buy for, linked to each company's page, and a button to disable
//! or enable them.

use domain::listing::encode;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        companies_api::AdminShopAs,
        people_api::{AdminSetPersonAccess, PeopleView, company_path, get_people},
    },
    components::{FormError, form_error, query_param},
};

/// The customers list; needs `customers:read`, and `customers:write` for its buttons.
#[component]
pub fn Customers() -> impl IntoView {
    let search = query_param("q").unwrap_or_default();
    let status = query_param("status").unwrap_or_default();
    let after = query_param("after").unwrap_or_default();
    let data = {
        let (search, status) = (search.clone(), status.clone());
        Resource::new(
            || (),
            move |_| get_people(search.clone(), status.clone(), after.clone()),
        )
    };
    let back = format!(
        "/admin/customers?q={}&status={}",
        encode(&search),
        encode(&status)
    );
    view! {
        <Title text="Customers" />
        <h1>"Customers"</h1>
        {saved_alert()}
        <FormError message=form_error() />
        <form method="get" action="/admin/customers" class="filters" role="search">
            <label class="field"><span>"Email or name contains"</span>
                <input type="search" name="q" value=search.clone() /></label>
            <label class="field"><span>"Status"</span>
                <select name="status">
                    <option value="" selected=status.is_empty()>"Any"</option>
                    <option value="active" selected=status == "active">"Active"</option>
                    <option value="disabled" selected=status == "disabled">"Disabled"</option>
                </select>
            </label>
            <button type="submit" class="button">"Search"</button>
        </form>
        <Suspense fallback=|| ()>
            {move || {
                let back = back.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(view) => people_table(view, back).into_any(),
                        Err(e) => admin_error(e),
                    }
                })
            }}
        </Suspense>
    }
}

/// What a person's button did, from `?saved=`.
pub(super) fn saved_alert() -> impl IntoView {
    query_param("saved")
        .and_then(|what| match what.as_str() {
            "disabled" => {
                Some("Disabled the person: their sessions have ended and they cannot sign in.")
            }
            "enabled" => Some("Enabled the person: they can sign in again."),
            "person" => {
                Some("Added the person. Someone new has been emailed a link to choose a password.")
            }
            _ => None,
        })
        .map(|s| view! { <p class="alert" role="status">{s}</p> })
}

fn people_table(view: PeopleView, back: String) -> impl IntoView {
    let write = view.can_write;
    let next = view
        .next
        .map(|after| format!("{back}&after={}", encode(&after)));
    view! {
        <div class="table-scroll">
            <table>
                <thead><tr><th>"Email"</th><th>"Name"</th><th>"Companies"</th><th>"Status"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>
                    {view.people.into_iter().map(|p| {
                        let companies = p.companies.into_iter().map(|(code, name, role)| view! {
                            <a href=company_path(&code)>{name}</a>{format!(" ({role}) ")}
                        }).collect_view();
                        view! {
                            <tr>
                                <td>{p.email.clone()}</td>
                                <td>{p.name}</td>
                                <td>{companies}</td>
                                <td>{if p.disabled { "disabled" } else { "active" }}</td>
                                <td>{write.then(|| access_form(&p.email, p.disabled, &back))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {next.map(|href| view! { <p><a href=href rel="next">"Next page"</a></p> })}
    }
}

/// The button that disables a person (or enables a disabled one), coming back to `back`.
pub(super) fn access_form(email: &str, disabled: bool, back: &str) -> impl IntoView + use<> {
    let (value, label) = if disabled {
        ("no", format!("Enable {email}"))
    } else {
        ("yes", format!("Disable {email}"))
    };
    let text = if disabled { "Enable" } else { "Disable" };
    view! {
        <form method="post" action=AdminSetPersonAccess::url() class="inline">
            <input type="hidden" name="email" value=email.to_owned() />
            <input type="hidden" name="disabled" value=value />
            <input type="hidden" name="back" value=back.to_owned() />
            <button type="submit" class="button" aria-label=label>{text}</button>
        </form>
    }
}

/// The button that opens the storefront as a person.
pub(super) fn shop_as_form(email: &str) -> impl IntoView + use<> {
    view! {
        <form method="post" action=AdminShopAs::url() class="inline">
            <input type="hidden" name="email" value=email.to_owned() />
            <button type="submit" class="button" aria-label=format!("Shop as {email}")>"Shop as this buyer"</button>
        </form>
    }
}
