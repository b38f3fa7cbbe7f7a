//! Kontor's shared vocabulary.
//!
//! Everything here is plain data and pure functions: no I/O, no async, no database. The crate compiles for
//! `wasm32-unknown-unknown` so the storefront in the browser and the engine on the server agree on every type and
//! every rule (money rounding, quantity limits, identifiers) by construction.

/// The conversions every validated text type shares: `TryFrom<String>` through its `parse` (so serde validates on
/// the way in), `From<Self> for String`, and `Display` unless the text is a secret.
macro_rules! text_newtype {
    ($name:ident, secret) => {
        impl TryFrom<String> for $name {
            type Error = $crate::DomainError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
    ($name:ident) => {
        text_newtype!($name, secret);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub mod account;
pub mod approval;
pub mod cart;
pub mod catalog;
pub mod channel;
pub mod checkout;
pub mod company;
pub mod cookie;
pub mod cost_centre;
pub mod error;
pub mod ident;
pub mod listing;
pub mod money;
pub mod order;
pub mod page;
pub mod pricing;
pub mod product_status;
pub mod quick_order;
pub mod quotes;
pub mod redirect;
pub mod shipping;
pub mod shopping_list;
pub mod vat;

pub use account::{
    Account, Address, AddressInput, AddressKind, CompanyRef, Email, Membership, Password, Role,
};
pub use cart::{Cart, CartLine, CartToken, Quantity};
pub use catalog::{
    Alternate, Category, CategoryNode, CategoryPage, CategoryRef, HomePage, Image, OptionValue,
    Product, ProductSummary, Specification, StockState, Variant,
};
pub use channel::{Channel, Locale};
pub use checkout::{CheckoutOptions, PaymentChoice, PlacedOrder};
pub use company::{CompanyUser, SavedAddress};
pub use error::DomainError;
pub use ident::{Sku, Slug};
pub use listing::{
    AttributeFacet, FacetValue, Facets, ListingQuery, PriceFacet, PriceRange, SearchPage,
    SortOrder, Suggestion,
};
pub use money::{Currency, Money, UnitPrice};
pub use order::{
    LineAmounts, Order, OrderFilter, OrderLine, OrderList, OrderStatus, OrderSummary, OrderTotals,
    PaymentMethod, PaymentStatus, PoNumber, ReorderReport, Shipment, calendar_day, day_ms,
    utc_timestamp,
};
pub use page::PageInfo;
pub use pricing::{
    BasePrice, BuyerContext, BuyerPrices, EntryPrice, PriceBreak, PriceList, PriceListEntry,
    PriceQuote, PriceStep, PriceTarget, QuantityRules, TaxClass, TaxDisplay, TaxRate, TaxRates,
    Tier, VariantPricing, price_breaks, quote, tax_line,
};
pub use product_status::ProductStatus;
pub use shipping::{ShippingMethod, ShippingOption, ShippingRate};
pub use vat::{TaxTreatment, VatId};
