//! The interactive parts. With the `islands` feature only these are compiled into the browser bundle and hydrated;
//! everything else stays server-rendered HTML. Without the feature they are ordinary components of a fully hydrated
//! app (kept buildable to measure the hydration budget). Each works as a plain HTML form before (or without)
//! hydration.

mod add_to_cart;
mod cart_badge;
mod cart_editor;
mod form;
mod from_server;
pub mod line_price;
mod listing_nav;
mod search_box;

pub use add_to_cart::{AddToCart, BuyOption};
pub use cart_badge::CartBadge;
pub use cart_editor::CartEditor;
pub use from_server::{AsJson, FromServer};
pub use listing_nav::ListingNav;
pub use search_box::SearchBox;
