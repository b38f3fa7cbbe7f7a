//! Products as the back office works on them: one product opened in the editor and saved over the version it was
//! opened at, its status and publish time, old slugs that still answer, the staff's product list, and bulk
//! changes to a selection. Every write goes through the exchange format's validation and writer
//! ([`crate::exchange`]), so a product saved in a form is checked and stored as an imported one is.

mod bulk;
mod editor;
mod list;
mod publishing;

pub use bulk::{BULK_LIMIT, BulkChange};
pub use editor::{EditableProduct, ProductEdit};
pub use list::{PRODUCT_PAGE, ProductList, ProductQuery, ProductRow, ProductSort};
pub(crate) use publishing::{next_publish_at, publish_due};

/// The condition, on `products p`, for a product buyers and crawlers may see: active, and its publish time (if it
/// had one) passed. Every buyer read adds it; staff reads do not.
pub(crate) const SHOWN: &str = "p.status = 'active' AND p.publish_at IS NULL";
