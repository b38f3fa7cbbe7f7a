//! Refinement as plain links and GET forms: every filter is a URL a crawler can follow and a buyer without
//! JavaScript can click; the page the link leads to is rendered complete on the server.

use domain::{Facets, ListingQuery, SortOrder};
use leptos::prelude::*;

use super::listing_href;

/// The facet sidebar: sub-categories, brands, attributes, price ranges and availability, each value a link that
/// adds or removes it, with its count.
#[component]
pub fn FacetPanel(
    facets: Facets,
    query: ListingQuery,
    /// The listing's path (`/categories/fasteners`, `/search`).
    path: String,
    /// Locale prefix for category links.
    prefix: String,
    /// Whether the category values link to category pages (search) or sub-category pages (listing).
    #[prop(optional)]
    search: bool,
) -> impl IntoView {
    let link = {
        let path = path.clone();
        move |q: &ListingQuery| listing_href(&path, q)
    };
    let categories = (!facets.categories.is_empty()).then(|| {
        let items = facets
            .categories
            .iter()
            .map(|c| {
                // On a search page the category narrows the search; on a listing it opens the sub-category.
                let href = if search {
                    listing_href(&format!("{prefix}/categories/{}", c.value), &query.with_page(1))
                } else {
                    format!("{prefix}/categories/{}", c.value)
                };
                view! { <li><a href=href>{c.label.clone()}<span class="count">{c.count}</span></a></li> }
            })
            .collect_view();
        view! { <FacetGroup title="Category".into()>{items}</FacetGroup> }
    });
    let brands = (!facets.brands.is_empty()).then(|| {
        let items = facets
            .brands
            .iter()
            .map(|b| {
                let href = link(&query.toggle_brand(&b.value));
                view! { <FacetLink href selected=b.selected label=b.label.clone() count=b.count /> }
            })
            .collect_view();
        view! { <FacetGroup title="Brand".into()>{items}</FacetGroup> }
    });
    let attributes = facets
        .attributes
        .iter()
        .filter(|a| !a.values.is_empty())
        .map(|a| {
            let items = a
                .values
                .iter()
                .map(|v| {
                    let href = link(&query.toggle_attribute(&a.code, &v.value));
                    view! { <FacetLink href selected=v.selected label=v.label.clone() count=v.count /> }
                })
                .collect_view();
            view! { <FacetGroup title=a.name.clone()>{items}</FacetGroup> }
        })
        .collect_view();
    let prices = (!facets.prices.is_empty()).then(|| {
        let items = facets
            .prices
            .iter()
            .map(|p| {
                let target = if p.selected { None } else { Some(p.range) };
                let href = link(&query.with_price(target));
                let label = match &p.max {
                    Some(max) => format!("{} – {}", p.min.display(), max.display()),
                    None => format!("{} and more", p.min.display()),
                };
                view! { <FacetLink href selected=p.selected label count=p.count /> }
            })
            .collect_view();
        view! { <FacetGroup title="Price".into()>{items}</FacetGroup> }
    });
    let stock_href = link(&query.toggle_in_stock());
    let refined = query.is_refined();
    let clear = listing_href(
        &path,
        &ListingQuery {
            text: query.text.clone(),
            page: 1,
            ..ListingQuery::default()
        },
    );
    view! {
        <aside class="facets" aria-label="Refine">
            {refined.then(|| view! { <p><a class="clear-filters" href=clear>"Clear all filters"</a></p> })}
            {categories}
            <FacetGroup title="Availability".into()>
                <FacetLink href=stock_href selected=query.in_stock label="In stock".into() count=facets.in_stock />
            </FacetGroup>
            {brands}
            {prices}
            {attributes}
        </aside>
    }
}

#[component]
fn FacetGroup(title: String, children: Children) -> impl IntoView {
    view! {
        <section class="facet-group">
            <h2>{title}</h2>
            <ul>{children()}</ul>
        </section>
    }
}

#[component]
fn FacetLink(href: String, selected: bool, label: String, count: u64) -> impl IntoView {
    view! {
        <li>
            <a href=href class:selected=selected rel="nofollow" aria-current=selected.then_some("true")>
                <span class="check" aria-hidden="true">{if selected { "☑" } else { "☐" }}</span>
                {label}
                <span class="count">{count}</span>
            </a>
        </li>
    }
}

/// The sort menu as a GET form: the current filters ride along as hidden fields, so sorting keeps them.
#[component]
pub fn SortForm(query: ListingQuery, path: String, prices_shown: bool) -> impl IntoView {
    let mut hidden: Vec<(String, String)> = Vec::new();
    if !query.text.is_empty() {
        hidden.push(("q".into(), query.text.clone()));
    }
    for b in &query.brands {
        hidden.push(("brand".into(), b.clone()));
    }
    for (code, values) in &query.attributes {
        for v in values {
            hidden.push((format!("attr.{code}"), v.clone()));
        }
    }
    if let Some(p) = &query.price {
        hidden.push(("price".into(), p.param()));
    }
    if query.in_stock {
        hidden.push(("stock".into(), "in".into()));
    }
    let options = SortOrder::ALL
        .into_iter()
        .filter(|s| prices_shown || !matches!(s, SortOrder::PriceAsc | SortOrder::PriceDesc))
        .map(|s| {
            view! { <option value=s.param() selected=s == query.sort>{s.label()}</option> }
        })
        .collect_view();
    view! {
        <form class="sort-form" method="get" action=path>
            {hidden
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <label>
                "Sort by "
                <select name="sort">{options}</select>
            </label>
            <button type="submit" class="button-secondary">"Apply"</button>
        </form>
    }
}
