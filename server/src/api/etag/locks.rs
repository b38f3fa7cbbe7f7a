//! One lock per resource name, kept only while someone holds it or waits for it: the names come from request
//! paths, so a map that kept every name ever seen would grow with every cart id and SKU a client sends.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

type Lock = Arc<tokio::sync::Mutex<()>>;

/// Locks by name.
#[derive(Default)]
pub(super) struct KeyedLocks {
    map: Mutex<HashMap<String, Lock>>,
}

/// A claim on one name's lock; the name is forgotten when its last claim ends, however the request ended
/// (answered, refused early, or dropped because the client went away).
pub(super) struct Held<'a> {
    locks: &'a KeyedLocks,
    key: String,
    lock: Option<Lock>,
}

impl KeyedLocks {
    /// Claims the lock of `key`, creating it for the first claimant.
    pub(super) fn hold(&self, key: String) -> Held<'_> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let lock = map.entry(key.clone()).or_default().clone();
        Held {
            locks: self,
            key,
            lock: Some(lock),
        }
    }

    /// Names with a claim now.
    #[cfg(test)]
    pub(super) fn names(&self) -> Vec<String> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.keys().cloned().collect()
    }
}

impl Held<'_> {
    /// Waits for the turn among this name's claimants.
    pub(super) async fn turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.lock
            .as_ref()
            .expect("a claim holds its lock until dropped")
            .lock()
            .await
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        // Claims are counted (cloned and dropped) only under the map's mutex, so the count read here is exact.
        let mut map = self.locks.map.lock().unwrap_or_else(|e| e.into_inner());
        drop(self.lock.take());
        if map
            .get(&self.key)
            .is_some_and(|lock| Arc::strong_count(lock) == 1)
        {
            map.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeyedLocks;

    #[tokio::test]
    async fn a_name_is_forgotten_when_its_last_claim_ends() {
        let locks = KeyedLocks::default();
        for i in 0..1000 {
            let first = locks.hold(format!("/r/{i}"));
            let second = locks.hold(format!("/r/{i}"));
            let turn = first.turn().await;
            drop(second);
            assert_eq!(locks.names().len(), 1);
            drop(turn);
            drop(first);
        }
        assert!(locks.names().is_empty());
    }

    #[tokio::test]
    async fn a_claim_dropped_while_waiting_or_holding_is_forgotten_too() {
        let locks = KeyedLocks::default();
        let holder = locks.hold("/r".into());
        let turn = holder.turn().await;
        let waiting = async {
            let waiter = locks.hold("/r".into());
            let _turn = waiter.turn().await;
        };
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(20), waiting)
                .await
                .is_err()
        );
        drop(turn);
        drop(holder);
        assert!(locks.names().is_empty());
    }
}
