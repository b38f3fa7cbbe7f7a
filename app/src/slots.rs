//! Pages a company shares. A signed-in buyer's category, product, search and home pages carry their company's prices
//! but hardly anything of their own: the header's account link, cart count and company switch, and the product
//! page's list choice. The host renders such a page once per company with those parts left as slots, keeps it, and
//! fills the slots per request from the person's session; what fills them is rendered by the same components as an
//! ordinary page, so a filled page is the page the person would have been rendered.
//!
//! A slot is an element no content can forge: every text a page shows is escaped, so `<kontor-slot` only ever comes
//! from the markup below.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::{BuyerLists, HeaderPerson};

/// Marks a request (as an extension of its `http` parts) whose page is rendered without its person: what is the
/// person's own is left as slots.
#[derive(Debug, Clone, Copy)]
pub struct PersonSlots;

/// The header's banner for staff shopping as the buyer and the company switch.
pub const HEADER_TOP: &str = "header-top";
/// The header's account links and cart badge.
pub const HEADER_ACCOUNT: &str = "header-account";
/// The product page's choice of the buyer's lists.
pub const LIST_OPTIONS: &str = "list-options";

/// The markup [`Slot`] renders for `name`, as the host finds it in a page.
fn marker(name: &str) -> String {
    format!(r#"<kontor-slot data-slot="{name}"></kontor-slot>"#)
}

/// Whether this render leaves the person's parts as slots.
pub fn active() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .is_some_and(|parts| parts.extensions.get::<PersonSlots>().is_some())
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// A slot named by one of the constants above.
#[component]
pub fn Slot(name: &'static str) -> impl IntoView {
    view! { <kontor-slot data-slot=name></kontor-slot> }
}

/// What the header shows of the signed-in person of `page`: their name, the company switch when they buy for
/// several, staff shopping as them, and their cart's units.
#[cfg(feature = "ssr")]
pub async fn header_person(
    engine: &engine::Engine,
    page: &engine::SessionPage,
) -> Result<HeaderPerson, crate::error::AppError> {
    let account = &page.account;
    let companies = match &account.company {
        Some(current) if page.companies > 1 => engine
            .memberships(account)
            .await?
            .into_iter()
            .map(|m| crate::api::CompanyLink {
                current: m.company.id == current.id,
                code: m.company.code,
                name: m.company.name,
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(HeaderPerson {
        cart_items: page.cart_units,
        signed_in_as: Some(match &account.company {
            Some(company) => format!("{} · {}", account.name, company.name),
            None => account.name.clone(),
        }),
        acting_staff: page.shopper.acting_staff.clone(),
        companies,
    })
}

/// The buyer's lists as the product page's "Add to a list" offers them.
#[cfg(feature = "ssr")]
pub async fn buyer_lists(
    engine: &engine::Engine,
    account: &domain::Account,
) -> Result<BuyerLists, crate::error::AppError> {
    Ok(BuyerLists {
        can_keep: account.can_order(),
        can_share: account.company.is_some(),
        lists: engine.shopping_lists(account).await?,
    })
}

/// `page` with its slots filled for `person` (and, where the page offers lists, `lists`): each slot once, where
/// it is. A slot with nothing to fill it with is emptied.
#[cfg(feature = "ssr")]
pub fn fill(page: &str, person: &HeaderPerson, lists: Option<&BuyerLists>) -> String {
    use crate::components::{HeaderAccount, HeaderTop, ListOptions};

    let owner = Owner::new();
    owner.with(|| {
        let parts = [
            (HEADER_TOP, {
                let person = person.clone();
                view! { <HeaderTop person /> }.to_html()
            }),
            (HEADER_ACCOUNT, {
                let person = person.clone();
                view! { <HeaderAccount person /> }.to_html()
            }),
            (
                LIST_OPTIONS,
                lists
                    .cloned()
                    .map(|lists| view! { <ListOptions lists /> }.to_html())
                    .unwrap_or_default(),
            ),
        ];
        let mut found: Vec<(usize, String, String)> = parts
            .into_iter()
            .filter_map(|(name, html)| {
                let slot = marker(name);
                page.find(&slot).map(|at| (at, slot, html))
            })
            .collect();
        found.sort_by_key(|(at, ..)| *at);
        let mut out = String::with_capacity(page.len() + 1024);
        let mut rest = page;
        let mut offset = 0;
        for (at, slot, html) in found {
            out.push_str(&rest[..at - offset]);
            out.push_str(&html);
            rest = &rest[at - offset + slot.len()..];
            offset = at + slot.len();
        }
        out.push_str(rest);
        out
    })
}

/// Whether `page` offers the buyer's lists, so filling it needs them.
pub fn wants_lists(page: &str) -> bool {
    page.contains(&marker(LIST_OPTIONS))
}
