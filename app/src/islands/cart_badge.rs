use std::sync::LazyLock;

use leptos::prelude::*;

/// Units in the cart as last reported by a cart action in this page. Islands hydrate as separate roots, so they
/// share this through a static rather than context; only the browser ever writes it.
static CART_ITEMS: LazyLock<ArcRwSignal<Option<u64>>> = LazyLock::new(|| ArcRwSignal::new(None));

/// Tells the cart badge how many units the cart holds now.
pub fn publish_cart_items(items: u64) {
    CART_ITEMS.set(Some(items));
}

/// The header's link to the cart with its item count, updated in place after each cart action.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn CartBadge(initial: u64) -> impl IntoView {
    let live = CART_ITEMS.clone();
    let items = move || live.get().unwrap_or(initial);
    let label = {
        let items = items.clone();
        move || format!("{} items in cart", items())
    };
    view! {
        <a class="cart-link" href="/cart">
            <span>"Cart"</span>
            <span class="badge" data-testid="cart-count" aria-label=label>
                {items}
            </span>
        </a>
    }
}
