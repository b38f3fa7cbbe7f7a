//! The frame around every page: header with search, navigation and cart badge; footer with language and channel.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    api::{SwitchChannel, get_layout},
    islands::{CartBadge, SearchBox},
    seo::SHOP_NAME,
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
        return children().into_any();
    }
    let layout = Resource::new(move || path_locale(&location.pathname.get()), get_layout);
    // One await of the layout per region: the header and the footer each suspend once.
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <Suspense fallback=|| view! { <HeaderBar layout=None /> }>
                {move || Suspend::new(async move { view! { <HeaderBar layout=layout.await.ok() /> } })}
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

/// The brand, the search box, the cart badge and the category navigation.
#[component]
fn HeaderBar(layout: Option<crate::api::Layout>) -> impl IntoView {
    // Customer service shopping on a buyer's behalf sees it on every page, with the way out.
    let acting = layout.as_ref().and_then(|l| {
        l.acting_staff
            .clone()
            .map(|staff| (staff, l.signed_in_as.clone().unwrap_or_default()))
    });
    let banner = acting.map(|(staff, buyer)| {
        use leptos::server_fn::ServerFn;
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
    let companies = layout
        .as_ref()
        .map(|l| l.companies.clone())
        .filter(|c| c.len() > 1)
        .map(|companies| {
            use leptos::server_fn::ServerFn;
            view! {
                <div class="company-bar">
                    <form method="post" action=crate::api::SwitchCompany::url() class="container company-switch">
                        <label>
                            "Buying for "
                            <select name="company">
                                {companies
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
    let account = match layout.as_ref().and_then(|l| l.signed_in_as.clone()) {
        Some(name) => view! {
            <a class="quick-order-link" href="/quick-order">"Quick order"</a>
            <a class="account-link" href="/account" title=name.clone()>"Account"</a>
        }
        .into_any(),
        None => view! { <a class="account-link" href="/account/sign-in">"Sign in"</a> }.into_any(),
    };
    let (search, items, nav) = match layout {
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
                l.cart_items,
                Some(nav),
            )
        }
        None => (None, 0, None),
    };
    view! {
        {banner}
        {companies}
        <div class="container header-bar">
            // The link's name is its visible text (the mark is decoration), as speech input expects.
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"K"</span>
                <span class="brand-name">{SHOP_NAME}</span>
            </a>
            {search}
            {account}
            <CartBadge initial=items />
        </div>
        <nav class="category-nav" aria-label="Categories">{nav}</nav>
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
