//! The frame around every page: header with navigation and cart badge, footer.

use leptos::prelude::*;

use crate::{api::get_layout, islands::CartBadge, seo::SHOP_NAME};

/// Header, main content and footer.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let layout = Resource::new(|| (), |_| get_layout());
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="container header-bar">
                <a class="brand" href="/" aria-label=format!("{SHOP_NAME} home")>
                    <span class="brand-mark" aria-hidden="true">"K"</span>
                    <span class="brand-name">{SHOP_NAME}</span>
                </a>
                <Suspense fallback=|| view! { <a class="cart-link" href="/cart">"Cart"</a> }>
                    {move || Suspend::new(async move {
                        let items = layout.await.map(|l| l.cart_items).unwrap_or(0);
                        view! { <CartBadge initial=items /> }
                    })}
                </Suspense>
            </div>
            <nav class="category-nav" aria-label="Categories">
                <div class="container">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            layout
                                .await
                                .map(|l| {
                                    l.categories
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <a href=format!("/categories/{}", c.slug)>{c.name}</a>
                                            }
                                        })
                                        .collect_view()
                                })
                                .ok()
                        })}
                    </Suspense>
                </div>
            </nav>
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
                <div>
                    <p>"Prices exclude VAT. Orders placed before 15:00 ship the same working day."</p>
                    <p>"Powered by Kontor, open-source headless commerce."</p>
                </div>
            </div>
        </footer>
    }
}
