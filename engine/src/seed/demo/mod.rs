//! The demo catalog: a European B2B wholesaler of fasteners, hand tools, safety gear, packaging and adhesives.
//!
//! Families of products (bolts by size, cartons by dimension) come from spec tables and text templates;
//! one-off products come from hand-written rows. Everything is deterministic: stock levels and tint
//! variations are derived from a small hash of positions and SKUs, so every run seeds the same shop.
//!
//! `build` holds the shared building blocks; each top-level category has its own module with its spec
//! tables and hand-written rows.

mod adhesives;
mod build;
mod enrich;
mod fasteners;
mod german;
mod hand_tools;
mod packaging;
mod safety_gear;
mod setup;
#[cfg(test)]
mod tests;

use crate::seed::SeedCatalog;
use adhesives::adhesives;
use build::assign_stock;
use fasteners::fasteners;
use hand_tools::hand_tools;
use packaging::packaging;
use safety_gear::safety_gear;

/// Returns the demo catalog: five top-level categories, three levels deep in places, with about 190 products.
///
/// The first product of the first leaf category (a hex bolt) always has its first variant in stock, so
/// end-to-end tests can add it to a cart without looking anything up.
pub fn demo_catalog() -> SeedCatalog {
    let mut categories = vec![
        fasteners(),
        hand_tools(),
        safety_gear(),
        packaging(),
        adhesives(),
    ];
    let mut position = 0;
    assign_stock(&mut categories, &mut position);
    for top in &mut categories {
        let top_slug = top.slug.clone();
        enrich::enrich(top, &top_slug);
    }
    german::translate(&mut categories);
    let setup = setup::demo_setup(&categories);
    SeedCatalog { categories, setup }
}
