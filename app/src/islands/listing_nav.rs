//! Listings that refine in place. Facets, page links and the sort form are plain links and GET forms, so every
//! refinement is a URL that crawlers follow and that works without JavaScript. Once this island runs, following
//! one fetches that same URL's server-rendered HTML and swaps the listing region (`[data-listing]`) instead of
//! loading the page: no flash, the header and search box keep their state, and the address bar and the back button
//! behave as before (`pushState` / `popstate`).
//!
//! It swaps HTML rather than rendering the listing in the browser so the listing's components stay out of the
//! islands bundle; the fetched pages are the same ones the server caches for guests.

use leptos::prelude::*;

/// Attaches the in-place navigation to the page's listing region; renders nothing.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
pub fn ListingNav() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| dom::install());
}

#[cfg(feature = "hydrate")]
mod dom {
    use std::cell::Cell;

    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        DomParser, Element, Event, EventTarget, FormData, HtmlAnchorElement, HtmlFormElement,
        MouseEvent, Response, SupportedType, UrlSearchParams,
    };

    /// The part of a listing page that is swapped.
    const REGION: &str = "[data-listing]";
    /// Links that refine the listing; product links inside the region load their page as usual.
    const LINKS: &str = "[data-listing] .facets a, [data-listing] .pagination a";

    thread_local! {
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
        /// Number of the latest navigation: an older answer arriving late is dropped.
        static LATEST: Cell<u32> = const { Cell::new(0) };
    }

    /// Listens on the document once per page load, however many listings the page holds.
    pub fn install() {
        if INSTALLED.with(|done| done.replace(true)) {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(document) = window.document() else {
            return;
        };
        listen(&document, "click", on_click);
        listen(&document, "submit", on_submit);
        listen(&document, "change", on_change);
        listen(&window, "popstate", |_| {
            if let Some(href) = web_sys::window().and_then(|w| w.location().href().ok()) {
                navigate(href, false, false);
            }
        });
    }

    fn listen(target: &EventTarget, kind: &str, handler: fn(Event)) {
        let closure = Closure::<dyn Fn(Event)>::new(handler);
        let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        closure.forget();
    }

    fn element(event: &Event) -> Option<Element> {
        event.target()?.dyn_into::<Element>().ok()
    }

    fn on_click(event: Event) {
        let Some(mouse) = event.dyn_ref::<MouseEvent>() else {
            return;
        };
        // A click meant to open a new tab or window is the browser's.
        if event.default_prevented()
            || mouse.button() != 0
            || mouse.ctrl_key()
            || mouse.meta_key()
            || mouse.shift_key()
            || mouse.alt_key()
        {
            return;
        }
        let Some(link) = element(&event)
            .and_then(|e| e.closest(LINKS).ok().flatten())
            .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
        else {
            return;
        };
        let same_origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .is_some_and(|origin| origin == link.origin());
        if !same_origin {
            return;
        }
        event.prevent_default();
        let to_top = link.closest(".pagination").ok().flatten().is_some();
        navigate(link.href(), true, to_top);
    }

    fn on_submit(event: Event) {
        let Some(form) = element(&event).and_then(|e| e.dyn_into::<HtmlFormElement>().ok()) else {
            return;
        };
        if event.default_prevented()
            || !form.method().eq_ignore_ascii_case("get")
            || form.closest(REGION).ok().flatten().is_none()
        {
            return;
        }
        let Some(params) = FormData::new_with_form(&form)
            .ok()
            .and_then(|data| UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
        else {
            return;
        };
        event.prevent_default();
        let query = String::from(params.to_string());
        let href = if query.is_empty() {
            form.action()
        } else {
            format!("{}?{query}", form.action())
        };
        navigate(href, true, false);
    }

    /// With the script running, choosing a sort order applies it at once.
    fn on_change(event: Event) {
        let Some(select) = element(&event) else {
            return;
        };
        if !select
            .matches("[data-listing] .sort-form select")
            .unwrap_or(false)
        {
            return;
        }
        if let Some(form) = select
            .closest("form")
            .ok()
            .flatten()
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        {
            let _ = form.request_submit();
        }
    }

    fn navigate(href: String, push: bool, to_top: bool) {
        let n = LATEST.with(|latest| {
            latest.set(latest.get() + 1);
            latest.get()
        });
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(region) = document.and_then(|d| d.query_selector(REGION).ok().flatten()) {
            let _ = region.set_attribute("aria-busy", "true");
        }
        leptos::task::spawn_local(async move {
            let fetched = fetch_region(&href).await;
            if LATEST.with(Cell::get) != n {
                return;
            }
            match fetched {
                Some((title, region)) if swap(&title, &region) => {
                    if push && let Some(history) = web_sys::window().and_then(|w| w.history().ok())
                    {
                        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&href));
                    }
                    if to_top {
                        region.scroll_into_view();
                    }
                }
                // Anything unexpected (an error page, no listing, no network): let the browser load it.
                _ => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().assign(&href);
                    }
                }
            }
        });
    }

    /// The fetched page's title and listing region, if it is a listing page that loaded.
    async fn fetch_region(href: &str) -> Option<(String, Element)> {
        let window = web_sys::window()?;
        let response: Response = JsFuture::from(window.fetch_with_str(href))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let text = JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        let page = DomParser::new()
            .ok()?
            .parse_from_string(&text, SupportedType::TextHtml)
            .ok()?;
        let region = page.query_selector(REGION).ok()??;
        Some((page.title(), region))
    }

    fn swap(title: &str, region: &Element) -> bool {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return false;
        };
        let Some(current) = document.query_selector(REGION).ok().flatten() else {
            return false;
        };
        if current.replace_with_with_node_1(region).is_err() {
            return false;
        }
        document.set_title(title);
        true
    }
}
