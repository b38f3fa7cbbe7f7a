//! Limits on what anonymous callers can make the server do. Sign-in, sign-up and password reset each cost an
//! argon2 hash (tens of milliseconds of a core, by design), so without limits a few clients could keep every core
//! busy hashing. The engine applies the limits itself, so the storefront, the API and any later head get the same.

use std::{
    net::{IpAddr, Ipv4Addr},
    num::NonZeroU32,
    sync::Arc,
};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock};

use crate::{EngineError, EngineResult};

/// Where a request comes from, as the head determined it (the socket's address, or a trusted proxy's
/// `X-Forwarded-For`). Limits that are per client are keyed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The machine itself: for the command line and tests, which have no network peer.
    pub const LOCAL: ClientAddr = ClientAddr(IpAddr::V4(Ipv4Addr::LOCALHOST));

    /// The address as stored beside a failed sign-in.
    pub(crate) fn key(&self) -> String {
        self.0.to_string()
    }
}

/// The limits on anonymous account operations. Each is a setting of the host (`KONTOR_AUTH_*`); the defaults let
/// an office of buyers behind one address sign in on a Monday morning and stop a script long before it matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthLimits {
    /// Password hashes computed at once (default: the machine's cores). More would only queue on the CPU while
    /// holding memory (19 MiB each); requests beyond it wait their turn.
    pub hash_concurrency: usize,
    /// Sign-ins, sign-ups and password resets a client address may start per minute (default 30, with a burst of
    /// as many).
    pub per_address_per_minute: u32,
    /// Password-reset emails one address may be sent per hour (default 3): the form answers the same beyond it,
    /// but sends nothing, so nobody can flood a buyer's inbox.
    pub resets_per_account_per_hour: u32,
    /// Failed sign-ins one client may make for one account before each further attempt waits twice as long as the
    /// one before (default 4).
    pub free_failures: u32,
    /// Failed sign-ins for one account from all clients together within the window before clients that have
    /// failed for it are slowed down too (default 20): guessing spread over many addresses gets one or two free
    /// tries per address, and a client that never failed still signs in at once.
    pub account_failures: u32,
}

impl Default for AuthLimits {
    fn default() -> Self {
        Self {
            hash_concurrency: std::thread::available_parallelism().map_or(2, |n| n.get()),
            per_address_per_minute: 30,
            resets_per_account_per_hour: 3,
            free_failures: 4,
            account_failures: 20,
        }
    }
}

/// The in-memory budgets of one app server. Counting them in the database would put a write in every attempt;
/// with N app servers an address gets up to N times the budget, which still bounds the hashing per server.
pub(crate) struct Limiters {
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    resets: DefaultKeyedRateLimiter<String>,
    hashing: Arc<tokio::sync::Semaphore>,
}

impl Limiters {
    pub(crate) fn new(limits: &AuthLimits) -> Self {
        let per_minute =
            NonZeroU32::new(limits.per_address_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let per_hour =
            NonZeroU32::new(limits.resets_per_account_per_hour.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            per_address: RateLimiter::keyed(Quota::per_minute(per_minute)),
            resets: RateLimiter::keyed(Quota::per_hour(per_hour)),
            hashing: Arc::new(tokio::sync::Semaphore::new(limits.hash_concurrency.max(1))),
        }
    }

    /// Takes one attempt from the address's budget; `TooManyAttempts` with the wait when it is spent.
    pub(crate) fn admit(&self, client: ClientAddr) -> EngineResult<()> {
        let result = self.per_address.check_key(&client.0);
        // Keys of addresses that went quiet are dropped now and then, so the map does not grow without bound.
        if self.per_address.len() > 10_000 {
            self.per_address.retain_recent();
        }
        result.map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            EngineError::TooManyAttempts {
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }

    /// Whether another reset email may go to `email` this hour.
    pub(crate) fn may_send_reset(&self, email: &str) -> bool {
        let ok = self.resets.check_key(&email.to_owned()).is_ok();
        if self.resets.len() > 10_000 {
            self.resets.retain_recent();
        }
        ok
    }

    /// A turn to hash: waits while as many hashes as the machine has cores are being computed.
    pub(crate) async fn hashing_turn(&self) -> EngineResult<tokio::sync::OwnedSemaphorePermit> {
        self.hashing
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| EngineError::Conflict("the server is shutting down".into()))
    }

    /// How many hashes may run at once (for tests).
    #[cfg(test)]
    pub(crate) fn hashing_available(&self) -> usize {
        self.hashing.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> AuthLimits {
        AuthLimits {
            per_address_per_minute: 3,
            ..AuthLimits::default()
        }
    }

    #[test]
    fn an_address_gets_its_budget_and_then_a_wait_while_others_are_untouched() {
        let limiters = Limiters::new(&limits());
        let a = ClientAddr("203.0.113.7".parse().unwrap());
        let b = ClientAddr("198.51.100.1".parse().unwrap());
        for _ in 0..3 {
            limiters.admit(a).unwrap();
        }
        match limiters.admit(a) {
            Err(EngineError::TooManyAttempts { retry_after_secs }) => {
                assert!((1..=60).contains(&retry_after_secs))
            }
            other => panic!("expected a wait, got {other:?}"),
        }
        limiters.admit(b).unwrap();
    }

    #[test]
    fn reset_emails_per_address_are_capped() {
        let limiters = Limiters::new(&AuthLimits::default());
        for _ in 0..3 {
            assert!(limiters.may_send_reset("ann@example.com"));
        }
        assert!(!limiters.may_send_reset("ann@example.com"));
        assert!(limiters.may_send_reset("bob@example.com"));
    }

    #[tokio::test]
    async fn hashing_turns_are_capped_at_the_configured_concurrency() {
        let limiters = Limiters::new(&AuthLimits {
            hash_concurrency: 2,
            ..AuthLimits::default()
        });
        let first = limiters.hashing_turn().await.unwrap();
        let _second = limiters.hashing_turn().await.unwrap();
        assert_eq!(limiters.hashing_available(), 0);
        let third = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            limiters.hashing_turn(),
        )
        .await;
        assert!(third.is_err(), "a third hash must wait");
        drop(first);
        assert!(limiters.hashing_turn().await.is_ok());
    }
}
