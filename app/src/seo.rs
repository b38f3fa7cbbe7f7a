//! Per-page head tags: title, description, canonical link, Open Graph.

pub mod structured;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// The shop's public base URL (`https://shop.example`, no trailing slash), provided as context by the host so
/// canonical links are absolute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteUrl(pub String);

/// The shop's public base URL from context; empty (relative links) when the host provided none.
pub fn site_url() -> String {
    use_context::<SiteUrl>().map(|s| s.0).unwrap_or_default()
}

/// The shop's name as titles and Open Graph tags show it.
pub const SHOP_NAME: &str = "Kontor Supply";

/// Head tags for one page. `path` is the page's canonical path, query included where it matters (`?page=2`); an
/// empty path (error pages) has no canonical link.
#[component]
pub fn Seo(
    title: String,
    description: String,
    path: String,
    #[prop(optional)] image: Option<String>,
    #[prop(optional)] noindex: bool,
    /// The page in every language of the channel, for `hreflang` links (the first is also `x-default`).
    #[prop(optional)]
    alternates: Vec<domain::Alternate>,
) -> impl IntoView {
    let base = site_url();
    let canonical = format!("{base}{path}");
    let full_title = if path == "/" {
        format!("{SHOP_NAME} — {title}")
    } else {
        format!("{title} | {SHOP_NAME}")
    };
    let image = image.map(|i| {
        if i.starts_with('/') {
            format!("{base}{i}")
        } else {
            i
        }
    });
    view! {
        <Title text=full_title.clone() />
        <Meta name="description" content=description.clone() />
        {(!path.is_empty()).then(|| view! { <Link rel="canonical" href=canonical.clone() /> })}
        <Meta property="og:site_name" content=SHOP_NAME />
        <Meta property="og:title" content=title />
        <Meta property="og:description" content=description />
        <Meta property="og:url" content=canonical />
        {image.map(|i| view! { <Meta property="og:image" content=i /> })}
        {noindex.then(|| view! { <Meta name="robots" content="noindex" /> })}
        {(alternates.len() > 1).then(|| {
            let default = alternates.first().map(|a| format!("{base}{}", a.path)).unwrap_or_default();
            view! {
                {alternates
                    .iter()
                    .map(|a| {
                        view! { <Link rel="alternate" hreflang=a.locale.to_string() href=format!("{base}{}", a.path) /> }
                    })
                    .collect_view()}
                <Link rel="alternate" hreflang="x-default" href=default />
            }
        })}
    }
}
