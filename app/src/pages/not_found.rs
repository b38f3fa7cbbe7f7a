use leptos::prelude::*;

use crate::{components::set_not_found_status, seo::Seo};

/// The 404 page, answered with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    set_not_found_status();
    view! {
        <Seo
            title="Page not found".into()
            description="The page you asked for does not exist.".into()
            path=String::new()
            noindex=true
        />
        <section class="error-page">
            <p class="error-code">"404"</p>
            <h1>"We could not find that page"</h1>
            <p>"The product or category may have moved or been discontinued."</p>
            <p>
                <a class="button" href="/">"Browse the catalogue"</a>
            </p>
        </section>
    }
}
