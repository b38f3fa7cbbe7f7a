//! Kontor's shared vocabulary.
//!
//! Everything here is plain data and pure functions: no I/O, no async, no database. The crate compiles for
//! `wasm32-unknown-unknown` so the storefront in the browser and the engine on the server agree on every type and
//! every rule (money rounding, quantity limits, identifiers) by construction.

pub mod cart;
pub mod catalog;
pub mod error;
pub mod ident;
pub mod money;
pub mod page;

pub use cart::{Cart, CartLine, CartToken, Quantity};
pub use catalog::{
    Category, CategoryNode, CategoryPage, CategoryRef, HomePage, Image, OptionValue, Product,
    ProductSummary, StockState, Variant,
};
pub use error::DomainError;
pub use ident::{Sku, Slug};
pub use money::{Currency, Money, UnitPrice};
pub use page::PageInfo;
