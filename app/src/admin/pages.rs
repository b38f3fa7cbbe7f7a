//! The back office's pages.

mod account;
mod attributes;
mod audit;
mod categories;
mod companies;
mod dashboard;
mod imports;
mod keys;
mod order;
mod orders;
mod price_lists;
mod settings;
mod setup;
mod sign_in;
mod staff;
mod warehouses;
mod webhooks;

pub use account::Account;
pub use attributes::Attributes;
pub use audit::Audit;
pub use categories::Categories;
pub use companies::Companies;
pub use dashboard::Dashboard;
pub use imports::{ImportProgress, Imports, import_errors_url};
pub use keys::Keys;
pub use order::OrderDesk;
pub use orders::{ORDERS_CSV_URL, Orders};
pub use price_lists::PriceLists;
pub use settings::Settings;
pub use setup::Setup;
pub use sign_in::{ForgotPassword, SetPassword, SignIn, SignInCode, SignInEnrol};
pub use staff::Staff;
pub use warehouses::Warehouses;
pub use webhooks::Webhooks;
