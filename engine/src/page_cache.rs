//! A short-lived cache of what guests see: listing, search and product pages are the same for every guest of a
//! channel and language until the catalog changes, so the hot pages of a shop are answered from memory.
//!
//! Keys carry the catalog version, so a catalog change (on any app server, see [`crate::refresh`]) is never
//! served stale; entries also expire after [`TTL`], because some things change without a catalog write (a price
//! list's validity date passing, stock). Buyers with a company or customer group are never cached: their prices are
//! their own.

use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;

use crate::Shopper;

/// How long an entry is served: short enough that a price list starting or ending, or stock running low, shows
/// within seconds.
pub const TTL: Duration = Duration::from_secs(5);

/// Entries per cache: a few thousand pages of a few kilobytes each.
const CAPACITY: usize = 4_096;

/// A TTL cache of shared values by text key.
pub(crate) struct PageCache<V> {
    entries: Cache<String, (Instant, Arc<V>)>,
}

impl<V> Default for PageCache<V> {
    fn default() -> Self {
        Self {
            entries: Cache::new(CAPACITY),
        }
    }
}

impl<V> PageCache<V> {
    /// The key for a guest's request, or `None` for a shopper whose pages must not be shared.
    pub(crate) fn key(shopper: &Shopper, version: i64, parts: &[&str]) -> Option<String> {
        if shopper.company.is_some() || shopper.customer_group.is_some() {
            return None;
        }
        let mut key = format!(
            "{version}|{}|{}|{}",
            shopper.channel.id,
            shopper.locale.as_str(),
            shopper.sees_prices()
        );
        for part in parts {
            key.push('|');
            key.push_str(part);
        }
        Some(key)
    }

    pub(crate) fn get(&self, key: &str) -> Option<Arc<V>> {
        let (at, value) = self.entries.get(key)?;
        (at.elapsed() < TTL).then_some(value)
    }

    pub(crate) fn insert(&self, key: String, value: Arc<V>) {
        self.entries.insert(key, (Instant::now(), value));
    }
}
