use domain::Suggestion;
use leptos::{either::Either, prelude::*};

use crate::api::suggest;

/// The search box: a plain GET form to the search page (works without JavaScript); once live it suggests
/// products as the buyer types, each a link to its page.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn SearchBox(prefix: String, segment: String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let suggestions: RwSignal<Vec<Suggestion>> = RwSignal::new(Vec::new());
    // Answers can arrive out of order; only the answer to the latest text is shown.
    let asked = RwSignal::new(0u32);
    let product_prefix = prefix.clone();
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        let n = asked.get_untracked() + 1;
        asked.set(n);
        if value.trim().chars().count() < 2 {
            suggestions.set(Vec::new());
            return;
        }
        let segment = segment.clone();
        leptos::task::spawn_local(async move {
            if let Ok(found) = suggest(segment, value).await
                && asked.get_untracked() == n
            {
                suggestions.set(found);
            }
        });
    };
    view! {
        <form class="search-box" method="get" action=format!("{prefix}/search") role="search">
            <label class="visually-hidden" for="search-q">"Search products"</label>
            <input
                id="search-q"
                type="search"
                name="q"
                placeholder="Search by name, SKU or brand"
                autocomplete="off"
                aria-controls="search-suggestions"
                on:input=on_input
            />
            <button type="submit" class="button-secondary">"Search"</button>
            <ul id="search-suggestions" class="suggestions" aria-label="Suggestions" data-testid="suggestions">
                {move || {
                    let list = suggestions.try_get().unwrap_or_default();
                    if list.is_empty() || text.try_get().unwrap_or_default().is_empty() {
                        Either::Left(())
                    } else {
                        Either::Right(
                            list.into_iter()
                                .map(|s| {
                                    view! {
                                        <li>
                                            <a href=format!("{}/products/{}", product_prefix, s.slug)>{s.name}</a>
                                        </li>
                                    }
                                })
                                .collect_view(),
                        )
                    }
                }}
            </ul>
        </form>
    }
}
