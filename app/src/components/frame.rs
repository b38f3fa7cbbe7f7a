//! The frame around every page: header with search, navigation and cart badge; footer with language and channel.

use leptos::prelude::*;
use leptos_meta::Html;
use leptos_router::hooks::use_location;

use crate::{
    api::{HeaderPerson, SwitchChannel, get_layout},
    islands::{CartBadge, SearchBox},
    seo::SHOP_NAME,
    slots::Slot,
};

/// The locale segment at the start of the current path (`de` in `/de/products/…`), empty when there is none.
fn path_locale(path: &str) -> String {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if domain::Locale::parse(first).is_ok() {
        first.to_owned()
    } else {
        String::new()
    }
}

/// Header, main content and footer.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let location = use_location();
    // The back office draws its own frame; the shop's header would only load the storefront's layout for it.
    if location.pathname.get_untracked().starts_with("/admin") {
        return view! { <Html {..} lang="en" /> {children()} }.into_any();
    }
    let layout = Resource::new(move || path_locale(&location.pathname.get()), get_layout);
    // One await of the layout per region: the header and the footer each suspend once.
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <Suspense fallback=|| view! { <HeaderBar layout=None /> }>
                {move || Suspend::new(async move {
                    let layout = layout.await.ok();
                    // The page's language, for screen readers and translation tools (WCAG 3.1.1).
                    let lang = layout.as_ref().map_or_else(|| "en".to_owned(), |l| l.locale.clone());
                    view! { <Html {..} lang=lang /> <HeaderBar layout /> }
                })}
            </Suspense>
        </header>
        <main id="main" class="container">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="container footer-grid">
                <div>
                    <p class="footer-brand">{SHOP_NAME}</p>
                    <p>"Fasteners, tools, safety gear and packaging for trade and industry."</p>
                </div>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move { layout.await.ok().map(|l| view! { <FooterSettings layout=l /> }) })}
                </Suspense>
            </div>
        </footer>
    }
    .into_any()
}

/// The brand, the search box, the person's links and cart badge, and the category navigation.
#[component]
fn HeaderBar(layout: Option<crate::api::Layout>) -> impl IntoView {
    // A page shared by a company leaves the person's parts to be filled per request.
    let slots = crate::slots::active();
    let person = layout
        .as_ref()
        .map(|l| l.person.clone())
        .unwrap_or_default();
    let (top, account) = if slots {
        (
            view! { <Slot name=crate::slots::HEADER_TOP /> }.into_any(),
            view! { <Slot name=crate::slots::HEADER_ACCOUNT /> }.into_any(),
        )
    } else {
        (
            view! { <HeaderTop person=person.clone() /> }.into_any(),
            view! { <HeaderAccount person /> }.into_any(),
        )
    };
    let (search, nav) = match layout {
        Some(l) => {
            // Server functions take the URL's locale segment, empty for the default language.
            let segment = l.prefix.trim_start_matches('/').to_owned();
            let prefix = l.prefix.clone();
            let links = |categories: Vec<domain::CategoryRef>| {
                categories
                    .into_iter()
                    .map(|c| view! { <a href=format!("{prefix}/categories/{}", c.slug)>{c.name}</a> })
                    .collect_view()
            };
            // A bar on a wide screen; on a phone a menu that opens without JavaScript.
            let nav = view! {
                <details class="container category-menu">
                    <summary>"Categories"</summary>
                    <div class="category-menu-links">{links(l.categories.clone())}</div>
                </details>
                <div class="container category-bar">{links(l.categories)}</div>
            };
            (
                Some(view! { <SearchBox prefix=l.prefix segment /> }),
                Some(nav),
            )
        }
        None => (None, None),
    };
    view! {
        {top}
        <div class="container header-bar">
            // The link's name is its visible text (the mark is decoration), as speech input expects.
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"K"</span>
                <span class="brand-name">{SHOP_NAME}</span>
            </a>
            {search}
            {account}
        </div>
        <nav class="category-nav" aria-label="Categories">{nav}</nav>
    }
}

/// Above the header: the banner for staff shopping as the buyer, and the switch for a person who buys for several
/// companies.
#[component]
pub fn HeaderTop(person: HeaderPerson) -> impl IntoView {
    // Customer service shopping on a buyer's behalf sees it on every page, with the way out.
    let banner = person.acting_staff.clone().map(|staff| {
        use leptos::server_fn::ServerFn;
        let buyer = person.signed_in_as.clone().unwrap_or_default();
        view! {
            <div class="acting-banner" role="status">
                <div class="container">
                    {format!("{staff} is shopping as {buyer}; everything done here is recorded in the audit trail. ")}
                    <form method="post" action=crate::api::SignOut::url()>
                        <button type="submit">"Stop shopping as this buyer"</button>
                    </form>
                </div>
            </div>
        }
    });
    // A person who buys for several companies switches in the header; cart, prices and lists follow.
    let companies = (person.companies.len() > 1).then(|| {
        use leptos::server_fn::ServerFn;
        view! {
            <div class="company-bar">
                <form method="post" action=crate::api::SwitchCompany::url() class="container company-switch">
                    <label>
                        "Buying for "
                        <select name="company">
                            {person
                                .companies
                                .into_iter()
                                .map(|c| view! { <option value=c.code selected=c.current>{c.name}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <button type="submit" class="button-secondary">"Switch company"</button>
                </form>
            </div>
        }
    });
    view! { {banner} {companies} }
}

/// The header's links of the person (quick order and account, or sign in) and the cart badge.
#[component]
pub fn HeaderAccount(person: HeaderPerson) -> impl IntoView {
    let links = match person.signed_in_as {
        Some(name) => view! {
            <a class="quick-order-link" href="/quick-order">"Quick order"</a>
            <a class="account-link" href="/account" title=name>"Account"</a>
        }
        .into_any(),
        None => view! { <a class="account-link" href="/account/sign-in">"Sign in"</a> }.into_any(),
    };
    view! {
        {links}
        <CartBadge initial=person.cart_items />
    }
}

/// Language links and the channel switch (a plain form: no script needed).
#[component]
fn FooterSettings(layout: crate::api::Layout) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let prices = if layout.prices_shown {
        format!(
            "Prices {}. Orders placed before 15:00 ship the same working day.",
            layout.tax_note
        )
    } else {
        "Sign in to see your prices.".to_owned()
    };
    view! {
        <div>
            <p>{prices}</p>
            {(!layout.seller.is_empty()).then(|| view! {
                <p class="seller">{layout.seller.join(" · ")}</p>
            })}
            <nav class="language-switch" aria-label="Language">
                {layout
                    .locales
                    .iter()
                    .map(|l| {
                        let href = if l.prefix.is_empty() { "/".to_owned() } else { l.prefix.clone() };
                        let current = l.code == layout.locale;
                        view! {
                            <a href=href hreflang=l.code.clone() aria-current=current.then_some("true")>
                                {l.code.to_uppercase()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <form method="post" action=SwitchChannel::url() class="channel-switch">
                <label>
                    "Shop "
                    <select name="channel">
                        {layout
                            .channels
                            .iter()
                            .map(|c| view! { <option value=c.code.clone() selected=c.current>{c.label.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="button-secondary">"Switch"</button>
            </form>
        </div>
    }
}
